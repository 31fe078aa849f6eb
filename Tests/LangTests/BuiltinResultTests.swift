import Engine
import Testing

@testable import Lang

@Suite("Builtins: creation")
struct CreationBuiltinTests {
    let h = BuiltinHarness()

    @Test func fromDataAndConstants() throws {
        let t = try h.call("tensor", .list([.numbers([1, 2]), .numbers([3, 4])]))
        #expect(t.shape == [2, 2] && t.scalars == [1, 2, 3, 4])
        #expect(try h.call("zeros", .number(2), .number(3)).shape == [2, 3])
        #expect(try h.call("ones", .numbers([2, 3])).scalars == [1, 1, 1, 1, 1, 1])
        #expect(try h.call("full", .numbers([2]), .number(7)).scalars == [7, 7])
        #expect(try h.call("eye", .number(2)).scalars == [1, 0, 0, 1])
        #expect(try h.call("tensor", .number(2), named: [("requires_grad", .bool(true))]).tensorValue?.requiresGradient == true)
    }

    @Test func ranges() throws {
        #expect(try h.call("arange", .number(4)).scalars == [0, 1, 2, 3])
        #expect(try h.call("arange", .number(1), .number(2), .number(0.5)).scalars == [1, 1.5])
        #expect(approximately(try h.call("linspace", .number(0), .number(1), .number(5)).scalars, [0, 0.25, 0.5, 0.75, 1]))
    }

    @Test func seededRandomnessReplays() throws {
        try h.call("seed", .number(7))
        let a = try h.call("randn", .number(3))
        try h.call("seed", .number(7))
        #expect(try h.call("randn", .number(3)) == a)
        let u = try h.call("rand", .number(200)).scalars
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        let w = try h.call("uniform", .numbers([50]), named: [("low", .number(-2)), ("high", .number(-1))]).scalars
        #expect(w.allSatisfy { $0 >= -2 && $0 < -1 })
        #expect(try h.call("normal", .numbers([2, 2]), named: [("std", .number(0))]).scalars == [0, 0, 0, 0])
    }

    @Test func shapeAndSize() throws {
        let x = try h.call("zeros", .number(2), .number(3))
        #expect(try h.call("shape", x) == .numbers([2, 3]))
        #expect(try h.call("numel", x) == .number(6))
        #expect(try h.call("item", try .floats([5], [])) == .number(5))
        #expect(h.error("item", x) == "item: needs a tensor with one element, got shape (2, 3)")
    }
}

@Suite("Builtins: math and reductions")
struct MathBuiltinTests {
    let h = BuiltinHarness()

    @Test func numbersGiveNumbers() throws {
        #expect(try h.call("exp", .number(0)) == .number(1))
        #expect(try h.call("relu", .number(-2)) == .number(0))
        #expect(try h.call("sigmoid", .number(0)) == .number(0.5))
        #expect(try h.call("abs", .number(-3)) == .number(3))
        #expect(try h.call("pow", .number(2), .number(10)) == .number(1024))
        #expect(try h.call("maximum", .number(1), .number(2)) == .number(2))
        #expect(try h.call("clamp", .number(5), named: [("max", .number(1))]) == .number(1))
        #expect(approximately(try h.call("softplus", .number(0)), 0.6931471805599453))
        #expect(approximately(try h.call("gelu", .number(1)), 0.8413447460685429))
    }

    @Test func tensorsGiveTensors() throws {
        #expect(try h.call("relu", try .floats([-1, 2])).scalars == [0, 2])
        #expect(try h.call("clamp", try .floats([-2, 0.5, 3]), named: [("min", .number(0)), ("max", .number(1))]).scalars == [0, 0.5, 1])
        #expect(try h.call("maximum", try .floats([1, 5]), .number(3)).scalars == [3, 5])
        #expect(try h.call("where", try .floats([1, 0]), try .floats([1, 2]), try .floats([3, 4])).scalars == [1, 4])
        #expect(try h.call("where", .bool(true), .string("a"), .string("b")) == .string("a"))
        #expect(approximately(try h.call("softmax", try .floats([0, 0])).scalars, [0.5, 0.5]))
        let product = try h.call("matmul", try .floats([1, 2, 3, 4], [2, 2]), try .floats([1, 1], [2, 1]))
        #expect(product.shape == [2, 1] && product.scalars == [3, 7])
    }

