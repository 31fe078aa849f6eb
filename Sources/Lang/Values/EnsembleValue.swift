import Engine

/// Several models whose predictions are averaged, the recipe's last squeeze:
/// `e = ensemble([m1, m2, m3])`. Every metric takes it where it takes a model
/// (`accuracy(e, val)`, `confusion(e, val)`, `predict(e, val)`): over a dataset of classes
/// it averages the members' softmax probabilities (soft voting), over values their
/// outputs. Called on a tensor, `e(x)` gives the mean of the members' outputs, in
/// evaluation mode and without gradients, since which average fits depends on a target
/// the tensor does not carry.
///
/// It holds the members by reference, as a variable holds a model: training a member
/// afterwards changes the ensemble's predictions.
public final class EnsembleValue: SproutObject {
    /// Never empty: `ensemble` refuses an empty list.
    public let members: [Layer]

    init(_ members: [Layer]) {
        self.members = members
    }

    public var kindName: String { "ensemble" }

    public func formatted() -> String {
        let kinds = members.map(\.summary)
        let listed = kinds.count <= 4 ? kinds.joined(separator: ", ") : kinds.prefix(3).joined(separator: ", ") + ", …"
        return "ensemble of \(counted(members.count, "model")): \(listed)"
    }

    public var inlineText: String { "<ensemble of \(counted(members.count, "model"))>" }

    public var memberNames: [String] { ["models"] }

    public func member(_ name: String) throws -> Value? {
        name == "models" ? .list(members.map(Value.layer)) : nil
    }

    public var count: Int? { members.count }

    public var sizeDescription: String? { counted(members.count, "model") }

    public func item(_ key: ObjectKey) throws -> Value {
        guard case let .position(i) = key else {
            throw RuntimeError(.index("an ensemble is indexed by a model's position, from 0 to \(members.count - 1)"))
        }
        return .layer(members[i])
    }

    /// `e(x)`: the members' mean output over `x`.
    public func call(_ positional: [Value], named: [(String, Value)]) throws -> Value {
        guard positional.count == 1, named.isEmpty else {
            throw RuntimeError(
                .call(function: "ensemble", problem: "an ensemble takes one input tensor, got \(positional.count + named.count) arguments"))
        }
        // No runtime here to check for Ctrl-C between chunks: a call on one tensor is one
        // forward pass per member, as `m(x)` is.
        return .tensor(try Builtins.meanOutput(of: members, positional[0]))
    }
}
