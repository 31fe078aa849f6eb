import Engine

/// Checkpoints in safetensors files: `save(m, "m.safetensors")` writes a model's state
/// under PyTorch's state-dict names (so `model.load_state_dict(load_file(...))` takes
/// it), `load_state(m, "m.safetensors")` reads it back, and `load("m.safetensors")`
/// shows what a file holds, as a record of name to tensor.
///
/// The optimizer's state goes in the same file (`save(m, path, opt: opt)`), under
/// "optimizer.NAME.exp_avg" and the like, with its settings in the file's metadata: the
/// model gives the names, so each moment is stored beside the parameter it belongs to,
/// and model and optimizer cannot drift apart across two files. `load_state(m, path)`
/// alone takes the weights and leaves the optimizer's entries; with `opt:` it restores
/// both, so training resumes bit for bit. Everything is checked before anything changes.
extension Builtins {
    /// `save` for a `.safetensors` path: a model (with `opt:`, its optimizer too) or a
    /// record of tensors.
    static func saveSafetensors(_ args: Arguments, path: String) throws {
        var tensors: [(name: String, value: Tensor)]
        var metadata: [(key: String, value: String)] = [("format", "pt")]
        let value = args.value("value") ?? .none
        switch value {
        case let .layer(model):
            tensors = model.state
            if let optimizer = try optionalOptimizer(args) {
                let names = try optimizerNames(optimizer, in: model, function: "save")
                let saved: (tensors: [(name: String, value: Tensor)], metadata: [(key: String, value: String)])
                do {
                    saved = try OptimizerCheckpoint.state(of: optimizer, names: names)
                } catch {
                    throw RuntimeError(.call(function: "save", problem: error.problems.joined(separator: "; ")))
                }
                tensors += saved.tensors
                metadata += saved.metadata
            }
        case let .record(record):
            if try optionalOptimizer(args) != nil { throw RuntimeError(.call(function: "save", problem: "opt: goes with a model")) }
            tensors = try zip(record.names, record.values).map { name, item in
                guard let tensor = try? item.asTensor() else {
                    throw RuntimeError(.call(function: "save", problem: "'\(name)' is \(item.described), not a tensor"))
                }
                return (name, tensor)
            }
        default:
            throw RuntimeError(
                .argument(function: "save", parameter: "value", expected: "a model or a record of tensors", got: value.described))
        }
        do {
            try SafetensorsFile.write(tensors, metadata: metadata, path: UserPath.expanded(path))
        } catch {
            throw checkpointError(error, path: path, function: "save")
        }
    }

    /// What `load` gives for a `.safetensors` path: its tensors as a record of name to
    /// tensor, in the file's order.
    static func loadSafetensors(path: String) throws -> Value {
        .record(Record(try readCheckpoint(path: path, function: "load").tensors.map { ($0.name, .tensor($0.value)) }))
    }

    /// `load_state(m, "m.safetensors", opt:)`: the model's tensors (and with `opt:` the
    /// optimizer's) from the file, all checked before any is written.
    static func loadStateFile(_ args: Arguments, model: Layer, path: String) throws {
        let file = try readCheckpoint(path: path, function: "load_state")
        let hasOptimizer = file.metadata.contains { $0.key == "optimizer" }
        let isOptimizerEntry = { (name: String) in hasOptimizer && name.hasPrefix("optimizer.") }
        let weights = file.tensors.filter { !isOptimizerEntry($0.name) }
        func refusal(_ what: String, _ problems: [String]) -> RuntimeError {
            let problem = "nothing was changed: \(path) does not fit the \(what): " + problems.joined(separator: "; ")
            return RuntimeError(.call(function: "load_state", problem: problem))
        }
        let report = model.stateMismatch(weights.map { ($0.name, $0.value.shape) })
        guard report.isEmpty else {
            throw refusal(
                "model", stateProblems(report, in: model, source: "the file's") + ["state(model) lists the names and shapes it takes"])
        }
        if let optimizer = try optionalOptimizer(args) {
            guard hasOptimizer else {
                throw RuntimeError(
                    .call(function: "load_state", problem: "\(path) holds no optimizer state; save it with save(m, path, opt: opt)"))
            }
            let names = try optimizerNames(optimizer, in: model, function: "load_state")
            do {
                try OptimizerCheckpoint.restore(
                    optimizer, names: names, tensors: file.tensors.filter { isOptimizerEntry($0.name) }, metadata: file.metadata)
            } catch {
                throw refusal("optimizer", error.problems)
            }
        }
        try write(weights, into: model, function: "load_state", partial: false)
    }

    /// The file's contents, or its problem as the message of `function`.
    private static func readCheckpoint(path: String, function: String) throws -> SafetensorsFile.Contents {
        do {
            return try SafetensorsFile.read(path: UserPath.expanded(path))
        } catch {
            throw checkpointError(error, path: path, function: function)
        }
    }

    /// The `opt:` argument, or nil when not given.
    private static func optionalOptimizer(_ args: Arguments) throws -> Optimizer? {
        guard let given = args.value("opt"), !given.isNone else { return nil }
        return try args.optimizer("opt")
    }

    /// The name under which each of the optimizer's parameters is stored: "optimizer."
    /// and the model's name for it.
    private static func optimizerNames(_ optimizer: Optimizer, in model: Layer, function: String) throws -> [String] {
        var names: [ObjectIdentifier: String] = [:]
        for entry in model.stateEntries {
            if case let .parameter(p) = entry.slot { names[ObjectIdentifier(p)] = "optimizer." + entry.name }
        }
        let found = optimizer.parameters.compactMap { names[ObjectIdentifier($0)] }
        guard found.count == optimizer.parameters.count else {
            throw RuntimeError(
                .call(function: function, problem: "the optimizer does not train this model's parameters; give the model it was made for"))
        }
        return found
    }

    /// A file's problem as the language reports it: under the path as the user typed it,
    /// and a Ctrl-C stop as every other stop is shown.
    private static func checkpointError(_ error: SafetensorsError, path: String, function: String) -> RuntimeError {
        if error.problem == .cancelled { return RuntimeError(.cancelled) }
        return RuntimeError(.call(function: function, problem: SafetensorsError(path: path, problem: error.problem).description))
    }
}
