// The page's entry: every module is loaded (their imports may be circular; nothing runs
// before all are), then the app starts.
import { start } from "./core.js";

start();
