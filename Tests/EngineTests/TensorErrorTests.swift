import Testing

@testable import Engine

/// A call that must throw a `TensorError` whose message contains every one of `mentions`
/// (the op's name and the shapes involved, as a user reads them).
struct ErrorCase: Sendable, CustomTestStringConvertible {
    let id: String
    let mentions: [String]
    let call: @Sendable () throws -> Void
    init(_ id: String, _ mentions: [String], _ call: @escaping @Sendable () throws -> Void) {
        self.id = id
        self.mentions = mentions
        self.call = call
    }
    var testDescription: String { id }
}

private func t(_ shape: [Int]) -> Tensor { (try? Tensor.zeros(shape)) ?? Tensor(0) }
private func values(_ shape: [Int], _ v: [Float]) -> Tensor { (try? Tensor(shape: shape, scalars: v)) ?? Tensor(0) }

@Suite("Errors: bad input throws a TensorError naming the op and shapes")
struct TensorErrorTests {
    static let shapeMismatches: [ErrorCase] = [
        ErrorCase("add", ["add", "(2, 3)", "(4,)"]) { _ = try t([2, 3]) + t([4]) },
        ErrorCase("sub", ["sub", "(2, 3)", "(2,)"]) { _ = try t([2, 3]) - t([2]) },
        ErrorCase("mul", ["mul", "(3, 1, 2)", "(4, 3)"]) { _ = try t([3, 1, 2]) * t([4, 3]) },
        ErrorCase("div", ["div", "(5,)", "(4,)"]) { _ = try t([5]) / t([4]) },
        ErrorCase("pow", ["pow", "(2,)", "(3,)"]) { _ = try t([2]).pow(t([3])) },
        ErrorCase("maximum", ["maximum", "(2,)", "(3,)"]) { _ = try t([2]).maximum(t([3])) },
        ErrorCase("minimum", ["minimum", "(2,)", "(3,)"]) { _ = try t([2]).minimum(t([3])) },
        ErrorCase("compare", ["<", "(2,)", "(3,)"]) { _ = try t([2]).compare(t([3]), .less) },
        ErrorCase("where, values", ["where", "(2,)", "(3,)"]) { _ = try Tensor.select(t([2]), t([2]), t([3])) },
        ErrorCase("where, condition", ["where", "(4,)", "(3,)"]) { _ = try Tensor.select(t([4]), t([3]), t([3])) },
        ErrorCase("matmul inner", ["matmul", "(2, 3)", "(4,)"]) { _ = try t([2, 3]).matmul(t([4])) },
        ErrorCase("matmul inner 2-D", ["matmul", "(2, 3)", "(2, 3)"]) { _ = try t([2, 3]).matmul(t([2, 3])) },
        ErrorCase("matmul transposed inner", ["matmul", "(2, 3)", "(4, 5)"]) {
            _ = try Tensor.matmul(t([2, 3]), t([4, 5]), transposeA: true)
        },
        ErrorCase("matmul batch", ["matmul", "(2, 3, 4)", "(3, 4, 5)"]) { _ = try t([2, 3, 4]).matmul(t([3, 4, 5])) },
        ErrorCase("matmul rank 4 batch", ["matmul", "(2, 2, 3, 4)", "(3, 4, 5)"]) { _ = try t([2, 2, 3, 4]).matmul(t([3, 4, 5])) },
        ErrorCase("matmul scalar", ["matmul", "()"]) { _ = try Tensor(1).matmul(t([2])) },
        ErrorCase("concat sizes", ["concat", "(2, 3)", "(2, 4)"]) { _ = try Tensor.concat([t([2, 3]), t([2, 4])], axis: 0) },
        ErrorCase("concat ranks", ["concat", "(2, 3)", "(3,)"]) { _ = try Tensor.concat([t([2, 3]), t([3])]) },
        ErrorCase("stack", ["stack", "(2, 3)", "(3, 2)"]) { _ = try Tensor.stack([t([2, 3]), t([3, 2])]) },
        ErrorCase("reshape", ["reshape", "(2, 3)", "(4,)"]) { _ = try t([2, 3]).reshaped(to: [4]) },
        ErrorCase("reshape -1", ["reshape", "(2, 3)", "(4, -1)"]) { _ = try t([2, 3]).reshaped(to: [4, -1]) },
        ErrorCase("broadcast(to:)", ["broadcast_to", "(2, 3)", "(3, 3)"]) { _ = try t([2, 3]).broadcast(to: [3, 3]) },
        ErrorCase("broadcast(to:) smaller", ["broadcast_to", "(2, 3)", "(3,)"]) { _ = try t([2, 3]).broadcast(to: [3]) },
        ErrorCase("mse", ["mse", "(2, 3)", "(3, 2)"]) { _ = try Losses.mse(t([2, 3]), t([3, 2])) },
        ErrorCase("bce", ["binary_cross_entropy_with_logits", "(4,)", "(4, 1)"]) {
            _ = try Losses.binaryCrossEntropyWithLogits(t([4]), t([4, 1]))
        },
        ErrorCase("cross entropy targets", ["cross_entropy", "(4, 3)", "(5,)"]) { _ = try Losses.crossEntropy(t([4, 3]), t([5])) },
        ErrorCase("cross entropy logits rank", ["cross_entropy", "(4,)"]) { _ = try Losses.crossEntropy(t([4]), t([4])) },
        ErrorCase("nll", ["nll", "(4, 3)", "(4, 1)"]) { _ = try Losses.nll(t([4, 3]), t([4, 1])) },
        ErrorCase("conv2d channels", ["conv2d", "(1, 3, 5, 5)", "(2, 4, 3, 3)"]) {
            _ = try t([1, 3, 5, 5]).conv2d(weight: t([2, 4, 3, 3]))
        },
        ErrorCase("conv2d input rank", ["conv2d", "(3, 5, 5)"]) { _ = try t([3, 5, 5]).conv2d(weight: t([2, 3, 3, 3])) },
        ErrorCase("conv2d weight rank", ["conv2d", "(2, 3, 3)"]) { _ = try t([1, 3, 5, 5]).conv2d(weight: t([2, 3, 3])) },
        ErrorCase("max_pool2d rank", ["max_pool2d", "(5, 5)"]) { _ = try t([5, 5]).maxPool2d(kernel: 2) },
        ErrorCase("avg_pool2d rank", ["avg_pool2d", "(1, 5, 5)"]) { _ = try t([1, 5, 5]).avgPool2d(kernel: 2) },
        ErrorCase("gather rank", ["gather", "(3, 4)", "(3,)"]) { _ = try t([3, 4]).gather(axis: 0, indices: t([3])) },
        ErrorCase("gather size", ["gather", "(3, 4)", "(2, 5)"]) { _ = try t([3, 4]).gather(axis: 0, indices: t([2, 5])) },
        ErrorCase("mask", ["mask", "(3, 4)", "(4,)"]) { _ = try t([3, 4]).masked(by: t([4])) },
        ErrorCase("mask rank", ["mask", "(3,)", "(3, 1)"]) { _ = try t([3]).masked(by: t([3, 1])) },
        ErrorCase("assign", ["index assignment", "(2,)", "(4,)"]) {
            var x = t([3, 4]); try x.assign(t([2]), at: [.index(0)])
        },
        ErrorCase("tensor", ["tensor", "(2, 2)", "3"]) { _ = try Tensor(shape: [2, 2], scalars: [1, 2, 3]) },
    ]

