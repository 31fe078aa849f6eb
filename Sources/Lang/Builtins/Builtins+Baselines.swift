import Engine

/// The recipe's dumb baselines (stage 2): before trusting a model's figure, see what
/// predicting without looking does. `baselines(train, val)` sets side by side, on val:
/// - the majority class (or, for values, the training mean): what a constant achieves;
/// - a model trained on zeroed inputs (input-independent): what the labels' frequencies
///   alone teach a model;
/// - the same model, from the same initial weights, trained on the real inputs.
///
/// The model is a linear one (logistic or linear regression) by default: the cheapest
/// model that shows whether the inputs carry the labels. When the real-input model does
/// no better than both baselines, the labels do not depend on the inputs as given (a
/// shuffled label column, features that do not reach the model): ✗.
extension Builtins {
    static func baselines() -> [Builtin] {
        [
            Builtin(
                "baselines",
                [
                    arg("train", "a dataset with a target"), arg("val", "a dataset with the same columns"),
                    arg("epochs", "a whole number", "10"), arg("batch", "a whole number", "64"), arg("lr", "a number", "0.01"),
                ],
                summary:
                    "The dumb baselines on val: the majority class (or mean), a linear model trained on zeroed inputs, and the same model on the real inputs; ✗ when the inputs add nothing.",
                example: "seed(0)\ntrain, val = load(\"iris\").split(0.8, stratify: true)\nbaselines(train, val).ok   # true"
            ) { args, runtime in
                .object(runtime.record(try Baselines(args, runtime).verdict()))
            }
        ]
    }
}

/// One `baselines` call.
private struct Baselines {
    let train: Dataset
    let val: Dataset
    let classes: [String]?
    let epochs: Int
    let batch: Int
    let lr: Float
    let runtime: Runtime

    init(_ args: Arguments, _ runtime: Runtime) throws {
        (train, val) = (try args.dataset("train").dataset, try args.dataset("val").dataset)
        guard let kind = train.targetKind else { throw Self.refuse("train has no target: load it with target: \"column\"") }
        guard val.targetKind != nil else { throw Self.refuse("val has no target: load it with target: \"column\"") }
        guard train.featureColumns.map(\.name) == val.featureColumns.map(\.name) else {
            throw Self.refuse("train and val have different feature columns: split one dataset into both")
        }
        guard train.rowCount > 0, val.rowCount > 0 else { throw Self.refuse("train and val each need at least one row") }
        if case let .classes(labels) = kind { classes = labels } else { classes = nil }
        (epochs, batch) = (try args.integer("epochs"), try args.integer("batch"))
        guard epochs >= 1, epochs <= 100_000 else { throw Self.refuse("epochs must be from 1 to 100000, got \(epochs)") }
        guard batch >= 1 else { throw Self.refuse("batch must be at least 1, got \(batch)") }
        let rate = try args.number("lr")
        guard rate > 0, Float(rate).isFinite else { throw Self.refuse("lr must be a positive number, got \(formatNumber(rate))") }
        lr = Float(rate)
        self.runtime = runtime
    }

    static func refuse(_ problem: String) -> RuntimeError { RuntimeError(.call(function: "baselines", problem: problem)) }

    /// What each predictor scores on val, and the verdict.
    func verdict() throws -> VerdictValue {
        let (x, y) = try DatasetValue.lift { (try train.features(), try train.targets()) }
        let (vx, vy) = try DatasetValue.lift { (try val.features(), try val.targets()) }
        let targets: TrainingData.Targets = classes == nil ? .values : .classes
        let outputs = classes?.count ?? 1
        if let classes, classes.count < 2 {
            return VerdictValue(
                check: "baselines", outcome: .undecided,
                headline:
                    "cannot decide: the target has \(counted(classes.count, "class", plural: "classes")); a classifier needs two or more")
        }
        let constant = constantScore(y.scalars, vy.scalars)
        // Two linear models with the same initial weights: one sees zeros, one the inputs.
        let first = try Builtins.engine { try Linear(inFeatures: x.shape[1], outFeatures: outputs, rng: runtime.random) }
        let second = first.copy()
        let zeros = try Builtins.engine { (try Tensor.zeros(x.shape), try Tensor.zeros(vx.shape)) }
        let blind = try score(first, TrainingData(x: zeros.0, y: y, targets: targets), TrainingData(x: zeros.1, y: vy, targets: targets))
        let real = try score(second, TrainingData(x: x, y: y, targets: targets), TrainingData(x: vx, y: vy, targets: targets))
        return judge(constant: constant, blind: blind, real: real)
    }

