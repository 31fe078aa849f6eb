import CMalloc

/// A contiguous float32 buffer. Tensors share storage and copy it before writing when it
/// is shared (copy-on-write); the buffer is freed with the last reference.
public final class TensorStorage: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<Float>
    public let count: Int

    /// Uninitialised storage: the caller writes every element before anyone reads it.
    init(uninitializedCount count: Int) {
        _ = TensorStorage.allocatorTuned
        self.count = count
        pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
    }

    convenience init(repeating value: Float, count: Int) {
        self.init(uninitializedCount: count)
        pointer.initialize(repeating: value, count: count)
    }

    func copy() -> TensorStorage {
        let s = TensorStorage(uninitializedCount: count)
        s.pointer.update(from: pointer, count: count)
        return s
    }

    deinit { pointer.deallocate() }

    /// glibc serves blocks over 128 KiB with fresh `mmap`s and gives freed memory back to
    /// the system eagerly, so a training step that allocates the same large activations
    /// every time pays hundreds of page faults for them (measured: ~480 per step at batch
    /// 1024, half the step's time on a loaded machine). Raising both thresholds keeps
    /// those blocks in the heap for reuse. Set once, on the first allocation.
    static let allocatorTuned: Bool = {
        _ = mallopt(M_MMAP_THRESHOLD, 256 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
        return true
    }()
}