    @Test("shape mismatches", arguments: shapeMismatches)
    func shapeMismatch(_ c: ErrorCase) { Self.expectError(c) }

    static let axesAndIndices: [ErrorCase] = [
        ErrorCase("sum axis", ["sum", "axis 3", "rank 3"]) { _ = try t([2, 3, 4]).sum(alongAxes: [3]) },
        ErrorCase("sum negative axis", ["sum", "axis -4"]) { _ = try t([2, 3, 4]).sum(alongAxes: [-4]) },
        ErrorCase("sum repeated axis", ["sum", "repeated"]) { _ = try t([2, 3]).sum(alongAxes: [1, -1]) },
        ErrorCase("mean axis", ["mean", "axis 2"]) { _ = try t([2, 3]).mean(alongAxes: [2]) },
        ErrorCase("var axis", ["var", "axis 5"]) { _ = try t([2, 3]).variance(alongAxes: [5]) },
        ErrorCase("std axis", ["var", "axis 5"]) { _ = try t([2, 3]).standardDeviation(alongAxes: [5]) },
        ErrorCase("max axis", ["max", "axis 2"]) { _ = try t([2, 3]).max(alongAxes: [2]) },
        ErrorCase("min axis", ["min", "axis -3"]) { _ = try t([2, 3]).min(alongAxes: [-3]) },
        ErrorCase("logsumexp axis", ["logsumexp", "axis 2"]) { _ = try t([2, 3]).logSumExp(alongAxes: [2]) },
        ErrorCase("argmax axis", ["argmax", "axis 2"]) { _ = try t([2, 3]).argmax(axis: 2) },
        ErrorCase("argmin axis", ["argmin", "axis -3"]) { _ = try t([2, 3]).argmin(axis: -3) },
        ErrorCase("softmax axis", ["softmax", "axis 2"]) { _ = try t([2, 3]).softmax(axis: 2) },
        ErrorCase("log_softmax axis", ["log_softmax", "axis -3"]) { _ = try t([2, 3]).logSoftmax(axis: -3) },
        ErrorCase("permute axis", ["permute", "axis 3"]) { _ = try t([2, 3]).permuted([0, 3]) },
        ErrorCase("permute repeated", ["permute"]) { _ = try t([2, 3]).permuted([1, 1]) },
        ErrorCase("permute short", ["permute"]) { _ = try t([2, 3, 4]).permuted([1, 0]) },
        ErrorCase("transpose axis", ["transpose", "axis 2"]) { _ = try t([2, 3]).transposed(0, 2) },
        ErrorCase("squeeze axis", ["squeeze", "axis 2"]) { _ = try t([2, 3]).squeezed(axis: 2) },
        ErrorCase("squeeze non-1", ["squeeze", "size 3"]) { _ = try t([2, 3]).squeezed(axis: 1) },
        ErrorCase("unsqueeze axis", ["unsqueeze", "axis 3"]) { _ = try t([2, 3]).unsqueezed(axis: 3) },
        ErrorCase("unsqueeze negative axis", ["unsqueeze", "axis -4"]) { _ = try t([2, 3]).unsqueezed(axis: -4) },
        ErrorCase("flatten axis", ["flatten", "axis 2"]) { _ = try t([2, 3]).flattened(from: 2) },
        ErrorCase("flatten order", ["flatten"]) { _ = try t([2, 3, 4]).flattened(from: 2, through: 1) },
        ErrorCase("concat axis", ["concat", "axis 2"]) { _ = try Tensor.concat([t([2, 3]), t([2, 3])], axis: 2) },
        ErrorCase("stack axis", ["stack", "axis 3"]) { _ = try Tensor.stack([t([2, 3]), t([2, 3])], axis: 3) },
        ErrorCase("index_select axis", ["index_select", "axis 2"]) { _ = try t([2, 3]).indexSelect(axis: 2, indices: t([1])) },
        ErrorCase("gather axis", ["gather", "axis 2"]) { _ = try t([2, 3]).gather(axis: 2, indices: t([2, 3])) },
        ErrorCase("slice index", ["index", "index 3", "size 3"]) { _ = try t([3]).slice([.index(3)]) },
        ErrorCase("slice negative index", ["index", "index -4", "size 3"]) { _ = try t([3]).slice([.index(-4)]) },
        ErrorCase("slice second axis", ["index", "dimension 1"]) { _ = try t([3, 2]).slice([.all, .index(2)]) },
        ErrorCase("slice too many", ["too many indices"]) { _ = try t([3]).slice([.all, .all]) },
        ErrorCase("slice step 0", ["step", "zero"]) { _ = try t([3]).slice([.range(start: nil, end: nil, step: 0)]) },
        ErrorCase("index_select index", ["index_select", "index 3", "size 3"]) {
            _ = try t([3, 2]).indexSelect(indices: values([1], [3]))
        },
        ErrorCase("index_select negative", ["index_select", "index -4"]) { _ = try t([3, 2]).indexSelect(indices: values([1], [-4])) },
        ErrorCase("index_select fraction", ["index_select", "1.5", "whole number"]) {
            _ = try t([3, 2]).indexSelect(indices: values([1], [1.5]))
        },
        ErrorCase("index_select NaN", ["index_select", "whole number"]) { _ = try t([3, 2]).indexSelect(indices: values([1], [.nan])) },
        ErrorCase("index_select infinity", ["index_select", "whole number"]) {
            _ = try t([3, 2]).indexSelect(indices: values([1], [.infinity]))
        },
        ErrorCase("index_select scalar", ["index_select"]) { _ = try Tensor(1).indexSelect(indices: values([1], [0])) },
        ErrorCase("gather index", ["gather", "index 4"]) { _ = try t([3, 4]).gather(axis: 1, indices: values([1, 1], [4])) },
        ErrorCase("gather fraction", ["gather", "whole number"]) { _ = try t([3, 4]).gather(axis: 1, indices: values([1, 1], [0.25])) },
        ErrorCase("one_hot index", ["one_hot", "index 3"]) { _ = try values([2], [0, 3]).oneHot(classes: 3) },
        ErrorCase("one_hot fraction", ["one_hot", "whole number"]) { _ = try values([1], [1.5]).oneHot(classes: 3) },
        ErrorCase("cross entropy target range", ["cross_entropy", "index 3"]) {
            _ = try Losses.crossEntropy(t([2, 3]), values([2], [0, 3]))
        },
        ErrorCase("cross entropy target fraction", ["cross_entropy", "whole number"]) {
            _ = try Losses.crossEntropy(t([2, 3]), values([2], [0, 0.5]))
        },
        ErrorCase("cross entropy negative target", ["cross_entropy", "negative"]) {
            _ = try Losses.crossEntropy(t([2, 3]), values([2], [0, -1]))
        },
        ErrorCase("nll target range", ["gather", "index 3"]) { _ = try Losses.nll(t([2, 3]), values([2], [0, 3])) },
    ]

