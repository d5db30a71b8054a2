extension Workspace {
    /// The file's current stamp. Take it before reading what it is to guard: a commit after
    /// the stamp then shows as a new stamp next time, never as a stale answer.
    public func changeStamp() throws -> ChangeStamp { try database.changeStamp() }
}
