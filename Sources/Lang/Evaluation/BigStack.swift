import Glibc

/// Runs evaluation on a thread with a large stack.
///
/// A tree-walking evaluator recurses once per nested expression and a few times per Sprout
/// call; a debug build uses several times the stack of a release build per Swift frame.
/// Rather than tune the recursion limit to the smallest stack (8 MB on the main thread,
/// 512 KB on secondary threads), every cell runs on a thread whose stack holds
/// `Machine.maximumDepth` calls of expressions nested as deeply as the parser allows.
/// The memory is reserved, not committed: pages are touched only as deep as the program
/// actually goes.
///
/// The calling thread waits, so the closure is never run concurrently with its caller.
/// A run from inside a run stays on the thread it is on, so a caller that runs many cells
/// (a replay, `sprout run --check`) enters once and its cells pay for no thread each
/// (a thread with this stack costs ~100 µs to make and free, far more than a small cell).
/// Note that task-local values (such as the Engine's no-gradient scope) do not cross to
/// the new thread: a no-grad region must be entered from Sprout (`no_grad`), not around a
/// call of `Interpreter.run`.
enum BigStack {
    static let size = 512 << 20

    /// Runs `body` on a big-stack thread (this one, if it is one) and waits for it.
    static func run<T>(_ body: () throws -> T) throws -> T {
        if isBigStackThread { return try body() }
        return try withoutActuallyEscaping(body) { escapable in
            var result: Result<T, any Error>?
            let job = Job {
                result = Result { try escapable() }
            }
            if !start(job) {
                // No thread could be made (resource limits): run here, with the limit of
                // `Machine.maximumDepth` as the only guard.
                job.work()
            }
            guard let result else { throw RuntimeError(.other("the evaluation thread stopped without a result")) }
            return try result.get()
        }
    }

    private final class Job {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    /// Marks the threads `start` makes, so a nested `run` knows it is on one.
    private static let marker: pthread_key_t? = {
        var key = pthread_key_t()
        return pthread_key_create(&key, nil) == 0 ? key : nil
    }()

    private static var isBigStackThread: Bool {
        guard let marker else { return false }
        return pthread_getspecific(marker) != nil
    }

    /// Starts `job` on a new thread and waits for it; false when no thread could be made.
    private static func start(_ job: Job) -> Bool {
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return false }
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, size) == 0 else { return false }
        let context = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, &attributes,
            { raw in
                guard let raw else { return nil }
                let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
                if let marker = BigStack.marker { pthread_setspecific(marker, raw) }
                job.work()
                return nil
            }, context)
        guard status == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            return false
        }
        pthread_join(thread, nil)
        return true
    }
}
