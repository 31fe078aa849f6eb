import Engine

/// `confusion`: which classes a classifier mistakes for which, as a table (rows true
/// classes, columns predicted ones, named by the dataset's classes) and a heatmap.
extension Builtins {
    static func confusion() -> Builtin {
        return Builtin(
            "confusion", [arg("model", "a model or an ensemble"), arg("data", "a dataset with a class target")],
            summary:
                "The confusion matrix: rows are true classes, columns predicted ones, as a table and a heatmap; `.matrix` gives the counts.",
            example: "ds = load(\"iris\")\nm = mlp([4, 3])\nconfusion(m, ds).matrix"
        ) { args, runtime in
            let evaluation = try classEvaluation(args, function: "confusion")
            let matrix = try confusionMatrix(evaluation)
            runtime.lastPlot = confusionPlot(matrix, names: evaluation.names)
            runtime.host.draw(confusionPlot(matrix, names: evaluation.names))
            return .object(confusionReport(matrix, names: evaluation.names, width: runtime.host.displayWidth))
        }
    }

    /// The matrix as a heatmap: true classes down, predicted across, named on the axes.
    private static func confusionPlot(_ matrix: ConfusionMatrix, names: [String]) -> PlotRequest {
        PlotRequest(
            .heatmap(width: matrix.classes, height: matrix.classes), series: [.init(y: matrix.counts.map(Float.init))],
            title: "confusion", xLabel: "predicted", yLabel: "true", labels: names)
    }

    private static func confusionReport(_ matrix: ConfusionMatrix, names: [String], width: Int) -> ReportValue {
        let n = matrix.classes
        var table = TextTable(
            headers: ["true \\ predicted"] + names, rows: [], alignments: [.left] + Array(repeating: .right, count: n), fixedColumns: 1)
        var rows: [Record] = []
        var lists: [Value] = []
        for (t, name) in names.enumerated() {
            let counts = (0..<n).map { matrix.count(true: t, predicted: $0) }
            table.rows.append([name] + counts.map(String.init))
            lists.append(.list(counts.map { .number(Double($0)) }))
            rows.append(Record([("class", .string(name))] + zip(names, counts).map { ($0, Value.number(Double($1))) }))
        }
        let correct = (0..<n).reduce(0) { $0 + matrix.count(true: $1, predicted: $1) }
        return ReportValue(
            title: "confusion", tables: [table],
            footer: ["\(correct) of \(counted(matrix.total, "row")) on the diagonal (accuracy \(formatFixed(matrix.accuracy, digits: 3)))"],
            rows: rows,
            fields: Record([
                ("matrix", .list(lists)), ("classes", .list(names.map(Value.string))), ("accuracy", .number(matrix.accuracy)),
            ]), width: width)
    }
}
