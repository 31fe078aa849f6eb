import Testing

@testable import Engine

/// BLAS-backed products against naive loops on random shapes.
@Suite("Matmul against a triple loop")
struct MatmulTests {
    /// (batch or nil, m, k, n): odd sizes, ones, and zero-size dimensions.
    static let shapes: [(Int?, Int, Int, Int)] = [
        (nil, 1, 1, 1), (nil, 3, 4, 5), (nil, 7, 1, 3), (nil, 1, 9, 1), (nil, 17, 33, 9), (nil, 0, 3, 4), (nil, 3, 0, 4), (nil, 3, 4, 0),
        (2, 3, 4, 5), (3, 1, 5, 2), (1, 6, 2, 6), (0, 2, 3, 4), (2, 0, 3, 4), (2, 3, 0, 4),
    ]
    static let flags: [(Bool, Bool)] = [(false, false), (true, false), (false, true), (true, true)]

    /// The stored layout of op(X) = (rows, cols), transposed when asked.
    static func operand(_ batch: Int?, _ rows: Int, _ cols: Int, transposed: Bool, seed: UInt64) throws -> Tensor {
        try Sample.uniform((batch.map { [$0] } ?? []) + (transposed ? [cols, rows] : [rows, cols]), seed: seed)
    }

    static func reference(
        _ a: Tensor, _ b: Tensor, batch: Int, m: Int, k: Int, n: Int, _ ta: Bool, _ tb: Bool, sharedA: Bool = false, sharedB: Bool = false
    ) -> [Double] {
        (0..<batch).flatMap { i -> [Double] in
            let pa = sharedA ? a.doubles : Array(a.doubles[(i * m * k)..<((i + 1) * m * k)])
            let pb = sharedB ? b.doubles : Array(b.doubles[(i * k * n)..<((i + 1) * k * n)])
            return Naive.matmul(pa, pb, m: m, n: n, k: k, transposeA: ta, transposeB: tb)
        }
    }

    @Test("2-D and batched 3-D, every transpose combination", arguments: shapes, flags)
    func products(shape: (Int?, Int, Int, Int), flags: (Bool, Bool)) throws {
        let (batch, m, k, n) = shape
        let (ta, tb) = flags
        let a = try Self.operand(batch, m, k, transposed: ta, seed: 1), b = try Self.operand(batch, k, n, transposed: tb, seed: 2)
        let c = try Tensor.matmul(a, b, transposeA: ta, transposeB: tb)
        let expected = Self.reference(a, b, batch: batch ?? 1, m: m, k: k, n: n, ta, tb)
        Approx.expect(c, equals: expected, shape: (batch.map { [$0] } ?? []) + [m, n], tolerance: 1e-5)
    }

    @Test("3-D × 2-D and 2-D × 3-D share the 2-D operand across the batch", arguments: flags)
    func sharedOperand(ta: Bool, tb: Bool) throws {
        let (batch, m, k, n) = (3, 4, 5, 2)
        let a3 = try Self.operand(batch, m, k, transposed: ta, seed: 3), b2 = try Self.operand(nil, k, n, transposed: tb, seed: 4)
        Approx.expect(
            try Tensor.matmul(a3, b2, transposeA: ta, transposeB: tb),
            equals: Self.reference(a3, b2, batch: batch, m: m, k: k, n: n, ta, tb, sharedB: true), shape: [batch, m, n])
        let a2 = try Self.operand(nil, m, k, transposed: ta, seed: 5), b3 = try Self.operand(batch, k, n, transposed: tb, seed: 6)
        Approx.expect(
            try Tensor.matmul(a2, b3, transposeA: ta, transposeB: tb),
            equals: Self.reference(a2, b3, batch: batch, m: m, k: k, n: n, ta, tb, sharedA: true), shape: [batch, m, n])
    }

    @Test("1-D operands are a row on the left and a column on the right, and the axis is dropped")
    func vectors() throws {
        let v = try Sample.tensor([3], [1, 2, 3])
        let m = try Tensor.arange(0, 6).reshaped(to: [3, 2])
        Approx.expect(try v.matmul(m), equals: [16, 22], shape: [2])
        Approx.expect(try m.transposed().matmul(v), equals: [16, 22], shape: [2])
        let batch = try Tensor.arange(0, 12).reshaped(to: [2, 3, 2])
        Approx.expect(try v.matmul(batch), equals: [16, 22, 52, 58], shape: [2, 2])
        Approx.expect(try batch.transposed().matmul(v), equals: [16, 22, 52, 58], shape: [2, 2])
    }

    @Test("the dot product of two vectors is a scalar")
    func dot() throws {
        Approx.expect(try Sample.tensor([3], [1, 2, 3]).matmul(Sample.tensor([3], [4, 5, 6])), equals: [32], shape: [])
    }

