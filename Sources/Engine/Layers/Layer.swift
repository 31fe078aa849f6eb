/// A building block of a model: a function of a tensor with learnable parameters.
///
/// Layers are classes so that a model, the optimizer that updates it and a user's
/// variables all see the same parameters. A layer owns its `Parameter`s (by name, e.g.
/// "weight" and "bias") and may contain other layers (`children`); the helpers below walk
/// that tree, naming parameters the way PyTorch's `state_dict` does ("0.weight",
/// "2.bias"), so files written by one can be read by the other.
///
/// Layers start in training mode, as PyTorch modules do; `eval()` switches dropout and
/// batch normalisation to their inference behaviour for the whole tree.
public protocol Layer: AnyObject {
    /// The layer's kind as a user reads it: "Linear", "ReLU", "Sequential".
    var kind: String { get }
    /// A one-line description with the layer's sizes: "Linear(64 → 128)".
    var summary: String { get }
    /// Applies the layer.
    /// - Throws: `TensorError` when `x` does not have a shape the layer accepts.
    func forward(_ x: Tensor) throws -> Tensor
    /// This layer's own parameters (not its children's), in a fixed order.
    var namedParameters: [NamedParameter] { get }
    /// This layer's own state that is saved with it but not trained (running statistics).
    var namedBuffers: [NamedBuffer] { get }
    /// The layers inside this one; their parameters are named by position ("0.weight").
    var children: [Layer] { get }
    /// Training mode (true) or evaluation mode; set it for a whole tree with `train()` / `eval()`.
    var isTraining: Bool { get set }
    /// The shape `forward` would return for an input of shape `input`, computed without
    /// running it and validated as `forward` validates.
    /// - Throws: `TensorError`, the same error `forward` would throw for that shape.
    func outputShape(for input: [Int]) throws -> [Int]
    /// A deep copy of this layer, its parameters and buffers taken from `copier` so that
    /// sharing is kept (call `copy()`; see `LayerCopier`).
    func copy(with copier: LayerCopier) -> Layer
}

/// A parameter and the name it has inside its layer ("weight") or model ("0.weight").
public struct NamedParameter {
    public let name: String
    public let parameter: Parameter

    public init(name: String, parameter: Parameter) {
        self.name = name
        self.parameter = parameter
    }
}

/// State a layer keeps beside its parameters and saves with them, but that no optimizer
/// updates: batch normalisation's running mean and variance.
public final class Buffer {
    public var value: Tensor

    public init(_ value: Tensor) {
        self.value = value.detached()
    }
}

/// A buffer and its name inside its layer ("running_mean") or model ("1.running_mean").
public struct NamedBuffer {
    public let name: String
    public let buffer: Buffer

    public init(name: String, buffer: Buffer) {
        self.name = name
        self.buffer = buffer
    }
}

/// One row of a model's parameter listing.
public struct ParameterRow: Sendable, Equatable {
    /// The state-dict name, e.g. "0.weight".
    public let name: String
    public let shape: [Int]
    /// Number of scalars: the product of `shape`.
    public let count: Int
}

extension Layer {
    public var namedBuffers: [NamedBuffer] { [] }
    public var children: [Layer] { [] }

    /// Every parameter in this layer and the layers inside it, depth first, named as in
    /// PyTorch's `state_dict`: a child's names are prefixed with its position ("0.weight").
    /// A parameter shared by two layers is listed once, under its first name.
    public var allParameters: [NamedParameter] {
        collect({ $0.namedParameters }, identity: { ObjectIdentifier($0.parameter) }) {
            NamedParameter(name: $0 + $1.name, parameter: $1.parameter)
        }
    }

    /// Every buffer in this layer and the layers inside it, named and deduplicated as
    /// `allParameters` does.
    public var allBuffers: [NamedBuffer] {
        collect({ $0.namedBuffers }, identity: { ObjectIdentifier($0.buffer) }) {
            NamedBuffer(name: $0 + $1.name, buffer: $1.buffer)
        }
    }

