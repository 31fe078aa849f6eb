import Engine

/// The recipe's "human-interpretable metrics": `predict`, `accuracy` (top-1 or top-k),
/// `scores` (precision, recall and F1 per class and macro), `f1`, and `mse`/`mae` over a
/// model and a dataset. Each runs the model through `Builtins.evaluate` (evaluation mode,
/// no gradients, in chunks), so a metric never changes the model or its gradients.
///
/// `accuracy`, `mse` and `mae` also keep their tensor forms (`accuracy(logits, targets)`,
/// `mse(prediction, target)` as a differentiable loss): they dispatch on whether the first
/// argument is a model.
extension Builtins {
    static func metrics() -> [Builtin] {
        [
            Builtin(
                "predict", [arg("model", "a model or an ensemble"), arg("data", "a dataset or a tensor (rows, features)")],
                summary:
                    "The model's predictions, in evaluation mode and without gradients: class indices (the argmax of the outputs) for a classifier, values for one output per row.",
                example: "ds = load(\"iris\")\nm = mlp([4, 3])\nlen(predict(m, ds))   # 150"
            ) { args, runtime in
                let evaluation = try evaluate(
                    try predictor(args, "model"), on: args.value("data") ?? .none, needsTarget: false, function: "predict")
                let isClassifier: Bool
                switch evaluation.kind {
                case let .classes(names)?:
                    try checkClassWidth(evaluation, names, function: "predict")
                    isClassifier = true
                case .values?: isClassifier = false
                case nil: isClassifier = evaluation.width > 1
                }
                if isClassifier { return .tensor(try engine { try evaluation.outputs.argmax(axis: 1) }) }
                return .tensor(try engine { evaluation.width == 1 ? try evaluation.outputs.reshaped(to: [-1]) : evaluation.outputs })
            },
            Builtin(
                "accuracy",
                [
                    arg("model", "a model or an ensemble (or logits (rows, classes))"),
                    arg("data", "a dataset with a class target (or targets (rows))"), arg("k", "a whole number ≥ 1", "1"),
                ],
                summary:
                    "The fraction of rows whose class is predicted right, in [0, 1]; with k, top-k accuracy (the true class among the k largest outputs).",
                example:
                    "ds = load(\"iris\")\nm = mlp([4, 3])\naccuracy(m, ds, k: 2)\naccuracy(tensor([[0, 1], [1, 0]]), tensor([1, 1]))   # 0.5"
            ) { args, runtime in
                let k = try args.integer("k")
                guard k >= 1 else { throw args.mismatch("k", args.value("k") ?? .none) }
                let (outputs, targets) = try classOutputs(args)
                let ranks = try targetRanks(outputs, targets, function: "accuracy")
                return .number(Double(ranks.filter { $0 < k }.count) / Double(ranks.count))
            },
            Builtin(
                "scores", [arg("model", "a model or an ensemble"), arg("data", "a dataset with a class target")],
                summary:
                    "Precision, recall and F1 for each class and their macro average (every class counts the same), with each class's support, like scikit-learn's classification_report.",
                example: "ds = load(\"iris\")\nm = mlp([4, 3])\nscores(m, ds)\nscores(m, ds).f1"
            ) { args, runtime in
                let evaluation = try classEvaluation(args, function: "scores")
                return .object(scoresReport(try confusionMatrix(evaluation), names: evaluation.names, width: runtime.host.displayWidth))
            },
            Builtin(
                "f1", [arg("model", "a model or an ensemble"), arg("data", "a dataset with a class target")],
                summary: "The macro-averaged F1 score in [0, 1]: the mean over classes of the harmonic mean of precision and recall.",
                example: "ds = load(\"iris\")\nm = mlp([4, 3])\nf1(m, ds)"
            ) { args, runtime in
                let matrix = try confusionMatrix(try classEvaluation(args, function: "f1"))
                return .number(matrix.macro(matrix.f1))
            },
            regressionMetric(
                "mse",
                summary: "The mean squared error: of a model over a dataset of values, or between two tensors (a loss, with gradients).",
                example: "m = mlp([4, 16, 3])\nx = randn(8, 4)\ny = randn(8, 3)\nloss = mse(m(x), y)",
                perRow: { $0 * $0 }, loss: { try Losses.mse($0, $1) }),
            regressionMetric(
                "mae",
                summary:
                    "The mean absolute error: of a model over a dataset of values, or between two tensors (a loss, with gradients).",
                example: "ds = dataset({a: [1, 2, 3], y: [2.5, 4.5, 6.5]})\nm = linear(1, 1)\nmae(m, ds)",
                perRow: { Swift.abs($0) }, loss: { try meanAbsoluteError($0, $1) }),
            confusion(), worst(), ensemble(),
        ]
    }

