/// What the Standalone flows bucket may never be or have done to it (SPEC §1).
public enum ProtectedAction: String, CaseIterable, Sendable {
    case rename = "renamed"
    case edit = "edited"
    case delete = "deleted"
    case pin = "pinned"
    case unpin = "unpinned"
    case clone = "cloned"
    case download = "downloaded"
    case settings = "given settings"
    case aliases = "given aliases"
    case groups = "given flow groups"
    case revisions = "given revisions"
}

extension Integration {
    /// The one guard every capability calls before touching an integration in a protected way.
    func refuseIfStandalone(_ action: ProtectedAction) throws {
        guard isStandalone else { return }
        throw WorkspaceError.refused(
            "\(Integration.standaloneName) can't be \(action.rawValue): the Standalone bucket is protected",
            hint: action == .delete || action == .rename || action == .edit
                ? "create an integration and move flows into it with `workspace flow move REF --to INTEGRATION`"
                : nil)
    }
}
