import Engine

/// Losses, optimizers and learning-rate schedules: the pieces of a training step,
///
///     zero_grad(opt); loss = cross_entropy(m(x), y); backward(loss); step(opt)
///
/// Optimizers hold the model's parameters by reference, so `step(opt)` changes the model
/// a user's variable refers to.
extension Builtins {
    static func training() -> [Builtin] {
        [
            // mse is in Builtins+Metrics.swift: a loss on tensors, a metric on a model and data.
            loss(
                "cross_entropy", ["logits", "targets"], smoothing: true,
                summary: "Cross-entropy of logits (batch, classes) against class indices (batch), averaged; optional label smoothing.",
                example:
                    "x = randn(8, 4)\nm = mlp([4, 16, 3])\ny = tensor([0, 1, 2, 0, 1, 2, 0, 1])\nloss = cross_entropy(m(x), y, label_smoothing: 0.1)"
            ) { a, b, smoothing in
                try Losses.crossEntropy(a, b, labelSmoothing: smoothing)
            },
            loss(
                "bce_with_logits", ["logits", "targets"], summary: "Binary cross-entropy of logits against 0/1 targets, computed stably.",
                example: "m = mlp([4, 16, 3])\nx = randn(8, 4)\ny = round(rand(8, 3))\nloss = bce_with_logits(m(x), y)"
            ) { a, b, _ in try Losses.binaryCrossEntropyWithLogits(a, b) },
            loss(
                "nll", ["log_probs", "targets"], summary: "Negative log-likelihood of log-probabilities (batch, classes) at class indices.",
                example: "y = tensor([0, 1, 2, 0, 1, 2, 0, 1])\nlogits = randn(8, 3)\nloss = nll(log_softmax(logits, axis: 1), y)"
            ) { a, b, _ in try Losses.nll(a, b) },
            Builtin(
                "sgd",
                [
                    arg("model", "a model"), arg("lr", "a number", "0.001"), arg("momentum", "a number", "0"),
                    arg("nesterov", "a bool", "false"), arg("weight_decay", "a number", "0"),
                ],
                summary: "Stochastic gradient descent over a model's parameters, with optional (Nesterov) momentum.",
                example: "m = mlp([4, 16, 3])\nopt = sgd(m, lr: 0.1, momentum: 0.9)"
            ) { args, _ in
                let parameters = try trainable(args)
                let (lr, momentum) = (try args.float("lr"), try args.float("momentum"))
                let (nesterov, decay) = (try args.bool("nesterov"), try args.float("weight_decay"))
                return .optimizer(
                    try engine {
                        try SGD(parameters: parameters, learningRate: lr, momentum: momentum, nesterov: nesterov, weightDecay: decay)
                    })
            },
            adamFamily(
                "adam", decayDefault: 0,
                summary: "Adam over a model's parameters; lr defaults to PyTorch's 0.001, and the recipe suggests 3e-4.",
                example: "m = mlp([4, 16, 3])\nopt = adam(m, lr: 3e-4)"
            ) { try Adam(parameters: $0, learningRate: $1, betas: $2, epsilon: $3, weightDecay: $4) },
            adamFamily(
                "adamw", decayDefault: 0.01, summary: "AdamW: Adam with decoupled weight decay, the usual regulariser.",
                example: "m = mlp([4, 16, 3])\nopt = adamw(m, lr: 3e-4, weight_decay: 0.1)"
            ) { try AdamW(parameters: $0, learningRate: $1, betas: $2, epsilon: $3, weightDecay: $4) },
            Builtin(
                "step", [arg("optimizer", "an optimizer or a scheduler")],
                summary: "Updates the parameters from their gradients (or advances a learning-rate schedule).",
                example:
                    "x = randn(8, 4)\nm = mlp([4, 16, 3])\ny = tensor([0, 1, 2, 0, 1, 2, 0, 1])\nloss = cross_entropy(m(x), y)\nopt = adam(m)\nbackward(loss); step(opt)"
            ) { args, runtime in
                // A required parameter: `Arguments` has refused a call without it.
                switch args.value("optimizer") ?? .none {
                case let .optimizer(o):
                    runtime.optimizerSteps += 1
                    try engine { try o.step() }
                case let .object(s as SchedulerObject): s.scheduler.step()
                case let other: throw args.mismatch("optimizer", other)
                }
                return .none
            },
            Builtin(
                "zero_grad", [arg("target", "an optimizer or a model")],
                summary: "Clears the gradients of an optimizer's (or a model's) parameters before the next backward.",
                example: "m = mlp([4, 16, 3])\nopt = adam(m)\nzero_grad(opt)"
            ) { args, _ in
                switch args.value("target") ?? .none {
                case let .optimizer(o): o.zeroGrad()
                case let .layer(l): l.parameters.forEach { $0.zeroGrad() }
                case let other: throw args.mismatch("target", other)
                }
                return .none
            },
            Builtin(
                "clip_grad_norm", [arg("model", "a model or an optimizer"), arg("max_norm", "a number")],
                summary: "Scales all gradients together so their global norm is at most max_norm; gives the norm before clipping.",
                example: "m = mlp([4, 16, 3])\nnorm = clip_grad_norm(m, 1.0)"
            ) { args, _ in
                let parameters: [Parameter]
                switch args.value("model") ?? .none {
                case let .layer(l): parameters = l.parameters
                case let .optimizer(o): parameters = o.parameters
                case let other: throw args.mismatch("model", other)
                }
                return .number(Double(try clipGradNorm(parameters, maxNorm: try args.float("max_norm"))))
            },
            Builtin(
                "lr", [arg("optimizer", "an optimizer")],
                summary: "The optimizer's current learning rate.",
                example: "opt = adam(mlp([4, 3]))\nlr(opt)   # 0.001"
            ) { args, _ in
                .number(Double(try args.optimizer("optimizer").learningRate))
            },
            Builtin(
                "set_lr", [arg("optimizer", "an optimizer"), arg("value", "a number ≥ 0")],
                summary: "Sets the optimizer's learning rate for the next steps.",
                example: "m = mlp([4, 16, 3])\nopt = adam(m)\nset_lr(opt, 1e-4)"
            ) { args, _ in
                let (optimizer, value) = (try args.optimizer("optimizer"), try args.number("value"))
                guard Float(value).isFinite, value >= 0 else { throw args.mismatch("value", .number(value)) }
                optimizer.learningRate = Float(value)
                return .none
            },
            Builtin(
                "schedule",
                [
                    arg("optimizer", "an optimizer"), arg("kind", "\"constant\", \"step\" or \"cosine\""),
                    arg("steps", "a whole number", "none"), arg("gamma", "a number", "0.1"),
                    arg("min_lr", "a number", "0"), arg("warmup", "a whole number", "0"),
                ],
                summary: "A learning-rate schedule driving an optimizer: call step(sched) once per optimizer step.",
                example: "m = mlp([4, 16, 3])\nopt = adam(m)\nsched = schedule(opt, \"cosine\", steps: 1000, warmup: 100)"
            ) { args, _ in
                let optimizer = try args.optimizer("optimizer")
                var plan: LearningRateSchedule
                switch try args.string("kind") {
                case "constant": plan = .constant
                case "step": plan = .step(stepSize: try args.integer("steps"), gamma: try args.float("gamma"))
                case "cosine": plan = .cosine(totalSteps: try args.integer("steps"), minimumRate: try args.float("min_lr"))
                default: throw args.mismatch("kind", args.value("kind") ?? .none)
                }
                let warmup = try args.integer("warmup")
                if warmup > 0 { plan = .warmup(steps: warmup, then: plan) }
                let schedule = plan
                return .object(SchedulerObject(try engine { try Scheduler(optimizer: optimizer, schedule: schedule) }))
            },
        ]
    }

