import Glibc

/// Adam, with PyTorch's `torch.optim.Adam` update rule and defaults (lr 1e-3, betas
/// (0.9, 0.999), eps 1e-8, no weight decay). For each parameter p with gradient g, at its
/// step t = 1, 2, …:
///
///     g ← g + weightDecay · p                          (L2, when weightDecay ≠ 0)
///     m ← β₁ · m + (1 − β₁) · g                        first moment: a running mean of g
///     v ← β₂ · v + (1 − β₂) · g²                       second moment: of g², elementwise
///     p ← p − lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
///
/// The bias corrections undo the zero start of m and v; they are folded into the step
/// size and the denominator exactly where PyTorch puts them, so the numbers agree with
/// PyTorch's to float rounding. `AdamW` is the same with decoupled weight decay.
public class Adam: Optimizer, CustomStringConvertible {
    public let parameters: [Parameter]
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    /// Whether weight decay shrinks the parameters directly (AdamW) instead of being
    /// added to the gradient as an L2 term (Adam).
    public let isDecoupled: Bool
    /// One state per parameter, in `parameters` order; nil until its first step.
    public internal(set) var states: [AdamState?]

    /// - Throws: `TensorError.invalidArgument` for a negative or non-finite
    ///   hyperparameter, or a beta outside [0, 1).
    public convenience init(
        parameters: [Parameter], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8,
        weightDecay: Float = 0
    ) throws {
        try self.init(
            parameters: parameters, learningRate: learningRate, betas: betas, epsilon: epsilon, weightDecay: weightDecay, isDecoupled: false
        )
    }

    init(parameters: [Parameter], learningRate: Float, betas: (Float, Float), epsilon: Float, weightDecay: Float, isDecoupled: Bool) throws
    {
        let op = isDecoupled ? "adamw" : "adam"
        try OptimizerSupport.require(learningRate, "learning rate", op: op)
        try OptimizerSupport.require(betas.0, "beta1", below: 1, op: op)
        try OptimizerSupport.require(betas.1, "beta2", below: 1, op: op)
        try OptimizerSupport.require(epsilon, "epsilon", op: op)
        try OptimizerSupport.require(weightDecay, "weight decay", op: op)
        self.parameters = parameters
        self.learningRate = learningRate
        beta1 = betas.0
        beta2 = betas.1
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.isDecoupled = isDecoupled
        states = Array(repeating: nil, count: parameters.count)
    }

    /// The name a user reads: "Adam" or "AdamW".
    public var kind: String { isDecoupled ? "AdamW" : "Adam" }

    public var description: String {
        "\(kind)(lr \(learningRate), betas (\(beta1), \(beta2)), eps \(epsilon), weight decay \(weightDecay))"
    }

    /// - Complexity: one pass over each parameter; allocation-free after the first step
    ///   (which creates the moment buffers).
    public func step() throws {
        let op = isDecoupled ? "adamw" : "adam"
        try OptimizerSupport.require(learningRate, "learning rate", op: op)
        for (index, parameter) in parameters.enumerated() {
            guard let grad = try OptimizerSupport.gradient(of: parameter, op: op) else { continue }
            let state: AdamState
            if let existing = states[index] {
                try OptimizerSupport.requireState(existing.mean, fits: parameter, op: op)
                state = existing
            } else {
                state = try AdamState(shape: grad.shape)
                states[index] = state
            }
            state.step += 1
            try update(parameter, grad: grad, state: state)
        }
    }

