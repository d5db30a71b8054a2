import NIOCore
import NIOHTTPTypes
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The server's connections, bounded so that no caller can make it refuse others. Near the
/// limit, a new connection closes the longest-idle one that has no request in flight (as
/// nginx sheds keep-alive connections), rather than leave new ones unaccepted when the
/// process runs out of file descriptors; idle connections and unfinished request headers are
/// closed after `ServerSettings.idleTimeoutSeconds` by Hummingbird's own connection handler.
final class ConnectionLimits: Sendable {
    private struct Entry {
        let channel: any Channel
        var requestsInFlight = 0
        var lastActive: UInt64
    }

    /// Connections at most; by default what the descriptor limit leaves after `reserved`.
    let limit: Int
    /// Descriptors kept for everything else: the store's open files (three each), the
    /// listening socket, the event loops, standard streams, libraries.
    static let reserved = 64

    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])
    private let clock = Mutex<UInt64>(0)

    init(limit: Int? = nil) { self.limit = limit ?? Self.descriptorLimit() }

    /// The soft descriptor limit less the reserve, never below 16.
    static func descriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return 4_096 }
        return max(16, min(Int(clamping: limit.rlim_cur), 1 << 20) - reserved)
    }

    /// A handler for one new connection's pipeline.
    func handler() -> Tracker { Tracker(limits: self) }

    fileprivate func opened(_ channel: any Channel) {
        let victim: (any Channel)? = entries.withLock { table in
            table[ObjectIdentifier(channel)] = Entry(channel: channel, lastActive: tick())
            guard table.count > limit else { return nil }
            let idle = table.filter { $0.value.requestsInFlight == 0 && $0.key != ObjectIdentifier(channel) }
            // None idle: every connection is working, so the newcomer is the one turned away.
            guard let oldest = idle.min(by: { $0.value.lastActive < $1.value.lastActive }) else { return channel }
            table[oldest.key] = nil
            return oldest.value.channel
        }
        victim?.close(promise: nil)
    }

    fileprivate func closed(_ channel: any Channel) {
        _ = entries.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    fileprivate func request(on channel: any Channel, started: Bool) {
        entries.withLock { table in
            table[ObjectIdentifier(channel)]?.requestsInFlight += started ? 1 : -1
            table[ObjectIdentifier(channel)]?.lastActive = tick()
        }
    }

    /// A counter for "longest idle": monotonic, cheaper than a clock, and all that ordering needs.
    private func tick() -> UInt64 { clock.withLock { $0 += 1; return $0 } }

    /// Follows one connection: opened, each request's head in and its response's end out, closed.
    final class Tracker: ChannelDuplexHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPRequestPart
        typealias InboundOut = HTTPRequestPart
        typealias OutboundIn = HTTPResponsePart
        typealias OutboundOut = HTTPResponsePart

        private let limits: ConnectionLimits
        private var registered = false

        init(limits: ConnectionLimits) { self.limits = limits }

        func handlerAdded(context: ChannelHandlerContext) {
            if context.channel.isActive { register(context.channel) }
        }

        func channelActive(context: ChannelHandlerContext) {
            register(context.channel)
            context.fireChannelActive()
        }

        private func register(_ channel: any Channel) {
            guard !registered else { return }
            registered = true
            limits.opened(channel)
        }

        func channelInactive(context: ChannelHandlerContext) {
            limits.closed(context.channel)
            context.fireChannelInactive()
        }

        func handlerRemoved(context: ChannelHandlerContext) { limits.closed(context.channel) }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .head = unwrapInboundIn(data) { limits.request(on: context.channel, started: true) }
            context.fireChannelRead(data)
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            if case .end = unwrapOutboundIn(data) { limits.request(on: context.channel, started: false) }
            context.write(data, promise: promise)
        }
    }
}
