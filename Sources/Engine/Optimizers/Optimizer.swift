/// Updates a model's parameters from their gradients, one `step()` at a time.
///
/// The usual loop, as in PyTorch:
///
///     optimizer.zeroGrad()
///     let loss = try Losses.crossEntropy(model.forward(x), y)
///     try loss.backward()
///     try optimizer.step()
///
/// Optimizers write parameter values in place through their buffers (copy-on-write:
/// a value a user still holds, or a gradient graph that is still alive, keeps the old
/// numbers, at the cost of one copy). Parameters whose gradient is nil are skipped and
/// their state does not advance, as in PyTorch.
public protocol Optimizer: AnyObject {
    /// The parameters this optimizer updates, in a fixed order (its state follows it).
    var parameters: [Parameter] { get }
    /// The step size; a `Scheduler` changes it between steps.
    var learningRate: Float { get set }
    /// Updates every parameter that has a gradient.
    /// - Throws: `TensorError` when a gradient's shape differs from its parameter's, or
    ///   the learning rate has been set to a negative or non-finite value.
    func step() throws
    /// Clears every parameter's gradient (sets it to nil, as PyTorch's `set_to_none`).
    func zeroGrad()
}

extension Optimizer {
    public func zeroGrad() {
        for p in parameters { p.zeroGrad() }
    }
}

/// Scales all gradients together so that their global L2 norm is at most `maxNorm`, as
/// PyTorch's `clip_grad_norm_`: every gradient is multiplied by maxNorm / (norm + 1e-6)
/// when that is below 1, and left alone otherwise.
///
/// The norm is accumulated in Double. A non-finite norm (an overflow or a NaN in some
/// gradient) is returned as is and nothing is scaled: the caller should look at it, which
/// is the point of returning it. A negative `maxNorm` counts as 0.
/// - Parameter parameters: those with a nil gradient are ignored.
/// - Returns: the global norm before clipping.
/// - Complexity: two passes over the gradients.
@discardableResult
public func clipGradNorm(_ parameters: [Parameter], maxNorm: Float) throws -> Float {
    var sumOfSquares: Double = 0
    for p in parameters {
        p.grad?.withUnsafeBufferPointer { g in
            for v in g { sumOfSquares += Double(v) * Double(v) }
        }
    }
    let norm = Float(sumOfSquares.squareRoot())
    let coefficient = Swift.max(maxNorm, 0) / (norm + 1e-6)
    guard norm.isFinite, coefficient < 1 else { return norm }
    for p in parameters {
        try p.grad?.withUnsafeMutableBufferPointer { g in
            for i in g.indices { g[i] *= coefficient }
        }
    }
    return norm
}

/// Checks shared by the optimizers.
enum OptimizerSupport {
    /// A hyperparameter must be finite and at least `minimum` (and below `limit` if given).
    static func require(_ value: Float, _ name: String, atLeast minimum: Float = 0, below limit: Float? = nil, op: String) throws {
        guard value.isFinite, value >= minimum, limit.map({ value < $0 }) ?? true else {
            let range = limit.map { "in [\(minimum), \($0))" } ?? "at least \(minimum)"
            throw TensorError.invalidArgument(op: op, reason: "\(name) must be \(range), got \(value)")
        }
    }

    /// The gradient to apply to `parameter`, or nil when it has none (the parameter is
    /// skipped); throws when the shapes disagree, which happens only when a user replaced
    /// a value or gradient by hand.
    static func gradient(of parameter: Parameter, op: String) throws -> Tensor? {
        guard let g = parameter.grad else { return nil }
        guard g.shape == parameter.value.shape else {
            throw TensorError.shapeMismatch(
                op: op, lhs: parameter.value.shape, rhs: g.shape, reason: "differ: a parameter and its gradient must have the same shape")
        }
        return g
    }

    /// Optimizer state (a momentum buffer, a moment estimate) must still fit its parameter.
    static func requireState(_ state: Tensor, fits parameter: Parameter, op: String) throws {
        guard state.shape == parameter.value.shape else {
            throw TensorError.shapeMismatch(
                op: op, lhs: parameter.value.shape, rhs: state.shape,
                reason: "differ: the parameter changed shape since the optimizer's state was created (make a new optimizer)")
        }
    }
}
