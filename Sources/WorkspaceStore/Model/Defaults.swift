#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What every entry point (the CLI, `workspace-server`) takes from the environment when no
/// option says otherwise, so that `workspace serve` and `workspace-server` agree with the CLI.
public enum Defaults {
    /// `$WORKSPACE_DB`, else `./workspace.sqlite`.
    public static var path: String { environment("WORKSPACE_DB") ?? "./workspace.sqlite" }

    /// `$WORKSPACE_BUSY_TIMEOUT_MS`, else `Store.defaultBusyTimeout`: how long a command
    /// waits for another's lock before reporting the workspace busy.
    public static var busyTimeout: Int32 {
        environment("WORKSPACE_BUSY_TIMEOUT_MS").flatMap { Int32($0) } ?? Store.defaultBusyTimeout
    }

    /// A variable's value; unset and empty are the same.
    public static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}
