import Testing

@testable import Engine

/// One finite-difference check: a name, inputs, and the op whose gradients are checked
/// (through `GradCheck.expect`, which weights every output element).
struct GradCase: Sendable, CustomTestStringConvertible {
    let name: String
    let inputs: @Sendable () throws -> [Tensor]
    let op: @Sendable ([Tensor]) throws -> Tensor
    var step: Double = 1e-2

    init(
        _ name: String, step: Double = 1e-2, _ inputs: @escaping @Sendable () throws -> [Tensor],
        _ op: @escaping @Sendable ([Tensor]) throws -> Tensor
    ) {
        self.name = name
        self.step = step
        self.inputs = inputs
        self.op = op
    }

    var testDescription: String { name }

    func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try GradCheck.expect(inputs(), step: step, Comment(rawValue: name), sourceLocation: sourceLocation, of: op)
    }
}

/// Shape pairs for the binary ops: equal, both broadcast, rank-extended, scalar either side.
private let broadcastPairs: [([Int], [Int])] = [
    ([2, 3], [2, 3]), ([3, 1], [1, 4]), ([2, 3, 4], [4]), ([4], [2, 3, 4]), ([2, 3], []), ([], [2, 3]), ([2, 1, 4], [3, 1]),
]

private func binaryCases(
    _ name: String, lhs: @escaping @Sendable ([Int], UInt64) throws -> Tensor, rhs: @escaping @Sendable ([Int], UInt64) throws -> Tensor,
    _ op: @escaping @Sendable (Tensor, Tensor) throws -> Tensor
) -> [GradCase] {
    broadcastPairs.enumerated().map { i, pair in
        GradCase("\(name) \(pair.0) \(pair.1)", { [try lhs(pair.0, UInt64(10 + i)), try rhs(pair.1, UInt64(20 + i))] }) {
            try op($0[0], $0[1])
        }
    }
}

@Suite("Gradients: elementwise")
struct ElementwiseGradientTests {
    static let binary: [GradCase] =
        binaryCases("add", lhs: { try Sample.uniform($0, seed: $1) }, rhs: { try Sample.uniform($0, seed: $1) }, +)
        + binaryCases("sub", lhs: { try Sample.uniform($0, seed: $1) }, rhs: { try Sample.uniform($0, seed: $1) }, -)
        + binaryCases("mul", lhs: { try Sample.uniform($0, seed: $1) }, rhs: { try Sample.uniform($0, seed: $1) }, *)
        + binaryCases("div", lhs: { try Sample.uniform($0, seed: $1) }, rhs: { try Sample.awayFromZero($0, margin: 0.5, seed: $1) }, /)
        + binaryCases("pow", lhs: { try Sample.uniform($0, 0.5, 2, seed: $1) }, rhs: { try Sample.uniform($0, -1.5, 2.5, seed: $1) }) {
            try $0.pow($1)
        }
        // Grids offset by half a spacing: |a − b| ≥ 0.1 everywhere, far from the kink.
        + binaryCases("maximum", lhs: { try Sample.grid($0, seed: $1) }, rhs: { try Sample.grid($0, offset: 0.1, seed: $1) }) {
            try $0.maximum($1)
        }
        + binaryCases("minimum", lhs: { try Sample.grid($0, seed: $1) }, rhs: { try Sample.grid($0, offset: 0.1, seed: $1) }) {
            try $0.minimum($1)
        }

    @Test("binary ops with broadcasting", arguments: binary)
    func binaryOps(_ c: GradCase) throws { try c.check() }

