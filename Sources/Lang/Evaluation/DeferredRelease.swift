import Glibc

/// Frees chains of closures without recursion.
///
/// Swift frees a value's contents as part of freeing the value, on the native stack. A
/// closure keeps the boxes of the variables it captures, and a box may hold another
/// closure (`for i in 0..1000000 { g = wrap(g) }` with `fn wrap(f) = x -> f(x)`), or a
/// list or record of them, so freeing the outermost one would go a million frames deep
/// and overflow the stack wherever the last reference goes (at `:reset`, at exit, on
/// the main thread). Lists and records alone are bounded by `Value.maximumNesting`;
/// closures are not limited, so instead a box that is freed while holding a function, a
/// list or a record hands that value to this thread's queue, and the outermost such
/// release frees the queue in a loop: each closure in the chain is freed at the same,
/// small depth.
final class DeferredRelease {
    private var pending: [Value] = []
    private var isDraining = false

    /// Whether freeing `value` can lead to another box (and so to a chain).
    @inline(__always)
    static func mayChain(_ value: Value?) -> Bool {
        switch value {
        case .function?, .list?, .record?: return true
        default: return false
        }
    }

    /// Takes the last reference to `value` from a box being freed and frees it here:
    /// now, in a loop, if no release is in progress on this thread; else after the one in
    /// progress returns to its loop.
    static func release(_ value: consuming Value) {
        let queue = current
        queue.pending.append(consume value)
        guard !queue.isDraining else { return }
        queue.isDraining = true
        while let next = queue.pending.popLast() {
            _ = consume next  // freed here; nested boxes only append to `pending`
        }
        queue.isDraining = false
    }

    /// This thread's queue, made on first use and freed with the thread.
    private static var current: DeferredRelease {
        if let key, let raw = pthread_getspecific(key) {
            return Unmanaged<DeferredRelease>.fromOpaque(raw).takeUnretainedValue()
        }
        let queue = DeferredRelease()
        if let key { pthread_setspecific(key, Unmanaged.passRetained(queue).toOpaque()) }
        return queue
    }

    private static let key: pthread_key_t? = {
        var key = pthread_key_t()
        let made = pthread_key_create(&key) { raw in
            guard let raw else { return }
            Unmanaged<DeferredRelease>.fromOpaque(raw).release()
        }
        return made == 0 ? key : nil
    }()
}
