import Engine
import Glibc

/// Elementwise functions. Each takes a number or anything tensor-like: numbers in give a
/// number out (computed in Double), anything else a tensor (float32, with gradients).
/// The activations `relu`, `tanh`, `sigmoid` and `gelu` called with no argument give the
/// layer instead, so `seq(linear(64, 128), relu(), linear(128, 10))` reads as it should.
extension Builtins {
    static let numeric = "a number or a tensor"

    static func math() -> [Builtin] {
        [
            unary(
                "exp", summary: "eˣ, elementwise.", example: "exp(tensor([0, 1]))",
                number: { exp($0) }, tensor: { try $0.exp() }),
            unary(
                "log", summary: "The natural logarithm, elementwise (log of a negative number is nan).",
                example: "probs = softmax(randn(2, 3))\nlog(probs)", number: { log($0) }, tensor: { try $0.log() }),
            unary(
                "sqrt", summary: "The square root, elementwise.", example: "x = randn(8, 4)\nsqrt(var(x))",
                number: { $0.squareRoot() }, tensor: { try $0.sqrt() }),
            unary(
                "abs", summary: "The absolute value, elementwise.", example: "w = requires_grad(randn(4, 3))\nmax(abs(w))",
                number: { Swift.abs($0) }, tensor: { try $0.abs() }),
            unary(
                "softplus", summary: "log(1 + eˣ), elementwise, computed stably.", example: "x = randn(8, 4)\nsoftplus(x)",
                number: { Swift.max($0, 0) + log1p(exp(-Swift.abs($0))) }, tensor: { try $0.softplus() }),
            activation(
                "relu", summary: "max(x, 0), elementwise; relu() with no argument is the layer, for seq(…).",
                example: "m = seq(linear(64, 128), relu(), linear(128, 10))", layer: ReLU.init,
                number: { $0 < 0 ? 0 : $0 }, tensor: { try $0.relu() }),
            activation(
                "tanh", summary: "The hyperbolic tangent, elementwise; tanh() with no argument is the layer.",
                example: "x = randn(8, 4)\nw = requires_grad(randn(4, 3))\nh = tanh(x @ w)", layer: Tanh.init,
                number: { tanh($0) }, tensor: { try $0.tanh() }),
            activation(
                "sigmoid", summary: "1 / (1 + e⁻ˣ), elementwise; sigmoid() with no argument is the layer.",
                example: "logits = randn(8, 3)\np = sigmoid(logits)", layer: Sigmoid.init,
                number: { $0 >= 0 ? 1 / (1 + exp(-$0)) : exp($0) / (1 + exp($0)) },
                tensor: { try $0.sigmoid() }),
            activation(
                "gelu", summary: "GELU, x · Φ(x) (the exact erf form), elementwise; gelu() with no argument is the layer.",
                example: "seq(linear(8, 32), gelu(), linear(32, 1))", layer: GELU.init,
                number: { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) }, tensor: { try $0.gelu() }),
            Builtin(
                "clamp", [arg("x", numeric), arg("min", "a number", "none"), arg("max", "a number", "none")],
                summary: "Limits every element to [min, max]; either bound may be left out.",
                example: "x = randn(8, 4)\nclamp(x, min: 0, max: 1)"
            ) { args, _ in
                let low = args.has("min") ? try args.number("min") : nil
                let high = args.has("max") ? try args.number("max") : nil
                if case let .number(x)? = args.value("x") {
                    if let low, let high, low > high {
                        throw RuntimeError(
                            .call(function: "clamp", problem: "min \(formatNumber(low)) is greater than max \(formatNumber(high))"))
                    }
                    return .number(Swift.min(Swift.max(x, low ?? -.infinity), high ?? .infinity))
                }
                let t = try args.tensor("x")
                return .tensor(try engine { try t.clamped(min: low.map(Float.init), max: high.map(Float.init)) })
            },
            binary(
                "maximum", summary: "The larger of a and b, elementwise, broadcasting.", example: "x = randn(8, 4)\nmaximum(x, 0)",
                number: { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }, tensor: { try $0.maximum($1) }),
            binary(
                "minimum", summary: "The smaller of a and b, elementwise, broadcasting.", example: "x = randn(8, 4)\nminimum(x, 1)",
                number: { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }, tensor: { try $0.minimum($1) }),
            binary(
                "pow", summary: "a raised to the power b, elementwise, broadcasting (also written a ** b).",
                example: "x = randn(8, 4)\npow(x, 2)", number: { pow($0, $1) }, tensor: { try $0.pow($1) }),
            Builtin(
                "where", [arg("condition", "a bool, a tensor mask or a dataset"), arg("a", "any value"), arg("b", "any value", "none")],
                summary:
                    "a where condition holds (is non-zero), else b, elementwise; with a bool it picks a or b whole. On a dataset, ds.where(pred) keeps the rows (records) for which pred is true.",
                example: "x = randn(8, 4)\nwhere(x > 0, x, 0.01 * x)"
            ) { args, runtime in
                if case let .object(ds as DatasetValue)? = args.value("condition") { return try rowsWhere(ds, args, runtime) }
                if case let .bool(c)? = args.value("condition") {
                    return (c ? args.value("a") : args.value("b")) ?? .none
                }
                let (c, a, b) = (try args.tensor("condition"), try args.tensor("a"), try args.tensor("b"))
                return .tensor(try engine { try Tensor.select(c, a, b) })
            },
        ]
    }

    /// An elementwise function of one argument.
    static func unary(
        _ name: String, summary: String, example: String,
        number: @escaping (Double) -> Double, tensor: @escaping (Tensor) throws -> Tensor
    ) -> Builtin {
        Builtin(name, [arg("x", numeric)], summary: summary, example: example) { args, _ in
            try apply(args, number: number, tensor: tensor)
        }
    }

    /// An activation: elementwise on an argument, the layer without one.
    static func activation(
        _ name: String, summary: String, example: String, layer: @escaping () -> Layer,
        number: @escaping (Double) -> Double, tensor: @escaping (Tensor) throws -> Tensor
    ) -> Builtin {
        Builtin(name, [arg("x", numeric, "none")], summary: summary, example: example) { args, _ in
            guard args.has("x") else { return .layer(layer()) }
            return try apply(args, number: number, tensor: tensor)
        }
    }

    static func apply(_ args: Arguments, number: (Double) -> Double, tensor: (Tensor) throws -> Tensor) throws -> Value {
        if case let .number(x)? = args.value("x") { return .number(number(x)) }
        let t = try args.tensor("x")
        return .tensor(try engine { try tensor(t) })
    }

    /// An elementwise function of two broadcasting arguments.
    static func binary(
        _ name: String, summary: String, example: String,
        number: @escaping (Double, Double) -> Double,
        tensor: @escaping (Tensor, Tensor) throws -> Tensor
    ) -> Builtin {
        Builtin(name, [arg("a", numeric), arg("b", numeric)], summary: summary, example: example) { args, _ in
            if case let .number(a)? = args.value("a"), case let .number(b)? = args.value("b") {
                return .number(number(a, b))
            }
            let (a, b) = (try args.tensor("a"), try args.tensor("b"))
            return .tensor(try engine { try tensor(a, b) })
        }
    }
}