    static let unary: [GradCase] = [
        GradCase("neg", { [try Sample.uniform([2, 3], seed: 1)] }) { try -$0[0] },
        GradCase("exp", { [try Sample.uniform([2, 3], seed: 2)] }) { try $0[0].exp() },
        GradCase("log", { [try Sample.uniform([2, 3], 0.5, 2, seed: 3)] }) { try $0[0].log() },
        GradCase("sqrt", { [try Sample.uniform([2, 3], 0.5, 2, seed: 4)] }) { try $0[0].sqrt() },
        GradCase("abs", { [try Sample.awayFromZero([2, 3], seed: 5)] }) { try $0[0].abs() },
        GradCase("tanh", { [try Sample.uniform([2, 3], -2, 2, seed: 6)] }) { try $0[0].tanh() },
        GradCase("sigmoid", { [try Sample.uniform([2, 3], -4, 4, seed: 7)] }) { try $0[0].sigmoid() },
        GradCase("sigmoid, large |x|", { [try Sample.tensor([4], [-12, -6, 6, 12])] }) { try $0[0].sigmoid() * 1000 },
        GradCase("relu", { [try Sample.awayFromZero([3, 4], seed: 8)] }) { try $0[0].relu() },
        GradCase("gelu", { [try Sample.uniform([3, 4], -3, 3, seed: 9)] }) { try $0[0].gelu() },
        GradCase("clamp both", { [try Sample.grid([3, 4], spacing: 0.2, offset: 0.1, seed: 10)] }) {
            try $0[0].clamped(min: -0.4, max: 0.4)
        },
        GradCase("clamp min only", { [try Sample.grid([3, 4], spacing: 0.2, offset: 0.1, seed: 11)] }) { try $0[0].clamped(min: -0.2) },
        GradCase("clamp max only", { [try Sample.grid([3, 4], spacing: 0.2, offset: 0.1, seed: 12)] }) { try $0[0].clamped(max: 0.2) },
        GradCase("pow by a float", { [try Sample.uniform([2, 3], 0.5, 2, seed: 13)] }) { try $0[0].pow(3) },
        GradCase("pow of a negative base by an integer", { [try Sample.uniform([2, 3], -2, -0.5, seed: 14)] }) { try $0[0].pow(Tensor(3)) },
        GradCase("float on the left of sub", { [try Sample.uniform([2, 3], seed: 15)] }) { try 1 - $0[0] },
        GradCase("scalar tensor input", { [Tensor(0.7)] }) { try $0[0] * $0[0] * 3 },
        GradCase("softplus", { [try Sample.uniform([3, 4], -4, 4, seed: 16)] }) { try $0[0].softplus() },
        GradCase("softplus at 0 and large |x|", { [try Sample.tensor([5], [-30, -1, 0, 1, 30])] }) { try $0[0].softplus() * 4 },
    ]

    @Test("unary ops", arguments: unary)
    func unaryOps(_ c: GradCase) throws { try c.check() }

    @Test("pow(0) has gradient 0 at a base of 0, as PyTorch")
    func powZeroAtZero() throws {
        let x = try Sample.tensor([2], [0, 2]).requiringGradient()
        try x.pow(0).sum().backward()
        Approx.expect(try #require(x.grad), equals: [0, 0])
    }

    static let select: [GradCase] = [
        GradCase("where, same shapes", { [try Sample.uniform([2, 3], seed: 1), try Sample.uniform([2, 3], seed: 2)] }) { x in
            try Tensor.select(Sample.tensor([2, 3], [1, 0, 1, 0, 0, 1]), x[0], x[1])
        },
        GradCase("where, broadcast (2,1) ? (1,3) : ()", { [try Sample.uniform([1, 3], seed: 3), Tensor(0.4)] }) { x in
            try Tensor.select(Sample.tensor([2, 1], [0, 1]), x[0], x[1])
        },
        GradCase(
            "where, condition broadcast over (2,3,4) and (4)",
            { [try Sample.uniform([2, 3, 4], seed: 4), try Sample.uniform([4], seed: 5)] }
        ) { x in
            try Tensor.select(Sample.tensor([3, 1], [1, 0, 1]), x[0], x[1])
        },
    ]

    @Test("where / select", arguments: select)
    func selectOps(_ c: GradCase) throws { try c.check() }
}

@Suite("Gradients: reductions")
struct ReductionGradientTests {
    static let axes: [[Int]?] = [nil, [0], [1], [2], [-1], [0, 2], [1, 2], [0, 1, 2]]

    @Test("sum", arguments: axes, [false, true])
    func sum(axes: [Int]?, keep: Bool) throws {
        try GradCheck.expect([Sample.uniform([2, 3, 4], seed: 1)], "axes \(String(describing: axes)) keep \(keep)") {
            try $0[0].sum(alongAxes: axes, keepingDimensions: keep)
        }
    }