    @Test("axes and indices out of range, and indices that are not whole numbers", arguments: axesAndIndices)
    func axesAndIndicesOutOfRange(_ c: ErrorCase) { Self.expectError(c) }

    static let arguments: [ErrorCase] = [
        ErrorCase("zeros negative", ["full", "(2, -1)", "negative"]) { _ = try Tensor.zeros([2, -1]) },
        ErrorCase("zeros overflow", ["full", "too large"]) { _ = try Tensor.zeros([Int.max / 2, 4]) },
        ErrorCase("ones negative", ["full", "negative"]) { _ = try Tensor.ones([-3]) },
        ErrorCase("eye negative", ["negative"]) { _ = try Tensor.eye(-1) },
        ErrorCase("arange step 0", ["arange", "step"]) { _ = try Tensor.arange(0, 1, step: 0) },
        ErrorCase("arange infinite", ["arange", "finite"]) { _ = try Tensor.arange(0, .infinity) },
        ErrorCase("arange NaN", ["arange"]) { _ = try Tensor.arange(0, 10, step: .nan) },
        ErrorCase("arange too many", ["arange"]) { _ = try Tensor.arange(0, 3e38) },
        ErrorCase("arange tiny step", ["arange"]) { _ = try Tensor.arange(0, 1, step: 1e-30) },
        ErrorCase("linspace count", ["linspace", "-1"]) { _ = try Tensor.linspace(0, 1, count: -1) },
        ErrorCase("linspace too large", ["linspace"]) { _ = try Tensor.linspace(0, 1, count: Int.max) },
        ErrorCase("uniform bounds", ["uniform", "low"]) {
            var r = SeededGenerator(seed: 0); _ = try Tensor.uniform([2], low: 1, high: 0, using: &r)
        },
        ErrorCase("normal std", ["normal", "std"]) {
            var r = SeededGenerator(seed: 0); _ = try Tensor.normal([2], std: -1, using: &r)
        },
        ErrorCase("normal shape", ["normal", "negative"]) {
            var r = SeededGenerator(seed: 0); _ = try Tensor.normal([-2], using: &r)
        },
        ErrorCase("clamp", ["clamp", "min"]) { _ = try t([2]).clamped(min: 1, max: 0) },
        ErrorCase("reshape two -1", ["reshape", "-1"]) { _ = try t([2, 3]).reshaped(to: [-1, -1]) },
        ErrorCase("reshape negative", ["reshape", "negative"]) { _ = try t([2, 3]).reshaped(to: [-2, -3]) },
        ErrorCase("reshape overflow", ["reshape"]) { _ = try t([4]).reshaped(to: [-1, Int.max, 2]) },
        ErrorCase("broadcast negative", ["broadcast_to"]) { _ = try t([1]).broadcast(to: [-2]) },
        ErrorCase("item", ["item", "(2,)"]) { _ = try t([2]).item() },
        ErrorCase("var of one element", ["var"]) { _ = try t([1, 3]).variance(alongAxes: [0]) },
        ErrorCase("var correction", ["var"]) { _ = try t([3]).variance(correction: 3) },
        ErrorCase("mean of empty", ["mean", "empty"]) { _ = try t([0, 2]).mean(alongAxes: [0]) },
        ErrorCase("max of empty", ["max", "empty"]) { _ = try t([0]).max() },
        ErrorCase("argmax of empty", ["argmax", "empty"]) { _ = try t([2, 0]).argmax(axis: 1) },
        ErrorCase("concat nothing", ["concat"]) { _ = try Tensor.concat([]) },
        ErrorCase("concat scalars", ["concat"]) { _ = try Tensor.concat([Tensor(1), Tensor(2)]) },
        ErrorCase("stack nothing", ["stack"]) { _ = try Tensor.stack([]) },
        ErrorCase("one_hot classes", ["one_hot", "classes"]) { _ = try values([1], [0]).oneHot(classes: 0) },
        ErrorCase("cross entropy smoothing", ["cross_entropy", "label_smoothing"]) {
            _ = try Losses.crossEntropy(t([2, 3]), values([2], [0, 1]), labelSmoothing: 1.5)
        },
        ErrorCase("cross entropy empty", ["cross_entropy"]) { _ = try Losses.crossEntropy(t([0, 3]), t([0])) },
        ErrorCase("conv2d kernel too large", ["conv2d", "larger"]) { _ = try t([1, 1, 3, 3]).conv2d(weight: t([1, 1, 4, 4])) },
        ErrorCase("conv2d stride 0", ["conv2d", "stride"]) { _ = try t([1, 1, 3, 3]).conv2d(weight: t([1, 1, 2, 2]), stride: 0) },
        ErrorCase("conv2d negative padding", ["conv2d", "padding"]) {
            _ = try t([1, 1, 3, 3]).conv2d(weight: t([1, 1, 2, 2]), padding: -1)
        },
        ErrorCase("conv2d huge padding", ["conv2d"]) { _ = try t([1, 1, 2, 2]).conv2d(weight: t([1, 1, 1, 1]), padding: Int.max / 2) },
        ErrorCase("conv2d empty kernel", ["conv2d"]) { _ = try t([1, 1, 3, 3]).conv2d(weight: t([1, 1, 0, 2])) },
        ErrorCase("max_pool2d padding", ["max_pool2d", "padding"]) { _ = try t([1, 1, 5, 5]).maxPool2d(kernel: 2, padding: 2) },
        ErrorCase("max_pool2d kernel 0", ["max_pool2d", "kernel"]) { _ = try t([1, 1, 5, 5]).maxPool2d(kernel: 0) },
        ErrorCase("max_pool2d too large", ["max_pool2d", "larger"]) { _ = try t([1, 1, 2, 2]).maxPool2d(kernel: 3) },
        ErrorCase("max_pool2d huge padding", ["max_pool2d"]) { _ = try t([1, 1, 2, 2]).maxPool2d(kernel: 2, padding: Int.max) },
        ErrorCase("avg_pool2d stride", ["avg_pool2d", "stride"]) { _ = try t([1, 1, 5, 5]).avgPool2d(kernel: 2, stride: -1) },
        ErrorCase("avg_pool2d padding", ["avg_pool2d", "padding"]) { _ = try t([1, 1, 5, 5]).avgPool2d(kernel: 3, padding: 2) },
        ErrorCase("slice huge step", ["slice"]) { _ = try t([5]).slice([.range(start: nil, end: nil, step: Int.max)]) },
        ErrorCase("backward of non-scalar", ["backward", "(3,)"]) { try (t([3]).requiringGradient() * 2).backward() },
    ]

