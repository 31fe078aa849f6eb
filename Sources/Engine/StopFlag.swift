import Synchronization

/// Ctrl-C for running work: the shell's signal handler only sets this flag; the evaluator
/// reads it at loop back-edges, calls and after tensor operations, and the Engine's long
/// loops (a huge elementwise op, a large matrix product) read it between chunks, so a
/// stop lands within a fraction of a second wherever the time goes.
///
/// The Engine knows no interpreter, so it reads the flag bound to `StopFlag.current`
/// (task-local, thread-local outside a task) by whoever runs the work; with none bound,
/// Engine work is never interrupted.
public final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func request() { flag.store(true, ordering: .relaxed) }
    public func reset() { flag.store(false, ordering: .relaxed) }
    public var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// The flag Engine loops read; bound around a cell by the interpreter.
    @TaskLocal public static var current: StopFlag?

    /// Throws `TensorError.cancelled` when a stop was requested on the current flag,
    /// clearing the request (one Ctrl-C stops one cell).
    @inline(__always)
    static func checkCurrent() throws {
        guard let stop = current, stop.isRequested else { return }
        stop.reset()
        throw TensorError.cancelled
    }

    /// Elements an Engine loop handles between two reads of the flag: about a millisecond
    /// of elementwise work, so the read is free and a stop lands at once.
    static let chunk = 1 << 20

    /// Runs `body` over `0 ..< count` in ranges of `chunk`, reading the flag between them.
    @inline(__always)
    static func inChunks(_ count: Int, _ body: (Range<Int>) -> Void) throws {
        var start = 0
        while start < count {
            let end = Swift.min(start + chunk, count)
            body(start..<end)
            start = end
            if start < count { try checkCurrent() }
        }
    }
}
