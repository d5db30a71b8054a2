/// The Home page views (SPEC §1).
public enum HomeView: String, CaseIterable, Sendable {
    /// The user's manual tile order; never-ordered integrations follow, oldest first.
    case tile
    /// Pinned first (most recently pinned first), then sorted.
    case list
}

/// How the list view sorts what is not pinned.
public enum HomeSort: String, CaseIterable, Sendable {
    /// Case-insensitive, trimmed name.
    case name
    /// Most flows first.
    case flows
    /// Integrations with offline connections first.
    case status
}

/// Pins and tile order are the acting user's own; both need only read access to the integration.
extension Workspace {
    /// The Home page in one query, whatever the number of integrations.
    public func home(view: HomeView = .tile, sort: HomeSort = .name, search: String? = nil) throws
        -> [IntegrationSummary]
    {
        try read {
            let rows = try homeRows(search: search)
            let ordered = (view == .tile ? Self.tileOrder(rows) : Self.listOrder(rows, sort)).map(\.summary)
            let allowed = try capabilities(on: ordered.map(\.integration))
            return ordered.map { summary in
                var summary = summary
                summary.allowed = allowed[summary.integration.id] ?? []
                return summary
            }
        }
    }

    private func homeRows(search: String?) throws -> [HomeRecord] {
        try SummaryRecord.home(for: user.name, visibleTo: visibility, search: search, in: database)
    }

    static func tileOrder(_ rows: [HomeRecord]) -> [HomeRecord] {
        rows.sorted { left, right in
            switch (left.tileKey, right.tileKey) {
            case (let l?, let r?): l < r
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): left.sequence < right.sequence
            }
        }
    }

    static func listOrder(_ rows: [HomeRecord], _ sort: HomeSort) -> [HomeRecord] {
        let pinned = rows.filter { $0.pinnedAt != nil }.sorted {
            ($0.pinnedAt ?? 0, $0.pinSequence) > ($1.pinnedAt ?? 0, $1.pinSequence)
        }
        let rest = rows.filter { $0.pinnedAt == nil }.map { (row: $0, name: $0.summary.integration.name.lowercased()) }
        let sorted = rest.sorted { left, right in
            let l = left.row.summary.counts
            let r = right.row.summary.counts
            switch sort {
            case .flows where l.flows != r.flows: return l.flows > r.flows
            case .status where (l.offlineConnections > 0) != (r.offlineConnections > 0): return l.offlineConnections > 0
            default: return (left.name, left.row.sequence) < (right.name, right.row.sequence)
            }
        }
        return pinned + sorted.map(\.row)
    }

    // MARK: Pins

    public func pin(_ ref: String) throws -> Integration {
        try write { audit in
            let integration = try findIntegration(ref)
            try authorize(.read(integration))
            try integration.refuseIfStandalone(.pin)
            if try PreferenceRecord.pin(integration.id, for: user.name, at: audit.time, in: database) {
                try audit.record(.integration, id: integration.id, name: integration.name, integration: integration.id, action: .pin)
            }
            return integration
        }
    }

    public func unpin(_ ref: String) throws -> Integration {
        try write { audit in
            let integration = try findIntegration(ref)
            try authorize(.read(integration))
            try integration.refuseIfStandalone(.unpin)
            if try PreferenceRecord.unpin(integration.id, for: user.name, in: database) {
                try audit.record(.integration, id: integration.id, name: integration.name, integration: integration.id, action: .unpin)
            }
            return integration
        }
    }

    // MARK: Tile order

    /// Drag and drop on the tile view. Writes the moved tile's key, plus (once) keys for
    /// never-ordered tiles that now sit before it; everything else stays untouched.
    public func reorderTile(_ ref: String, _ placement: Placement) throws -> [IntegrationSummary] {
        try write { audit in
            let moving = try findIntegration(ref)
            try authorize(.read(moving))
            let rows = Self.tileOrder(try homeRows(search: nil))
            var keys = Dictionary(uniqueKeysWithValues: rows.compactMap { row in row.tileKey.map { (row.summary.integration.id, $0) } })
            let before = rows.map(\.summary.integration.id)
            let resolved = try placement.anchor.map { placement.anchored(to: try findIntegration($0).id) } ?? placement
            if let anchor = resolved.anchor, !before.contains(anchor) {
                throw WorkspaceError.notFound("that integration is not on your Home page")
            }
            let after = resolved.apply(to: before, moving: moving.id)
            guard after != before, let index = after.firstIndex(of: moving.id) else { return rows.map(\.summary) }
            var lastKey = keys.values.max()
            for id in after[..<index] where keys[id] == nil {
                let key = OrderKey.between(lastKey, nil)
                try PreferenceRecord.storeTileKey(key, of: id, for: user.name, in: database)
                keys[id] = key
                lastKey = key
            }
            let next = after.dropFirst(index + 1).first.flatMap { keys[$0] }
            let previous = index > 0 ? keys[after[index - 1]] : nil
            try PreferenceRecord.storeTileKey(OrderKey.between(previous, next), of: moving.id, for: user.name, in: database)
            try audit.record(
                .integration, id: moving.id, name: moving.name, integration: moving.id, action: .reorder,
                change: FieldChange(
                    path: "/tilePosition", old: .int(Int64(before.firstIndex(of: moving.id) ?? 0)), new: .int(Int64(index))))
            return Self.tileOrder(try homeRows(search: nil)).map(\.summary)
        }
    }
}
