/// Elementwise layers without parameters: the activations, and dropout. Each keeps the
/// shape of its input; the gradients come from the engine's primitive rules.

/// max(x, 0), as PyTorch's `nn.ReLU`.
public final class ReLU: Layer {
    public var isTraining = true
    public init() {}
    public var kind: String { "ReLU" }
    public var summary: String { "ReLU()" }
    public var namedParameters: [NamedParameter] { [] }
    /// - Parameter x: any shape; the result has the same shape.
    public func forward(_ x: Tensor) throws -> Tensor { try x.relu() }
    public func outputShape(for input: [Int]) throws -> [Int] { try ElementwiseShape.same(input, op: "relu") }
}

/// The hyperbolic tangent, as PyTorch's `nn.Tanh`.
public final class Tanh: Layer {
    public var isTraining = true
    public init() {}
    public var kind: String { "Tanh" }
    public var summary: String { "Tanh()" }
    public var namedParameters: [NamedParameter] { [] }
    /// - Parameter x: any shape; the result has the same shape.
    public func forward(_ x: Tensor) throws -> Tensor { try x.tanh() }
    public func outputShape(for input: [Int]) throws -> [Int] { try ElementwiseShape.same(input, op: "tanh") }
}

/// 1 / (1 + exp(−x)), as PyTorch's `nn.Sigmoid`.
public final class Sigmoid: Layer {
    public var isTraining = true
    public init() {}
    public var kind: String { "Sigmoid" }
    public var summary: String { "Sigmoid()" }
    public var namedParameters: [NamedParameter] { [] }
    /// - Parameter x: any shape; the result has the same shape.
    public func forward(_ x: Tensor) throws -> Tensor { try x.sigmoid() }
    public func outputShape(for input: [Int]) throws -> [Int] { try ElementwiseShape.same(input, op: "sigmoid") }
}

/// x · Φ(x) with the exact (erf) Gaussian CDF, as PyTorch's `nn.GELU()` default.
public final class GELU: Layer {
    public var isTraining = true
    public init() {}
    public var kind: String { "GELU" }
    public var summary: String { "GELU()" }
    public var namedParameters: [NamedParameter] { [] }
    /// - Parameter x: any shape; the result has the same shape.
    public func forward(_ x: Tensor) throws -> Tensor { try x.gelu() }
    public func outputShape(for input: [Int]) throws -> [Int] { try ElementwiseShape.same(input, op: "gelu") }
}

/// Inverted dropout, as PyTorch's `nn.Dropout`: in training each element is zeroed with
/// probability p and the survivors are scaled by 1/(1 − p), so the expected value is
/// unchanged and evaluation is the identity.
///
/// Masks are drawn from the shared `RandomSource`, one draw per element, so a fixed seed
/// gives the same masks on every run.
public final class Dropout: Layer {
    /// The probability of zeroing an element, in [0, 1].
    public let probability: Float
    let rng: RandomSource
    public var isTraining = true

    /// - Throws: `TensorError.invalidArgument` unless 0 ≤ probability ≤ 1 (p = 1 zeroes
    ///   everything in training, as in PyTorch).
    public init(probability: Float = 0.5, rng: RandomSource) throws {
        guard probability >= 0, probability <= 1 else {
            throw TensorError.invalidArgument(op: "dropout", reason: "probability must be between 0 and 1, got \(probability)")
        }
        self.probability = probability
        self.rng = rng
    }

    /// The same probability, drawing from the same random source (`copy()`).
    init(copying other: Dropout) {
        (probability, rng) = (other.probability, other.rng)
    }

    public var kind: String { "Dropout" }
    public var summary: String { "Dropout(p \(probability))" }
    public var namedParameters: [NamedParameter] { [] }

    /// - Parameter x: any shape; the result has the same shape.
    public func forward(_ x: Tensor) throws -> Tensor {
        guard isTraining, probability > 0 else { return x }
        // p = 1 would scale by 1/0: every element is dropped, and the gradient is zero too.
        guard probability < 1 else { return try x * 0 }
        let mask = try rng.bernoulliMask(x.shape, keep: 1 - probability, scale: 1 / (1 - probability))
        return try x * mask
    }

    public func outputShape(for input: [Int]) throws -> [Int] { try ElementwiseShape.same(input, op: "dropout") }
}

/// The shape rule of elementwise layers: any valid shape, unchanged.
enum ElementwiseShape {
    static func same(_ input: [Int], op: String) throws -> [Int] {
        try Shape.validate(input, op: op)
        return input
    }
}