    @Test("invalid arguments", arguments: arguments)
    func invalidArguments(_ c: ErrorCase) { Self.expectError(c) }

    static func expectError(_ c: ErrorCase, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: TensorError.self, "\(c.id)", sourceLocation: sourceLocation) { try c.call() }
        guard let error else { return }
        let message = String(describing: error)
        for m in c.mentions where !message.contains(m) {
            Issue.record("\(c.id): message \"\(message)\" does not mention \"\(m)\"", sourceLocation: sourceLocation)
        }
    }

    @Test("a failed op leaves its operands and the gradient graph usable")
    func recovery() throws {
        let x = try Sample.uniform([2, 3], seed: 1).requiringGradient()
        #expect(throws: TensorError.self) { try x + Tensor.zeros([4]) }
        try (x * 2).sum().backward()
        Approx.expect(try #require(x.grad), equals: [Double](repeating: 2, count: 6))
    }
}

/// Inputs that trapped (crashed the process) instead of throwing, and a few small
/// inconsistencies. Each is a separate test so a fix can be enabled on its own.
@Suite("Errors: nothing traps")
struct TrapTests {
    @Test("reducing a rank-0 tensor along axis 0")
    func scalarReductions() throws {
        let s = Tensor(3)
        // Rank-0 reductions work by design (axis 0 of a scalar is the scalar itself), so
        // each must return its value: a TensorError here is a regression, not a pass.
        let cases: [(String, () throws -> Tensor, Double)] = [
            ("sum", { try s.sum(alongAxes: [0]) }, 3), ("mean", { try s.mean(alongAxes: [0]) }, 3),
            ("max", { try s.max(alongAxes: [0]) }, 3), ("min", { try s.min(alongAxes: [0]) }, 3),
            ("logSumExp", { try s.logSumExp(alongAxes: [0]) }, 3), ("var", { try s.variance(alongAxes: [0], correction: 0) }, 0),
        ]
        for (name, op, expected) in cases {
            Approx.expect(try op(), equals: [expected], shape: [], "\(name)")
        }
    }