    /// One Adam (or AdamW) step for one parameter, on its buffers.
    func update(_ parameter: Parameter, grad: Tensor, state: AdamState) throws {
        let t = Double(state.step), lr = Double(learningRate)
        let b1 = beta1, b2 = beta2, eps = epsilon, wd = weightDecay
        // PyTorch computes these scalars in double precision (they are Python floats).
        let stepSize = Float(lr / (1 - pow(Double(b1), t)))
        let correction2Root = Float((1 - pow(Double(b2), t)).squareRoot())
        let l2 = isDecoupled ? 0 : wd
        let shrink = Float(1 - lr * Double(isDecoupled ? wd : 0))
        try grad.withUnsafeBufferPointer { g in
            try state.mean.withUnsafeMutableBufferPointer { m in
                try state.squaredMean.withUnsafeMutableBufferPointer { v in
                    try parameter.value.withUnsafeMutableBufferPointer { p in
                        // One loop per weight-decay mode, so the common one has no branches
                        // and vectorises (the flags are constants once inlined).
                        if shrink != 1 {
                            Adam.kernel(
                                p, g, m, v, b1, b2, eps, stepSize, correction2Root, shrink: shrink, l2: 0, decoupled: true, coupled: false)
                        } else if l2 != 0 {
                            Adam.kernel(
                                p, g, m, v, b1, b2, eps, stepSize, correction2Root, shrink: 1, l2: l2, decoupled: false, coupled: true)
                        } else {
                            Adam.kernel(
                                p, g, m, v, b1, b2, eps, stepSize, correction2Root, shrink: 1, l2: 0, decoupled: false, coupled: false)
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    static func kernel(
        _ p: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>,
        _ m: UnsafeMutableBufferPointer<Float>, _ v: UnsafeMutableBufferPointer<Float>,
        _ b1: Float, _ b2: Float, _ eps: Float, _ stepSize: Float, _ correction2Root: Float,
        shrink: Float, l2: Float, decoupled: Bool, coupled: Bool
    ) {
        let n = p.count
        guard let p = p.baseAddress, let g = g.baseAddress, let m = m.baseAddress, let v = v.baseAddress else { return }
        // Eight lanes at a time (the compiler does not vectorise the scalar loop: sqrt and
        // division stay scalar), then the same arithmetic, in the same order, per element.
        typealias V = SIMD8<Float>
        var i = 0
        while i + 8 <= n {
            var pv = UnsafeRawPointer(p + i).loadUnaligned(as: V.self)
            if decoupled { pv *= shrink }
            var gv = UnsafeRawPointer(g + i).loadUnaligned(as: V.self)
            if coupled { gv += l2 * pv }
            var mv = UnsafeRawPointer(m + i).loadUnaligned(as: V.self)
            mv += (1 - b1) * (gv - mv)
            var vv = UnsafeRawPointer(v + i).loadUnaligned(as: V.self)
            vv = vv * b2 + (1 - b2) * gv * gv
            let denominator = vv.squareRoot() / correction2Root + eps
            pv -= stepSize * (mv / denominator)
            UnsafeMutableRawPointer(p + i).storeBytes(of: pv, as: V.self)
            UnsafeMutableRawPointer(m + i).storeBytes(of: mv, as: V.self)
            UnsafeMutableRawPointer(v + i).storeBytes(of: vv, as: V.self)
            i += 8
        }
        while i < n {
            // AdamW: decay the weight itself, before and apart from the gradient step.
            if decoupled { p[i] *= shrink }
            // Adam's L2 weight decay: part of the gradient, so it is rescaled below.
            let gi = coupled ? g[i] + l2 * p[i] : g[i]
            // First moment: m ← β₁m + (1 − β₁)g, written as PyTorch's lerp m + (1 − β₁)(g − m).
            m[i] += (1 - b1) * (gi - m[i])
            // Second moment: v ← β₂v + (1 − β₂)g², the uncentred variance of g.
            v[i] = v[i] * b2 + (1 - b2) * gi * gi
            // Bias-corrected step: lr/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε).
            let denominator = v[i].squareRoot() / correction2Root + eps
            p[i] -= stepSize * (m[i] / denominator)
            i += 1
        }
    }
}

/// AdamW: Adam with decoupled weight decay (Loshchilov & Hutter), with PyTorch's
/// `torch.optim.AdamW` defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2).
/// Before each Adam update the parameter is shrunk, p ← p · (1 − lr · weightDecay), and
/// the decay never enters the moments, so it is not rescaled by them as Adam's L2 term is.
public final class AdamW: Adam {
    /// - Throws: `TensorError.invalidArgument` for a negative or non-finite
    ///   hyperparameter, or a beta outside [0, 1).
    public init(
        parameters: [Parameter], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8,
        weightDecay: Float = 1e-2
    ) throws {
        try super.init(
            parameters: parameters, learningRate: learningRate, betas: betas, epsilon: epsilon, weightDecay: weightDecay, isDecoupled: true)
    }
}

/// What Adam remembers about one parameter (PyTorch's "step", "exp_avg", "exp_avg_sq").
public final class AdamState {
    /// How many updates this parameter has had: t in the bias corrections.
    public internal(set) var step = 0
    /// The first-moment estimate m, shaped as the parameter.
    public internal(set) var mean: Tensor
    /// The second-moment estimate v, shaped as the parameter.
    public internal(set) var squaredMean: Tensor

    init(shape: [Int]) throws {
        mean = try Tensor.filled(shape, 0, op: "adam")
        squaredMean = try Tensor.filled(shape, 0, op: "adam")
    }
}
