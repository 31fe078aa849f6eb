import Testing

@testable import Engine

/// Issue 9: glibc's allocator policy is process-wide, so the Engine must not set it as a
/// side effect of its first allocation; `sprout` and the benchmark opt in at start-up
/// (`HeapTuning.keepLargeBlocksInHeap`). Nothing in the test process opts in, so glibc's
/// defaults hold: a block over 32 MB (the highest its dynamic mmap threshold goes) gets
/// its own `mmap`. glibc marks such a chunk in the size word just before the pointer
/// (bit 1, IS_MMAPPED), which is read per block, so tests running beside this one cannot
/// disturb it. With the policy set by the Engine (the old `TensorStorage.allocatorTuned`)
/// the block came from the heap. The size is under 64 MB, the heap size of the arena a
/// test thread allocates from, which would map anything larger whatever the policy.
@Suite("Allocator policy")
struct HeapTuningTests {
    @Test func theEngineLeavesGlibcsPolicyAlone() throws {
        let big = try Tensor.zeros([10 << 20])  // 40 MB
        let sizeWord = UnsafeRawPointer(big.storage.pointer).load(fromByteOffset: -8, as: UInt.self)
        #expect(sizeWord & 0x2 != 0, "a 40 MB tensor came from the heap: the Engine changed glibc's mmap threshold")
    }
}
