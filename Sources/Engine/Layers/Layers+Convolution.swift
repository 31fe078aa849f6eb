/// Layers over images, (batch, channels, height, width): convolution, pooling, and
/// `Flatten` to hand their output to `Linear` layers.
public final class Conv2d: Layer {
    public let inChannels: Int
    public let outChannels: Int
    public let kernel: Int
    public let stride: Int
    public let padding: Int
    /// (outChannels, inChannels, kernel, kernel)
    public let weight: Parameter
    /// (outChannels), or nil for a layer built with `bias: false`.
    public let bias: Parameter?
    public var isTraining = true

    /// A square `kernel`×`kernel` cross-correlation, as PyTorch's `nn.Conv2d`, initialised
    /// as PyTorch does: weight and bias uniform in ±1/sqrt(inChannels · kernel²).
    /// - Throws: `TensorError.invalidArgument` for a size or stride below 1 or a negative padding.
    public init(
        inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0, bias: Bool = true, rng: RandomSource
    ) throws {
        try LayerSupport.requireSize(inChannels, "in_channels", op: "conv2d")
        try LayerSupport.requireSize(outChannels, "out_channels", op: "conv2d")
        try LayerSupport.requireSize(kernel, "kernel", op: "conv2d")
        try LayerSupport.requireSize(stride, "stride", op: "conv2d")
        try LayerSupport.requireSize(padding, "padding", atLeast: 0, op: "conv2d")
        try Shape.validate([outChannels, inChannels, kernel, kernel], op: "conv2d")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        let bound = 1 / Float(inChannels * kernel * kernel).squareRoot()
        weight = try LayerSupport.uniformParameter([outChannels, inChannels, kernel, kernel], bound: bound, rng: rng)
        self.bias = bias ? try LayerSupport.uniformParameter([outChannels], bound: bound, rng: rng) : nil
    }

    /// `other`'s geometry with the copier's copies of its parameters (`copy()`).
    init(copying other: Conv2d, with copier: LayerCopier) {
        (inChannels, outChannels, kernel) = (other.inChannels, other.outChannels, other.kernel)
        (stride, padding) = (other.stride, other.padding)
        (weight, bias) = (copier.parameter(other.weight), copier.parameter(other.bias))
    }

    public var kind: String { "Conv2d" }
    public var summary: String {
        var s = "Conv2d(\(inChannels) → \(outChannels), \(kernel)×\(kernel)"
        if stride != 1 { s += ", stride \(stride)" }
        if padding != 0 { s += ", padding \(padding)" }
        if bias == nil { s += ", no bias" }
        return s + ")"
    }

    public var namedParameters: [NamedParameter] {
        var out = [NamedParameter(name: "weight", parameter: weight)]
        if let bias { out.append(NamedParameter(name: "bias", parameter: bias)) }
        return out
    }

    /// - Parameter x: (batch, inChannels, H, W)
    /// - Returns: (batch, outChannels, (H + 2·padding − kernel) / stride + 1, same for W)
    public func forward(_ x: Tensor) throws -> Tensor {
        _ = try outputShape(for: x.shape)
        return try x.conv2d(weight: weight.tensor, bias: bias?.tensor, stride: stride, padding: padding)
    }

    public func outputShape(for input: [Int]) throws -> [Int] {
        let g = try ConvGeometry.make(op: "conv2d", input: input, kernel: (kernel, kernel), stride: stride, padding: padding)
        guard g.channels == inChannels else {
            throw TensorError.shapeMismatch(
                op: "conv2d", lhs: input, rhs: weight.value.shape,
                reason: "do not match: the input has \(g.channels) channels, the layer expects \(inChannels)")
        }
        return [g.batch, outChannels, g.outHeight, g.outWidth]
    }
}

/// Pooling geometry shared by `MaxPool2d` and `AvgPool2d`: stride defaults to the kernel
/// size and padding may be at most half the kernel, as in PyTorch.
struct PoolingWindow {
    let kernel: Int, stride: Int, padding: Int

    init(kernel: Int, stride: Int?, padding: Int, op: String) throws {
        try LayerSupport.requireSize(kernel, "kernel", op: op)
        try LayerSupport.requireSize(stride ?? kernel, "stride", op: op)
        try LayerSupport.requireSize(padding, "padding", atLeast: 0, op: op)
        guard padding * 2 <= kernel else {
            throw TensorError.invalidArgument(op: op, reason: "padding \(padding) must be at most half the kernel size \(kernel)")
        }
        self.kernel = kernel
        self.stride = stride ?? kernel
        self.padding = padding
    }

