import Engine

/// Layers and models. Every constructor draws its initial weights from the session's
/// random source (PyTorch's default initialisation), so `seed(n)` fixes them. A model is
/// applied by calling it, `m(x)`, which the evaluator handles; the activation layers come
/// from `relu()`, `tanh()`, `sigmoid()`, `gelu()` and `flatten()` with no argument.
extension Builtins {
    static func layers() -> [Builtin] {
        [
            Builtin(
                "linear", [arg("in", "a whole number"), arg("out", "a whole number"), arg("bias", "a bool", "true")],
                summary: "A fully connected layer: x (…, in) ↦ x · weightᵀ + bias, giving (…, out).",
                example: "layer = linear(64, 128)"
            ) { args, runtime in
                let (input, output) = (try args.integer("in"), try args.integer("out"))
                let bias = try args.bool("bias")
                return .layer(try engine { try Linear(inFeatures: input, outFeatures: output, bias: bias, rng: runtime.random) })
            },
            Builtin(
                "conv",
                [
                    arg("in", "a whole number"), arg("out", "a whole number"), arg("kernel", "a whole number"),
                    arg("stride", "a whole number", "1"), arg("padding", "a whole number", "0"), arg("bias", "a bool", "true"),
                ],
                summary: "A 2-D convolution layer over images (N, in, H, W), with square kernels.",
                example: "seq(conv(1, 8, 3, padding: 1), relu(), maxpool(2))"
            ) { args, runtime in
                let (input, output, kernel) = (try args.integer("in"), try args.integer("out"), try args.integer("kernel"))
                let (stride, padding) = (try args.integer("stride"), try args.integer("padding"))
                let bias = try args.bool("bias")
                return .layer(
                    try engine {
                        // Validated first: the Engine multiplies the sizes for its initial scale.
                        if input > 0, output > 0, kernel > 0 { try Shape.validate([output, input, kernel, kernel], op: "conv") }
                        return try Conv2d(
                            inChannels: input, outChannels: output, kernel: kernel, stride: stride, padding: padding,
                            bias: bias, rng: runtime.random)
                    })
            },
            poolLayer(
                "maxpool", summary: "A max-pooling layer over kernel × kernel windows of images (N, C, H, W).",
                example: "seq(conv(1, 8, 3), relu(), maxpool(2))"
            ) { try MaxPool2d(kernel: $0, stride: $1, padding: $2) },
            poolLayer(
                "avgpool", summary: "An average-pooling layer over kernel × kernel windows of images (N, C, H, W).",
                example: "avgpool(2, stride: 2)"
            ) { try AvgPool2d(kernel: $0, stride: $1, padding: $2) },
            Builtin(
                "dropout", [arg("p", "a number in [0, 1)", "0.5")],
                summary: "A dropout layer: in training mode zeroes each element with probability p and rescales the rest.",
                example: "seq(linear(64, 128), relu(), dropout(0.2), linear(128, 10))"
            ) { args, runtime in
                let probability = try args.float("p")
                return .layer(try engine { try Dropout(probability: probability, rng: runtime.random) })
            },
            Builtin(
                "batchnorm", [arg("features", "a whole number"), arg("momentum", "a number", "0.1"), arg("eps", "a number", "1e-05")],
                summary: "Batch normalisation over (N, features): batch statistics in training, running ones in eval.",
                example: "seq(linear(64, 128), batchnorm(128), relu())"
            ) { args, _ in
                let features = try args.integer("features")
                let (momentum, eps) = (try args.float("momentum"), try args.float("eps"))
                return .layer(
                    try engine {
                        try Shape.validate([features], op: "batchnorm")  // the Engine allocates before checking the size
                        return try BatchNorm1d(features: features, momentum: momentum, epsilon: eps)
                    })
            },
            Builtin(
                "layernorm", [arg("features", "a whole number"), arg("eps", "a number", "1e-05")],
                summary: "Layer normalisation over the last axis of size features, with a learned scale and shift.",
                example: "seq(linear(64, 128), layernorm(128), gelu())"
            ) { args, _ in
                let (features, eps) = (try args.integer("features"), try args.float("eps"))
                return .layer(
                    try engine {
                        try Shape.validate([features], op: "layernorm")  // the Engine allocates before checking the size
                        return try LayerNorm(features: features, epsilon: eps)
                    })
            },
            Builtin(
                "embedding", [arg("count", "a whole number"), arg("dim", "a whole number")],
                summary: "A lookup table of count learned vectors of size dim, indexed by whole numbers.",
                example: "emb = embedding(27, 16)"
            ) { args, runtime in
                let (count, dim) = (try args.integer("count"), try args.integer("dim"))
                return .layer(try engine { try Embedding(count: count, dimension: dim, rng: runtime.random) })
            },
            Builtin(
                "seq", [variadic("layers", "models or lists of models")],
                summary: "A model that applies its layers one after another; lists of layers are spliced in.",
                example: "m = seq(linear(64, 128), relu(), linear(128, 10))"
            ) { args, _ in
                var layers: [Layer] = []
                for item in args.rest {
                    switch item {
                    case let .layer(l): layers.append(l)
                    case let .list(items):
                        for inner in items {
                            guard case let .layer(l) = inner else { throw args.mismatch("layers", inner) }
                            layers.append(l)
                        }
                    default: throw args.mismatch("layers", item)
                    }
                }
                return .layer(Sequential(layers))
            },
            Builtin(
                "params", [arg("model", "a model")],
                summary: "The model's parameters as records {name, shape, count}, named as in a PyTorch state dict.",
                example: "m = mlp([4, 16, 3])\nparams(m)"
            ) { args, _ in
                .list(
                    try args.layer("model").parameterTable.map { row in
                        .record(
                            Record([
                                ("name", .string(row.name)), ("shape", .list(row.shape.map { .number(Double($0)) })),
                                ("count", .number(Double(row.count))),
                            ]))
                    })
            },
            Builtin(
                "param", [arg("model", "a model"), arg("name", "a string")],
                summary:
                    "One parameter of a model by name, as a tensor whose grad(…) is the parameter's gradient; change it with set_param.",
                example: "m = mlp([4, 16, 3])\ngrad(param(m, \"0.weight\"))"
            ) { args, _ in
                .tensor(try parameter(args, function: "param").tensor)
            },
            Builtin(
                "param_count", [arg("model", "a model")],
                summary: "The number of trainable numbers in a model.",
                example: "m = mlp([64, 128, 10])\nparam_count(m)   # 9610"
            ) { args, _ in
                .number(Double(try args.layer("model").parameterCount))
            },
            Builtin(
                "train", [arg("model", "a model")],
                summary: "Puts a model in training mode (dropout active, batchnorm uses batch statistics).",
                example: "m = mlp([4, 16, 3])\ntrain(m)"
            ) { args, _ in
                try args.layer("model").train()
                return .none
            },
            Builtin(
                "eval", [arg("model", "a model")],
                summary: "Puts a model in evaluation mode (no dropout, batchnorm uses running statistics).",
                example: "m = mlp([4, 16, 3])\nval_x = randn(4, 4)\nval_y = tensor([0, 1, 2, 1])\neval(m); acc = accuracy(m(val_x), val_y)"
            ) { args, _ in
                try args.layer("model").eval()
                return .none
            },
        ]
    }

