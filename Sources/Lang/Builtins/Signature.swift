/// The parameters a function takes, as `help` shows them and as calls are checked against.
public struct Signature: Sendable, Equatable {
    public var parameters: [ParameterSpec]

    public init(_ parameters: [ParameterSpec]) {
        self.parameters = parameters
    }

    /// `adam(model, lr: 0.001, betas: [0.9, 0.999])`.
    public func rendered(name: String) -> String {
        let parts = parameters.map { p -> String in
            if p.isVariadic { return "\(p.name)…" }
            if let d = p.defaultText { return "\(p.name): \(d)" }
            return p.name
        }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }
}

public struct ParameterSpec: Sendable, Equatable {
    public var name: String
    /// What the parameter expects, as a user reads it: "tensor", "number", "whole number",
    /// "list of numbers", "model", "function", "any value".
    public var expects: String
    /// The default as source text ("0.001", "none"); nil makes the parameter required.
    public var defaultText: String?
    /// Takes all remaining positional arguments (`seq(layers…)`).
    public var isVariadic: Bool
    /// A builtin's default as a call gets it, read from `defaultText` (see `Builtin.init`):
    /// its help and its behaviour come from one text and cannot disagree. nil for a user
    /// function, whose default is code run at each call.
    public var defaultLiteral: DefaultLiteral?

    public init(_ name: String, _ expects: String, default defaultText: String? = nil, variadic: Bool = false) {
        self.name = name
        self.expects = expects
        self.defaultText = defaultText
        self.isVariadic = variadic
    }

    public var isRequired: Bool { defaultText == nil && !isVariadic }
}

/// A parameter's default as a value, parsed once from the text help shows.
public enum DefaultLiteral: Sendable, Equatable {
    case number(Double)
    case bool(Bool)
    case none
    case string(String)
    case numbers([Double])

    /// "0.001", "-1", "1e-08", "true", "none", "\"cosine\"", "[0.9, 0.999]"; nil for anything else.
    public init?(text: String) {
        let t = text.trimmingSpacesAndTabs()
        switch t {
        case "none": self = .none
        case "true": self = .bool(true)
        case "false": self = .bool(false)
        default:
            if let x = Double(t), x.isFinite {
                self = .number(x)
            } else if t.count >= 2, t.hasPrefix("\""), t.hasSuffix("\""),
                !t.dropFirst().dropLast().contains(where: { $0 == "\"" || $0 == "\\" })
            {
                self = .string(String(t.dropFirst().dropLast()))
            } else if t.hasPrefix("["), t.hasSuffix("]") {
                let items = t.dropFirst().dropLast().split(separator: ",").map { Double(String($0).trimmingSpacesAndTabs()) }
                guard items.allSatisfy({ $0?.isFinite == true }) else { return nil }
                self = .numbers(items.compactMap { $0 })
            } else {
                return nil
            }
        }
    }

    var value: Value {
        switch self {
        case let .number(x): return .number(x)
        case let .bool(b): return .bool(b)
        case .none: return .none
        case let .string(s): return .string(s)
        case let .numbers(xs): return .list(xs.map { .number($0) })
        }
    }
}
