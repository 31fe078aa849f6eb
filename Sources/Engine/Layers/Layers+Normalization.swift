/// Normalisation layers: batch normalisation over the batch, layer normalisation over
/// the features. Both are written with the engine's primitive ops (mean, subtraction,
/// sqrt, division), so their gradients, including the ones through the batch statistics,
/// come from the primitive rules.

/// Batch normalisation over (batch, features) or (batch, features, length), as PyTorch's
/// `nn.BatchNorm1d`.
///
/// In training, each feature is normalised by the mean and the biased variance of the
/// current batch, and the running statistics move towards the batch's by `momentum`:
/// running = (1 − momentum) · running + momentum · batch, using the unbiased variance,
/// exactly as PyTorch does. In evaluation the running statistics are used instead, so one
/// example's output no longer depends on the rest of its batch.
public final class BatchNorm1d: Layer {
    public let features: Int
    public let momentum: Float
    public let epsilon: Float
    /// (features), initially 1.
    public let weight: Parameter
    /// (features), initially 0.
    public let bias: Parameter
    /// (features), initially 0; not trained, saved as "running_mean".
    public let runningMean: Buffer
    /// (features), initially 1; not trained, saved as "running_var".
    public let runningVariance: Buffer
    public var isTraining = true

    /// - Throws: `TensorError.invalidArgument` for features below 1, a momentum outside
    ///   [0, 1] or a negative epsilon.
    public init(features: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) throws {
        try LayerSupport.requireSize(features, "features", op: "batch_norm")
        guard momentum >= 0, momentum <= 1 else {
            throw TensorError.invalidArgument(op: "batch_norm", reason: "momentum must be between 0 and 1, got \(momentum)")
        }
        guard epsilon >= 0 else {
            throw TensorError.invalidArgument(op: "batch_norm", reason: "epsilon must be at least 0, got \(epsilon)")
        }
        self.features = features
        self.momentum = momentum
        self.epsilon = epsilon
        weight = Parameter(try Tensor.filled([features], 1, op: "batch_norm"))
        bias = Parameter(try Tensor.filled([features], 0, op: "batch_norm"))
        runningMean = Buffer(try Tensor.filled([features], 0, op: "batch_norm"))
        runningVariance = Buffer(try Tensor.filled([features], 1, op: "batch_norm"))
    }

    /// `other`'s settings with the copier's copies of its parameters and statistics.
    init(copying other: BatchNorm1d, with copier: LayerCopier) {
        (features, momentum, epsilon) = (other.features, other.momentum, other.epsilon)
        (weight, bias) = (copier.parameter(other.weight), copier.parameter(other.bias))
        (runningMean, runningVariance) = (copier.buffer(other.runningMean), copier.buffer(other.runningVariance))
    }

    public var kind: String { "BatchNorm1d" }
    public var summary: String { "BatchNorm1d(\(features))" }
    public var namedParameters: [NamedParameter] {
        [NamedParameter(name: "weight", parameter: weight), NamedParameter(name: "bias", parameter: bias)]
    }
    public var namedBuffers: [NamedBuffer] {
        [NamedBuffer(name: "running_mean", buffer: runningMean), NamedBuffer(name: "running_var", buffer: runningVariance)]
    }

    /// - Parameter x: (batch, features) or (batch, features, length)
    /// - Returns: the same shape.
    /// - Throws: `TensorError` for another shape, or in training when there is only one
    ///   value per feature (its variance is undefined), as PyTorch refuses.
    public func forward(_ x: Tensor) throws -> Tensor {
        _ = try outputShape(for: x.shape)
        let axes = x.rank == 2 ? [0] : [0, 2]
        let broadcastShape = x.rank == 2 ? [1, features] : [1, features, 1]
        let normalized: Tensor
        if isTraining {
            let n = x.shape[0] * (x.rank == 3 ? x.shape[2] : 1)
            guard n > 1 else {
                throw TensorError.invalidShape(
                    op: "batch_norm", shape: x.shape,
                    reason: "has only one value per feature; training needs more than one (use a larger batch, or eval())")
            }
            let batch = try standardized(x, alongAxes: axes, epsilon: epsilon)
            normalized = batch.normalized
            try updateRunningStatistics(mean: batch.mean, biasedVariance: batch.variance, count: n)
        } else {
            let mean = try runningMean.value.reshaped(to: broadcastShape)
            let scale = try (runningVariance.value.reshaped(to: broadcastShape) + epsilon).sqrt()
            normalized = try (x - mean) / scale
        }
        return try normalized * weight.tensor.reshaped(to: broadcastShape) + bias.tensor.reshaped(to: broadcastShape)
    }