    @Test func activationsWithoutArgumentsAreLayers() throws {
        #expect(try h.call("relu").layerValue?.kind == "ReLU")
        #expect(try h.call("tanh").layerValue?.kind == "Tanh")
        #expect(try h.call("sigmoid").layerValue?.kind == "Sigmoid")
        #expect(try h.call("gelu").layerValue?.kind == "GELU")
        #expect(try h.call("flatten").layerValue?.kind == "Flatten")
    }

    @Test func reductionsOnListsAnswerNumbers() throws {
        #expect(try h.call("sum", .numbers([1, 2, 3])) == .number(6))
        #expect(try h.call("sum", .list([])) == .number(0))
        #expect(try h.call("mean", .numbers([1, 2, 3, 4])) == .number(2.5))
        #expect(try h.call("max", .numbers([3, 1, 2])) == .number(3))
        #expect(try h.call("min", .range(start: 2, end: 5)) == .number(2))
        #expect(try h.call("argmax", .numbers([3, 7, 2])) == .number(1))
        #expect(approximately(try h.call("var", .numbers([1, 2, 3, 4])), 5.0 / 3))
        #expect(approximately(try h.call("std", .numbers([1, 2, 3, 4]), named: [("correction", .number(0))]), 1.25.squareRoot()))
    }

    @Test func reductionsOnTensorsKeepTensors() throws {
        let x = try Value.floats([1, 2, 3, 4], [2, 2])
        #expect(try h.call("sum", x, named: [("axis", .number(0))]).scalars == [4, 6])
        #expect(try h.call("sum", x).shape == [])
        #expect(try h.call("mean", x, named: [("axis", .numbers([0, 1])), ("keepdim", .bool(true))]).shape == [1, 1])
        #expect(try h.call("argmax", x, named: [("axis", .number(1))]).scalars == [1, 1])
        #expect(try h.call("max", x, named: [("axis", .number(1))]).scalars == [2, 4])
        #expect(approximately(try h.call("logsumexp", try .floats([0, 0])).scalars, [0.6931472]))
    }

    @Test func convolutionAndPooling() throws {
        let image = try h.call("ones", .number(1), .number(1), .number(4), .number(4))
        let w = try h.call("ones", .number(2), .number(1), .number(3), .number(3))
        let y = try h.call("conv2d", image, w, named: [("bias", try .floats([0, 1])), ("padding", .number(1))])
        #expect(y.shape == [1, 2, 4, 4])
        #expect(y.scalars[0] == 4 && y.scalars[16 + 5] == 10)
        #expect(try h.call("max_pool2d", y, .number(2)).shape == [1, 2, 2, 2])
        #expect(try h.call("avg_pool2d", image, .number(2)).scalars == [1, 1, 1, 1])
    }
}

@Suite("Builtins: shapes and gradients")
struct ShapeBuiltinTests {
    let h = BuiltinHarness()

    @Test func movingElements() throws {
        let x = try h.call("arange", .number(6))
        #expect(try h.call("reshape", x, .number(2), .number(3)).shape == [2, 3])
        #expect(try h.call("reshape", x, .numbers([-1, 2])).shape == [3, 2])
        let m = try h.call("reshape", x, .number(2), .number(3))
        #expect(try h.call("transpose", m).scalars == [0, 3, 1, 4, 2, 5])
        #expect(try h.call("permute", m, .number(1), .number(0)).shape == [3, 2])
        #expect(try h.call("unsqueeze", x, .number(0)).shape == [1, 6])
        #expect(try h.call("squeeze", try h.call("zeros", .number(1), .number(3), .number(1))).shape == [3])
        #expect(try h.call("flatten", m).shape == [6])
        #expect(try h.call("broadcast_to", try .floats([1, 2]), .numbers([3, 2])).shape == [3, 2])
        #expect(try h.call("concat", .list([m, m]), named: [("axis", .number(1))]).shape == [2, 6])
        #expect(try h.call("stack", .list([x, x])).shape == [2, 6])
        #expect(try h.call("one_hot", try .floats([0, 2]), .number(3)).scalars == [1, 0, 0, 0, 0, 1])
        let picked = try h.call("gather", m, .number(1), try .floats([2, 0], [2, 1]))
        #expect(picked.scalars == [2, 3])
    }

