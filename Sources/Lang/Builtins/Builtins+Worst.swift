import Engine

/// `worst`: the rows a model gets most wrong, by loss, the recipe's "look at what the
/// model gets wrong". A mislabeled example, a corrupt image or a class the model never
/// learned shows up at the top; for a dataset of images the rows are drawn too, captioned
/// `true→predicted`, through the same image-grid plot `show` draws.
extension Builtins {
    static func worst() -> Builtin {
        Builtin(
            "worst",
            [arg("model", "a model or an ensemble"), arg("data", "a dataset with a target"), arg("k", "a whole number ≥ 1", "8")],
            summary:
                "The k rows with the highest loss (cross-entropy, or squared error for values), worst first: row, true, predicted, loss, confidence; drawn as images when the data has an image shape.",
            example: "ds = load(\"iris\")\nm = mlp([4, 3])\nworst(m, ds, k: 3).rows"
        ) { args, runtime in
            let k = try args.integer("k")
            guard k >= 1 else { throw args.mismatch("k", args.value("k") ?? .none) }
            let evaluation = try evaluate(try predictor(args, "model"), on: args.value("data") ?? .none, function: "worst")
            let shown = Array(try rankedMistakes(evaluation).prefix(k))
            let names = evaluation.classNames
            if let ds = evaluation.dataset, let shape = ds.imageShape {
                let series = shown.prefix(maxShownImages).map { mistake in
                    PlotRequest.Series(
                        y: ds.featureColumns.map { Float($0.number(at: mistake.row)) },
                        label: "\(mistake.text(mistake.truth, names))→\(mistake.text(mistake.predicted, names))")
                }
                _ = draw(
                    PlotRequest(.images(width: shape.width, height: shape.height), series: series, title: "worst \(series.count)"),
                    runtime)
            }
            return .object(worstReport(shown, of: evaluation.rowCount, classes: names, width: runtime.host.displayWidth))
        }
    }

    /// One row's mistake: its loss, its true and predicted class index (or value), and
    /// the probability the model gave its prediction (classes only).
    struct Mistake {
        let row: Int
        let truth: Float
        let predicted: Float
        let loss: Double
        let confidence: Double?

        /// A class index as its name, or a value as a number.
        func text(_ x: Float, _ names: [String]?) -> String {
            if let names, let i = Double(x).wholeInt, names.indices.contains(i) { return names[i] }
            return formatGeneral(Double(x), significant: 4)
        }
    }

    /// Every row with its loss, highest first (NaN first of all: it is the worst), ties
    /// by row number so the order is the same every run.
    static func rankedMistakes(_ evaluation: ModelEvaluation) throws -> [Mistake] {
        var mistakes: [Mistake] = []
        if evaluation.classNames != nil {
            let classes = try classEvaluation(evaluation, function: "worst")
            let logProbabilities = try engine { try evaluation.outputs.logSoftmax(axis: 1) }.scalars
            let probabilities = try engine { try evaluation.outputs.softmax(axis: 1) }.scalars
            let width = evaluation.width
            for row in 0..<evaluation.rowCount {
                let (t, p) = (classes.targets[row], classes.predicted[row])
                mistakes.append(
                    Mistake(
                        row: row, truth: Float(t), predicted: Float(p), loss: -Double(logProbabilities[row * width + t]),
                        confidence: Double(probabilities[row * width + p])))
            }
        } else {
            let values = try regressionValues(evaluation, function: "worst")
            for (row, (y, t)) in zip(values.predicted, values.targets).enumerated() {
                let error = Double(y) - Double(t)
                mistakes.append(Mistake(row: row, truth: t, predicted: y, loss: error * error, confidence: nil))
            }
        }
        return mistakes.sorted { a, b in
            if a.loss.isNaN != b.loss.isNaN { return a.loss.isNaN }
            return a.loss != b.loss && !a.loss.isNaN ? a.loss > b.loss : a.row < b.row
        }
    }

    private static func worstReport(_ shown: [Mistake], of total: Int, classes names: [String]?, width: Int) -> ReportValue {
        let hasConfidence = names != nil
        var table = TextTable(
            headers: ["row", "true", "predicted", "loss"] + (hasConfidence ? ["confidence"] : []), rows: [],
            alignments: [.right, .left, .left, .right, .right], fixedColumns: 1)
        var rows: [Record] = []
        for m in shown {
            let (truth, predicted) = (m.text(m.truth, names), m.text(m.predicted, names))
            table.rows.append(
                [String(m.row), truth, predicted, ReportValue.cell(m.loss)]
                    + (m.confidence.map { [formatFixed($0, digits: 3)] } ?? []))
            let value = { (x: Float, text: String) -> Value in names == nil ? .number(Double(x)) : .string(text) }
            rows.append(
                Record([
                    ("row", .number(Double(m.row))), ("true", value(m.truth, truth)), ("predicted", value(m.predicted, predicted)),
                    ("loss", .number(m.loss)), ("confidence", ReportValue.number(m.confidence)),
                ]))
        }
        return ReportValue(
            title: "worst", header: ["the \(counted(shown.count, "row")) of \(total) with the highest loss"], tables: [table],
            rows: rows,
            fields: Record([
                ("rows", .list(shown.map { .number(Double($0.row)) })), ("losses", .list(shown.map { .number($0.loss) })),
            ]), width: width)
    }
}
