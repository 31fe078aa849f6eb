import CMalloc

/// glibc's allocator policy for a process that makes the same large tensors over and
/// over. It is process-wide, so the Engine never sets it by itself: an executable opts in
/// at start-up (`sprout` and the benchmark do), and a program that embeds the Engine keeps
/// its own allocator settings.
public enum HeapTuning {
    /// glibc serves blocks over 128 KiB with fresh `mmap`s and gives freed memory back to
    /// the system eagerly, so a training step that allocates the same large activations
    /// every time pays hundreds of page faults for them (measured: ~480 per step at batch
    /// 1024, half the step's time on a loaded machine). Raising both thresholds keeps
    /// those blocks in the heap for reuse.
    public static func keepLargeBlocksInHeap() {
        _ = mallopt(M_MMAP_THRESHOLD, 256 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
    }
}