    @Test func gradientsFlowThroughBuiltins() throws {
        let w = try h.call("requires_grad", try .floats([1, 2, 3]))
        #expect(try h.call("grad", w) == .none)
        let loss = try h.call("sum", try h.call("pow", w, .number(2)))
        try h.call("backward", loss)
        #expect(try h.call("grad", w).scalars == [2, 4, 6])
        #expect(try h.call("detach", w).tensorValue?.requiresGradient == false)
        #expect(h.error("backward", w) == "backward: needs a scalar (one element), got shape (3,); reduce it first, e.g. with sum or mean")
    }

    @Test func noGradTurnsRecordingOff() throws {
        let probe = Builtin("probe", [], summary: "s", example: "probe()") { _, _ in .bool(GradMode.isEnabled) }
        let h = BuiltinHarness(extra: [probe])
        #expect(try h.call("no_grad", .function(probe)) == .bool(false))
        #expect(try h.call("probe") == .bool(true))
    }
}

@Suite("Builtins: layers and training")
struct LayerBuiltinTests {
    let h = BuiltinHarness()

    func mlp() throws -> Value {
        try h.call(
            "seq", try h.call("linear", .number(64), .number(128)), try h.call("relu"), try h.call("linear", .number(128), .number(10)))
    }

    @Test func layersAndModels() throws {
        let m = try mlp()
        #expect(m.layerValue?.parameterCount == 9610)
        let fromList = try h.call("seq", .list([try h.call("linear", .number(2), .number(2)), try h.call("tanh")]))
        #expect((fromList.layerValue as? Sequential)?.layers.count == 2)
        #expect(try h.call("param_count", m) == .number(9610))
        #expect(try h.call("conv", .number(1), .number(8), .number(3), named: [("padding", .number(1))]).layerValue?.parameterCount == 80)
        #expect(try h.call("maxpool", .number(2)).layerValue?.kind == "MaxPool2d")
        #expect(try h.call("avgpool", .number(2)).layerValue?.kind == "AvgPool2d")
        #expect(try h.call("dropout", .number(0.2)).layerValue?.kind == "Dropout")
        #expect(try h.call("batchnorm", .number(4)).layerValue?.parameterCount == 8)
        #expect(try h.call("layernorm", .number(4)).layerValue?.parameterCount == 8)
        #expect(try h.call("embedding", .number(27), .number(16)).layerValue?.parameterCount == 432)
        #expect(try h.call("linear", .number(3), .number(2), named: [("bias", .bool(false))]).layerValue?.parameterCount == 6)
    }

    @Test func parametersAndModes() throws {
        let m = try mlp()
        let first = Value.record(Record([("name", .string("0.weight")), ("shape", .numbers([128, 64])), ("count", .number(8192))]))
        guard case let .list(rows) = try h.call("params", m) else { Issue.record("params gives a list"); return }
        #expect(rows.count == 4 && rows.first == first)
        #expect(try h.call("param", m, .string("2.bias")).shape == [10])
        try h.call("eval", m)
        #expect(m.layerValue?.isTraining == false)
        try h.call("train", m)
        #expect(m.layerValue?.isTraining == true)
    }

    @Test func losses() throws {
        #expect(try h.call("mse", try .floats([1, 2]), try .floats([1, 4])).scalars == [2])
        let ce = try h.call("cross_entropy", try h.call("zeros", .number(2), .number(10)), try .floats([1, 2]))
        #expect(approximately(ce.scalars, [2.3025851]))
        let logp = try h.call("log_softmax", try h.call("zeros", .number(2), .number(4)), named: [("axis", .number(1))])
        #expect(approximately(try h.call("nll", logp, try .floats([0, 3])).scalars, [1.3862944]))
        #expect(approximately(try h.call("bce_with_logits", try .floats([0]), try .floats([1])).scalars, [0.6931472]))
    }

    @Test func aTrainingStepByHand() throws {
        let m = try h.call("linear", .number(2), .number(1))
        let opt = try h.call("sgd", m, named: [("lr", .number(0.1))])
        let before = try h.call("param", m, .string("weight")).scalars
        let x = try Value.floats([1, 2], [1, 2])
        let y = try Value.floats([10], [1, 1])
        guard let layer = m.layerValue, let input = x.tensorValue, let target = y.tensorValue else { return }
        let loss = Value.tensor(try Losses.mse(try layer.forward(input), target))
        try h.call("backward", loss)
        let norm = try h.call("clip_grad_norm", m, .number(1000))
        guard case let .number(n) = norm else { Issue.record("norm is a number"); return }
        #expect(n > 0)
        try h.call("step", opt)
        #expect(try h.call("param", m, .string("weight")).scalars != before)
        try h.call("zero_grad", opt)
        #expect(try h.call("grad", try h.call("param", m, .string("weight"))) == .none)
    }

