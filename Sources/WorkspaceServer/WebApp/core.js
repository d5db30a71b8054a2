// The page's core: state, elements, the API client, sign-in and the router.
import { load } from "./home.js";
import { integrationPage } from "./integration.js";
import { recycleBinPage, tokensPage } from "./account.js";

export const state = { view: localStorage.getItem("view") || "tile", sort: "name", search: "", csrf: null, me: null, items: [] };
export const app = document.getElementById("app");

/** An element with properties and children (null, false and "" children are skipped). */
export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) if (child !== null && child !== undefined && child !== false && child !== "") node.append(child);
  return node;
}
export function button(text, className, id, onclick) {
  const node = el("button", { type: "button", textContent: text, className: className || "" });
  if (id) node.id = id;
  node.onclick = onclick;
  return node;
}
export const enc = encodeURIComponent;
export const show = (value) => typeof value === "string" ? value : JSON.stringify(value, null, 2);
export const plural = (count, word) => `${count} ${word}${count === 1 ? "" : "s"}`;
export const when = (time) => time ? new Date(time).toLocaleString() : "";

/** Requests in flight; the page shows a progress cursor meanwhile. */
let pending = 0;
const busy = (change) => { pending += change; document.body.dataset.busy = pending > 0; };

export async function api(method, path, body) {
  busy(1);
  try { return await request(method, path, body); } finally { busy(-1); }
}

async function request(method, path, body) {
  const headers = {};
  if (method !== "GET") { headers["X-CSRF-Token"] = state.csrf || ""; headers["Content-Type"] = "application/json"; }
  const response = await fetch("/api/v1" + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  const text = await response.text();
  let value = null;
  try { value = text ? JSON.parse(text) : null; } catch (_) { value = text; }
  if (!response.ok) {
    const error = value && value.error ? value.error : { message: response.statusText };
    throw Object.assign(new Error(error.message + (error.hint ? ` (${error.hint})` : "")), { status: response.status, reason: error.message, details: error });
  }
  return value;
}

/** Shows a failure for a few seconds; an expired session goes back to sign-in. */
export function failure(error) {
  if (error.status === 401) return signIn("Your session ended; sign in again.");
  const toast = document.getElementById("toast");
  toast.textContent = error.message;
  toast.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { toast.hidden = true; }, 6000);
}
/** Runs an action, reports its failure, and reloads the page's data after success. */
export const act = (work) => async () => { try { await work(); await route(); } catch (error) { failure(error); } };

// What the caller may do is the server's to say: an integration's or a flow's `allowed`, and
// whoami's for the workspace as a whole (the server checks again on every request).
export const may = (item, capability) => Boolean(item && (item.allowed || []).includes(capability));
export const mayInWorkspace = (capability) => (state.me.allowed || []).includes(capability);

export async function start() {
  try {
    const session = await api("GET", "/session");
    state.csrf = session.csrfToken;
    state.me = await api("GET", "/whoami");
    showWho();
    await route();
  } catch (error) {
    if (error.status === 401) signIn(); else failure(error);
  }
}

function signIn(message) {
  document.getElementById("who").replaceChildren();
  const token = el("input", { type: "password", id: "token", placeholder: "wst_…", autocomplete: "off" });
  const form = el("form", { className: "signin" },
    el("h1", { textContent: "Sign in" }),
    el("p", { className: "muted", textContent: "Paste a token made with `workspace token create`." }),
    token, message ? el("p", { className: "error", textContent: message }) : "",
    el("button", { className: "primary", type: "submit", id: "signin", textContent: "Sign in" }));
  form.onsubmit = async (event) => {
    event.preventDefault();
    try {
      const session = await api("POST", "/session", { token: token.value.trim() });
      state.csrf = session.csrfToken;
      start();
    } catch (error) { signIn(error.status === 401 ? "That token is unknown or revoked." : error.reason || error.message); }
  };
  app.replaceChildren(form);
  token.focus();
}

function showWho() {
  const out = button("Sign out", "", "signout", async () => { await api("DELETE", "/session"); state.csrf = null; signIn(); });
  document.getElementById("who").replaceChildren(
    el("a", { href: "#/recycle-bin", id: "bin-link", textContent: "Recycle bin" }), el("a", { href: "#/tokens", id: "tokens-link", textContent: "Tokens" }),
    el("span", { id: "me", textContent: `${state.me.name} · ${state.me.role}` }), out);
}

/** `#/integrations/ID/TAB` is an integration's page, `#/recycle-bin` and `#/tokens` the
 * workspace's; anything else is Home. */
export async function route() {
  const match = /^#\/integrations\/([^/]+)(?:\/(\w+))?/.exec(location.hash);
  try {
    if (match) await integrationPage(decodeURIComponent(match[1]), match[2] || "flows");
    else if (/^#\/recycle-bin(\?|$)/.test(location.hash)) await recycleBinPage();
    else if (location.hash === "#/tokens") await tokensPage();
    else await load();
  } catch (error) { failure(error); }
}
window.addEventListener("hashchange", route);

/** A modal form; `save` may throw to show its message in the form; after it the page reloads unless `reload` is false. */
export function dialog(title, fields, saveText, save, reload = true) {
  const error = el("p", { className: "error" });
  const form = el("form", { method: "dialog" }, el("h1", { textContent: title }), ...fields, error,
    el("div", { className: "actions" }, el("button", { value: "cancel", textContent: "Cancel", formNoValidate: true }),
      el("button", { className: "primary", id: "dialog-save", value: "save", textContent: saveText })));
  const box = el("dialog", {}, form);
  form.onsubmit = async (event) => {
    if (event.submitter && event.submitter.value === "cancel") { box.remove(); return; }
    event.preventDefault();
    try { await save(); box.close(); box.remove(); if (reload) await route(); } catch (failed) { error.textContent = failed.message; }
  };
  document.body.append(box);
  box.showModal();
  const first = form.querySelector("input, select, textarea");
  if (first) first.focus();
  return box;
}
export const labelled = (text, input) => [el("label", { textContent: text, htmlFor: input.id }), input];