    /// running ← (1 − momentum)·running + momentum·batch, with the variance made unbiased
    /// (× n/(n − 1)) as PyTorch does; written in place, outside the gradient graph.
    func updateRunningStatistics(mean: Tensor, biasedVariance: Tensor, count n: Int) throws {
        let m = momentum, unbias = Float(n) / Float(n - 1)
        try mean.withUnsafeBufferPointer { batchMean in
            try runningMean.value.withUnsafeMutableBufferPointer { running in
                for c in 0..<features { running[c] = (1 - m) * running[c] + m * batchMean[c] }
            }
        }
        try biasedVariance.withUnsafeBufferPointer { batchVariance in
            try runningVariance.value.withUnsafeMutableBufferPointer { running in
                for c in 0..<features { running[c] = (1 - m) * running[c] + m * batchVariance[c] * unbias }
            }
        }
    }

    public func outputShape(for input: [Int]) throws -> [Int] {
        guard input.count == 2 || input.count == 3 else {
            throw TensorError.invalidShape(op: "batch_norm", shape: input, reason: "is not (batch, features) or (batch, features, length)")
        }
        guard input[1] == features else {
            throw TensorError.shapeMismatch(
                op: "batch_norm", lhs: input, rhs: weight.value.shape,
                reason: "do not match: the input has \(input[1]) features, the layer expects \(features)")
        }
        return input
    }
}

/// Layer normalisation over the last axis, as PyTorch's `nn.LayerNorm(features)`: each
/// row is normalised by its own mean and biased variance, then scaled and shifted by a
/// learned weight (initially 1) and bias (initially 0). The same in training and evaluation.
public final class LayerNorm: Layer {
    public let features: Int
    public let epsilon: Float
    /// (features)
    public let weight: Parameter
    /// (features)
    public let bias: Parameter
    public var isTraining = true

    /// - Throws: `TensorError.invalidArgument` for features below 1 or a negative epsilon.
    public init(features: Int, epsilon: Float = 1e-5) throws {
        try LayerSupport.requireSize(features, "features", op: "layer_norm")
        guard epsilon >= 0 else {
            throw TensorError.invalidArgument(op: "layer_norm", reason: "epsilon must be at least 0, got \(epsilon)")
        }
        self.features = features
        self.epsilon = epsilon
        weight = Parameter(try Tensor.filled([features], 1, op: "layer_norm"))
        bias = Parameter(try Tensor.filled([features], 0, op: "layer_norm"))
    }

    /// `other`'s settings with the copier's copies of its parameters (`copy()`).
    init(copying other: LayerNorm, with copier: LayerCopier) {
        (features, epsilon) = (other.features, other.epsilon)
        (weight, bias) = (copier.parameter(other.weight), copier.parameter(other.bias))
    }

    public var kind: String { "LayerNorm" }
    public var summary: String { "LayerNorm(\(features))" }
    public var namedParameters: [NamedParameter] {
        [NamedParameter(name: "weight", parameter: weight), NamedParameter(name: "bias", parameter: bias)]
    }

    /// - Parameter x: (…, features)
    /// - Returns: the same shape.
    public func forward(_ x: Tensor) throws -> Tensor {
        _ = try outputShape(for: x.shape)
        let normalized = try standardized(x, alongAxes: [-1], epsilon: epsilon).normalized
        return try normalized * weight.tensor + bias.tensor
    }

    public func outputShape(for input: [Int]) throws -> [Int] {
        try LayerSupport.requireLastDimension(input, features, against: weight.value.shape, op: "layer_norm", what: "features")
        return input
    }
}

/// `x` normalised over `axes` by its own mean and biased variance, (x − mean) / √(var + ε),
/// with the statistics (kept dimensions). BatchNorm's training pass and LayerNorm differ
/// only in the axes, so they share this one sequence of primitive ops (and its gradient).
private func standardized(_ x: Tensor, alongAxes axes: [Int], epsilon: Float) throws -> (normalized: Tensor, mean: Tensor, variance: Tensor)
{
    let mean = try x.mean(alongAxes: axes, keepingDimensions: true)
    let centered = try x - mean
    let variance = try (centered * centered).mean(alongAxes: axes, keepingDimensions: true)
    return (try centered / (variance + epsilon).sqrt(), mean, variance)
}
