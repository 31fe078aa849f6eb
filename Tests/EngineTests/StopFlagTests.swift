import Testing

@testable import Engine

/// Item 9 of issue 8: a stop (Ctrl-C) reaches long Engine loops, which read the flag bound
/// to `StopFlag.current` between chunks and throw `TensorError.cancelled`.
@Suite("Stop requests inside long Engine operations")
struct StopFlagTests {
    /// Operations on more than `StopFlag.chunk` elements, so a stop lands inside them.
    static let operations: [(String, @Sendable (Tensor) throws -> Tensor)] = [
        ("*", { try $0 * 2 }),
        ("+ broadcast rows", { try $0 + Tensor.ones([1024]) }),
        ("exp", { try $0.exp() }),
        ("relu", { try $0.relu() }),
        ("where", { try Tensor.select($0, $0, Tensor(0)) }),
        ("broadcast_to", { try $0.reshaped(to: [4096, 1, 1024]).broadcast(to: [4096, 2, 1024]) }),
        ("permute", { try $0.transposed() }),
        // 2^33 multiply-adds: two blocks of `Tensor.blockMultiplyAdds`, a stop read between.
        ("matmul", { try $0.matmul(Tensor.ones([1024, 2048])) }),
    ]

    @Test(arguments: 0..<operations.count)
    func aRequestedStopInterruptsALargeOperation(_ index: Int) throws {
        let (name, operation) = Self.operations[index]
        let big = try Tensor.ones([4096, 1024])
        let stop = StopFlag()
        stop.request()
        let error = StopFlag.$current.withValue(stop) {
            #expect(throws: TensorError.self, "\(name)") { _ = try operation(big) }
        }
        #expect(error == .cancelled, "\(name)")
        #expect(!stop.isRequested, "one stop stops one operation: \(name)")
        // Without a request, or with no flag bound, the same operation runs to the end.
        try StopFlag.$current.withValue(stop) { _ = try operation(big) }
        _ = try operation(big)
    }

    /// A write in place never stops half-way: the tensor would be left half-written (and
    /// the evaluator says every variable is kept). The flag stays for the caller to read.
    @Test func aWriteInPlaceRunsToTheEnd() throws {
        var big = try Tensor.zeros([4096, 1024])
        let ones = try Tensor.ones([4096, 1000])  // the slice's own shape: nothing to broadcast first
        let stop = StopFlag()
        stop.request()
        try StopFlag.$current.withValue(stop) {
            try big.assign(ones, at: [.all, .range(start: 0, end: 1000, step: nil)])
        }
        #expect(big.withUnsafeBufferPointer { p in (0..<4096).allSatisfy { p[$0 * 1024 + 999] == 1 && p[$0 * 1024 + 1000] == 0 } })
        #expect(stop.isRequested)
    }

    @Test func aSmallOperationNeverReadsTheFlag() throws {
        let stop = StopFlag()
        stop.request()
        let sum = try StopFlag.$current.withValue(stop) { try Tensor.ones([1000]) * 2 }
        #expect(sum.scalars.allSatisfy { $0 == 2 })
        #expect(stop.isRequested, "left for the evaluator to read")
    }

    /// The matrix product runs in blocks of rows once it is large; every block boundary
    /// must give the same product as one call, with and without transposes and batches.
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func blockedMatmulEqualsOneCall(_ transposeA: Bool, _ transposeB: Bool) throws {
        var rng = SeededGenerator(seed: 7)
        let a = try Tensor.uniform(transposeA ? [3, 5, 7] : [3, 7, 5], low: -1, high: 1, using: &rng)
        let b = try Tensor.uniform(transposeB ? [3, 4, 5] : [3, 5, 4], low: -1, high: 1, using: &rng)
        let whole = try Tensor.core(a, b, transposeA, transposeB)
        for block in [1, 20, 40, 60] {
            let blocked = try Tensor.core(a, b, transposeA, transposeB, blockMultiplyAdds: block)
            #expect(blocked.shape == [3, 7, 4])
            Approx.expect(blocked, equals: whole.doubles, tolerance: 1e-6, "block \(block)")
        }
    }
}

extension StopFlagTests {
    /// Softmax (both layouts) and conv2d read the flag between rows and chunks of images
    /// too. A conv2d unfolds a chunk of images at a time (`Convolution.columnBudget` floats
    /// of columns), so this one is large enough for several chunks: 64 images whose
    /// columns take 9 × 126² floats each.
    @Test(arguments: [("softmax rows", 0), ("softmax columns", 1), ("conv2d", 2)])
    func softmaxAndConvolutionStop(_ name: String, _ kind: Int) throws {
        let run: () throws -> Tensor = {
            switch kind {
            case 0: return try Tensor.ones([4096, 1024]).softmax(axis: -1)
            case 1: return try Tensor.ones([16, 1024, 256]).softmax(axis: 1)
            default: return try Tensor.ones([64, 1, 128, 128]).conv2d(weight: Tensor.ones([2, 1, 3, 3]))
            }
        }
        let stop = StopFlag()
        stop.request()
        let error = StopFlag.$current.withValue(stop) { #expect(throws: TensorError.self, "\(name)") { _ = try run() } }
        #expect(error == .cancelled, "\(name)")
        let whole = try run()
        #expect(whole.scalars.allSatisfy { $0.isFinite }, "\(name)")
    }
}
