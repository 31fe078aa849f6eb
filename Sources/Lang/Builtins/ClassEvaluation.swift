import Engine

/// A classifier's evaluation over a dataset with a class target, checked once for what
/// every class metric needs (`accuracy`, `scores`, `f1`, `confusion`, `worst`): one output
/// per class, and the target's class names to label rows and columns with.
struct ClassEvaluation {
    let evaluation: ModelEvaluation
    /// The class names, in index order: what `.classes` shows.
    let names: [String]
    /// The true class index of each row.
    let targets: [Int]
    /// The predicted class index of each row (the argmax of its outputs).
    let predicted: [Int]
}

extension Builtins {
    /// Evaluates the `model` argument over the `data` argument as a classifier.
    static func classEvaluation(
        _ args: Arguments, model: String = "model", data: String = "data", function: String
    )
        throws -> ClassEvaluation
    {
        let evaluation = try evaluate(try predictor(args, model), on: args.value(data) ?? .none, function: function)
        return try classEvaluation(evaluation, function: function)
    }

    /// `evaluation` as a classifier's.
    /// - Throws: when the target holds values (a regression: say which metrics fit), or
    ///   the model's outputs per row are not one per class.
    static func classEvaluation(_ evaluation: ModelEvaluation, function: String) throws -> ClassEvaluation {
        guard let names = evaluation.classNames, let targets = evaluation.targets else {
            let target = evaluation.dataset?.target.map { "'\($0)' " } ?? ""
            throw RuntimeError(
                .call(
                    function: function,
                    problem:
                        "\(function) needs a target of classes, but the target \(target)holds values: for a regression use mse(m, data) or mae(m, data)"
                ))
        }
        try checkClassWidth(evaluation, names, function: function)
        return ClassEvaluation(
            evaluation: evaluation, names: names, targets: try classIndices(targets, classes: names.count, function: function),
            predicted: try predictedClasses(evaluation.outputs))
    }

    /// Refuses a model whose outputs per row are not one per class.
    static func checkClassWidth(_ evaluation: ModelEvaluation, _ names: [String], function: String) throws {
        guard evaluation.width != names.count else { return }
        throw RuntimeError(
            .call(
                function: function,
                problem:
                    "the model gives \(counted(evaluation.width, "output")) per row, but the target has \(counted(names.count, "class", plural: "classes")): a classifier gives one output (logit) per class"
            ))
    }

    static func confusionMatrix(_ evaluation: ClassEvaluation) throws -> ConfusionMatrix {
        try engine { try ConfusionMatrix(predicted: evaluation.predicted, targets: evaluation.targets, classes: evaluation.names.count) }
    }

    /// `scores`: a row per class (precision, recall, F1, support) and a macro row; a class
    /// never predicted is named under the table, since its precision of 0 is a convention.
    static func scoresReport(_ matrix: ConfusionMatrix, names: [String], width: Int) -> ReportValue {
        var table = TextTable(
            headers: ["class", "precision", "recall", "f1", "support"], rows: [],
            alignments: [.left, .right, .right, .right, .right], fixedColumns: 1)
        var rows: [Record] = []
        func add(_ name: String, _ precision: Double, _ recall: Double, _ f1: Double, _ support: Int) {
            table.rows.append([name] + [precision, recall, f1].map { formatFixed($0, digits: 3) } + [String(support)])
            rows.append(
                Record([
                    ("class", .string(name)), ("precision", .number(precision)), ("recall", .number(recall)), ("f1", .number(f1)),
                    ("support", .number(Double(support))),
                ]))
        }
        for (c, name) in names.enumerated() {
            add(name, matrix.precision(c), matrix.recall(c), matrix.f1(c), matrix.support(c))
        }
        let macro = (matrix.macro(matrix.precision), matrix.macro(matrix.recall), matrix.macro(matrix.f1))
        add("macro avg", macro.0, macro.1, macro.2, matrix.total)
        let unpredicted = names.indices.filter { matrix.predictedCount($0) == 0 }.map { names[$0] }
        var footer = ["accuracy \(formatFixed(matrix.accuracy, digits: 3)) over \(counted(matrix.total, "row"))"]
        if !unpredicted.isEmpty {
            footer.append(
                "never predicted: \(unpredicted.joined(separator: ", ")) (precision counted as 0, which lowers the macro average)")
        }
        return ReportValue(
            title: "scores", tables: [table], footer: footer, rows: rows,
            fields: Record([
                ("precision", .number(macro.0)), ("recall", .number(macro.1)), ("f1", .number(macro.2)),
                ("accuracy", .number(matrix.accuracy)), ("classes", .list(names.map(Value.string))),
                ("never_predicted", .list(unpredicted.map(Value.string))),
            ]), width: width)
    }
}