    @Test("40 seeded random shapes, flags and batch layouts")
    func randomShapes() throws {
        var rng = SeededGenerator(seed: 2024)
        for trial in 0..<40 {
            let (m, k, n) = (rng.nextIndex(below: 9), rng.nextIndex(below: 9), rng.nextIndex(below: 9))
            let (ta, tb) = (rng.nextIndex(below: 2) == 1, rng.nextIndex(below: 2) == 1)
            // 0: 2-D × 2-D, 1: 3-D × 3-D, 2: 3-D × 2-D, 3: 2-D × 3-D
            let layout = rng.nextIndex(below: 4), batch = 1 + rng.nextIndex(below: 3)
            let a = try Self.operand(layout == 1 || layout == 2 ? batch : nil, m, k, transposed: ta, seed: UInt64(3 * trial))
            let b = try Self.operand(layout == 1 || layout == 3 ? batch : nil, k, n, transposed: tb, seed: UInt64(3 * trial + 1))
            let expected = Self.reference(
                a, b, batch: layout == 0 ? 1 : batch, m: m, k: k, n: n, ta, tb, sharedA: layout == 3, sharedB: layout == 2)
            Approx.expect(
                try Tensor.matmul(a, b, transposeA: ta, transposeB: tb), equals: expected,
                shape: (layout == 0 ? [] : [batch]) + [m, n], "trial \(trial): \(a.shape) × \(b.shape), transposes \(ta) \(tb)")
        }
    }

    @Test("a large product agrees with the naive kernel")
    func large() throws {
        let a = try Sample.uniform([70, 130], seed: 7), b = try Sample.uniform([130, 90], seed: 8)
        Approx.expect(
            try a.matmul(b), equals: Naive.matmul(a.doubles, b.doubles, m: 70, n: 90, k: 130, transposeA: false, transposeB: false),
            tolerance: 1e-4)
    }
}

@Suite("Convolution and pooling against direct loops")
struct ConvolutionTests {
    /// (input shape, weight shape, stride, padding)
    static let convs: [([Int], [Int], Int, Int)] = [
        ([1, 1, 4, 4], [1, 1, 3, 3], 1, 0), ([2, 3, 5, 5], [4, 3, 3, 3], 1, 1), ([2, 3, 7, 6], [2, 3, 3, 2], 2, 0),
        ([1, 2, 6, 6], [3, 2, 3, 3], 2, 1), ([3, 2, 5, 4], [2, 2, 1, 1], 1, 0), ([1, 1, 3, 3], [1, 1, 3, 3], 1, 0),
        ([1, 2, 2, 3], [2, 2, 4, 4], 1, 1), ([1, 1, 9, 9], [2, 1, 3, 3], 3, 2), ([0, 2, 4, 4], [3, 2, 3, 3], 1, 0),
    ]

    @Test("conv2d", arguments: convs)
    func conv2d(input: [Int], weight: [Int], stride: Int, padding: Int) throws {
        let x = try Sample.uniform(input, seed: 1), w = try Sample.uniform(weight, seed: 2)
        let (expected, shape) = Naive.conv2d(x.doubles, input, w.doubles, weight, stride: stride, padding: padding)
        Approx.expect(try x.conv2d(weight: w, stride: stride, padding: padding), equals: expected, shape: shape, tolerance: 1e-5)
    }

    /// (input shape, kernel, stride, padding)
    static let pools: [([Int], Int, Int?, Int)] = [
        ([1, 1, 4, 4], 2, nil, 0), ([2, 3, 5, 5], 2, nil, 0), ([2, 2, 5, 5], 3, 2, 1), ([1, 2, 6, 7], 3, 1, 1),
        ([1, 1, 5, 5], 2, 1, 1), ([2, 1, 7, 5], 3, 3, 0), ([1, 1, 1, 1], 1, nil, 0),
    ]

    @Test("maxPool2d and avgPool2d", arguments: pools)
    func pooling(input: [Int], kernel: Int, stride: Int?, padding: Int) throws {
        let x = try Sample.uniform(input, -3, 1, seed: 3)  // mostly negative: a zero from padding would show
        let s = stride ?? kernel
        let maxRef = Naive.pool(x.doubles, input, kernel: kernel, stride: s, padding: padding, isMax: true)
        Approx.expect(try x.maxPool2d(kernel: kernel, stride: stride, padding: padding), equals: maxRef.values, shape: maxRef.shape)
        let avgRef = Naive.pool(x.doubles, input, kernel: kernel, stride: s, padding: padding, isMax: false)
        Approx.expect(try x.avgPool2d(kernel: kernel, stride: stride, padding: padding), equals: avgRef.values, shape: avgRef.shape)
    }

    @Test("maxPool2d gradient goes to each window's maximum, accumulating where windows overlap")
    func maxPoolRouting() throws {
        let x = try Sample.tensor([1, 1, 3, 3], [1, 2, 3, 4, 9, 5, 6, 7, 8]).requiringGradient()
        try x.maxPool2d(kernel: 2, stride: 1).sum().backward()
        Approx.expect(try #require(x.grad), equals: [0, 0, 0, 0, 4, 0, 0, 0, 0])
    }
}