    @Test func optimizersAndSchedules() throws {
        let m = try mlp()
        let opt = try h.call("adam", m, named: [("lr", .number(3e-4))])
        #expect(approximately(try h.call("lr", opt), 3e-4, tolerance: 1e-6))
        try h.call("set_lr", opt, .number(1e-3))
        #expect(opt.optimizerValue?.learningRate == 1e-3)
        #expect((try h.call("adamw", m).optimizerValue as? Adam)?.weightDecay == 0.01)
        let sched = try h.call("schedule", opt, .string("cosine"), named: [("steps", .number(10))])
        try h.call("step", sched)
        #expect(ValueFormatter.format(sched) == "schedule cosine over 10 steps to 0 · step 1 · lr 0.000975528")
    }
}

@Suite("Builtins: core")
struct CoreBuiltinTests {
    let h = BuiltinHarness()

    @Test func printWritesThroughTheHost() throws {
        try h.call("print", .string("loss"), .number(0.25), .numbers([1, 2]), .string("done"))
        try h.call("print")
        #expect(h.host.output == "loss 0.25 [1, 2] done\n\n")
    }

    @Test func conversions() throws {
        #expect(try h.call("str", .number(3)) == .string("3"))
        #expect(try h.call("str", .string("a")) == .string("a"))
        #expect(try h.call("kind", try h.call("relu")) == .string("model"))
        #expect(try h.call("int", .string(" 42 ")) == .number(42))
        #expect(try h.call("int", .number(-2.7)) == .number(-2))
        #expect(try h.call("round", .number(3.14159), named: [("digits", .number(2))]) == .number(3.14))
        #expect(try h.call("round", .number(2.5)) == .number(2))
        #expect(try h.call("floor", .number(-1.5)) == .number(-2))
        #expect(try h.call("floor", try .floats([1.5, -0.5])).scalars == [1, -1])
    }

    @Test func lengths() throws {
        #expect(try h.call("len", .numbers([1, 2, 3])) == .number(3))
        #expect(try h.call("len", .string("héllo")) == .number(5))
        #expect(try h.call("len", .range(start: 2, end: 5)) == .number(3))
        #expect(try h.call("len", try h.call("zeros", .number(4), .number(2))) == .number(4))
        #expect(try h.call("len", .record(Record([("a", .number(1))]))) == .number(1))
    }

    @Test func listHelpers() throws {
        #expect(try h.call("range", .number(3)) == .range(start: 0, end: 3))
        #expect(try h.call("range", .number(2), .number(4)) == .range(start: 2, end: 4))
        #expect(try h.call("list", .range(start: 0, end: 3)) == .numbers([0, 1, 2]))
        #expect(try h.call("list", try .floats([1, 2, 3, 4], [2, 2])) == .list([.numbers([1, 2]), .numbers([3, 4])]))
        #expect(try h.call("list", try h.call("zeros", .number(2), .number(0))) == .list([.list([]), .list([])]))
        #expect(try h.call("map", .numbers([1, 4, 9]), try h.fn("sqrt")) == .numbers([1, 2, 3]))
        let even = Builtin("even", [ParameterSpec("x", "a number")], summary: "s", example: "even(2)") { args, _ in
            .bool(try args.integer("x") % 2 == 0)
        }
        let withEven = BuiltinHarness(extra: [even])
        #expect(try withEven.call("filter", .range(start: 0, end: 6), .function(even)) == .numbers([0, 2, 4]))
        let xs = Value.numbers([1, 2])
        #expect(try h.call("append", xs, .number(3)) == .numbers([1, 2, 3]))
        #expect(xs == .numbers([1, 2]))
        #expect(try h.call("sorted", .numbers([3, 1, 2])) == .numbers([1, 2, 3]))
        #expect(try h.call("sorted", .numbers([3, 1, 2]), named: [("desc", .bool(true))]) == .numbers([3, 2, 1]))
        #expect(try h.call("sorted", .numbers([-3, 1, -2]), named: [("key", try h.fn("abs"))]) == .numbers([1, -2, -3]))
        #expect(
            try h.call("zip", .numbers([1, 2, 3]), .list([.string("a"), .string("b")]))
                == .list([.list([.number(1), .string("a")]), .list([.number(2), .string("b")])]))
    }
}
