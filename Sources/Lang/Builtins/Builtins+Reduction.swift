import Engine

/// Reductions, softmax, matrix products and convolutions over tensors.
///
/// `sum`, `mean`, `var`, `std`, `max`, `min`, `argmax` and `argmin` also take a plain list
/// (or range) of numbers and answer with a number, computed in Double; on tensors they
/// give tensors (a 0-d tensor when every axis is reduced), so a loss built from them
/// keeps its gradient.
extension Builtins {
    static func reductions() -> [Builtin] {
        [
            reduction(
                "sum", summary: "The sum of the elements, over all axes or the given ones.", example: "x = randn(8, 4)\nsum(x, axis: 0)",
                list: { $0.reduce(0, +) }
            ) { t, axes, keep, _ in try t.sum(alongAxes: axes, keepingDimensions: keep) },
            reduction(
                "mean", summary: "The mean of the elements, over all axes or the given ones.", example: "x = randn(8, 4)\nmean(x, axis: 0)",
                list: { try nonEmpty("mean", $0).reduce(0, +) / Double($0.count) }
            ) { t, axes, keep, _ in
                try t.mean(alongAxes: axes, keepingDimensions: keep)
            },
            reduction(
                "var", summary: "The variance (with Bessel's correction unless correction: 0).",
                example: "x = randn(8, 4)\nvar(x, axis: 0)",
                correction: true, list: nil
            ) { t, axes, keep, c in
                try t.variance(alongAxes: axes, keepingDimensions: keep, correction: c)
            },
            reduction(
                "std", summary: "The standard deviation (with Bessel's correction unless correction: 0).",
                example: "x = randn(8, 4)\nstd(x, axis: 0)", correction: true, list: nil
            ) { t, axes, keep, c in
                try t.standardDeviation(alongAxes: axes, keepingDimensions: keep, correction: c)
            },
            reduction(
                "max", summary: "The largest element, over all axes or the given ones.",
                example: "w = requires_grad(randn(4, 3))\nbackward(sum(w * w))\nmax(abs(grad(w)))",
                list: { xs in try extreme("max", xs, Swift.max) }
            ) { t, axes, keep, _ in
                try t.max(alongAxes: axes, keepingDimensions: keep)
            },
            reduction(
                "min", summary: "The smallest element, over all axes or the given ones.", example: "x = randn(8, 4)\nmin(x, axis: 1)",
                list: { xs in try extreme("min", xs, Swift.min) }
            ) { t, axes, keep, _ in
                try t.min(alongAxes: axes, keepingDimensions: keep)
            },
            argReduction(
                "argmax", summary: "The position of the largest element (flat), or along an axis.",
                example: "logits = randn(8, 3)\npreds = argmax(logits, axis: 1)", better: >
            ) { t, axis, keep in try t.argmax(axis: axis, keepingDimensions: keep) },
            argReduction(
                "argmin", summary: "The position of the smallest element (flat), or along an axis.",
                example: "dists = rand(4, 5)\nargmin(dists, axis: 1)", better: <
            ) { t, axis, keep in try t.argmin(axis: axis, keepingDimensions: keep) },
            reduction(
                "logsumexp", summary: "log(sum(exp(x))), computed without overflow.",
                example: "logits = randn(8, 3)\nlogsumexp(logits, axis: 1)",
                list: nil
            ) { t, axes, keep, _ in try t.logSumExp(alongAxes: axes, keepingDimensions: keep) },
            Builtin(
                "softmax", [arg("x", "a tensor"), arg("axis", "a whole number", "-1")],
                summary: "exp(x) normalised to sum to 1 along an axis (the last by default).",
                example: "logits = randn(8, 3)\nprobs = softmax(logits)"
            ) { args, _ in
                let (t, axis) = (try args.tensor("x"), try args.integer("axis"))
                return .tensor(try engine { try t.softmax(axis: axis) })
            },
            Builtin(
                "log_softmax", [arg("x", "a tensor"), arg("axis", "a whole number", "-1")],
                summary: "The logarithm of softmax, computed exactly (no log of a rounded zero).",
                example: "logits = randn(8, 3)\nlogp = log_softmax(logits, axis: 1)"
            ) { args, _ in
                let (t, axis) = (try args.tensor("x"), try args.integer("axis"))
                return .tensor(try engine { try t.logSoftmax(axis: axis) })
            },
            Builtin(
                "matmul", [arg("a", "a tensor"), arg("b", "a tensor")],
                summary:
                    "The matrix product (also a @ b); leading axes are batch axes, broadcast as in NumPy; a 1-D a is a row, a 1-D b a column.",
                example: "shape(matmul(ones([2, 1, 3, 4]), ones([3, 4, 2])))   # [2, 3, 3, 2]"
            ) { args, _ in
                let (a, b) = (try args.tensor("a"), try args.tensor("b"))
                return .tensor(try engine { try a.matmul(b) })
            },
            Builtin(
                "conv2d",
                [
                    arg("x", "a tensor"), arg("weight", "a tensor"), arg("bias", "a tensor", "none"),
                    arg("stride", "a whole number", "1"), arg("padding", "a whole number", "0"),
                ],
                summary: "2-D convolution of x (N, C, H, W) with weight (out, C, kh, kw), plus an optional bias (out,).",
                example: "images = randn(2, 3, 8, 8)\nw = randn(4, 3, 3, 3)\ny = conv2d(images, w, stride: 1, padding: 1)"
            ) { args, _ in
                let (x, w) = (try args.tensor("x"), try args.tensor("weight"))
                let (stride, padding) = (try args.integer("stride"), try args.integer("padding"))
                let bias = args.has("bias") ? try args.tensor("bias") : nil
                return .tensor(
                    try engine {
                        let y = try x.conv2d(weight: w, stride: stride, padding: padding)
                        guard let bias else { return y }
                        return try y + bias.reshaped(to: [1, bias.count, 1, 1])
                    })
            },
            pooling(
                "max_pool2d", summary: "The maximum over each kernel × kernel window of x (N, C, H, W).",
                example: "y = randn(2, 4, 8, 8)\nmax_pool2d(y, 2)"
            ) { try $0.maxPool2d(kernel: $1, stride: $2, padding: $3) },
            pooling(
                "avg_pool2d", summary: "The mean over each kernel × kernel window of x (N, C, H, W).",
                example: "y = randn(2, 4, 8, 8)\navg_pool2d(y, 2)"
            ) { try $0.avgPool2d(kernel: $1, stride: $2, padding: $3) },
        ]
    }

