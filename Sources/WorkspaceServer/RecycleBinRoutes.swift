import HTTPTypes
import Workspace

/// The recycle bin: list, restore, purge, retention.
extension Routes {
    static let retentionShape = JSONShape.named("RecycleBinRetention", .record([.field("retentionDays", .integer)]))

    static let recycleBin: [Route] = [
        Route(
            .get, "/recycle-bin", "Deleted resources the caller may read, newest first; ?type= and ?integration= narrow it",
            query: [.choice("type", ResourceKind.self), .string("integration")] + pageQuery, answers: .list(BinEntry.shape)
        ) { call in
            let type = try call.query["type"].map { try choice(ResourceKind.self, $0, "type") }
            return .json(try call.page(try call.workspace.binEntries(type: type, integration: call.query["integration"]).map(\.json)))
        },
        Route(
            .post, "/recycle-bin/{id}/restore",
            "Put an entry back where it was, with what was deleted along with it: {name?, into?} (into: another integration)",
            body: .object([.name(), .string("into")]), success: .created, answers: .json(BinRestore.shape)
        ) { call in
            let body = call.object()
            return .json(
                try call.workspace.restoreFromBin(
                    call.parameter("id"), name: try call.string("name", in: body), into: try call.string("into", in: body)
                ).json)
        },
        Route(.delete, "/recycle-bin/{id}", "Purge one entry for good (owner or administrator)", success: .noContent) { call in
            _ = try call.workspace.purgeBinEntry(call.parameter("id"))
            return .empty
        },
        Route(
            .post, "/recycle-bin/purge", "Purge every entry deleted longer ago than {olderThan} (90s, 30m, 2h, 7d, 2w; owner or administrator)",
            body: .object([BodyField.string("olderThan", required: true).constrained(pattern: "^[0-9]{1,9}[smhdw]$")]),
            answers: .list(BinEntry.shape)
        ) { call in
            let age = try AuditTime.duration(try call.string("olderThan", in: call.object()) ?? "")
            return .json(.array(try call.workspace.purgeBin(olderThan: age).map(\.json)))
        },
        Route(.get, "/recycle-bin/retention", "How many days entries stay", answers: .json(retentionShape)) { call in
            .json(["retentionDays": .int(Int64(try call.workspace.binRetentionDays()))])
        },
        Route(
            .put, "/recycle-bin/retention", "Set how many days entries stay: {retentionDays} (owners only)",
            body: .object([BodyField.integer("retentionDays", minimum: 1, maximum: 3650).needed]), answers: .json(retentionShape)
        ) { call in
            let days: Int
            switch call.object()["retentionDays"] {
            case .int(let number)?: days = Int(number)
            case .double(let number)?: days = Int(number)  // A whole number: the field's check saw to it.
            default: throw WorkspaceError(.invalid, "the field \"retentionDays\" must be a whole number")
            }
            return .json(["retentionDays": .int(Int64(try call.workspace.setBinRetention(days: days)))])
        },
    ]
}
