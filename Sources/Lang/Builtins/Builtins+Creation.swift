import Engine

/// Making tensors (from data, constants, ranges and the session's random source) and
/// asking them their shape. Random builtins draw from `runtime.random`, the one stream
/// that `seed(n)` restarts, so a seeded session replays exactly. Every builtin that makes
/// a tensor takes `requires_grad: true`, as PyTorch's creation functions do.
extension Builtins {
    static let shapeExpects = "whole numbers or a list of them"

    /// A builtin that makes a tensor, with PyTorch's `requires_grad: true` added: the
    /// result is then a leaf whose `grad` fills on `backward`. One wrapper for every
    /// creation builtin, so each takes the flag the same way and none repeats it.
    static func creator(
        _ name: String, _ parameters: [ParameterSpec], summary: String, example: String,
        _ body: @escaping (Arguments, Runtime) throws -> Value
    ) -> Builtin {
        Builtin(name, parameters + [arg("requires_grad", "a bool", "false")], summary: summary, example: example) { args, runtime in
            // Read first, so a wrong flag is refused before a large tensor is made.
            let requiresGradient = try args.bool("requires_grad")
            let made = try body(args, runtime)
            guard requiresGradient, case let .tensor(t) = made else { return made }
            return .tensor(t.requiringGradient())
        }
    }

    static func creation() -> [Builtin] {
        [
            creator(
                "tensor", [arg("data", "a number or a (nested) list of numbers")],
                summary: "A tensor from a number or nested lists of numbers (a fresh copy, detached from any graph).",
                example: "x = tensor([[1, 2], [3, 4]])"
            ) { args, _ in
                .tensor(try args.tensor("data").detached())
            },
            creator(
                "zeros", [variadic("shape", shapeExpects)],
                summary: "A tensor of zeros; the shape as numbers or one list.",
                example: "w = zeros(3, 4)"
            ) { args, _ in
                let shape = try args.variadicShape("shape")
                return .tensor(try engine { try Tensor.zeros(shape) })
            },
            creator(
                "ones", [variadic("shape", shapeExpects)],
                summary: "A tensor of ones; the shape as numbers or one list.",
                example: "b = ones([2, 3])"
            ) { args, _ in
                let shape = try args.variadicShape("shape")
                return .tensor(try engine { try Tensor.ones(shape) })
            },
            creator(
                "full", [arg("shape", "a list of whole numbers"), arg("value", "a number")],
                summary: "A tensor of the given shape with every element set to value.",
                example: "mask = full([4, 4], -1e9)"
            ) { args, _ in
                let shape = try args.integers("shape")
                let value = try args.float("value")
                return .tensor(try engine { try Tensor.full(shape, value) })
            },
            creator(
                "arange", [arg("start", "a number"), arg("end", "a number", "none"), arg("step", "a number", "1")],
                summary: "Evenly stepped values from start up to (not including) end; arange(n) is 0 … n-1.",
                example: "arange(0, 1, 0.25)"
            ) { args, _ in
                var start = try args.float("start")
                var end: Float = 0
                if args.has("end") { end = try args.float("end") } else { (start, end) = (0, start) }
                let step = try args.float("step")
                return .tensor(
                    try engine {
                        // Checked here too: the Engine caps arange at 2^40 elements, past what
                        // memory holds, and a failed allocation ends the process.
                        let count = ((Double(end) - Double(start)) / Double(step)).rounded(.up)
                        if count > Double(Shape.maxElements) {
                            throw TensorError.invalidArgument(
                                op: "arange", reason: "would make \(formatNumber(count)) elements; a tensor holds at most 2^31")
                        }
                        return try Tensor.arange(start, end, step: step)
                    })
            },
            creator(
                "linspace", [arg("start", "a number"), arg("end", "a number"), arg("count", "a whole number", "50")],
                summary: "count evenly spaced values from start to end, both included.",
                example: "xs = linspace(-3, 3, 100)"
            ) { args, _ in
                let (start, end) = (try args.float("start"), try args.float("end"))
                let count = try args.integer("count")
                return .tensor(try engine { try Tensor.linspace(start, end, count: count) })
            },
            creator(
                "eye", [arg("n", "a whole number")],
                summary: "The n × n identity matrix.",
                example: "eye(3)"
            ) { args, _ in
                let n = try args.integer("n")
                return .tensor(try engine { try Tensor.eye(n) })
            },
            creator(
                "rand", [variadic("shape", shapeExpects)],
                summary: "Uniform random numbers in [0, 1), from the session's seeded source.",
                example: "noise = rand(2, 3)"
            ) { args, runtime in
                let shape = try args.variadicShape("shape")
                return .tensor(try engine { try runtime.random.uniform(shape) })
            },
            creator(
                "randn", [variadic("shape", shapeExpects)],
                summary: "Standard normal random numbers (mean 0, std 1), from the session's seeded source.",
                example: "x = randn(64, 8)"
            ) { args, runtime in
                let shape = try args.variadicShape("shape")
                return .tensor(try engine { try runtime.random.normal(shape) })
            },
            creator(
                "uniform", [arg("shape", "a list of whole numbers"), arg("low", "a number", "0"), arg("high", "a number", "1")],
                summary: "Uniform random numbers in [low, high).",
                example: "w = uniform([3, 4], low: -0.1, high: 0.1)"
            ) { args, runtime in
                let shape = try args.integers("shape")
                let (low, high) = (try args.float("low"), try args.float("high"))
                return .tensor(try engine { try runtime.random.uniform(shape, low: low, high: high) })
            },
            creator(
                "normal", [arg("shape", "a list of whole numbers"), arg("mean", "a number", "0"), arg("std", "a number", "1")],
                summary: "Normal random numbers with the given mean and standard deviation.",
                example: "w = normal([64, 10], std: 0.01)"
            ) { args, runtime in
                let shape = try args.integers("shape")
                let (mean, std) = (try args.float("mean"), try args.float("std"))
                return .tensor(try engine { try runtime.random.normal(shape, mean: mean, std: std) })
            },
            Builtin(
                "seed", [arg("n", "a whole number ≥ 0")],
                summary: "Restarts the session's random source: the same seed gives the same weights, masks and shuffles.",
                example: "seed(42)"
            ) { args, runtime in
                runtime.random.reseed(UInt64(try args.count("n")))
                return .none
            },
            Builtin(
                "shape", [arg("x", "a tensor")],
                summary: "The shape of a tensor, as a list of sizes.",
                example: "shape(randn(2, 3))   # [2, 3]"
            ) { args, _ in
                .list(try args.tensor("x").shape.map { .number(Double($0)) })
            },
            Builtin(
                "numel", [arg("x", "a tensor")],
                summary: "The number of elements of a tensor (the product of its shape).",
                example: "numel(zeros(2, 3))   # 6"
            ) { args, _ in
                .number(Double(try args.tensor("x").count))
            },
            Builtin(
                "item", [arg("x", "a tensor")],
                summary: "The number inside a one-element tensor.",
                example:
                    "x = randn(8, 4)\nm = mlp([4, 16, 3])\ny = tensor([0, 1, 2, 0, 1, 2, 0, 1])\nloss = cross_entropy(m(x), y)\nloss_value = item(loss)"
            ) { args, _ in
                let t = try args.tensor("x")
                return .number(Double(try engine { try t.item() }))
            },
        ]
    }
}
