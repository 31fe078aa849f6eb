/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight
/// decay, with PyTorch's `torch.optim.SGD` update rule and defaults:
///
///     g ← grad + weightDecay · p                      (when weightDecay ≠ 0)
///     b ← g on the first step, else momentum · b + (1 − dampening) · g
///     g ← g + momentum · b  (Nesterov)   or   g ← b   (when momentum ≠ 0)
///     p ← p − lr · g
public final class SGD: Optimizer, CustomStringConvertible {
    public let parameters: [Parameter]
    public var learningRate: Float
    public let momentum: Float
    public let dampening: Float
    public let isNesterov: Bool
    public let weightDecay: Float
    /// One momentum buffer per parameter, in `parameters` order; nil until that
    /// parameter's first step with momentum (PyTorch's "momentum_buffer").
    public internal(set) var momentumBuffers: [Tensor?]

    /// - Throws: `TensorError.invalidArgument` for a negative or non-finite
    ///   hyperparameter, or Nesterov without momentum or with dampening (as PyTorch).
    public init(
        parameters: [Parameter], learningRate: Float = 1e-3, momentum: Float = 0, dampening: Float = 0, nesterov: Bool = false,
        weightDecay: Float = 0
    ) throws {
        try OptimizerSupport.require(learningRate, "learning rate", op: "sgd")
        try OptimizerSupport.require(momentum, "momentum", op: "sgd")
        try OptimizerSupport.require(dampening, "dampening", op: "sgd")
        try OptimizerSupport.require(weightDecay, "weight decay", op: "sgd")
        if nesterov && (momentum <= 0 || dampening != 0) {
            throw TensorError.invalidArgument(op: "sgd", reason: "Nesterov momentum requires a momentum above 0 and zero dampening")
        }
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.isNesterov = nesterov
        self.weightDecay = weightDecay
        momentumBuffers = Array(repeating: nil, count: parameters.count)
    }

    public var description: String {
        var s = "SGD(lr \(learningRate)"
        if momentum != 0 { s += ", momentum \(momentum)" }
        if dampening != 0 { s += ", dampening \(dampening)" }
        if isNesterov { s += ", nesterov" }
        if weightDecay != 0 { s += ", weight decay \(weightDecay)" }
        return s + ")"
    }

    /// - Complexity: one pass over each parameter; allocation-free after the first step
    ///   (which creates the momentum buffers).
    public func step() throws {
        try OptimizerSupport.require(learningRate, "learning rate", op: "sgd")
        let lr = learningRate, mu = momentum, keep = 1 - dampening, wd = weightDecay, nesterov = isNesterov
        for (index, parameter) in parameters.enumerated() {
            guard let grad = try OptimizerSupport.gradient(of: parameter, op: "sgd") else { continue }
            guard mu != 0 else {
                // Plain SGD: p ← p − lr · (g + wd · p)
                try grad.withUnsafeBufferPointer { g in
                    try parameter.value.withUnsafeMutableBufferPointer { p in
                        for i in p.indices { p[i] -= lr * (wd != 0 ? g[i] + wd * p[i] : g[i]) }
                    }
                }
                continue
            }
            let isFirst = momentumBuffers[index] == nil
            var buffer = try momentumBuffers[index] ?? Tensor.filled(grad.shape, 0, op: "sgd")
            try OptimizerSupport.requireState(buffer, fits: parameter, op: "sgd")
            momentumBuffers[index] = nil  // so `buffer` is the only reference and is written in place
            try grad.withUnsafeBufferPointer { g in
                try buffer.withUnsafeMutableBufferPointer { b in
                    try parameter.value.withUnsafeMutableBufferPointer { p in
                        for i in p.indices {
                            let d = wd != 0 ? g[i] + wd * p[i] : g[i]
                            // The buffer starts as the first gradient itself (no dampening).
                            b[i] = isFirst ? d : mu * b[i] + keep * d
                            p[i] -= lr * (nesterov ? d + mu * b[i] : b[i])
                        }
                    }
                }
            }
            momentumBuffers[index] = buffer
        }
    }
}