    @Test("mean", arguments: axes, [false, true])
    func mean(axes: [Int]?, keep: Bool) throws {
        try GradCheck.expect([Sample.uniform([2, 3, 4], seed: 2)], "axes \(String(describing: axes)) keep \(keep)") {
            try $0[0].mean(alongAxes: axes, keepingDimensions: keep) * 5
        }
    }

    @Test("variance", arguments: axes, [0, 1])
    func variance(axes: [Int]?, correction: Int) throws {
        try GradCheck.expect([Sample.uniform([2, 3, 4], seed: 3)], "axes \(String(describing: axes)) correction \(correction)") {
            try $0[0].variance(alongAxes: axes, correction: correction) * 5
        }
    }

    @Test("standard deviation", arguments: axes, [false, true])
    func standardDeviation(axes: [Int]?, keep: Bool) throws {
        try GradCheck.expect([Sample.uniform([2, 3, 4], seed: 4)], "axes \(String(describing: axes)) keep \(keep)") {
            try $0[0].standardDeviation(alongAxes: axes, keepingDimensions: keep) * 5
        }
    }

    @Test("max and min (distinct values)", arguments: axes, [false, true])
    func extrema(axes: [Int]?, keep: Bool) throws {
        let x = try Sample.distinct([2, 3, 4], seed: 5)
        try GradCheck.expect([x], "max axes \(String(describing: axes))") { try $0[0].max(alongAxes: axes, keepingDimensions: keep) }
        try GradCheck.expect([x], "min axes \(String(describing: axes))") { try $0[0].min(alongAxes: axes, keepingDimensions: keep) }
    }