    /// The share of val rows in train's most frequent class, or val's mse of train's mean.
    func constantScore(_ y: [Float], _ vy: [Float]) -> (score: Double, label: String) {
        if let classes {
            var counts = [Int](repeating: 0, count: classes.count)
            for value in y { counts[Int(value)] += 1 }
            let top = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) } ?? 0
            let hits = vy.filter { Int($0) == top }.count
            return (Double(hits) / Double(vy.count), classes[top])
        }
        let mean = y.reduce(0.0) { $0 + Double($1) } / Double(y.count)
        let mse = vy.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(vy.count)
        return (mse, formatGeneral(mean, significant: 4))
    }

    /// Trains `model` with Adam on `data` and gives its metric on `check`: accuracy for
    /// classes, mse for values.
    func score(_ model: Layer, _ data: TrainingData, _ check: TrainingData) throws -> Double {
        try Builtins.engine {
            let optimizer = try Adam(parameters: model.parameters, learningRate: lr)
            let loop = try TrainingLoop(
                model: model, optimizer: optimizer, data: data, options: TrainingOptions(batchSize: batch), random: runtime.random)
            loop.stopFlag = runtime.cancellation
            let run = TrainingRun()
            do {
                try loop.train(run, until: epochs)
            } catch let report as NonFiniteReport {
                throw Self.refuse(
                    "the linear model's \(report.quantity.rawValue) went non-finite at step \(report.totalStep): scale the features (fit_standardize) or lower lr"
                )
            }
            if run.stop != nil { throw RuntimeError(.cancelled) }
            return Double(try loop.evaluate(check).metric ?? .nan)
        }
    }

    /// ✓ when the real-input model beats the better baseline by more than chance on val
    /// would give: three standard errors of an accuracy (at least a point), or a tenth of
    /// the mse.
    func judge(constant: (score: Double, label: String), blind: Double, real: Double) -> VerdictValue {
        let n = Double(val.rowCount)
        let isClasses = classes != nil
        let best = isClasses ? max(constant.score, blind) : min(constant.score, blind)
        let margin = isClasses ? max(3 * (best * (1 - best) / n).squareRoot(), 0.01) : 0.1 * best
        let passed = isClasses ? real > best + margin : real < best - margin
        let shown: (Double) -> String = { isClasses ? formatFixed(100 * $0, digits: 1) + "%" : formatGeneral($0, significant: 4) }
        let metric = isClasses ? "val accuracy" : "val mse"
        let constantName = isClasses ? "majority class" : "mean"
        let headline =
            passed
            ? "linear model \(shown(real)) vs \(constantName) \(shown(constant.score)), input-independent \(shown(blind)) (\(metric))"
            : "the model on real inputs gets \(shown(real)), no better than without them (input-independent \(shown(blind)), \(constantName) \(shown(constant.score))): the target may not depend on these inputs, or they do not reach the model"
        var table = TextTable(headers: ["predictor", metric], rows: [], alignments: [.left, .right])
        table.rows = [
            ["\(constantName) (\(constant.label))", shown(constant.score)],
            ["linear model on zeroed inputs", shown(blind)],
            ["linear model on the inputs", shown(real)],
        ]
        let figures = Record([
            (isClasses ? "majority" : "mean", .number(constant.score)), ("input_independent", .number(blind)),
            ("model", .number(real)), ("metric", .string(isClasses ? "accuracy" : "mse")),
        ])
        return VerdictValue(
            check: "baselines", outcome: passed ? .passed : .failed, headline: headline,
            details: table.render(width: runtime.host.displayWidth - 2).split(separator: "\n").map(String.init), figures: figures)
    }
}
