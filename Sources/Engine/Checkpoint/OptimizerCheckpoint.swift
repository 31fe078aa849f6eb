/// An optimizer's state as named tensors and text settings, for a checkpoint file, so
/// that training resumed from it continues bit for bit as if it had never stopped.
///
/// Each tensor is named after the parameter it belongs to, with PyTorch's field names:
/// Adam and AdamW keep "NAME.step" (a float32 scalar, as PyTorch keeps it), "NAME.exp_avg"
/// and "NAME.exp_avg_sq"; SGD with momentum keeps "NAME.momentum_buffer". A parameter
/// that has not been stepped yet has no state, and no tensors. The settings go in the
/// file's metadata: the kind ("Adam") and every hyper-parameter, written as the shortest
/// decimal that reads back as the same float32.
///
/// Restoring checks everything before writing anything: the kind and the fixed
/// hyper-parameters must match the optimizer's (they are constants of the update rule),
/// every tensor must belong to a parameter and have its shape. The learning rate is
/// restored, as PyTorch's `load_state_dict` does, since a schedule may have changed it.
public enum OptimizerCheckpoint {
    /// The state of `optimizer`, its tensors named after `names` (one per parameter, in
    /// `optimizer.parameters` order).
    /// - Throws: `OptimizerStateError` for an optimizer kind with no saved form.
    public static func state(
        of optimizer: Optimizer, names: [String]
    ) throws(OptimizerStateError) -> (
        tensors: [(name: String, value: Tensor)], metadata: [(key: String, value: String)]
    ) {
        var tensors: [(name: String, value: Tensor)] = []
        switch optimizer {
        case let adam as Adam:
            for (name, state) in zip(names, adam.states) {
                guard let state else { continue }
                tensors += [
                    (name + ".step", Tensor(Float(state.step))), (name + ".exp_avg", state.mean.detached()),
                    (name + ".exp_avg_sq", state.squaredMean.detached()),
                ]
            }
        case let sgd as SGD:
            for (name, buffer) in zip(names, sgd.momentumBuffers) {
                if let buffer { tensors.append((name + ".momentum_buffer", buffer.detached())) }
            }
        default:
            throw OptimizerStateError(problems: ["this kind of optimizer has no saved form (Adam, AdamW and SGD have)"])
        }
        return (tensors, [("optimizer", kind(of: optimizer))] + settings(of: optimizer).map { ("optimizer." + $0.key, $0.value) })
    }

    /// Sets `optimizer`'s state from a checkpoint's tensors and metadata, as `state(of:)`
    /// wrote them; nothing changes unless all of it fits.
    /// - Throws: `OptimizerStateError` listing every problem: another kind or other
    ///   settings, a tensor for no parameter, a wrong shape, a step that is no count.
    public static func restore(
        _ optimizer: Optimizer, names: [String], tensors: [(name: String, value: Tensor)], metadata: [(key: String, value: String)]
    ) throws(OptimizerStateError) {
        let saved = Dictionary(metadata, uniquingKeysWith: { first, _ in first })
        let kind = kind(of: optimizer)
        guard let savedKind = saved["optimizer"] else {
            throw OptimizerStateError(problems: ["the file holds no optimizer state"])
        }
        guard savedKind == kind else {
            throw OptimizerStateError(problems: ["the file holds \(savedKind) state; this optimizer is \(kind)"])
        }
        var problems: [String] = []
        for (key, value) in settings(of: optimizer) where key != "lr" && saved["optimizer." + key] != value {
            problems.append("the file's \(key) is \(saved["optimizer." + key] ?? "missing"), this optimizer's is \(value)")
        }
        let learningRate = saved["optimizer.lr"].flatMap(Float.init)
        if learningRate == nil { problems.append("the file's lr is \(saved["optimizer.lr"] ?? "missing"), not a number") }
        let fields = optimizer is Adam ? ["step", "exp_avg", "exp_avg_sq"] : ["momentum_buffer"]
        let (found, misfits) = matched(tensors, names: names, fields: fields, parameters: optimizer.parameters)
        problems += misfits
        guard problems.isEmpty, let learningRate else { throw OptimizerStateError(problems: problems) }
        if let adam = optimizer as? Adam {
            adam.states = try adamStates(found, names: names)
        } else if let sgd = optimizer as? SGD {
            sgd.momentumBuffers = names.map { found[$0 + ".momentum_buffer"] }
        }
        optimizer.learningRate = learningRate
    }

