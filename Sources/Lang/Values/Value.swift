import Engine

/// A value in a Sprout program. Lists, records and tensors have value semantics (a copy
/// is independent: tensors copy on write); layers and optimizers are shared references,
/// as a model and the optimizer that updates it must be.
public enum Value {
    case number(Double)
    case string(String)
    case bool(Bool)
    case none
    case list([Value])
    case record(Record)
    /// `a..b`, half-open, over integers.
    case range(start: Int, end: Int)
    case tensor(Tensor)
    case layer(Layer)
    case optimizer(Optimizer)
    case function(FunctionValue)
    /// Room for what later issues add (datasets, runs, plots): any kind of value that
    /// plugs in through the hooks of `SproutObject` (members, indexing, size, printing).
    case object(SproutObject)

    /// The kind a user reads in messages and `:vars`: "number", "tensor", "list", …
    public var kindName: String {
        switch self {
        case .number: return "number"
        case .string: return "string"
        case .bool: return "bool"
        case .none: return "none"
        case .list: return "list"
        case .record: return "record"
        case .range: return "range"
        case .tensor: return "tensor"
        case .layer: return "model"
        case .optimizer: return "optimizer"
        case .function: return "function"
        case let .object(o): return o.kindName
        }
    }
}

/// A record: named fields in the order they were written.
public struct Record: Equatable {
    public private(set) var names: [String]
    public private(set) var values: [Value]

    public init(_ fields: [(String, Value)] = []) {
        names = fields.map(\.0)
        values = fields.map(\.1)
    }

    /// Fields from names and values of the same count; a dataset's rows share one array
    /// of names.
    init(names: [String], values: [Value]) {
        self.names = names
        self.values = values
    }

    public subscript(name: String) -> Value? {
        get { names.firstIndex(of: name).map { values[$0] } }
        set {
            if let i = names.firstIndex(of: name) {
                if let newValue { values[i] = newValue } else { names.remove(at: i); values.remove(at: i) }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }

    /// As `Value`'s equality, which compares nested records without recursion.
    public static func == (a: Record, b: Record) -> Bool {
        Value.record(a) == Value.record(b)
    }
}

/// A callable value: a builtin or a function defined in Sprout.
public protocol FunctionValue: AnyObject {
    var name: String { get }
    var signature: Signature { get }
}

extension Value: Equatable {
    /// Structural equality for plain data; identity for models, optimizers, functions
    /// and objects; tensors by shape and elements.
    ///
    /// Lists and records are compared without recursion, and each pair of lists (or
    /// records) is compared once however often it is shared, so neither depth nor
    /// sharing (`x = [x, x]`) makes a comparison overflow the stack or take exponential
    /// time. Items are still compared one by one, so `[nan] == [nan]` stays false.
    public static func == (a: Value, b: Value) -> Bool {
        guard a.isContainer || b.isContainer else { return shallowEqual(a, b) }
        var pending = [(a, b)]
        var compared = Set<PairKey>()
        while let (x, y) = pending.popLast() {
            let items: ([Value], [Value])
            let isRecord: Bool
            switch (x, y) {
            case let (.list(p), .list(q)): (items, isRecord) = ((p, q), false)
            case let (.record(r), .record(s)):
                guard r.names == s.names else { return false }
                (items, isRecord) = ((r.values, s.values), true)
            default:
                guard shallowEqual(x, y) else { return false }
                continue
            }
            guard items.0.count == items.1.count else { return false }
            guard
                compared.insert(PairKey(first: StorageKey(items.0, isRecord: isRecord), second: StorageKey(items.1, isRecord: isRecord)))
                    .inserted
            else { continue }
            pending.append(contentsOf: zip(items.0, items.1))
        }
        return true
    }

    /// Two lists' (or records') storages, as a pair already compared.
    private struct PairKey: Hashable {
        let first: StorageKey
        let second: StorageKey
    }

    /// Equality of anything but lists and records (which are never equal here).
    private static func shallowEqual(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.none, .none): return true
        case let (.range(s1, e1), .range(s2, e2)): return s1 == s2 && e1 == e2
        case let (.tensor(x), .tensor(y)):
            // Compared in place: `scalars` would copy both tensors (2 × 8 GB at the limit).
            return x.shape == y.shape
                && x.withUnsafeBufferPointer { a in
                    y.withUnsafeBufferPointer { b in a.elementsEqual(b) }
                }
        case let (.layer(x), .layer(y)): return x === y
        case let (.optimizer(x), .optimizer(y)): return x === y
        case let (.function(x), .function(y)): return x === y
        case let (.object(x), .object(y)): return x === y
        default: return false
        }
    }
}