    /// The parameter `name` of `model`, or an error naming the close match and every
    /// parameter the model has.
    static func parameter(_ args: Arguments, function: String) throws -> Parameter {
        let (model, name) = (try args.layer("model"), try args.string("name"))
        let all = model.allParameters
        if let found = all.first(where: { $0.name == name }) { return found.parameter }
        let close = closestName(to: name, among: all.map(\.name)).map { "did you mean '\($0)'? " } ?? ""
        let known = all.isEmpty ? "it has none" : "it has " + all.map(\.name).joined(separator: ", ")
        throw RuntimeError(.call(function: function, problem: "the model has no parameter named '\(name)' (\(close)\(known))"))
    }

    /// `maxpool(kernel, stride: kernel, padding: 0)` and its average twin.
    static func poolLayer(
        _ name: String, summary: String, example: String,
        make: @escaping (Int, Int?, Int) throws -> Layer
    ) -> Builtin {
        Builtin(
            name, [arg("kernel", "a whole number"), arg("stride", "a whole number", "none"), arg("padding", "a whole number", "0")],
            summary: summary, example: example
        ) { args, _ in
            let kernel = try args.integer("kernel")
            let (stride, padding) = (try args.optionalInteger("stride"), try args.integer("padding"))
            return .layer(try engine { try make(kernel, stride, padding) })
        }
    }
}
