import Engine

/// `ensemble`: the recipe's last squeeze, several models' predictions averaged. With data
/// it is a check: a verdict whose line says whether the average beats the best member,
/// with every member's metric under it, logged for `recipe()`: ✓ when the average beats
/// the best member or matches it while the members differ, ? when every member scores the
/// same (copies), ✗ when it is worse than the best. Without data it gives the
/// averaged model itself (an `EnsembleValue`), which every metric takes as a model.
extension Builtins {
    static func ensemble() -> Builtin {
        Builtin(
            "ensemble", [arg("models", "a list of models"), arg("data", "a dataset with a target", "none")],
            summary:
                "Averages models' predictions (softmax probabilities for classes, outputs for values): with data, the ensemble's accuracy (or mse) next to each member's, ✓ when it beats the best; without, the averaged model.",
            example:
                "ds = load(\"iris\")\nseed(1); a = mlp([4, 3]); b = mlp([4, 3])\nensemble([a, b], ds)\ne = ensemble([a, b]); accuracy(e, ds)"
        ) { args, runtime in
            let members = try ensembleMembers(args)
            guard args.has("data") else { return .object(EnsembleValue(members)) }
            let data = args.value("data") ?? .none
            let whole = try evaluate(.ensemble(members), on: data, function: "ensemble")
            let score = try ensembleScore(whole)
            let scores = try members.map { try ensembleScore(try evaluate(.model($0), on: data, function: "ensemble")) }
            return .object(runtime.record(ensembleVerdict(ensemble: score, members: scores, width: runtime.host.displayWidth)))
        }
    }

    /// A metric of an evaluation and which way is better: accuracy (higher) for classes,
    /// mean squared error (lower) for values.
    struct EnsembleScore {
        let metric: String
        let value: Double
        let higherIsBetter: Bool

        func beats(_ other: Double) -> Bool { higherIsBetter ? value > other : value < other }
    }

    private static func ensembleScore(_ evaluation: ModelEvaluation) throws -> EnsembleScore {
        if evaluation.classNames != nil {
            return EnsembleScore(
                metric: "accuracy", value: try confusionMatrix(try classEvaluation(evaluation, function: "ensemble")).accuracy,
                higherIsBetter: true)
        }
        let mse = meanError(try regressionValues(evaluation, function: "ensemble")) { $0 * $0 }
        return EnsembleScore(metric: "mse", value: mse, higherIsBetter: false)
    }

    /// The models in `models`: a list of models (an ensemble among them adds its members).
    private static func ensembleMembers(_ args: Arguments) throws -> [Layer] {
        let given = args.value("models") ?? .none
        guard case let .list(items) = given else { throw args.mismatch("models", given) }
        var members: [Layer] = []
        for item in items {
            switch item {
            case let .layer(layer): members.append(layer)
            case let .object(inner as EnsembleValue): members += inner.members
            default:
                throw RuntimeError(
                    .call(function: "ensemble", problem: "models holds \(item.described), not a model: give a list of models"))
            }
        }
        guard !members.isEmpty else {
            throw RuntimeError(.call(function: "ensemble", problem: "models is empty: give at least one model"))
        }
        return members
    }

    /// ✓ when the ensemble beats its best member; ✗ when it does worse; ? when it only
    /// ties it (copies of one model, or members that agree on every row).
    private static func ensembleVerdict(ensemble: EnsembleScore, members: [EnsembleScore], width: Int) -> VerdictValue {
        let values = members.map(\.value)
        let best = (ensemble.higherIsBetter ? values.max() : values.min()) ?? ensemble.value
        let name = ensemble.metric
        let figure = { (x: Double) in formatFixed(x, digits: name == "accuracy" ? 3 : 4) }
        let outcome: VerdictValue.Outcome
        let headline: String
        let models = counted(members.count, "model")
        if ensemble.beats(best) {
            outcome = .passed
            headline = "ensemble of \(models): \(name) \(figure(ensemble.value)) beats the best member's \(figure(best))"
        } else if ensemble.value == best, values.allSatisfy({ $0 == best }) {
            outcome = .undecided
            headline =
                "ensemble of \(models): \(name) \(figure(ensemble.value)) ties every member's: the models agree (are they copies?)"
        } else if ensemble.value == best {
            // Averaging lost nothing against the best member and gained on the others: a
            // metric counted in rows often ties where the probabilities improved.
            let worst = (ensemble.higherIsBetter ? values.min() : values.max()) ?? best
            outcome = .passed
            headline =
                "ensemble of \(models): \(name) \(figure(ensemble.value)) matches the best member's (members \(figure(worst)) to \(figure(best)))"
        } else {
            outcome = .failed
            headline = "ensemble of \(models): \(name) \(figure(ensemble.value)) is worse than the best member's \(figure(best))"
        }
        var table = TextTable(headers: ["model", name], rows: [], alignments: [.left, .right])
        for (i, value) in values.enumerated() { table.rows.append(["model \(i)", figure(value)]) }
        table.rows.append(["ensemble", figure(ensemble.value)])
        return VerdictValue(
            check: "ensemble", outcome: outcome, headline: headline,
            details: table.render(width: max(width - 2, 20)).split(separator: "\n").map(String.init),
            figures: Record([
                ("metric", .string(name)), ("ensemble", .number(ensemble.value)), ("members", .list(values.map(Value.number))),
                ("best", .number(best)),
            ]))
    }
}