    /// Walks the tree depth first, keeping each item (by identity) under its first name.
    func collect<Item>(
        _ items: (Layer) -> [Item], identity: (Item) -> ObjectIdentifier, renamed: (String, Item) -> Item
    ) -> [Item] {
        var seen = Set<ObjectIdentifier>()
        var out: [Item] = []
        walk { layer, prefix in
            let own = items(layer)
            guard !own.isEmpty else { return }
            let name = prefix()
            for item in own where seen.insert(identity(item)).inserted {
                out.append(renamed(name, item))
            }
        }
        return out
    }

    /// The parameters alone, in `allParameters` order: what an optimizer takes.
    public var parameters: [Parameter] { allParameters.map(\.parameter) }

    /// The number of trainable scalars in the whole tree.
    public var parameterCount: Int { allParameters.reduce(0) { $0 + $1.parameter.value.count } }

    /// Name, shape and size of every parameter, in `allParameters` order, for printing.
    public var parameterTable: [ParameterRow] {
        allParameters.map { ParameterRow(name: $0.name, shape: $0.parameter.value.shape, count: $0.parameter.value.count) }
    }

    /// This layer and every layer inside it, depth first.
    public var descendants: [Layer] {
        var out: [Layer] = []
        walk { layer, _ in out.append(layer) }
        return out
    }

    /// Puts this layer and every layer inside it in training mode.
    public func train() { setTraining(true) }

    /// Puts this layer and every layer inside it in evaluation mode.
    public func eval() { setTraining(false) }

    func setTraining(_ isOn: Bool) {
        walk { layer, _ in layer.isTraining = isOn }
    }

    /// Visits this layer and its descendants depth first, with a function giving each
    /// one's name prefix ("" for this layer, "0." for its first child, "0.1." below that).
    /// Iterative, so a deeply nested model cannot overflow the stack; a prefix is built
    /// only when asked for, so a chain nested n deep costs O(n), not O(n²), to walk.
    func walk(_ visit: (Layer, () -> String) -> Void) {
        // Every layer seen so far, with the entry of its parent and its position there.
        var visited: [(parent: Int, position: Int)] = []
        var stack: [(layer: Layer, parent: Int, position: Int)] = [(self, -1, 0)]
        while let (layer, parent, position) = stack.popLast() {
            let entry = visited.count
            visited.append((parent, position))
            visit(layer) {
                var positions: [Int] = []
                var at = entry
                while visited[at].parent >= 0 {
                    positions.append(visited[at].position)
                    at = visited[at].parent
                }
                return positions.reversed().map { "\($0)." }.joined()
            }
            for (i, child) in layer.children.enumerated().reversed() {
                stack.append((child, entry, i))
            }
        }
    }
}

/// Helpers the layer constructors share.
enum LayerSupport {
    /// Draws `shape` uniformly from `[-bound, bound)`: PyTorch's default initialisation of
    /// linear and convolution layers, whose bound is 1/sqrt(fan_in).
    static func uniformParameter(_ shape: [Int], bound: Float, rng: RandomSource) throws -> Parameter {
        Parameter(try rng.uniform(shape, low: -bound, high: bound))
    }

    /// Checks that a size argument of a layer constructor is at least `minimum`.
    static func requireSize(_ value: Int, _ name: String, atLeast minimum: Int = 1, op: String) throws {
        guard value >= minimum else {
            throw TensorError.invalidArgument(op: op, reason: "\(name) must be at least \(minimum), got \(value)")
        }
        guard value <= Shape.maxElements else {
            throw TensorError.invalidArgument(op: op, reason: "\(name) \(value) is too large (at most \(Shape.maxElements))")
        }
    }

    /// The input's last dimension, checked against what the layer expects; `other` is the
    /// shape the error names beside the input's (the layer's weight).
    static func requireLastDimension(_ input: [Int], _ expected: Int, against other: [Int], op: String, what: String) throws {
        guard let last = input.last else {
            throw TensorError.invalidShape(
                op: op, shape: input, reason: "is a scalar; \(op) needs \(what) of size \(expected) in the last dimension")
        }
        guard last == expected else {
            throw TensorError.shapeMismatch(
                op: op, lhs: input, rhs: other,
                reason: "do not match: the input's last dimension is \(last), the layer expects \(expected) \(what)")
        }
    }
}