    /// `f(x, axis: none, keepdim: false)`, with a number answer for a plain list of numbers
    /// when `list` is given (or for var/std, which compute theirs from the list's mean).
    static func reduction(
        _ name: String, summary: String, example: String, correction: Bool = false,
        list: (([Double]) throws -> Double)?,
        tensor: @escaping (Tensor, [Int]?, Bool, Int) throws -> Tensor
    ) -> Builtin {
        var params = [
            arg("x", "a tensor or a list of numbers"), arg("axis", "a whole number or a list of them", "none"),
            arg("keepdim", "a bool", "false"),
        ]
        if correction { params.append(arg("correction", "a whole number", "1")) }
        return Builtin(name, params, summary: summary, example: example) { args, _ in
            let c = correction ? try args.count("correction") : 1
            if !args.has("axis"), let numbers = try args.value("x")?.plainNumbers(for: name) {
                if let list { return .number(try list(numbers)) }
                if correction {
                    let v = try variance(name, numbers, correction: c)
                    return .number(name == "std" ? v.squareRoot() : v)
                }
            }
            let t = try args.tensor("x")
            let (axes, keep) = (try args.axes("axis"), try args.bool("keepdim"))
            return .tensor(try engine { try tensor(t, axes, keep, c) })
        }
    }

    /// argmax / argmin: along one axis, or over the flattened tensor; a list's index.
    static func argReduction(
        _ name: String, summary: String, example: String, better: @escaping (Double, Double) -> Bool,
        tensor: @escaping (Tensor, Int?, Bool) throws -> Tensor
    ) -> Builtin {
        Builtin(
            name, [arg("x", "a tensor or a list of numbers"), arg("axis", "a whole number", "none"), arg("keepdim", "a bool", "false")],
            summary: summary, example: example
        ) { args, _ in
            if !args.has("axis"), let numbers = try args.value("x")?.plainNumbers(for: name) {
                var best = 0
                for (i, x) in try nonEmpty(name, numbers).enumerated() where better(x, numbers[best]) || (x.isNaN && !numbers[best].isNaN) {
                    best = i
                }
                return .number(Double(best))
            }
            let t = try args.tensor("x")
            let (axis, keep) = (try args.optionalInteger("axis"), try args.bool("keepdim"))
            return .tensor(try engine { try tensor(t, axis, keep) })
        }
    }

    /// `f(x, kernel, stride: kernel, padding: 0)` for the pooling ops.
    static func pooling(
        _ name: String, summary: String, example: String,
        op: @escaping (Tensor, Int, Int?, Int) throws -> Tensor
    ) -> Builtin {
        Builtin(
            name,
            [
                arg("x", "a tensor"), arg("kernel", "a whole number"), arg("stride", "a whole number", "none"),
                arg("padding", "a whole number", "0"),
            ], summary: summary, example: example
        ) { args, _ in
            let (x, kernel) = (try args.tensor("x"), try args.integer("kernel"))
            let (stride, padding) = (try args.optionalInteger("stride"), try args.integer("padding"))
            return .tensor(try engine { try op(x, kernel, stride, padding) })
        }
    }

    /// The largest or smallest of a list; nan when any item is nan, as the tensor ops do.
    static func extreme(_ name: String, _ numbers: [Double], _ pick: (Double, Double) -> Double) throws -> Double {
        let xs = try nonEmpty(name, numbers)
        if xs.contains(where: \.isNaN) { return .nan }
        return xs.dropFirst().reduce(xs[0], pick)
    }

    static func nonEmpty(_ name: String, _ numbers: [Double]) throws -> [Double] {
        guard !numbers.isEmpty else { throw RuntimeError(.call(function: name, problem: "the list is empty")) }
        return numbers
    }

    /// The variance of a list in Double, two-pass for accuracy; nan with too few items.
    static func variance(_ name: String, _ numbers: [Double], correction: Int) throws -> Double {
        let n = try nonEmpty(name, numbers).count
        let mean = numbers.reduce(0, +) / Double(n)
        let squares = numbers.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return n > correction ? squares / Double(n - correction) : .nan
    }
}