    @Test("max and min share the gradient equally among ties")
    func extremumTies() throws {
        let x = try Sample.tensor([2, 3], [1, 3, 3, 2, 2, 2]).requiringGradient()
        try x.max(alongAxes: [1]).sum().backward()
        Approx.expect(try #require(x.grad), equals: [0, 0.5, 0.5, 1.0 / 3, 1.0 / 3, 1.0 / 3])
        let y = try Sample.tensor([4], [5, -1, 0, -1]).requiringGradient()
        try (y.min() * 4).backward()
        Approx.expect(try #require(y.grad), equals: [0, 2, 0, 2])
    }

    @Test("logSumExp", arguments: axes, [false, true])
    func logSumExp(axes: [Int]?, keep: Bool) throws {
        try GradCheck.expect([Sample.uniform([2, 3, 4], -2, 2, seed: 6)], "axes \(String(describing: axes))") {
            try $0[0].logSumExp(alongAxes: axes, keepingDimensions: keep)
        }
    }

    @Test("logSumExp of large logits", arguments: [[0], [1]])
    func logSumExpLarge(axes: [Int]) throws {
        try GradCheck.expect([Sample.uniform([2, 3], 500, 502, seed: 7)], step: 1e-2) {
            try $0[0].logSumExp(alongAxes: axes) - 500
        }
    }

    @Test("softmax and logSoftmax", arguments: [0, 1, 2, -1, -2])
    func softmax(axis: Int) throws {
        let x = try Sample.uniform([2, 3, 4], -2, 2, seed: 8)
        try GradCheck.expect([x], "softmax axis \(axis)") { try $0[0].softmax(axis: axis) * 4 }
        try GradCheck.expect([x], "logSoftmax axis \(axis)") { try $0[0].logSoftmax(axis: axis) }
    }

    @Test("softmax of a vector with large logits")
    func softmaxLarge() throws {
        let x = try Sample.tensor([4], [1000, 1001, 999.5, 1000.5])
        try GradCheck.expect([x], step: 1e-2) { try $0[0].softmax() * 4 }
        try GradCheck.expect([x], step: 1e-2) { try $0[0].logSoftmax() }
    }
}

@Suite("Gradients: movement and indexing")
struct MovementGradientTests {
    static let cases: [GradCase] = [
        GradCase("reshape (2,3,4) → (6,4)", { [try Sample.uniform([2, 3, 4], seed: 1)] }) { try $0[0].reshaped(to: [6, 4]) },
        GradCase("reshape to (-1)", { [try Sample.uniform([2, 3], seed: 2)] }) { try $0[0].reshaped(to: [-1]) },
        GradCase("permuted [2, 0, 1]", { [try Sample.uniform([2, 3, 4], seed: 3)] }) { try $0[0].permuted([2, 0, 1]) },
        GradCase("permuted [1, 2, 0]", { [try Sample.uniform([2, 3, 4], seed: 3)] }) { try $0[0].permuted([1, 2, 0]) },
        GradCase("transposed", { [try Sample.uniform([3, 4], seed: 4)] }) { try $0[0].transposed() },
        GradCase("transposed(0, 2)", { [try Sample.uniform([2, 3, 4], seed: 5)] }) { try $0[0].transposed(0, 2) },
        GradCase("squeezed", { [try Sample.uniform([2, 1, 3, 1], seed: 6)] }) { try $0[0].squeezed() },
        GradCase("squeezed(axis: 1)", { [try Sample.uniform([2, 1, 3], seed: 7)] }) { try $0[0].squeezed(axis: 1) },
        GradCase("unsqueezed(axis: 0)", { [try Sample.uniform([2, 3], seed: 8)] }) { try $0[0].unsqueezed(axis: 0) },
        GradCase("unsqueezed(axis: -1)", { [try Sample.uniform([2, 3], seed: 9)] }) { try $0[0].unsqueezed(axis: -1) },
        GradCase("flattened", { [try Sample.uniform([2, 3, 4], seed: 10)] }) { try $0[0].flattened() },
        GradCase("flattened(from: 1)", { [try Sample.uniform([2, 3, 4], seed: 11)] }) { try $0[0].flattened(from: 1) },
        GradCase("broadcast (3,1) → (2,3,4)", { [try Sample.uniform([3, 1], seed: 12)] }) { try $0[0].broadcast(to: [2, 3, 4]) },
        GradCase("broadcast (4) → (3,4)", { [try Sample.uniform([4], seed: 13)] }) { try $0[0].broadcast(to: [3, 4]) },
        GradCase(
            "concat axis 0",
            { [try Sample.uniform([1, 3], seed: 14), try Sample.uniform([2, 3], seed: 15), try Sample.uniform([3, 3], seed: 16)] }
        ) {
            try Tensor.concat($0, axis: 0)
        },
        GradCase("concat axis -1", { [try Sample.uniform([2, 1, 2], seed: 17), try Sample.uniform([2, 1, 3], seed: 18)] }) {
            try Tensor.concat($0, axis: -1)
        },
        GradCase("concat axis 1", { [try Sample.uniform([2, 2, 2], seed: 19), try Sample.uniform([2, 1, 2], seed: 20)] }) {
            try Tensor.concat($0, axis: 1)
        },
        GradCase("stack axis 0", { [try Sample.uniform([2, 3], seed: 21), try Sample.uniform([2, 3], seed: 22)] }) {
            try Tensor.stack($0, axis: 0)
        },
        GradCase(
            "stack axis 1",
            { [try Sample.uniform([2, 3], seed: 23), try Sample.uniform([2, 3], seed: 24), try Sample.uniform([2, 3], seed: 25)] }
        ) {
            try Tensor.stack($0, axis: 1)
        },
        GradCase("stack axis -1", { [try Sample.uniform([2, 3], seed: 26), try Sample.uniform([2, 3], seed: 27)] }) {
            try Tensor.stack($0, axis: -1)
        },
        GradCase("slice 1:", { [try Sample.uniform([4, 3], seed: 28)] }) { try $0[0].slice([.range(start: 1, end: nil, step: nil)]) },
        GradCase("slice :, ::2", { [try Sample.uniform([3, 5], seed: 29)] }) {
            try $0[0].slice([.all, .range(start: nil, end: nil, step: 2)])
        },
        GradCase("slice ::-1", { [try Sample.uniform([5], seed: 30)] }) { try $0[0].slice([.range(start: nil, end: nil, step: -1)]) },
        GradCase("slice 1, 4:0:-2", { [try Sample.uniform([3, 6], seed: 31)] }) {
            try $0[0].slice([.index(1), .range(start: 4, end: 0, step: -2)])
        },
        GradCase("slice -1 (integer index)", { [try Sample.uniform([3, 4], seed: 32)] }) { try $0[0].slice([.index(-1)]) },
        GradCase("slice :, :, -1:-5:-3", { [try Sample.uniform([2, 2, 6], seed: 33)] }) {
            try $0[0].slice([.all, .all, .range(start: -1, end: -5, step: -3)])
        },
        GradCase("indexSelect axis 0 with repeats", { [try Sample.uniform([4, 3], seed: 34)] }) {
            try $0[0].indexSelect(axis: 0, indices: Sample.tensor([4], [2, 0, 2, -1]))
        },
        GradCase("indexSelect axis 1 with 2-D indices", { [try Sample.uniform([2, 4, 3], seed: 35)] }) {
            try $0[0].indexSelect(axis: 1, indices: Sample.tensor([2, 2], [3, 1, 1, 0]))
        },
        GradCase("gather axis 0", { [try Sample.uniform([3, 4], seed: 36)] }) {
            try $0[0].gather(axis: 0, indices: Sample.tensor([2, 4], [0, 2, 2, 1, 1, 1, 0, 2]))
        },
        GradCase("gather axis 1 with repeats", { [try Sample.uniform([3, 4], seed: 37)] }) {
            try $0[0].gather(axis: 1, indices: Sample.tensor([3, 3], [3, 3, 0, 1, 2, 1, 0, 0, 0]))
        },
        GradCase("gather axis -1 of 3-D", { [try Sample.uniform([2, 3, 4], seed: 38)] }) {
            try $0[0].gather(axis: -1, indices: Sample.indices([2, 3, 2], below: 4, seed: 39))
        },
        GradCase("masked by a full mask", { [try Sample.uniform([3, 4], seed: 40)] }) {
            try $0[0].masked(by: Sample.tensor([3, 4], [1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]))
        },
        GradCase("masked by a leading mask", { [try Sample.uniform([3, 4], seed: 41)] }) {
            try $0[0].masked(by: Sample.tensor([3], [1, 0, 1]))
        },
    ]

    @Test("movement ops", arguments: cases)
    func movement(_ c: GradCase) throws { try c.check() }
}

@Suite("Gradients: matmul")
struct MatmulGradientTests {
    /// Stored shape of an operand of logical shape (rows, cols), transposed when asked.
    static func stored(_ batch: [Int], _ rows: Int, _ cols: Int, _ transposed: Bool) -> [Int] {
        batch + (transposed ? [cols, rows] : [rows, cols])
    }

    static let flags: [(Bool, Bool)] = [(false, false), (true, false), (false, true), (true, true)]

    @Test("2-D × 2-D, every transpose combination", arguments: flags)
    func twoByTwo(transposeA: Bool, transposeB: Bool) throws {
        let a = try Sample.uniform(Self.stored([], 3, 4, transposeA), seed: 1)
        let b = try Sample.uniform(Self.stored([], 4, 5, transposeB), seed: 2)
        try GradCheck.expect([a, b]) { try Tensor.matmul($0[0], $0[1], transposeA: transposeA, transposeB: transposeB) }
    }

    @Test("batched 3-D × 3-D, every transpose combination", arguments: flags)
    func batched(transposeA: Bool, transposeB: Bool) throws {
        let a = try Sample.uniform(Self.stored([2], 3, 4, transposeA), seed: 3)
        let b = try Sample.uniform(Self.stored([2], 4, 2, transposeB), seed: 4)
        try GradCheck.expect([a, b]) { try Tensor.matmul($0[0], $0[1], transposeA: transposeA, transposeB: transposeB) }
    }

    @Test("3-D × 2-D (shared right operand), every transpose combination", arguments: flags)
    func batchedShared(transposeA: Bool, transposeB: Bool) throws {
        let a = try Sample.uniform(Self.stored([2], 3, 4, transposeA), seed: 5)
        let b = try Sample.uniform(Self.stored([], 4, 2, transposeB), seed: 6)
        try GradCheck.expect([a, b]) { try Tensor.matmul($0[0], $0[1], transposeA: transposeA, transposeB: transposeB) }
    }

    @Test("2-D × 3-D (shared left operand), every transpose combination", arguments: flags)
    func sharedBatched(transposeA: Bool, transposeB: Bool) throws {
        let a = try Sample.uniform(Self.stored([], 3, 4, transposeA), seed: 7)
        let b = try Sample.uniform(Self.stored([2], 4, 2, transposeB), seed: 8)
        try GradCheck.expect([a, b]) { try Tensor.matmul($0[0], $0[1], transposeA: transposeA, transposeB: transposeB) }
    }

    static let vectors: [GradCase] = [
        GradCase("(4) · (4,3)", { [try Sample.uniform([4], seed: 11), try Sample.uniform([4, 3], seed: 12)] }) { try $0[0].matmul($0[1]) },
        GradCase("(3,4) · (4)", { [try Sample.uniform([3, 4], seed: 13), try Sample.uniform([4], seed: 14)] }) { try $0[0].matmul($0[1]) },
        GradCase("(2,3,4) · (4)", { [try Sample.uniform([2, 3, 4], seed: 15), try Sample.uniform([4], seed: 16)] }) {
            try $0[0].matmul($0[1])
        },
        GradCase("(4) · (2,4,3)", { [try Sample.uniform([4], seed: 17), try Sample.uniform([2, 4, 3], seed: 18)] }) {
            try $0[0].matmul($0[1])
        },
    ]

    @Test("1-D operands", arguments: vectors)
    func vectorOperands(_ c: GradCase) throws { try c.check() }

    @Test("(4) · (4), the dot product")
    func dotProduct() throws {
        try GradCheck.expect([Sample.uniform([4], seed: 9), Sample.uniform([4], seed: 10)]) { try $0[0].matmul($0[1]) }
    }
}

@Suite("Gradients: convolution and pooling")
struct ConvolutionGradientTests {
    @Test("conv2d, input and weight", arguments: [1, 2], [0, 1])
    func conv2d(stride: Int, padding: Int) throws {
        let x = try Sample.uniform([2, 2, 5, 5], seed: 1)
        let w = try Sample.uniform([3, 2, 3, 3], seed: 2)
        try GradCheck.expect([x, w], "stride \(stride) padding \(padding)") {
            try $0[0].conv2d(weight: $0[1], stride: stride, padding: padding)
        }
    }

    @Test("conv2d, non-square input and kernel")
    func conv2dRectangular() throws {
        let x = try Sample.uniform([1, 3, 6, 5], seed: 3)
        let w = try Sample.uniform([2, 3, 2, 3], seed: 4)
        try GradCheck.expect([x, w]) { try $0[0].conv2d(weight: $0[1], stride: 2, padding: 1) }
    }

    /// The rule skips the work for an operand that needs no gradient (an image batch, a
    /// frozen weight); what it still computes must not change by a bit.
    @Test("conv2d with one operand frozen: the other's gradient is unchanged, bit for bit")
    func conv2dOneSided() throws {
        let x = try Sample.uniform([2, 2, 5, 5], seed: 7), w = try Sample.uniform([3, 2, 3, 3], seed: 8)
        func gradients(input: Bool, weight: Bool) throws -> (input: Tensor?, weight: Tensor?) {
            let lx = input ? x.requiringGradient() : x, lw = weight ? w.requiringGradient() : w
            try lx.conv2d(weight: lw, stride: 2, padding: 1).sum().backward()
            return (lx.grad, lw.grad)
        }
        let both = try gradients(input: true, weight: true)
        let inputOnly = try gradients(input: true, weight: false), weightOnly = try gradients(input: false, weight: true)
        #expect(inputOnly.weight == nil && weightOnly.input == nil)
        #expect(bits(try #require(inputOnly.input).scalars) == bits(try #require(both.input).scalars))
        #expect(bits(try #require(weightOnly.weight).scalars) == bits(try #require(both.weight).scalars))
    }

    /// (kernel, stride, padding): non-overlapping, overlapping, padded.
    static let pools: [(Int, Int?, Int)] = [(2, nil, 0), (2, 1, 0), (3, 2, 1), (3, 1, 1)]

    @Test("maxPool2d (distinct values)", arguments: pools)
    func maxPool(kernel: Int, stride: Int?, padding: Int) throws {
        let x = try Sample.distinct([2, 2, 5, 5], seed: 5)
        try GradCheck.expect([x]) { try $0[0].maxPool2d(kernel: kernel, stride: stride, padding: padding) }
    }

    @Test("avgPool2d", arguments: pools)
    func avgPool(kernel: Int, stride: Int?, padding: Int) throws {
        let x = try Sample.uniform([2, 2, 5, 5], seed: 6)
        try GradCheck.expect([x]) { try $0[0].avgPool2d(kernel: kernel, stride: stride, padding: padding) * 3 }
    }
}

@Suite("Gradients: losses")
struct LossGradientTests {
    static let targets: [Float] = [0, 3, 4, 1]

    @Test("crossEntropy", arguments: [0, 0.1, 1] as [Float])
    func crossEntropy(smoothing: Float) throws {
        let logits = try Sample.uniform([4, 5], -2, 2, seed: 1)
        try GradCheck.expect([logits], "label smoothing \(smoothing)") {
            try Losses.crossEntropy($0[0], Sample.tensor([4], Self.targets), labelSmoothing: smoothing) * 4
        }
    }

    @Test("crossEntropy of large logits stays finite and exact")
    func crossEntropyLarge() throws {
        let logits = try Sample.tensor([2, 3], [1000, 1001, 999, -1000, 0, 3])
        try GradCheck.expect([logits]) { try Losses.crossEntropy($0[0], Sample.tensor([2], [2, 0])) }
    }

    @Test("nll")
    func nll() throws {
        let logProbs = try Sample.uniform([4, 5], -3, 0, seed: 2)
        try GradCheck.expect([logProbs]) { try Losses.nll($0[0], Sample.tensor([4], Self.targets)) * 4 }
    }

    @Test("nll after logSoftmax equals crossEntropy, gradients included")
    func nllOfLogSoftmax() throws {
        let logits = try Sample.uniform([4, 5], -2, 2, seed: 3)
        let t = try Sample.tensor([4], Self.targets)
        try GradCheck.expect([logits]) { try Losses.nll($0[0].logSoftmax(axis: 1), t) * 4 }
        let a = try Losses.nll(logits.logSoftmax(axis: 1), t).item(), b = try Losses.crossEntropy(logits, t).item()
        #expect(Approx.isClose(Double(a), Double(b), tolerance: 1e-5))
    }

    @Test("mse, both arguments")
    func mse() throws {
        try GradCheck.expect([Sample.uniform([3, 4], seed: 4), Sample.uniform([3, 4], seed: 5)]) { try Losses.mse($0[0], $0[1]) * 6 }
    }

    @Test("binaryCrossEntropyWithLogits, logits and soft targets")
    func binaryCrossEntropy() throws {
        let logits = try Sample.awayFromZero([3, 4], margin: 0.1, high: 4, seed: 6)
        let targets = try Sample.uniform([3, 4], 0, 1, seed: 7)
        try GradCheck.expect([logits, targets]) { try Losses.binaryCrossEntropyWithLogits($0[0], $0[1]) * 12 }
    }

    /// Was −y when the loss was a composite of relu and abs (both with derivative 0 at 0).
    @Test("binaryCrossEntropyWithLogits gradient at a logit of exactly 0 is sigmoid(0) − y")
    func binaryCrossEntropyAtZero() throws {
        // Zero logits are what a zero-initialised logistic regression starts from.
        let logits = try Tensor.zeros([4]).requiringGradient()
        let targets = try Sample.tensor([4], [0, 1, 1, 0])
        try Losses.binaryCrossEntropyWithLogits(logits, targets).backward()
        Approx.expect(try #require(logits.grad), equals: [0.125, -0.125, -0.125, 0.125])
        let soft = try Sample.uniform([2, 2], 0, 1, seed: 8)
        try GradCheck.expect([Tensor.zeros([2, 2])]) { try Losses.binaryCrossEntropyWithLogits($0[0], soft) * 4 }
    }
}

@Suite("Gradients: shared inputs and composites")
struct CompositeGradientTests {
    @Test("x·x + x uses x three times")
    func usedTwice() throws {
        let x = try Sample.uniform([2, 3], seed: 1)
        try GradCheck.expect([x]) { x in try x[0] * x[0] + x[0] }
        let leaf = x.requiringGradient()
        try (leaf * leaf + leaf).sum().backward()
        Approx.expect(try #require(leaf.grad), equals: x.doubles.map { 2 * $0 + 1 })
    }

    @Test("matmul(x, x)")
    func matmulSquare() throws {
        try GradCheck.expect([Sample.uniform([3, 3], seed: 2)]) { try $0[0].matmul($0[0]) }
        try GradCheck.expect([Sample.uniform([3, 3], seed: 3)]) { try Tensor.matmul($0[0], $0[0], transposeA: true) }
    }

    @Test("concat and stack of one tensor with itself")
    func concatSelf() throws {
        try GradCheck.expect([Sample.uniform([2, 3], seed: 12)]) { try Tensor.concat([$0[0], $0[0].exp(), $0[0]], axis: 1) }
        try GradCheck.expect([Sample.uniform([3], seed: 13)]) { try Tensor.stack([$0[0], $0[0]], axis: 1) }
    }

    @Test("only the operand that needs a gradient gets one, and it is right")
    func oneSidedMatmul() throws {
        let a = try Sample.uniform([3, 4], seed: 14), b = try Sample.uniform([4, 2], seed: 15)
        let leafA = a.requiringGradient()
        try leafA.matmul(b).sum().backward()
        // d/dA Σ(AB) = 1 Bᵀ: every row is the row sums of B.
        let rowSums = (0..<4).map { i in (0..<2).reduce(0.0) { $0 + b.doubles[i * 2 + $1] } }
        Approx.expect(try #require(leafA.grad), equals: Array((0..<3).map { _ in rowSums }.joined()), shape: [3, 4])
        let leafB = b.requiringGradient()
        try Tensor.matmul(a, leafB, transposeB: false).sum().backward()
        let columnSums = (0..<4).map { k in (0..<3).reduce(0.0) { $0 + a.doubles[$1 * 4 + k] } }
        Approx.expect(try #require(leafB.grad), equals: columnSums.flatMap { [$0, $0] }, shape: [4, 2])
    }

    @Test("x + xᵀ, x broadcast against itself")
    func selfBroadcast() throws {
        try GradCheck.expect([Sample.uniform([3, 3], seed: 4)]) { try $0[0] + $0[0].transposed() }
        try GradCheck.expect([Sample.uniform([3], seed: 5)]) { x in try x[0].unsqueezed(axis: 1) * x[0] }
    }

    @Test("a two-layer perceptron with a softmax loss")
    func mlp() throws {
        let x = try Sample.uniform([4, 3], seed: 6)
        let w1 = try Sample.uniform([3, 5], seed: 7), b1 = try Sample.uniform([5], seed: 8)
        let w2 = try Sample.uniform([5, 2], seed: 9), b2 = try Sample.uniform([2], seed: 10)
        try GradCheck.expect([x, w1, b1, w2, b2]) { p in
            let hidden = try (p[0].matmul(p[1]) + p[2]).tanh()
            let logits = try hidden.matmul(p[3]) + p[4]
            return try Losses.crossEntropy(logits, Sample.tensor([4], [0, 1, 1, 0])) * 4
        }
    }

    @Test("layer norm built from mean, variance and sqrt")
    func layerNorm() throws {
        try GradCheck.expect([Sample.uniform([3, 5], -2, 2, seed: 11)]) { p in
            let x = p[0]
            let centred = try x - x.mean(alongAxes: [1], keepingDimensions: true)
            return try centred / (x.variance(alongAxes: [1], keepingDimensions: true, correction: 0) + 1e-5).sqrt()
        }
    }
}
