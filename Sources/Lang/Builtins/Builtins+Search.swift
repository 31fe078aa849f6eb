import Engine

/// The recipe's tuning stage: random search over a space of hyper-parameters (Bergstra
/// & Bengio, 2012: random beats grid search when only a few dimensions matter).
///
///     space = {lr: between(1e-4, 1e-2, log: true), hidden: [64, 128, 256]}
///     s = search(space, cfg -> score_of(cfg), trials: 8)
///
/// Every configuration is drawn from the session's seeded stream before the trials
/// start, and each trial gets a seed of its own that restarts the stream just before
/// its score function runs, so trial k is reproducible alone: `seed(s.trials[k].seed);
/// score_of(s.trials[k].config)` gives the same score whatever ran before it.
extension Builtins {
    static func search() -> [Builtin] {
        [
            Builtin(
                "between",
                [arg("low", "a number"), arg("high", "a number"), arg("log", "a bool", "false"), arg("whole", "a bool", "false")],
                summary:
                    "A search dimension drawn uniformly from low to high (log: true draws the order of magnitude; whole: true rounds), for search's space.",
                example: "between(1e-4, 1e-2, log: true)"
            ) { args, _ in
                .object(
                    try SearchDimension(
                        low: try args.number("low"), high: try args.number("high"), log: try args.bool("log"),
                        whole: try args.bool("whole")))
            },
            Builtin(
                "search",
                [
                    arg("space", "a record of name: list of choices or between(…)"),
                    arg("score", "a function of a configuration record giving a number"), arg("trials", "a whole number", "10"),
                    arg("minimize", "a bool", "false"),
                ],
                summary:
                    "Random search: draws trials configurations from space, scores each with a seed of its own (reproducible alone), and tabulates them best first, with a scatter of score against each numeric dimension.",
                example:
                    "seed(0)\ns = search({x: between(-2, 2), k: [1, 2]}, cfg -> -(cfg.x - 1) ** 2 * cfg.k, trials: 20)\nabs(s.best.x - 1) < 0.3   # true"
            ) { args, runtime in
                try RandomSearch(args, runtime).run()
            },
        ]
    }
}

/// One `search` call: the space, the trials drawn from it, and their scores.
struct RandomSearch {
    /// A dimension of the space: choices (a list) or a range.
    enum Dimension {
        case choice([Value])
        case range(SearchDimension)
    }

    /// The most trials one call runs: each calls a user function, usually a training run.
    static let maxTrials = 10_000

    let names: [String]
    let dimensions: [Dimension]
    let score: FunctionValue
    let trials: Int
    let minimize: Bool
    let runtime: Runtime

    init(_ args: Arguments, _ runtime: Runtime) throws {
        guard case let .record(space)? = args.value("space"), !space.names.isEmpty else {
            throw RuntimeError(
                .call(
                    function: "search",
                    problem:
                        "space must be a record of name: choices, e.g. {lr: between(1e-4, 1e-2, log: true), hidden: [64, 128]}, got \(args.value("space")?.described ?? "nothing")"
                ))
        }
        names = space.names
        dimensions = try zip(space.names, space.values).map { name, value in
            switch value {
            case let .list(items) where !items.isEmpty: return .choice(items)
            case let .object(range as SearchDimension): return .range(range)
            default:
                throw RuntimeError(
                    .call(
                        function: "search",
                        problem:
                            "space.\(name) is \(value.described); give a non-empty list of choices or between(low, high)"))
            }
        }
        score = try args.function("score")
        trials = try args.integer("trials")
        guard (1...Self.maxTrials).contains(trials) else {
            throw RuntimeError(
                .call(function: "search", problem: "trials must be from 1 to \(Self.maxTrials), got \(trials)"))
        }
        minimize = try args.bool("minimize")
        self.runtime = runtime
    }

    /// Draws every configuration and seed first (so a trial that draws numbers of its own
    /// cannot change the trials after it), then scores them in order.
    func run() throws -> Value {
        var plans: [(config: Record, seed: Int)] = []
        for _ in 0..<trials {
            let config = Record(zip(names, dimensions).map { ($0, draw($1)) })
            // Below 2^31, so `seed(n)` takes it back exactly.
            let seed = Int(runtime.random.generator.next() >> 33)
            plans.append((config, seed))
        }
        var scores: [Double] = []
        for plan in plans {
            try runtime.cancellation.check()
            runtime.random.reseed(UInt64(plan.seed))
            let result = try runtime.callFunction(score, [.record(plan.config)], [])
            guard case let .number(value) = result else {
                throw RuntimeError(
                    .call(
                        function: "search",
                        problem: "score gave \(result.described) for trial \(scores.count + 1); it must give a number"))
            }
            scores.append(value)
        }
        let finite = scores.filter { !$0.isNaN }
        let best = (minimize ? finite.min() : finite.max()).map { "best score \(ReportValue.cell($0))" } ?? "no score"
        runtime.noteDone("search", "\(counted(trials, "trial")), \(best)")
        return SearchReport(names: names, dimensions: dimensions, plans: plans, scores: scores, minimize: minimize)
            .value(runtime)
    }

    private func draw(_ dimension: Dimension) -> Value {
        switch dimension {
        case let .choice(items): return items[runtime.random.generator.nextIndex(below: items.count)]
        case let .range(range): return .number(range.value(at: Double(runtime.random.generator.next() >> 11) * 0x1p-53))
        }
    }
}
