import Engine

/// `health(run)` / `health(m)`: the recipe's check that training is moving every layer at
/// a sane pace, from the per-layer statistics `fit` samples as it trains.
///
/// Per parameter, the update/weight ratio ‖Δw‖/‖w‖ of a step: around 1e-3 is healthy;
/// above 1e-2 the learning rate is too high for that layer (it is being rewritten each
/// step), below 1e-5 it barely moves. Per ReLU, the fraction of units that were zero for
/// every example of a batch: above a half, most of the layer passes no gradient. The
/// figures are averaged over the last few samples, so one odd batch does not decide.
/// `health(m)` reads the statistics of the last `fit` of `m` (kept weakly: nothing is
/// computed anew); a model that has not been fitted gets an undecided verdict.
extension Builtins {
    static func health() -> [Builtin] {
        [
            Builtin(
                "health", [arg("run", "a run or a model")],
                summary: "Checks a training run's per-layer update/weight ratios (~1e-3 is healthy) and dead ReLUs, from what fit kept.",
                example: "ds = load(\"iris\")\nm = mlp([4, 8, 3])\nrun = fit(m, ds, adam(m, lr: 0.01), epochs: 2)\nhealth(run)"
            ) { args, runtime in
                let given = args.value("run") ?? .none
                let run: RunValue?
                switch given {
                case let .object(value as RunValue): run = value
                case let .layer(model): run = runtime.lastRuns.last(for: model)
                default: throw args.mismatch("run", given)
                }
                return .object(runtime.record(HealthCheck.verdict(run?.run.statistics ?? [])))
            }
        ]
    }
}

/// The thresholds and the verdict of `health`.
enum HealthCheck {
    /// Update/weight ratios outside this range are flagged.
    static let highRatio: Float = 1e-2, lowRatio: Float = 1e-5
    /// A ReLU with more dead units than this is flagged.
    static let deadLimit: Float = 0.5
    /// Samples averaged (the most recent).
    static let recent = 5

    static func verdict(_ samples: [LayerStatistics]) -> VerdictValue {
        let window = samples.suffix(recent)
        guard let last = window.last else {
            return VerdictValue(
                check: "health", outcome: .undecided,
                headline: "no training statistics: run fit(m, data, opt) first, then health(run) or health(m)")
        }
        var problems: [String] = []
        var rows: [[String]] = []
        var ratios: [Float] = []
        for (i, parameter) in last.parameters.enumerated() {
            let ratio = mean(window.map { $0.parameters.indices.contains(i) ? $0.parameters[i].updateRatio : .nan })
            let norm = mean(window.map { $0.parameters.indices.contains(i) ? $0.parameters[i].gradientNorm : .nan })
            ratios.append(ratio)
            var flag = ""
            if !(ratio <= highRatio) {
                flag = "✗ too fast: lower the learning rate"
                problems.append("\(parameter.name) update/weight \(short(ratio))")
            } else if ratio < lowRatio {
                flag = "✗ barely moves"
                problems.append("\(parameter.name) update/weight \(short(ratio))")
            }
            rows.append([parameter.name, short(norm), short(ratio), "", flag])
        }
        var deadest: Float = 0, deadProblems = 0
        for (i, activation) in last.activations.enumerated() {
            let dead = mean(window.map { $0.activations.indices.contains(i) ? $0.activations[i].deadFraction : .nan })
            deadest = max(deadest, dead)
            var flag = ""
            if dead > deadLimit {
                flag = "✗ mostly dead"
                // First: dead units explain the layers around them that stop moving.
                problems.insert("\(activation.name) (\(activation.kind)) \(percent(dead)) dead", at: deadProblems)
                deadProblems += 1
            }
            rows.append(["\(activation.name) (\(activation.kind))", "", "", percent(dead), flag])
        }
        let table = TextTable(
            headers: ["layer", "grad norm", "update/weight", "dead", ""], rows: rows, alignments: [.left, .right, .right, .right, .left])
        let details = table.render(width: 100).split(separator: "\n").map(String.init)
        let range = ratios.isEmpty ? "" : "update/weight \(short(ratios.min() ?? 0)) to \(short(ratios.max() ?? 0))"
        let samplesText = "over steps \(window.first?.step ?? 0)–\(last.step)"
        let headline =
            problems.isEmpty
            ? "healthy: \(range), dead ReLUs at most \(percent(deadest)) (\(samplesText))"
            : "\(problems.count == 1 ? "1 problem" : "\(problems.count) problems"): \(problems.prefix(3).joined(separator: "; "))\(problems.count > 3 ? "; …" : "") (\(samplesText))"
        let figures = Record([
            ("max_ratio", .number(Double(ratios.max() ?? 0))), ("min_ratio", .number(Double(ratios.min() ?? 0))),
            ("dead", .number(Double(deadest))), ("problems", .number(Double(problems.count))),
        ])
        return VerdictValue(
            check: "health", outcome: problems.isEmpty ? .passed : .failed, headline: headline, details: details, figures: figures)
    }

    private static func mean(_ values: [Float]) -> Float {
        values.isEmpty ? .nan : values.reduce(0, +) / Float(values.count)
    }

    /// Two significant digits: `3.1e-03`, `0.25`.
    static func short(_ x: Float) -> String {
        let v = Double(x)
        guard v.isFinite else { return formatNumber(v) }
        return v != 0 && (abs(v) < 1e-2 || abs(v) >= 1e4) ? cFormat("%.*e", 1, v) : cFormat("%.*g", 2, v)
    }

    static func percent(_ x: Float) -> String { "\(Int((Double(x) * 100).rounded()))%" }
}
