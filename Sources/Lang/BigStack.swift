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
        // Already on one (the cells of a script run together): go on here.
        if isOnBigStack { return try body() }
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

    /// Marks the threads `run` starts, so that a `run` inside one runs inline instead of
    /// starting another thread (a thread costs ~0.3 ms: a script of 10,000 one-line
    /// cells spent 3.5 s starting them).
    #if canImport(Glibc)
    private static let bigStackKey: pthread_key_t? = {
        var key = pthread_key_t()
        return pthread_key_create(&key, nil) == 0 ? key : nil
    }()
    #endif

    /// Whether this thread is one `run` started.
    private static var isOnBigStack: Bool {
        #if canImport(Glibc)
        guard let key = bigStackKey else { return false }
        return pthread_getspecific(key) != nil
        #else
        return false
        #endif
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
            if let key = BigStack.bigStackKey { pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1)) }
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
