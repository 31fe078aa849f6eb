import Testing

@testable import Engine

/// Issue 9: glibc's allocator policy is process-wide, so the Engine must not set it as a
/// side effect of its first allocation; `sprout` and the benchmark opt in at start-up
/// (`HeapTuning.keepLargeBlocksInHeap`). Nothing in the test process opts in, so glibc's
/// defaults hold: a new block over 32 MB (the highest its dynamic mmap threshold goes)
/// gets its own `mmap`. glibc marks such a chunk in the size word just before the
/// pointer (bit 1, IS_MMAPPED). With the policy set by the Engine (the old
/// `TensorStorage.allocatorTuned`, a 256 MB threshold) no block this size is mapped.
///
/// The size, 60 MB, is under the 64 MB heap of the arena a test thread allocates from
/// (which maps anything larger whatever the policy). A block may still be served from
/// a free chunk that earlier tests left in this thread's heap, so four are made and kept:
/// under glibc's defaults at least one of them is a fresh mapping.
@Suite("Allocator policy")
struct HeapTuningTests {
    @Test func theEngineLeavesGlibcsPolicyAlone() throws {
        var kept: [Tensor] = []
        var mapped = false
        for _ in 0..<4 where !mapped {
            let block = try Tensor.zeros([15 << 20])  // 60 MB
            let sizeWord = UnsafeRawPointer(block.storage.pointer).load(fromByteOffset: -8, as: UInt.self)
            mapped = sizeWord & 0x2 != 0
            kept.append(block)
        }
        #expect(mapped, "four 60 MB tensors came from the heap: the Engine changed glibc's mmap threshold")
    }
}
