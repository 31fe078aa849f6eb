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

    /// `0 ..< count` in ranges of about `chunk` elements (a multiple of `width`), for a
    /// loop that reads the flag before each range but the first. A sequence, not a closure
    /// taking the loop body: a kernel's closure captured by another closure is not
    /// specialized, and the kernel then calls it once per element.
    @inline(__always)
    static func chunks(_ count: Int, multipleOf width: Int = 1) -> some Sequence<Range<Int>> {
        let step = Swift.max(chunk / Swift.max(width, 1), 1) * Swift.max(width, 1)
        return stride(from: 0, to: count, by: step).lazy.map { $0..<Swift.min($0 + step, count) }
    }
}
