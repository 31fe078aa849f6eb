/// What a training loop feeds a model: features and targets with one row per example,
/// and what kind of target they are (which picks the default loss and metric).
///
/// Batches are gathered row by row into fresh tensors (one copy per batch, as a
/// hand-written loop copies its batch), so the loop never holds a view into a user's
/// tensor that a later in-place write could change.
public struct TrainingData {
    /// What the targets hold.
    public enum Targets: Sendable, Equatable {
        /// Class indices 0 ..< classes: cross-entropy, metric accuracy.
        case classes
        /// Numbers to regress: mean squared error, metric mse.
        case values
    }

    /// (n, …) features.
    public let x: Tensor
    /// (n) class indices, or (n, …) values.
    public let y: Tensor
    public let targets: Targets

    /// - Throws: `TensorError.invalidShape` when x or y is a scalar or empty, and
    ///   `TensorError.shapeMismatch` when they do not have the same number of rows.
    public init(x: Tensor, y: Tensor, targets: Targets) throws {
        guard x.rank >= 1, x.shape[0] > 0 else {
            throw TensorError.invalidShape(op: "fit", shape: x.shape, reason: "has no rows to train on: features must be (rows, …)")
        }
        guard y.rank >= 1 else {
            throw TensorError.invalidShape(
                op: "fit", shape: y.shape, reason: "is not a column of targets: targets must be (rows) or (rows, …)")
        }
        guard y.shape[0] == x.shape[0] else {
            throw TensorError.shapeMismatch(
                op: "fit", lhs: x.shape, rhs: y.shape, reason: "differ in rows: features and targets must have one row per example")
        }
        self.x = x.detached()
        self.y = y.detached()
        self.targets = targets
    }

    /// The number of examples.
    public var count: Int { x.shape[0] }

    /// The rows `rows` of x and y, copied into fresh tensors in that order.
    /// - Parameter rows: indices in 0 ..< count.
    /// - Returns: ((rows.count, …), (rows.count, …)).
    func batch(_ rows: ArraySlice<Int>) throws -> (x: Tensor, y: Tensor) {
        (try Self.gather(x, rows), try Self.gather(y, rows))
    }

    /// Copies whole rows of `t` (its first axis) in the order given.
    static func gather(_ t: Tensor, _ rows: ArraySlice<Int>) throws -> Tensor {
        let width = t.shape.dropFirst().reduce(1, *)
        var shape = t.shape
        shape[0] = rows.count
        let source = t.storage.pointer
        return try Tensor.make(shape, op: "batch") { out in
            var at = out
            for row in rows {
                at.update(from: source + row * width, count: width)
                at += width
            }
        }
    }

    /// Consecutive row ranges of at most `size` rows covering 0 ..< count: the batches
    /// an evaluation pass walks.
    func chunks(of size: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: Swift.max(size, 1)).map { $0..<Swift.min($0 + Swift.max(size, 1), count) }
    }
}

/// What a training loop minimises.
public enum TrainingLoss {
    /// Softmax cross-entropy of (batch, classes) logits against (batch) class indices.
    case crossEntropy
    /// Mean squared error against targets of the prediction's shape.
    case meanSquaredError
    /// Any function of (prediction, target) to a one-element loss tensor.
    case custom((Tensor, Tensor) throws -> Tensor)

    /// The default for a kind of target: cross-entropy for classes, mse for values.
    public static func `default`(for targets: TrainingData.Targets) -> TrainingLoss {
        targets == .classes ? .crossEntropy : .meanSquaredError
    }

    func callAsFunction(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
        switch self {
        case .crossEntropy: return try Losses.crossEntropy(prediction, target)
        case .meanSquaredError:
            // A regression model's (batch, 1) output against a dataset's (batch) column.
            if prediction.rank == 2, prediction.shape[1] == 1, target.shape == [prediction.shape[0]] {
                return try Losses.mse(prediction, target.reshaped(to: prediction.shape))
            }
            return try Losses.mse(prediction, target)
        case let .custom(loss): return try loss(prediction, target)
        }
    }
}
