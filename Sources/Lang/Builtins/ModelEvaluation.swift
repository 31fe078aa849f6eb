import Engine

/// What a metric builtin (`accuracy`, `confusion`, `worst`, `ensemble`, …) is computed
/// from: a model's outputs over a dataset or a tensor, with the targets when the data has
/// them. `Builtins.evaluate` makes one; every metric reads it, so they all run the model
/// the same way: in evaluation mode (dropout off, batch normalisation on its running
/// statistics), without recording gradients, in chunks of rows so a big dataset never
/// needs its whole feature matrix in memory at once.
struct ModelEvaluation {
    /// The model's outputs, `(rows, outputs)`: logits for a classifier (for an ensemble,
    /// the log of its averaged probabilities, which every class metric reads as logits),
    /// values for a regression.
    let outputs: Tensor
    /// The targets, `(rows)`: class indices or values; nil for a tensor, a dataset without
    /// a target, or (when not needed) one with a missing target.
    let targets: Tensor?
    /// What the dataset's target holds; nil for a tensor or a dataset without a target.
    let kind: Dataset.TargetKind?
    /// The dataset evaluated, for row contents and images; nil for a tensor.
    let dataset: Dataset?

    var rowCount: Int { outputs.shape[0] }
    var width: Int { outputs.shape[1] }

    /// The class names, when the targets are classes.
    var classNames: [String]? {
        if case let .classes(names)? = kind { return names }
        return nil
    }
}

/// What can be evaluated: one model, or several whose predictions are averaged.
enum Predictor {
    case model(Layer)
    case ensemble([Layer])

    var members: [Layer] {
        switch self {
        case let .model(layer): return [layer]
        case let .ensemble(layers): return layers
        }
    }

    /// A model or an ensemble value; nil for anything else.
    init?(_ value: Value) {
        switch value {
        case let .layer(layer): self = .model(layer)
        case let .object(object as EnsembleValue): self = .ensemble(object.members)
        default: return nil
        }
    }
}

extension Builtins {
    /// Rows run through the model at once: enough to keep the matrix products efficient,
    /// few enough that a chunk's features and activations stay a few megabytes.
    static let evaluationChunk = 1024

    /// The predictor in parameter `name`, or an error saying a model is wanted.
    static func predictor(_ args: Arguments, _ name: String) throws -> Predictor {
        let value = args.value(name) ?? .none
        guard let predictor = Predictor(value) else { throw args.mismatch(name, value) }
        return predictor
    }

    /// Runs `predictor` over `data` (a dataset, whose features are its `.x`, or a tensor
    /// of rows) in evaluation mode and without gradients, restoring each layer's mode
    /// afterwards.
    /// - Parameter needsTarget: refuse a tensor or a dataset without a target.
    /// - Throws: `RuntimeError` naming `function` for a dataset without a target (when
    ///   needed), rows the model does not take (with both shapes), a model output that
    ///   is not one row per input row; `.cancelled` on Ctrl-C between chunks (read from
    ///   `StopFlag.current`, which the interpreter binds while a cell runs).
    static func evaluate(
        _ predictor: Predictor, on data: Value, needsTarget: Bool = true, function: String
    ) throws -> ModelEvaluation {
        let failure = { (problem: String) in RuntimeError(.call(function: function, problem: problem)) }
        if case let .object(object as DatasetValue) = data {
            let ds = object.dataset
            guard ds.rowCount > 0 else { throw failure("the dataset has no rows to evaluate") }
            // Targets only when there are some: predict needs none, so a missing one is no error there.
            var targets: Tensor?
            do {
                targets = needsTarget ? try ds.targets() : try? ds.targets()
            } catch let error as DatasetError { throw failure(error.message) }
            let features = ds.featureColumns
            let rows = try inputShape(predictor, rows: ds.rowCount, features: features.count, image: ds.imageShape, failure)
            let outputs = try run(predictor, rows: ds.rowCount, kind: ds.targetKind, failure) { range in
                var scalars = [Float](repeating: 0, count: range.count * features.count)
                for (j, column) in features.enumerated() {
                    for row in range { scalars[(row - range.lowerBound) * features.count + j] = Float(column.number(at: row)) }
                }
                return try Tensor(shape: [range.count] + rows, scalars: scalars)
            }
            return ModelEvaluation(outputs: outputs, targets: targets, kind: ds.target == nil ? nil : ds.targetKind, dataset: ds)
        }
        guard !needsTarget else {
            throw failure("\(data.described) has no targets to compare with: give a dataset with a target (e.g. val, not val.x)")
        }
        guard let x = try data.asTensor(), x.rank >= 2 else {
            throw failure("cannot run the model over \(data.described): give a dataset or a tensor of rows, (rows, features)")
        }
        guard x.shape[0] > 0 else { throw failure("the input has no rows to evaluate") }
        try inputShape(predictor, shape: x.shape, describing: "the input", failure)
        let rowShape = Array(x.shape.dropFirst())
        let rowSize = rowShape.reduce(1, *)
        let scalars = x.scalars
        let outputs = try run(predictor, rows: x.shape[0], kind: nil, failure) { range in
            try Tensor(
                shape: [range.count] + rowShape, scalars: Array(scalars[range.lowerBound * rowSize..<range.upperBound * rowSize]))
        }
        return ModelEvaluation(outputs: outputs, targets: nil, kind: nil, dataset: nil)
    }

