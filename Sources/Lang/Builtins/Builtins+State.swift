import Engine

/// A model's weights as values: `state(m)` reads them, `load_state(m, s)` and
/// `set_param(m, name, t)` write them, with PyTorch's state-dict names and semantics.
///
/// All three share the Engine's one naming scheme (`Layer.stateEntries`, the names
/// `params` lists plus batch normalisation's buffers) and its one check
/// (`Layer.stateMismatch`), so a name or shape refused by one is refused by the others
/// with the same words. Nothing is written unless every name fits; writes go into the
/// model's existing parameters, so an optimizer made before a load keeps working.
extension Builtins {
    static func state() -> [Builtin] {
        [
            Builtin(
                "state", [arg("model", "a model")],
                summary:
                    "The model's parameters and buffers as a record of name to tensor (copies: changing them leaves the model), named as in a PyTorch state dict; a name such as \"0.weight\" prints quoted, as a record literal writes it.",
                example: "state(seq(linear(2, 1)))[\"0.bias\"].shape   # [1]"
            ) { args, _ in
                .record(Record(try args.layer("model").state.map { ($0.name, .tensor($0.value)) }))
            },
            Builtin(
                "load_state",
                [
                    arg("model", "a model"), arg("state", "a record of name to tensor, as state(model) gives, or a .safetensors path"),
                    arg("opt", "the model's optimizer, restored from the file too", "none"),
                ],
                summary:
                    "Sets every parameter and buffer from a state record or a .safetensors file (with opt:, the optimizer's state too, saved by save(m, path, opt: opt)); all names and shapes are checked first, and nothing changes unless all fit.",
                example:
                    "m = mlp([4, 8, 2])\nm2 = mlp([4, 8, 2])\nload_state(m2, state(m))\nsave(m, \"/tmp/m2.safetensors\")\nload_state(m2, \"/tmp/m2.safetensors\")"
            ) { args, runtime in
                let model = try args.layer("model")
                if case let .string(path) = args.value("state"), path.lowercased().hasSuffix(".safetensors") {
                    try loadStateFile(args, model: model, path: path)
                    runtime.noteLoaded(path, path: UserPath.expanded(path))
                    return .none
                }
                guard case let .record(record) = args.value("state") ?? .none else {
                    throw args.mismatch("state", args.value("state") ?? .none)
                }
                if let opt = args.value("opt"), !opt.isNone {
                    throw RuntimeError(.call(function: "load_state", problem: "opt: goes with a .safetensors path"))
                }
                var given: [(name: String, value: Tensor)] = []
                var unreadable: [String] = []
                for (name, value) in zip(record.names, record.values) {
                    if let t = try? value.asTensor() {
                        given.append((name, t))
                    } else {
                        unreadable.append("'\(name)' is \(value.described), not a tensor")
                    }
                }
                let report = model.stateMismatch(given.map { ($0.name, $0.value.shape) })
                guard report.isEmpty, unreadable.isEmpty else {
                    let problems = unreadable + stateProblems(report, in: model)
                    throw RuntimeError(
                        .call(
                            function: "load_state",
                            problem: "nothing was changed: " + problems.joined(separator: "; ")
                                + " (state(model) lists the names and shapes it takes)"))
                }
                try write(given, into: model, function: "load_state", partial: false)
                return .none
            },
            Builtin(
                "set_param", [arg("model", "a model"), arg("name", "a string"), arg("value", "a tensor")],
                summary:
                    "Replaces one parameter (or buffer) of a model with a copy of value, of the same shape; optimizers see the new value.",
                example: "m = mlp([64, 128, 10])\nset_param(m, \"0.weight\", zeros([128, 64]))"
            ) { args, _ in
                let (model, name, value) = (try args.layer("model"), try args.string("name"), try args.tensor("value"))
                let report = model.stateMismatch([(name, value.shape)], partial: true)
                if !report.unexpected.isEmpty {
                    let names = model.stateEntries.map(\.name)
                    let close = closestName(to: name, among: names).map { "did you mean '\($0)'? " } ?? ""
                    let known = names.isEmpty ? "it has none" : "it has " + names.joined(separator: ", ")
                    throw RuntimeError(
                        .call(function: "set_param", problem: "the model has no parameter named '\(name)' (\(close)\(known))"))
                }
                if let problem = stateProblems(report, in: model).first {
                    throw RuntimeError(.call(function: "set_param", problem: problem))
                }
                try write([(name, value)], into: model, function: "set_param", partial: true)
                return .none
            },
        ]
    }

    /// Writes checked values. The check has passed, so a failure here is a fault in it,
    /// reported rather than trapped.
    static func write(_ given: [(name: String, value: Tensor)], into model: Layer, function: String, partial: Bool) throws {
        do {
            try model.loadState(given, partial: partial)
        } catch {
            throw RuntimeError(.call(function: function, problem: stateProblems(error, in: model).joined(separator: "; ")))
        }
    }

    /// One phrase per problem: mis-shaped names first (in the words `set_param` has always
    /// used), then names the model lacks (with a close name it has), then missing ones.
    /// - Parameter source: what gave the values, in the mis-shaped phrase ("the file's").
    static func stateProblems(_ report: StateMismatch, in model: Layer, source: String = "the value") -> [String] {
        var out = report.reshaped.map {
            "'\($0.name)' has shape \(Shape.describe($0.expected)); \(source) has shape \(Shape.describe($0.given))"
        }
        for name in report.unexpected {
            let close = closestName(to: name, among: report.missing).map { " (did you mean '\($0)'?)" } ?? ""
            out.append("the model has no '\(name)'\(close)")
        }
        if !report.missing.isEmpty {
            out.append("the state lacks " + report.missing.map { "'\($0)'" }.joined(separator: ", "))
        }
        return out
    }
}
