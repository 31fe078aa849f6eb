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

    public init(_ name: String, _ expects: String, default defaultText: String? = nil, variadic: Bool = false) {
        self.name = name
        self.expects = expects
        self.defaultText = defaultText
        self.isVariadic = variadic
    }

    public var isRequired: Bool { defaultText == nil && !isVariadic }
}