    /// The tensors by name, each checked to be a known field of a known parameter and
    /// shaped as it (a step is a scalar), with one phrase per problem.
    private static func matched(
        _ tensors: [(name: String, value: Tensor)], names: [String], fields: [String], parameters: [Parameter]
    ) -> (found: [String: Tensor], problems: [String]) {
        var shapes: [String: [Int]] = [:]
        for (name, parameter) in zip(names, parameters) {
            for field in fields { shapes[name + "." + field] = field == "step" ? [] : parameter.value.shape }
        }
        var found: [String: Tensor] = [:]
        var problems: [String] = []
        for (name, value) in tensors {
            guard let shape = shapes[name] else {
                problems.append("'\(name)' is not the state of one of this optimizer's parameters")
                continue
            }
            guard value.shape == shape else {
                problems.append("'\(name)' has shape \(Shape.describe(value.shape)), the parameter's state has \(Shape.describe(shape))")
                continue
            }
            found[name] = value
        }
        return (found, problems)
    }

    /// Adam's per-parameter states: all three tensors or none, a step a whole number of
    /// at least 1 (float32 counts exactly up to 2^24).
    private static func adamStates(_ found: [String: Tensor], names: [String]) throws(OptimizerStateError) -> [AdamState?] {
        var states: [AdamState?] = []
        var problems: [String] = []
        for name in names {
            let (step, mean, squared) = (found[name + ".step"], found[name + ".exp_avg"], found[name + ".exp_avg_sq"])
            guard step != nil || mean != nil || squared != nil else {
                states.append(nil)
                continue
            }
            guard let step, let mean, let squared else {
                problems.append("the state of '\(name)' needs step, exp_avg and exp_avg_sq together")
                continue
            }
            let count = step.withUnsafeBufferPointer { $0.first ?? 0 }
            guard count >= 1, count <= 0x1p24, count.rounded() == count else {
                problems.append("'\(name).step' is \(count), not a whole count of steps")
                continue
            }
            do {
                let state = try AdamState(shape: mean.shape)
                (state.step, state.mean, state.squaredMean) = (Int(count), mean.detached(), squared.detached())
                states.append(state)
            } catch {
                problems.append("cannot restore the state of '\(name)': \(error)")
            }
        }
        guard problems.isEmpty else { throw OptimizerStateError(problems: problems) }
        return states
    }

    /// The name a user reads: "Adam", "AdamW", "SGD".
    private static func kind(of optimizer: Optimizer) -> String {
        switch optimizer {
        case let adam as Adam: adam.kind
        case is SGD: "SGD"
        default: "an optimizer"
        }
    }

    /// The hyper-parameters, by PyTorch's names, as text; the metadata keys add "optimizer.".
    private static func settings(of optimizer: Optimizer) -> [(key: String, value: String)] {
        var out: [(key: String, value: String)] = [("lr", "\(optimizer.learningRate)")]
        if let adam = optimizer as? Adam {
            out += [("betas", "\(adam.beta1),\(adam.beta2)"), ("eps", "\(adam.epsilon)"), ("weight_decay", "\(adam.weightDecay)")]
        } else if let sgd = optimizer as? SGD {
            out += [
                ("momentum", "\(sgd.momentum)"), ("dampening", "\(sgd.dampening)"), ("nesterov", "\(sgd.isNesterov)"),
                ("weight_decay", "\(sgd.weightDecay)"),
            ]
        }
        return out
    }
}

/// Why an optimizer's state cannot be saved or restored: every problem found, in words.
public struct OptimizerStateError: Error, Equatable {
    public var problems: [String]
}
