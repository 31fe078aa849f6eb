#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
/// Note that task-local values (such as the Engine's no-gradient scope) do not cross to
/// the new thread: a no-grad region must be entered from Sprout (`no_grad`), not around a
/// call of `Interpreter.run`.
enum BigStack {
    static let size = 512 << 20

    static func run<T>(_ body: () throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { escapable in
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

    /// Starts `job` on a new thread and waits for it; false when no thread could be made.
    private static func start(_ job: Job) -> Bool {
        #if canImport(Glibc)
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return false }
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, size) == 0 else { return false }
        let context = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
            job.work()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            return false
        }
        pthread_join(thread, nil)
        return true
        #else
        return false
        #endif
    }
}
