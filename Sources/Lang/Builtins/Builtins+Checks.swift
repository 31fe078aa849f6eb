import Engine

/// The recipe's checks: each makes one silent failure of training loud and returns a
/// verdict (`✓`/`✗`/`?` and the figures) that `recipe()` ticks. The checks live in
/// `Sources/Lang/Checks/`, one per file; `freeze` and `unfreeze` are here because the
/// overfit check is where a frozen layer shows.
extension Builtins {
    static func checks() -> [Builtin] {
        [
            Builtin(
                "check_init", [arg("model", "a model"), arg("data", "a dataset with a target, or a record {x, y}")],
                summary:
                    "Checks the loss at init against its analytic value (ln C for C classes, the target's variance for values) and the last bias against the class frequencies; the model is not changed.",
                example: "ds = load(\"iris\")\nds = fit_standardize(ds)(ds)\ncheck_init(mlp([4, 8, 3]), ds).ok   # true"
            ) { args, runtime in try checkInit(args, runtime) },
            Builtin(
                "overfit",
                [
                    arg("model", "a model"), arg("batch", "a small dataset, or a record {x, y}"), arg("steps", "a whole number", "1000"),
                    arg("lr", "a number", "0.003"),
                ],
                summary:
                    "Trains a copy of the model on one small batch (Adam, dropout and weight decay off) until the loss is near zero, with a shuffled-label control; says when it cannot.",
                example: "ds = load(\"iris\")\noverfit(mlp([4, 16, 3]), ds.take(8), steps: 300, lr: 0.01).ok"
            ) { args, runtime in try overfit(args, runtime) },
            Builtin(
                "deps",
                [
                    arg("model", "a model, or a function from a batch to a batch"), arg("x", "a batch tensor"),
                    arg("causal", "a bool", "false"),
                ],
                summary:
                    "Backprop dependency check: each sample's output must have zero gradient on every other sample's input (no mixing across the batch); draws the gradients as a heatmap.",
                example: "deps(mlp([4, 8, 3]), randn(4, 4)).ok   # true"
            ) { args, runtime in try deps(args, runtime) },
            Builtin(
                "peek", [arg("data", "a dataset or a (rows, features) tensor")],
                summary:
                    "Shows exactly what enters the network: per-feature statistics of .x and its first images; fails when features look un-normalised.",
                example: "ds = load(\"iris\")\npeek(ds.head(20)).ok   # false"
            ) { args, runtime in try peek(args, runtime) },
            Builtin(
                "recipe", [],
                summary: "The recipe's six stages as a checklist, ticked by the checks this session has run (and at which cell).",
                example: "recipe()"
            ) { _, runtime in .object(RecipeChecklist.report(runtime.recipe, width: runtime.host.displayWidth)) },
            freezing(
                "freeze", to: false, summary: "Stops a model's parameters (all, or a layer's by name) from training: they get no gradient."),
            freezing("unfreeze", to: true, summary: "Lets frozen parameters (all, or a layer's by name) train again."),
        ]
    }

    /// `freeze` and `unfreeze`: set whether the named parameters take gradients. A name
    /// is a parameter ("0.weight") or a layer's prefix ("0"), as `params(m)` lists them.
    private static func freezing(_ name: String, to requiresGradient: Bool, summary: String) -> Builtin {
        Builtin(
            name, [arg("model", "a model"), arg("name", "a layer or parameter name, as params(m) lists", "none")], summary: summary,
            example: "m = mlp([4, 8, 3])\n\(name)(m, \"0\")"
        ) { args, _ in
            let model = try args.layer("model")
            var chosen = model.allParameters
            if args.has("name") {
                let prefix = try args.string("name")
                chosen = chosen.filter { $0.name == prefix || $0.name.hasPrefix(prefix + ".") }
                guard !chosen.isEmpty else {
                    let names = model.allParameters.map(\.name)
                    let close = closestName(to: prefix, among: names).map { "did you mean '\($0)'? " } ?? ""
                    throw RuntimeError(
                        .call(
                            function: name,
                            problem:
                                "the model has no layer or parameter '\(prefix)' (\(close)its parameters are \(CheckSupport.listing(names, limit: 8)))"
                        ))
                }
            }
            for p in chosen { p.parameter.requiresGradient = requiresGradient }
            return .none
        }
    }
}
