import Engine

/// A call's arguments bound to a signature: positional ones in order, then named ones by
/// name, then defaults. The accessors convert and check, throwing an error that names
/// the function, the parameter, what it expects and what it got.
public struct Arguments {
    public let function: String
    public let signature: Signature
    /// One slot per parameter: a builtin's omitted parameter holds its signature's
    /// default; nil when omitted with no literal default (a user function's, run as code).
    public private(set) var values: [Value?]
    /// What a variadic parameter collected.
    public private(set) var rest: [Value]

    /// Binds positional and named arguments.
    /// - Throws: `RuntimeError(.call)` for too many arguments, an unknown or repeated
    ///   name, or a missing required parameter.
    public init(function: String, signature: Signature, positional: [Value], named: [(String, Value)]) throws {
        self.function = function
        self.signature = signature
        let params = signature.parameters
        values = Array(repeating: nil, count: params.count)
        rest = []
        var i = 0
        for value in positional {
            guard i < params.count else {
                let required = params.filter(\.isRequired).count
                let range = required == params.count ? "\(params.count)" : "\(required) to \(params.count)"
                throw RuntimeError(
                    .call(function: function, problem: "takes \(range) argument\(params.count == 1 ? "" : "s"), got \(positional.count)"))
            }
            if params[i].isVariadic { rest.append(value); continue }
            values[i] = value
            i += 1
        }
        for (name, value) in named {
            guard let j = params.firstIndex(where: { $0.name == name && !$0.isVariadic }) else {
                let known = params.filter { !$0.isVariadic }.map(\.name).joined(separator: ", ")
                throw RuntimeError(
                    .call(function: function, problem: "has no parameter named '\(name)'" + (known.isEmpty ? "" : " (it takes \(known))")))
            }
            guard values[j] == nil else {
                throw RuntimeError(.call(function: function, problem: "'\(name)' is given twice"))
            }
            values[j] = value
        }
        for (j, p) in params.enumerated() where values[j] == nil {
            if p.isRequired {
                throw RuntimeError(.call(function: function, problem: "missing argument '\(p.name)' (\(p.expects))"))
            }
            // A builtin's default as its signature shows it (see `ParameterSpec.defaultLiteral`).
            if let d = p.defaultLiteral { values[j] = d.value }
        }
    }

    func index(_ name: String) -> Int {
        signature.parameters.firstIndex { $0.name == name } ?? -1
    }

    /// Whether the parameter was given (and is not none).
    public func has(_ name: String) -> Bool {
        let i = index(name)
        guard i >= 0, let v = values[i] else { return false }
        if case .none = v { return false }
        return true
    }

    /// The raw value, or nil when omitted.
    public func value(_ name: String) -> Value? {
        let i = index(name)
        return i >= 0 ? values[i] : nil
    }

    public func mismatch(_ name: String, _ got: Value) -> RuntimeError {
        let expects = signature.parameters.first { $0.name == name }?.expects ?? "another value"
        return RuntimeError(.argument(function: function, parameter: name, expected: expects, got: got.described))
    }

    /// The error for a required parameter that was not given.
    func missing(_ name: String) -> RuntimeError {
        RuntimeError(.call(function: function, problem: "missing argument '\(name)'"))
    }

    public func number(_ name: String) throws -> Double {
        guard let v = value(name), !v.isNone else { throw missing(name) }
        return try number(v, for: name)
    }

    /// `v` as a number: numbers, bools and one-element tensors convert.
    private func number(_ v: Value, for name: String) throws -> Double {
        switch v {
        case let .number(x): return x
        case let .bool(b): return b ? 1 : 0
        case let .tensor(t) where t.count == 1: return Double(t[flat: 0])
        default: throw mismatch(name, v)
        }
    }

    /// A whole number (a float with no fraction, within Int range).
    public func integer(_ name: String) throws -> Int {
        guard let v = value(name), !v.isNone else { throw missing(name) }
        guard let n = try number(v, for: name).wholeInt else { throw mismatch(name, v) }
        return n
    }

    public func optionalInteger(_ name: String) throws -> Int? {
        has(name) ? try integer(name) : nil
    }

    public func bool(_ name: String) throws -> Bool {
        guard let v = value(name), !v.isNone else { throw missing(name) }
        if case let .bool(b) = v { return b }
        throw mismatch(name, v)
    }

    public func string(_ name: String) throws -> String {
        guard let v = value(name), !v.isNone else { throw missing(name) }
        if case let .string(s) = v { return s }
        throw mismatch(name, v)
    }

    /// A tensor; numbers and (nested) lists of numbers are converted.
    public func tensor(_ name: String) throws -> Tensor {
        guard let v = value(name), !v.isNone else { throw missing(name) }
        guard let t = try v.asTensor() else { throw mismatch(name, v) }
        return t
    }

    public func layer(_ name: String) throws -> Layer {
        guard let v = value(name) else { throw missing(name) }
        if case let .layer(l) = v { return l }
        throw mismatch(name, v)
    }

    public func function(_ name: String) throws -> FunctionValue {
        guard let v = value(name) else { throw missing(name) }
        if case let .function(f) = v { return f }
        throw mismatch(name, v)
    }

    /// A list of whole numbers (a shape, a list of axes); a single number is a list of one.
    public func integers(_ name: String) throws -> [Int] {
        guard let v = value(name), !v.isNone else { throw missing(name) }
        if case let .range(s, e) = v {
            // A shape or axis list, never billions long: refuse before allocating it (as
            // a mismatch, unlike the "too many to list" of `wholeNumbers`).
            guard e - s <= 10_000_000 else { throw mismatch(name, v) }
            return Array(s..<max(s, e))
        }
        return try Self.wholeNumbers(v, function: function, onError: mismatch(name, v))
    }
}

extension Value {
    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// The value as a tensor when it is one, a number, a bool, or a (nested) list of
    /// numbers; nil otherwise. Ragged lists throw.
    public func asTensor() throws -> Tensor? {
        switch self {
        case let .tensor(t): return t
        case let .number(x): return Tensor(Float(x))
        case let .bool(b): return Tensor(b ? 1 : 0)
        case .list:
            do {
                guard let nested = try asNested(depth: 0) else { return nil }
                return try Tensor(nested: nested)
            } catch let e as TensorError { throw RuntimeError(engine: e) }
        case let .range(s, e):
            do { return try Tensor.counting(s..<max(s, e)) } catch let error as TensorError { throw RuntimeError(engine: error) }
        default: return nil
        }
    }

    /// The value as nested numbers, nil when something in it is not a number. Refuses a
    /// list nested deeper than a tensor's rank may be before recursing further, so a
    /// million-deep list costs no stack and no copy.
    /// - Throws: `TensorError.invalidShape` past `Shape.maxRank` levels.
    func asNested(depth: Int) throws -> NestedScalars? {
        switch self {
        case let .number(x): return .scalar(Float(x))
        case let .bool(b): return .scalar(b ? 1 : 0)
        case let .list(items):
            guard depth < Shape.maxRank else { throw Shape.tooManyDimensions(depth + 1, op: "tensor", fromLists: true) }
            var out: [NestedScalars] = []
            out.reserveCapacity(items.count)
            for item in items {
                guard let n = try item.asNested(depth: depth + 1) else { return nil }
                out.append(n)
            }
            return .list(out)
        case let .tensor(t) where t.rank == 0: return .scalar(t[flat: 0])
        default: return nil
        }
    }
}