    func outputShape(for input: [Int], op: String) throws -> [Int] {
        let g = try ConvGeometry.make(op: op, input: input, kernel: (kernel, kernel), stride: stride, padding: padding)
        return [g.batch, g.channels, g.outHeight, g.outWidth]
    }

    func describe(_ kind: String) -> String {
        var s = "\(kind)(\(kernel)×\(kernel)"
        if stride != kernel { s += ", stride \(stride)" }
        if padding != 0 { s += ", padding \(padding)" }
        return s + ")"
    }
}

/// Max or average pooling over `kernel`×`kernel` windows; `MaxPool2d` and `AvgPool2d`
/// below are its two kinds, as PyTorch's `nn.MaxPool2d` and `nn.AvgPool2d` (the average
/// counts padding as zeros, PyTorch's default).
public class Pool2d: Layer {
    public enum Reduction: Sendable { case max, average }
    public let reduction: Reduction
    let window: PoolingWindow
    public var kernel: Int { window.kernel }
    public var stride: Int { window.stride }
    public var padding: Int { window.padding }
    public var isTraining = true

    /// - Parameter stride: defaults to `kernel` (non-overlapping windows).
    /// - Throws: `TensorError.invalidArgument` for a kernel or stride below 1, or padding
    ///   outside 0 … kernel/2.
    init(_ reduction: Reduction, kernel: Int, stride: Int?, padding: Int) throws {
        self.reduction = reduction
        window = try PoolingWindow(kernel: kernel, stride: stride, padding: padding, op: reduction == .max ? "max_pool2d" : "avg_pool2d")
    }

    /// The same reduction and window (`copy()`).
    init(copying other: Pool2d) {
        (reduction, window) = (other.reduction, other.window)
    }

    public var kind: String { reduction == .max ? "MaxPool2d" : "AvgPool2d" }
    public var summary: String { window.describe(kind) }
    public var namedParameters: [NamedParameter] { [] }

    /// - Parameter x: (batch, channels, H, W)
    /// - Returns: (batch, channels, (H + 2·padding − kernel) / stride + 1, same for W)
    public func forward(_ x: Tensor) throws -> Tensor {
        switch reduction {
        case .max: return try x.maxPool2d(kernel: kernel, stride: stride, padding: padding)
        case .average: return try x.avgPool2d(kernel: kernel, stride: stride, padding: padding)
        }
    }

    public func outputShape(for input: [Int]) throws -> [Int] {
        try window.outputShape(for: input, op: reduction == .max ? "max_pool2d" : "avg_pool2d")
    }
}

/// The maximum over each window.
public final class MaxPool2d: Pool2d {
    override init(copying other: Pool2d) { super.init(copying: other) }

    public init(kernel: Int, stride: Int? = nil, padding: Int = 0) throws {
        try super.init(.max, kernel: kernel, stride: stride, padding: padding)
    }
}

/// The mean over each window, padding counted as zeros.
public final class AvgPool2d: Pool2d {
    override init(copying other: Pool2d) { super.init(copying: other) }

    public init(kernel: Int, stride: Int? = nil, padding: Int = 0) throws {
        try super.init(.average, kernel: kernel, stride: stride, padding: padding)
    }
}

/// Merges every axis after the first into one, as PyTorch's `nn.Flatten()`:
/// (batch, c, h, w) becomes (batch, c·h·w).
public final class Flatten: Layer {
    public var isTraining = true

    public init() {}

    public var kind: String { "Flatten" }
    public var summary: String { "Flatten()" }
    public var namedParameters: [NamedParameter] { [] }

    /// - Parameter x: (batch, …), rank at least 2.
    /// - Returns: (batch, product of the other sizes)
    public func forward(_ x: Tensor) throws -> Tensor {
        _ = try outputShape(for: x.shape)
        return try x.flattened(from: 1)
    }

    public func outputShape(for input: [Int]) throws -> [Int] {
        guard input.count >= 2 else {
            throw TensorError.invalidShape(
                op: "flatten", shape: input, reason: "has no axis 1 to flatten from; Flatten expects (batch, …) of rank at least 2")
        }
        return [input[0], Shape.count(Array(input.dropFirst()))]
    }
}