    /// A model's outputs and its targets for a class metric, from a model and a dataset,
    /// or as given (logits and targets).
    private static func classOutputs(_ args: Arguments) throws -> (Tensor, [Int]) {
        guard Predictor(args.value("model") ?? .none) == nil else {
            let evaluation = try classEvaluation(args, function: args.function)
            return (evaluation.evaluation.outputs, evaluation.targets)
        }
        let (logits, targets) = (try args.tensor("model"), try args.tensor("data"))
        guard logits.rank == 2, targets.rank == 1, targets.shape[0] == logits.shape[0], logits.shape[0] > 0 else {
            throw RuntimeError(
                .call(
                    function: args.function,
                    problem:
                        "logits \(Shape.describe(logits.shape)) and targets \(Shape.describe(targets.shape)) do not match: give logits (rows, classes) and one class index per row"
                ))
        }
        return (logits, try classIndices(targets, classes: logits.shape[1], function: args.function))
    }

    /// For each row, how many outputs rank above the target's: 0 when the target is the
    /// argmax. Ties go to the earlier class, as argmax picks it, so top-1 is the argmax's
    /// accuracy; a NaN output at the target never counts as right.
    static func targetRanks(_ outputs: Tensor, _ targets: [Int], function: String) throws -> [Int] {
        let width = outputs.shape[1]
        let scalars = outputs.scalars
        return targets.enumerated().map { row, t in
            let base = row * width
            let own = scalars[base + t]
            guard !own.isNaN else { return width }
            var rank = 0
            for j in 0..<width where scalars[base + j] > own || (scalars[base + j] == own && j < t) { rank += 1 }
            return rank
        }
    }

    /// `targets` as class indices, each a whole number in `0..<classes`.
    static func classIndices(_ targets: Tensor, classes: Int, function: String) throws -> [Int] {
        try targets.scalars.enumerated().map { row, value in
            guard value == value.rounded(), value >= 0, value < Float(classes) else {
                throw RuntimeError(
                    .call(
                        function: function,
                        problem: "target \(formatNumber(Double(value))) at row \(row) is not a class index (0 to \(classes - 1))"))
            }
            return Int(value)
        }
    }

    /// The predicted class of each row: the index of its largest output (the first, on a tie).
    static func predictedClasses(_ outputs: Tensor) throws -> [Int] {
        try engine { try outputs.argmax(axis: 1) }.scalars.map { Int($0) }
    }

    /// `mse` or `mae`: over a model and a dataset of values, `perRow` of each row's error
    /// averaged; over two tensors, `loss` (differentiable, as before).
    private static func regressionMetric(
        _ name: String, summary: String, example: String, perRow: @escaping (Double) -> Double,
        loss: @escaping (Tensor, Tensor) throws -> Tensor
    ) -> Builtin {
        Builtin(
            name,
            [
                arg("prediction", "a tensor, or a model or an ensemble"),
                arg("target", "a tensor of the same shape, or a dataset of values"),
            ],
            summary: summary, example: example
        ) { args, runtime in
            guard let predictor = Predictor(args.value("prediction") ?? .none) else {
                let (a, b) = (try args.tensor("prediction"), try args.tensor("target"))
                return .tensor(try engine { try loss(a, b) })
            }
            let evaluation = try evaluate(predictor, on: args.value("target") ?? .none, function: name)
            return .number(meanError(try regressionValues(evaluation, function: name), perRow))
        }
    }

    /// A regression's one output per row and the target values, from its evaluation.
    /// - Throws: for a target of classes (saying which metrics fit) or a model with
    ///   other than one output per row.
    static func regressionValues(_ evaluation: ModelEvaluation, function: String) throws -> (predicted: [Float], targets: [Float]) {
        if case let .classes(names)? = evaluation.kind {
            throw RuntimeError(
                .call(
                    function: function,
                    problem:
                        "\(function) needs a target of values, but the target holds \(counted(names.count, "class", plural: "classes")): for a classifier use accuracy(m, data) or scores(m, data)"
                ))
        }
        guard evaluation.width == 1, let targets = evaluation.targets else {
            throw RuntimeError(
                .call(
                    function: function,
                    problem: "the model gives \(counted(evaluation.width, "output")) per row, but the target is one value per row"))
        }
        return (evaluation.outputs.scalars, targets.scalars)
    }

    /// The mean over rows of `perRow(prediction − target)`: mse with a square, mae with abs.
    static func meanError(_ values: (predicted: [Float], targets: [Float]), _ perRow: (Double) -> Double) -> Double {
        zip(values.predicted, values.targets).reduce(0) { $0 + perRow(Double($1.0) - Double($1.1)) } / Double(values.targets.count)
    }

    /// The mean absolute difference of two tensors of one shape, with gradients.
    static func meanAbsoluteError(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
        guard prediction.shape == target.shape else {
            throw TensorError.shapeMismatch(
                op: "mae", lhs: prediction.shape, rhs: target.shape, reason: "differ: prediction and target must have the same shape")
        }
        return try (prediction - target).abs().mean()
    }
}