    /// A loss of two tensors, with `label_smoothing` when `smoothing` is set.
    static func loss(
        _ name: String, _ names: [String], smoothing: Bool = false, summary: String, example: String,
        _ op: @escaping (Tensor, Tensor, Float) throws -> Tensor
    ) -> Builtin {
        var params = names.map { arg($0, "a tensor") }
        if smoothing { params.append(arg("label_smoothing", "a number in [0, 1]", "0")) }
        return Builtin(name, params, summary: summary, example: example) { args, _ in
            let (a, b) = (try args.tensor(names[0]), try args.tensor(names[1]))
            let amount = smoothing ? try args.float("label_smoothing") : 0
            return .tensor(try engine { try op(a, b, amount) })
        }
    }

    /// `adam` and `adamw`, which differ only in how weight decay applies and its default.
    static func adamFamily(
        _ name: String, decayDefault: Double, summary: String, example: String,
        make: @escaping ([Parameter], Float, (Float, Float), Float, Float) throws -> Optimizer
    ) -> Builtin {
        Builtin(
            name,
            [
                arg("model", "a model"), arg("lr", "a number", "0.001"), arg("betas", "a list of two numbers", "[0.9, 0.999]"),
                arg("eps", "a number", "1e-08"), arg("weight_decay", "a number", formatNumber(decayDefault)),
            ],
            summary: summary, example: example
        ) { args, _ in
            let parameters = try trainable(args)
            let lr = try args.float("lr")
            var betas: (Float, Float) = (0.9, 0.999)
            if let given = args.value("betas"), !given.isNone {
                guard let pair = try given.plainNumbers(for: name), pair.count == 2 else { throw args.mismatch("betas", given) }
                betas = (Float(pair[0]), Float(pair[1]))
            }
            let (eps, decay) = (try args.float("eps"), try args.float("weight_decay"))
            return .optimizer(try engine { try make(parameters, lr, betas, eps, decay) })
        }
    }

    /// The model's parameters; a model with none is refused, since an optimizer over
    /// nothing would make training silently do nothing.
    static func trainable(_ args: Arguments) throws -> [Parameter] {
        let parameters = try args.layer("model").parameters
        guard !parameters.isEmpty else {
            throw RuntimeError(.call(function: args.function, problem: "the model has no parameters to train"))
        }
        return parameters
    }
}

/// A learning-rate schedule as a Sprout value: `step(sched)` advances it.
public final class SchedulerObject: SproutObject {
    public let scheduler: Scheduler
    public init(_ scheduler: Scheduler) { self.scheduler = scheduler }
    public var kindName: String { "scheduler" }
    public func formatted() -> String {
        "schedule \(Self.describe(scheduler.schedule)) · step \(scheduler.stepCount) · lr \(formatNumber(Double(scheduler.currentRate)))"
    }

    /// `warmup 100 steps from 0.333333× lr, then cosine over 1000 steps to 0`.
    static func describe(_ schedule: LearningRateSchedule) -> String {
        func n(_ x: Float) -> String { formatNumber(Double(x)) }
        var parts: [String] = []
        var current = schedule
        while true {
            switch current {
            case .constant:
                parts.append("constant")
            case let .step(every, gamma):
                parts.append("× \(n(gamma)) every \(every) steps")
            case let .cosine(total, minimum):
                parts.append("cosine over \(total) steps to \(n(minimum))")
            case let .warmup(steps, factor, then):
                parts.append("warmup \(steps) steps from \(n(factor))× lr")
                current = then
                continue
            }
            return parts.joined(separator: ", then ")
        }
    }
}