    /// The shape of one row the model takes from a dataset with `features` columns: the
    /// features as they are, or, for a dataset of images a model does not take flat (a
    /// convolutional net), one channel of `height × width` pixels.
    private static func inputShape(
        _ predictor: Predictor, rows: Int, features: Int, image: Dataset.ImageShape?, _ failure: (String) -> RuntimeError
    ) throws -> [Int] {
        let what = "the dataset's features"
        if let image, (try? inputShape(predictor, shape: [rows, features], describing: what, failure)) == nil,
            (try? inputShape(predictor, shape: [rows, 1, image.height, image.width], describing: what, failure)) != nil
        {
            return [1, image.height, image.width]
        }
        try inputShape(predictor, shape: [rows, features], describing: what, failure)
        return [features]
    }

    /// Checks, without running it, that every member takes input of `shape`, and gives one
    /// output row per input row, the same for every member.
    @discardableResult
    private static func inputShape(
        _ predictor: Predictor, shape: [Int], describing what: String, _ failure: (String) -> RuntimeError
    ) throws -> [Int] {
        var outputShape: [Int] = []
        var shapes = Set<[Int]>()
        for layer in predictor.members {
            do {
                outputShape = try layer.outputShape(for: shape)
            } catch let error as TensorError {
                throw failure(
                    "the model does not take \(what), of shape \(Shape.describe(shape)): \(RuntimeError(engine: error).message)")
            }
            // Any trailing axes are the row's outputs: a convolutional net ending in (N, C, 1, 1)
            // gives C, without a flatten at its end.
            guard outputShape.first == shape.first else {
                throw failure(
                    "the model gives output of shape \(Shape.describe(outputShape)) for input \(Shape.describe(shape)): a metric needs one output row per input row"
                )
            }
            shapes.insert(outputShape)
        }
        guard shapes.count == 1 else {
            throw failure(
                "the ensemble's models give outputs of different shapes (\(shapes.map(Shape.describe).sorted().joined(separator: ", "))): average models of one kind"
            )
        }
        return outputShape
    }

    /// The outputs over `rows` rows, `chunk` of them at a time, as `(rows, outputs)`.
    private static func run(
        _ predictor: Predictor, rows: Int, kind: Dataset.TargetKind?, _ failure: (String) -> RuntimeError,
        chunk: (Range<Int>) throws -> Tensor
    ) throws -> Tensor {
        let members = predictor.members
        let modes = members.map(trainingModes)
        members.forEach { $0.eval() }
        defer { zip(members, modes).forEach(restore) }
        var scalars: [Float] = []
        var width = 0
        try GradMode.withoutGradients {
            for start in stride(from: 0, to: rows, by: evaluationChunk) {
                try StopFlag.current?.check()
                let x = try engine { try chunk(start..<min(rows, start + evaluationChunk)) }
                let y = try engine { try combined(members.map { try $0.forward(x).reshaped(to: [x.shape[0], -1]) }, kind: kind) }
                width = y.shape[1]
                scalars += y.scalars
            }
        }
        return try engine { try Tensor(shape: [rows, width], scalars: scalars) }
    }

    /// One output from the members' outputs: the only one; for classes, the log of the
    /// mean of their softmax probabilities (averaging probabilities, not logits, as
    /// scikit-learn's soft voting does); for values, their mean.
    private static func combined(_ outputs: [Tensor], kind: Dataset.TargetKind?) throws -> Tensor {
        guard let first = outputs.first else { throw TensorError.invalidArgument(op: "ensemble", reason: "it has no models") }
        guard outputs.count > 1 else { return first }
        if case .classes? = kind {
            var sum = try first.softmax(axis: 1)
            for y in outputs.dropFirst() { sum = try sum + y.softmax(axis: 1) }
            return try (sum / Float(outputs.count)).clamped(min: Float.leastNormalMagnitude).log()
        }
        var sum = first
        for y in outputs.dropFirst() { sum = try sum + y }
        return try sum / Float(outputs.count)
    }

    /// Every layer of `model`'s tree with its mode, so it can be put back as it was.
    private static func trainingModes(_ model: Layer) -> [(Layer, Bool)] {
        var out: [(Layer, Bool)] = []
        var stack: [Layer] = [model]
        while let layer = stack.popLast() {
            out.append((layer, layer.isTraining))
            stack += layer.children
        }
        return out
    }

    private static func restore(_ model: Layer, _ modes: [(Layer, Bool)]) {
        for (layer, mode) in modes { layer.isTraining = mode }
    }

    /// The members' mean output over a tensor of rows (`e(x)` for an ensemble).
    static func meanOutput(of members: [Layer], _ input: Value) throws -> Tensor {
        try evaluate(.ensemble(members), on: input, needsTarget: false, function: "ensemble").outputs
    }
}
