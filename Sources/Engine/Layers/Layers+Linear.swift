/// A fully connected layer, y = x·Wᵀ + b, as PyTorch's `nn.Linear`.
///
/// The weight is stored (out, in) as in PyTorch and multiplied transposed: the transpose
/// is a flag handed to `sgemm`, not a copy. Initialisation is PyTorch's default: weight
/// and bias uniform in ±1/sqrt(in), which keeps the output variance near a third of the
/// input's and so the loss at initialisation near its "uninformed" value.
public final class Linear: Layer {
    public let inFeatures: Int
    public let outFeatures: Int
    /// (outFeatures, inFeatures)
    public let weight: Parameter
    /// (outFeatures), or nil for a layer built with `bias: false`.
    public let bias: Parameter?
    public var isTraining = true

    /// - Parameter rng: the source the initial weights are drawn from (weight first, then bias).
    /// - Throws: `TensorError.invalidArgument` when a size is below 1.
    public init(inFeatures: Int, outFeatures: Int, bias: Bool = true, rng: RandomSource) throws {
        try LayerSupport.requireSize(inFeatures, "in_features", op: "linear")
        try LayerSupport.requireSize(outFeatures, "out_features", op: "linear")
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        let bound = 1 / Float(inFeatures).squareRoot()
        weight = try LayerSupport.uniformParameter([outFeatures, inFeatures], bound: bound, rng: rng)
        self.bias = bias ? try LayerSupport.uniformParameter([outFeatures], bound: bound, rng: rng) : nil
    }

    /// `other`'s sizes with the copier's copies of its parameters (`copy()`).
    init(copying other: Linear, with copier: LayerCopier) {
        (inFeatures, outFeatures) = (other.inFeatures, other.outFeatures)
        (weight, bias) = (copier.parameter(other.weight), copier.parameter(other.bias))
    }

    public var kind: String { "Linear" }
    public var summary: String { "Linear(\(inFeatures) → \(outFeatures)\(bias == nil ? ", no bias" : ""))" }

    public var namedParameters: [NamedParameter] {
        var out = [NamedParameter(name: "weight", parameter: weight)]
        if let bias { out.append(NamedParameter(name: "bias", parameter: bias)) }
        return out
    }

    /// - Parameter x: (…, inFeatures), any number of leading axes (a single vector too).
    /// - Returns: (…, outFeatures)
    public func forward(_ x: Tensor) throws -> Tensor {
        try LayerSupport.requireLastDimension(x.shape, inFeatures, against: weight.value.shape, op: "linear", what: "features")
        let product: Tensor
        if x.rank <= 3 {
            product = try Tensor.matmul(x, weight.tensor, transposeB: true)
        } else {
            // Fold the leading axes into rows: one sgemm, then restore them.
            let rows = try x.reshaped(to: [-1, inFeatures])
            let flat = try Tensor.matmul(rows, weight.tensor, transposeB: true)
            product = try flat.reshaped(to: Array(x.shape.dropLast()) + [outFeatures])
        }
        guard let bias else { return product }
        return try product + bias.tensor
    }

    public func outputShape(for input: [Int]) throws -> [Int] {
        try LayerSupport.requireLastDimension(input, inFeatures, against: weight.value.shape, op: "linear", what: "features")
        return Array(input.dropLast()) + [outFeatures]
    }
}

/// A lookup table of learned vectors, as PyTorch's `nn.Embedding`: row i of the weight
/// is the vector for token (or category) i. Initialised N(0, 1), as PyTorch does.
public final class Embedding: Layer {
    public let count: Int
    public let dimension: Int
    /// (count, dimension)
    public let weight: Parameter
    public var isTraining = true

    /// - Throws: `TensorError.invalidArgument` when a size is below 1.
    public init(count: Int, dimension: Int, rng: RandomSource) throws {
        try LayerSupport.requireSize(count, "count", op: "embedding")
        try LayerSupport.requireSize(dimension, "dimension", op: "embedding")
        self.count = count
        self.dimension = dimension
        weight = Parameter(try rng.normal([count, dimension]))
    }

    /// `other`'s sizes with the copier's copy of its table (`copy()`).
    init(copying other: Embedding, with copier: LayerCopier) {
        (count, dimension, weight) = (other.count, other.dimension, copier.parameter(other.weight))
    }

    public var kind: String { "Embedding" }
    public var summary: String { "Embedding(\(count) × \(dimension))" }
    public var namedParameters: [NamedParameter] { [NamedParameter(name: "weight", parameter: weight)] }

    /// - Parameter x: indices of any shape, whole numbers in 0 ..< count.
    /// - Returns: x.shape + (dimension)
    /// - Throws: `TensorError.indexOutOfRange` for an index outside the table,
    ///   `.invalidArgument` for one that is not a whole number.
    public func forward(_ x: Tensor) throws -> Tensor {
        try x.withUnsafeBufferPointer { indices in
            for v in indices {
                guard v.isFinite, v == v.rounded() else {
                    throw TensorError.invalidArgument(op: "embedding", reason: "index \(v) is not a whole number")
                }
                guard v >= 0, v < Float(count) else {
                    throw TensorError.indexOutOfRange(op: "embedding", index: Int(v), dimension: 0, size: count)
                }
            }
        }
        return try weight.tensor.indexSelect(axis: 0, indices: x)
    }

    public func outputShape(for input: [Int]) throws -> [Int] {
        try Shape.validate(input, op: "embedding")
        return input + [dimension]
    }
}
