/// Reverse-mode automatic differentiation, defined by running.
///
/// Every operation whose inputs need gradients records a `GradNode`: its `Op` (with the
/// values its gradient rule needs, saved detached so a node never holds itself) and the
/// nodes of its inputs. `backward()` sorts the graph reachable from a scalar, walks it in
/// reverse, asks each op's rule in `GradientRules.swift` for its inputs' gradients,
/// unbroadcasts them to the input shapes (here, in one place) and accumulates into
/// leaves. Leaves are `Parameter`s: they keep `.grad` across calls, so gradients
/// accumulate until `zeroGrad()`.
final class GradNode {
    enum Kind {
        case leaf(Parameter)
        case op(Op, inputs: [GradNode?], shapes: [[Int]])
    }
    private(set) var kind: Kind
    init(_ kind: Kind) { self.kind = kind }

    /// Releases a chain of nodes iteratively: ARC alone would free a long graph (a loop
    /// of 100,000 ops) by recursion and overflow the stack.
    deinit {
        var pending: [GradNode] = []
        if case let .op(_, inputs, _) = kind { pending = inputs.compactMap { $0 } }
        // `inputs` is out of scope here, so `pending` holds the only other references
        // (a binding still alive would keep every input non-unique and ARC would recurse).
        kind = .op(.reshape, inputs: [], shapes: [])
        while var next = pending.popLast() {
            // Only a node no one else holds is about to be freed: take its inputs first so
            // its own deinit has nothing left to recurse into.
            guard isKnownUniquelyReferenced(&next), case let .op(_, more, _) = next.kind else { continue }
            pending.append(contentsOf: more.compactMap { $0 })
            next.kind = .op(.reshape, inputs: [], shapes: [])
        }
    }
}

/// A tensor that owns its gradient: a model weight, or any tensor marked as needing one.
public final class Parameter: @unchecked Sendable {
    /// The current value, with no graph attached.
    public var value: Tensor
    /// The accumulated gradient, nil until a backward pass reaches this parameter.
    public var grad: Tensor?
    /// False for a frozen parameter (`freeze(m)`): operations on it record no gradient,
    /// so backward leaves its `grad` nil and optimizers skip it.
    public var requiresGradient = true

    public init(_ value: Tensor) {
        self.value = value.detached()
    }

    /// The value as a graph leaf: operations on it record gradients into this parameter.
    public var tensor: Tensor {
        var t = value
        if requiresGradient, GradMode.isEnabled { t.node = GradNode(.leaf(self)) }
        return t
    }

    public func zeroGrad() { grad = nil }
}

/// Whether operations record gradients. Task-local (thread-local outside a task), so a
/// no-grad scope, including the one `backward()` runs in, never switches recording off for
/// graphs being built concurrently elsewhere (parallel tests); a counter lets scopes nest.
public enum GradMode {
    @TaskLocal static var disabledDepth = 0

    @inline(__always)
    public static var isEnabled: Bool { disabledDepth == 0 }

    /// Runs `body` without recording gradients.
    public static func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
        try $disabledDepth.withValue(disabledDepth + 1) { try body() }
    }
}

extension Tensor {
    /// Whether this tensor is part of a gradient graph.
    public var requiresGradient: Bool { node != nil }

    /// The parameter behind a leaf tensor, if this is one.
    public var parameter: Parameter? {
        if case let .leaf(p)? = node?.kind { return p }
        return nil
    }

    /// The gradient accumulated in this leaf by `backward()`.
    public var grad: Tensor? { parameter?.grad }

    /// A leaf that records gradients: `x.requiringGradient()` is PyTorch's `requires_grad_()`.
    public func requiringGradient() -> Tensor {
        if parameter != nil { return self }
        var t = detached()
        t.node = GradNode(.leaf(Parameter(self)))
        return t
    }

    /// Attaches a node for `op` when gradients are on and an input needs one.
    @inline(__always)
    func recorded(_ op: @autoclosure () -> Op, inputs: [Tensor]) -> Tensor {
        // The node check first: it is a few loads, the task-local lookup is not.
        guard inputs.contains(where: { $0.node != nil }), GradMode.isEnabled else { return self }
        var out = self
        out.node = GradNode(.op(op(), inputs: inputs.map(\.node), shapes: inputs.map(\.shape)))
        return out
    }

    /// Backpropagates from this scalar into every leaf it depends on.
    /// - Throws: `TensorError.autograd` when this is not a one-element tensor or has no graph.
    public func backward() throws {
        guard count == 1 else {
            throw TensorError.autograd(
                "needs a scalar (one element), got shape \(Shape.describe(shape)); reduce it first, e.g. with sum or mean")
        }
        guard let root = node else {
            throw TensorError.autograd("this value does not depend on anything that requires gradients")
        }
        try GradMode.withoutGradients {
            var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): try Tensor.filled(shape, 1, op: "backward")]
            for n in Self.topologicalOrder(from: root).reversed() {
                guard let upstream = grads.removeValue(forKey: ObjectIdentifier(n)) else { continue }
                switch n.kind {
                case let .leaf(p):
                    p.grad = try p.grad.map { try $0 + upstream } ?? upstream
                case let .op(op, inputs, shapes):
                    let inputGrads = try op.gradients(upstream, shapes: shapes, needs: inputs.map { $0 != nil })
                    for (i, input) in inputs.enumerated() {
                        guard let input, i < inputGrads.count, let g = inputGrads[i] else { continue }
                        let reduced = try g.unbroadcast(to: shapes[i])
                        let key = ObjectIdentifier(input)
                        if let existing = grads[key] { grads[key] = try existing + reduced } else { grads[key] = reduced }
                    }
                }
            }
        }
    }

    /// Nodes in an order where every node comes after its inputs; iterative, so a deep
    /// graph cannot overflow the stack.
    static func topologicalOrder(from root: GradNode) -> [GradNode] {
        var order: [GradNode] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(GradNode, Bool)] = [(root, false)]
        while let (n, expanded) = stack.popLast() {
            if expanded { order.append(n); continue }
            guard visited.insert(ObjectIdentifier(n)).inserted else { continue }
            stack.append((n, true))
            if case let .op(_, inputs, _) = n.kind {
                for case let input? in inputs where !visited.contains(ObjectIdentifier(input)) {
                    stack.append((input, false))
                }
            }
        }
        return order
    }

    /// Sums a gradient over the axes that broadcasting expanded, back to `target`.
    func unbroadcast(to target: [Int]) throws -> Tensor {
        if shape == target { return self }
        let extra = rank - target.count
        var axes = Array(0..<Swift.max(extra, 0))
        for (i, d) in target.enumerated() where d == 1 && shape[i + extra] != 1 { axes.append(i + extra) }
        return try sum(alongAxes: axes, keepingDimensions: true).reshaped(to: target)
    }
}
