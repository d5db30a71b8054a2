/// Where drag and drop puts something: first, last, or next to another item of the same list.
public enum Placement: Equatable, Sendable {
    case first, last
    case before(String)
    case after(String)

    /// The REF of the item it is placed next to, if any.
    package var anchor: String? {
        switch self {
        case .first, .last: nil
        case .before(let ref), .after(let ref): ref
        }
    }

    /// The same placement with its anchor replaced (by the resolved id).
    package func anchored(to id: String) -> Placement {
        switch self {
        case .first, .last: self
        case .before: .before(id)
        case .after: .after(id)
        }
    }

    /// `ids` in their new order once `moving` is placed; the anchor must already be an id.
    package func apply(to ids: [String], moving: String) -> [String] {
        guard anchor != moving else { return ids }
        var order = ids.filter { $0 != moving }
        switch self {
        case .first: order.insert(moving, at: 0)
        case .last: order.append(moving)
        case .before(let id): order.insert(moving, at: order.firstIndex(of: id) ?? 0)
        case .after(let id): order.insert(moving, at: (order.firstIndex(of: id) ?? order.count - 1) + 1)
        }
        return order
    }
}