    @Test("backward through softmax(axis: 0) of a rank-0 tensor")
    func scalarSoftmaxBackward() throws {
        let x = Tensor(3).requiringGradient()
        let y = try x.softmax(axis: 0)
        Approx.expect(y, equals: [1])
        try y.backward()
        Approx.expect(try #require(x.grad), equals: [0])
    }

    @Test("squeezed(axis: 0) of a rank-0 tensor returns it, as PyTorch")
    func scalarSqueeze() throws {
        Approx.expect(try Tensor(3).squeezed(axis: 0), equals: [3], shape: [])
    }

    @Test("gather on a rank-0 tensor")
    func scalarGather() throws {
        #expect(throws: TensorError.self) { try Tensor(3).gather(axis: 0, indices: Tensor(0)) }
    }

    @Test("slice bounds of Int.min")
    func sliceIntMin() throws {
        let x = try Tensor.zeros([5])
        #expect(throws: TensorError.self) { try x.slice([.index(Int.min)]) }
        #expect(throws: TensorError.self) { try x.slice([.range(start: nil, end: nil, step: Int.min)]) }
        #expect(throws: TensorError.self) { try x.slice([.range(start: Int.min, end: nil, step: nil)]) }
    }

    @Test("transposed(_:_:) checks its axes on tensors of rank < 2 too")
    func transposeVectorAxes() throws {
        #expect(throws: TensorError.self) { try Tensor.zeros([3]).transposed(5, 9) }
    }

    @Test("nll rejects negative targets, as crossEntropy and oneHot do")
    func nllNegativeTarget() throws {
        #expect(throws: TensorError.self) { try Losses.nll(Tensor.zeros([2, 3]), Sample.tensor([2], [0, -1])) }
    }

    @Test(
        "a rank-0 tensor takes axis -1 like axis 0, as Shape.normalize's comment and PyTorch say")
    func scalarNegativeAxis() throws {
        Approx.expect(try Tensor(3).sum(alongAxes: [-1]), equals: [3], shape: [])
        Approx.expect(try Tensor(3).softmax(), equals: [1], shape: [])
        Approx.expect(try Tensor(3).logSoftmax(), equals: [0], shape: [])
    }

    /// In a child process, so a regression reports a failure instead of killing the run.
    @Test("building, backpropagating and dropping a 100,000-op graph")
    func deepGraphRelease() async {
        await #expect(processExitsWith: .success) {
            let x = Tensor(1).requiringGradient()
            var y = x
            for _ in 0..<100_000 { y = (try? y * 1.0001) ?? y }
            try? y.backward()
        }
    }
}
