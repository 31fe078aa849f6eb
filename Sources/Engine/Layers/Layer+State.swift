/// A model's state as PyTorch's `state_dict` holds it: every parameter and buffer by
/// name, read as copies and written back all at once.
///
/// The names are those of `allParameters` and `allBuffers` (one scheme: "0.weight",
/// "1.running_mean", "1.0.bias" for a nested model), and each layer's parameters come
/// before its buffers, as in PyTorch. Writing replaces the `value` of the existing
/// `Parameter` or `Buffer` object, so an optimizer built over the model before a load
/// keeps updating the same objects, and its moments stay where they were.
public struct StateEntry {
    /// What a name refers to: a trained parameter or a saved buffer.
    public enum Slot {
        case parameter(Parameter)
        case buffer(Buffer)
    }

    /// The state-dict name, e.g. "0.weight".
    public let name: String
    public let slot: Slot

    /// The current value; setting it keeps the object (and every reference to it).
    public var value: Tensor {
        get {
            switch slot {
            case let .parameter(p): return p.value
            case let .buffer(b): return b.value
            }
        }
        nonmutating set {
            switch slot {
            case let .parameter(p): p.value = newValue.detached()
            case let .buffer(b): b.value = newValue.detached()
            }
        }
    }

    /// Whether the entry is trained (a parameter) rather than only saved (a buffer).
    public var isParameter: Bool {
        if case .parameter = slot { return true }
        return false
    }
}

/// Why a state does not fit a model: every name that is missing, extra or of another
/// shape, found before anything is written.
public struct StateMismatch: Error, Equatable {
    /// Names the model has and the state lacks, in the model's order.
    public var missing: [String] = []
    /// Names the state has and the model lacks, in the state's order.
    public var unexpected: [String] = []
    /// Names whose shapes differ: the model's shape, then the state's.
    public var reshaped: [Reshaped] = []

    public struct Reshaped: Equatable, Sendable {
        public let name: String
        public let expected: [Int]
        public let given: [Int]
    }

    public var isEmpty: Bool { missing.isEmpty && unexpected.isEmpty && reshaped.isEmpty }
}

extension Layer {
    /// Every parameter and buffer of the tree, depth first, each layer's parameters
    /// before its buffers; shared objects once, under their first name.
    public var stateEntries: [StateEntry] {
        collect(
            { layer in
                layer.namedParameters.map { StateEntry(name: $0.name, slot: .parameter($0.parameter)) }
                    + layer.namedBuffers.map { StateEntry(name: $0.name, slot: .buffer($0.buffer)) }
            },
            identity: { entry in
                switch entry.slot {
                case let .parameter(p): return ObjectIdentifier(p)
                case let .buffer(b): return ObjectIdentifier(b)
                }
            }
        ) { StateEntry(name: $0 + $1.name, slot: $1.slot) }
    }

    /// The state as name → detached value. Tensors copy on write, so a later training
    /// step (which writes into the model's storage) leaves these values as they were.
    public var state: [(name: String, value: Tensor)] {
        stateEntries.map { ($0.name, $0.value.detached()) }
    }

    /// What would stop `loadState(given)`; empty when every name fits.
    /// - Parameter partial: when true, names the state lacks are not missing (one
    ///   parameter set by name).
    public func stateMismatch(_ given: [(name: String, shape: [Int])], partial: Bool = false) -> StateMismatch {
        Self.mismatch(given, partial: partial, entries: stateEntries)
    }

    /// `stateMismatch` against entries already listed (the walk over the model is done once).
    private static func mismatch(_ given: [(name: String, shape: [Int])], partial: Bool, entries: [StateEntry]) -> StateMismatch {
        var shapes: [String: [Int]] = [:]
        for entry in entries { shapes[entry.name] = entry.value.shape }
        var report = StateMismatch()
        var seen = Set<String>()
        for (name, shape) in given {
            seen.insert(name)
            guard let expected = shapes[name] else { report.unexpected.append(name); continue }
            if expected != shape { report.reshaped.append(.init(name: name, expected: expected, given: shape)) }
        }
        if !partial { report.missing = entries.map(\.name).filter { !seen.contains($0) } }
        return report
    }

    /// Writes every value of `given` into the parameter or buffer of that name, after
    /// checking all of them: nothing changes unless every name fits.
    /// - Throws: `StateMismatch` naming every missing, extra and mis-shaped name.
    public func loadState(_ given: [(name: String, value: Tensor)], partial: Bool = false) throws(StateMismatch) {
        let listed = stateEntries
        let report = Self.mismatch(given.map { ($0.name, $0.value.shape) }, partial: partial, entries: listed)
        guard report.isEmpty else { throw report }
        var entries: [String: StateEntry] = [:]
        for entry in listed { entries[entry.name] = entry }
        for (name, value) in given { entries[name]?.value = value }
    }
}
