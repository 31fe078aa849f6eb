/// Layers applied one after another, as PyTorch's `nn.Sequential`: the output of each is
/// the input of the next. Its children are named by position, so the parameters of
/// `Sequential([Linear(64, 128), ReLU(), Linear(128, 10)])` are "0.weight", "0.bias",
/// "2.weight" and "2.bias", as in a PyTorch state dict.
public final class Sequential: Layer {
    public private(set) var layers: [Layer]
    public var isTraining = true

    /// An empty `Sequential` is the identity.
    public init(_ layers: [Layer]) {
        self.layers = layers
    }

    /// Adds a layer at the end.
    public func append(_ layer: Layer) {
        layers.append(layer)
    }

    public var kind: String { "Sequential" }
    public var summary: String { "Sequential(\(layers.count) layer\(layers.count == 1 ? "" : "s"))" }
    public var namedParameters: [NamedParameter] { [] }
    public var children: [Layer] { layers }

    /// Freeing a chain of sequences nested 100,000 deep would recurse once per level (and
    /// a loop in a program builds one): the chain is taken apart here, one level at a
    /// time, so each inner sequence this one alone holds is freed with no layers left.
    deinit {
        var pending = layers
        layers = []
        while !pending.isEmpty {
            var inner: Sequential
            do {
                // The popped reference ends with this scope, so `inner` can be the only one.
                guard let sequential = pending.removeLast() as? Sequential else { continue }
                inner = sequential
            }
            guard isKnownUniquelyReferenced(&inner) else { continue }
            pending.append(contentsOf: inner.layers)
            inner.layers = []
        }
    }

    /// - Parameter x: whatever the first layer takes.
    /// - Returns: whatever the last layer gives.
    /// - Throws: the error of the first layer that fails; `layerTable(for:)` shows where
    ///   the shapes go wrong without running anything.
    public func forward(_ x: Tensor) throws -> Tensor {
        var y = x
        for layer in leaves { y = try layer.forward(y) }
        return y
    }

    public func outputShape(for input: [Int]) throws -> [Int] {
        var shape = input
        for layer in leaves { shape = try layer.outputShape(for: shape) }
        return shape
    }

    /// The layers in the order they apply, with nested sequences opened up: the same
    /// function as `layers`, without a recursion per level of nesting.
    var leaves: [Layer] {
        guard layers.contains(where: { $0 is Sequential }) else { return layers }
        var out: [Layer] = []
        var pending = Array(layers.reversed())
        while let layer = pending.popLast() {
            if let inner = layer as? Sequential {
                pending.append(contentsOf: inner.layers.reversed())
            } else {
                out.append(layer)
            }
        }
        return out
    }

    /// One row per layer with its output shape for an input of shape `input` and its
    /// parameter count: what a model prints as its summary.
    /// - Throws: the `TensorError` of the first layer that cannot take its input.
    public func layerTable(for input: [Int]) throws -> [LayerRow] {
        var shape = input
        var rows: [LayerRow] = []
        for (i, layer) in layers.enumerated() {
            shape = try layer.outputShape(for: shape)
            rows.append(LayerRow(index: i, summary: layer.summary, outputShape: shape, parameterCount: layer.parameterCount))
        }
        return rows
    }
}

/// One line of a model summary.
public struct LayerRow: Sendable, Equatable {
    /// The layer's position in its `Sequential`, which is also its parameter-name prefix.
    public let index: Int
    /// The layer's one-line description, e.g. "Linear(64 → 128)".
    public let summary: String
    public let outputShape: [Int]
    public let parameterCount: Int
}
