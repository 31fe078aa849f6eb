/// What `search` returns and shows: the trials best first as a table (trial, its seed,
/// each dimension, the score), a line naming the best, and one scatter per numeric
/// dimension of score against that dimension (log-scaled for a log dimension), which
/// shows whether a range was wide enough: a best score at the edge of a range says to
/// widen it.
///
/// Members: `best` (the best configuration, a record), `best_score`, `best_seed`, and
/// `trials` (a record per trial, in the order run: trial, seed, config, score).
struct SearchReport {
    let names: [String]
    let dimensions: [RandomSearch.Dimension]
    let plans: [(config: Record, seed: Int)]
    let scores: [Double]
    let minimize: Bool

    /// Trial indices best first; a score that is nan ranks last, ties keep trial order.
    var ranking: [Int] {
        scores.indices.sorted { a, b in
            let (x, y) = (scores[a], scores[b])
            if x.isNaN != y.isNaN { return y.isNaN }
            if x != y, !x.isNaN { return minimize ? x < y : x > y }
            return a < b
        }
    }

    func value(_ runtime: Runtime) -> Value {
        let order = ranking
        var table = TextTable(
            headers: ["trial", "seed"] + names + ["score"], rows: [],
            alignments: [.right, .right] + names.map { _ in .right } + [.right], fixedColumns: 1)
        for i in order {
            let config = plans[i].config.values.map(ValueFormatter.inline)
            table.rows.append([String(i + 1), String(plans[i].seed)] + config + [ReportValue.cell(scores[i])])
        }
        let trials: [Value] = scores.indices.map { i in
            .record(
                Record([
                    ("trial", .number(Double(i + 1))), ("seed", .number(Double(plans[i].seed))),
                    ("config", .record(plans[i].config)), ("score", .number(scores[i])),
                ]))
        }
        let best = order[0]
        let bestText = zip(names, plans[best].config.values).map { "\($0) \(ValueFormatter.inline($1))" }
            .joined(separator: ", ")
        let header = [
            "random search · \(counted(scores.count, "trial")) · best score \(ReportValue.cell(scores[best])) at trial \(best + 1) (\(bestText))"
        ]
        let fields = Record([
            ("best", .record(plans[best].config)), ("best_score", .number(scores[best])),
            ("best_seed", .number(Double(plans[best].seed))), ("trials", .list(trials)),
        ])
        drawScatters(runtime)
        let rows = order.map { i in
            Record(
                [("trial", .number(Double(i + 1))), ("seed", .number(Double(plans[i].seed)))]
                    + zip(names, plans[i].config.values).map { ($0, $1) } + [("score", .number(scores[i]))])
        }
        return .object(
            ReportValue(title: "search", header: header, tables: [table], rows: rows, fields: fields, width: runtime.host.displayWidth))
    }

    /// One scatter per dimension whose values are all numbers, skipping nan scores.
    private func drawScatters(_ runtime: Runtime) {
        for (d, name) in names.enumerated() {
            let values = plans.compactMap { plan -> Double? in
                if case let .number(x) = plan.config.values[d] { return x }
                return nil
            }
            guard values.count == plans.count else { continue }
            let points = zip(values, scores).filter { $0.1.isFinite }
            guard !points.isEmpty else { continue }
            let (xs, ys) = (points.map { Float($0.0) }, points.map { Float($0.1) })
            var isLog = false
            if case let .range(range) = dimensions[d] { isLog = range.isLog }
            let plot = PlotRequest(
                .scatter, series: [.init(y: ys, x: xs)], title: "search: score against \(name)", xLabel: name,
                yLabel: "score", logX: isLog)
            _ = Builtins.draw(plot, runtime)
        }
    }
}
