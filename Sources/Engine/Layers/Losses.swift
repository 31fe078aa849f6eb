import Glibc

/// Loss functions, all reducing by the mean as PyTorch does by default.
public enum Losses {
    /// Mean squared error.
    public static func mse(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
        guard prediction.shape == target.shape else {
            throw TensorError.shapeMismatch(
                op: "mse", lhs: prediction.shape, rhs: target.shape, reason: "differ: prediction and target must have the same shape")
        }
        let d = try prediction - target
        return try (d * d).mean()
    }

    /// Cross-entropy of logits against integer class targets, with optional label smoothing
    /// (PyTorch's `cross_entropy(..., label_smoothing:)`).
    ///
    /// One fused primitive rather than log_softmax followed by a gather: the gradient is
    /// simply (softmax − smoothed one-hot) / batch, which is exact and cannot overflow,
    /// where chaining the two rules would pass through exp(log p).
    /// - Parameters:
    ///   - logits: (batch, classes)
    ///   - targets: (batch), whole numbers in 0 ..< classes
    public static func crossEntropy(_ logits: Tensor, _ targets: Tensor, labelSmoothing: Float = 0) throws -> Tensor {
        guard logits.rank == 2 else {
            throw TensorError.invalidShape(op: "cross_entropy", shape: logits.shape, reason: "is not (batch, classes) logits")
        }
        let (n, c) = (logits.shape[0], logits.shape[1])
        guard targets.rank == 1, targets.shape[0] == n else {
            throw TensorError.shapeMismatch(
                op: "cross_entropy", lhs: logits.shape, rhs: targets.shape,
                reason: "do not match: targets must be (batch) class indices for (batch, classes) logits")
        }
        guard n > 0, c > 0 else { throw TensorError.invalidArgument(op: "cross_entropy", reason: "needs at least one row and one class") }
        guard labelSmoothing >= 0 && labelSmoothing <= 1 else {
            throw TensorError.invalidArgument(op: "cross_entropy", reason: "label_smoothing must be in [0, 1], got \(labelSmoothing)")
        }
        let classes = try Tensor.integerIndices(targets, size: c, op: "cross_entropy", axis: 1)
        guard targets.withUnsafeBufferPointer({ $0.allSatisfy { $0 >= 0 } }) else {
            throw TensorError.invalidArgument(op: "cross_entropy", reason: "class indices must not be negative")
        }
        // One pass per row: shifted exponentials give the probabilities (saved for the
        // fused gradient) and their sum the log-normaliser, so exp runs once per logit.
        let x = logits.storage.pointer
        let probabilities = try Tensor.make(logits.shape, op: "cross_entropy") { _ in }
        let p = probabilities.storage.pointer
        var total: Double = 0
        let eps = Double(labelSmoothing)
        for i in 0..<n {
            let row = x + i * c, prob = p + i * c
            let (m, sum) = Kernels.softmaxRow(row, into: prob, count: c, log: false)
            let logSum = Glibc.logf(sum)
            // log p_j = (x_j − m) − log Σ, exact in the shift (see Kernels.softmaxRow).
            var loss = -(1 - eps) * Double((row[classes[i]] - m) - logSum)
            if eps > 0 {
                var s: Double = 0
                for j in 0..<c { s += Double((row[j] - m) - logSum) }
                loss -= eps * s / Double(c)
            }
            total += loss
        }
        let out = Tensor(Float(total / Double(n)))
        return out.recorded(.crossEntropy(probabilities: probabilities, targets: classes, smoothing: labelSmoothing), inputs: [logits])
    }

    static func crossEntropyGradient(upstream: Tensor, probabilities p: Tensor, targets: [Int], smoothing: Float) throws -> Tensor {
        let (n, c) = (p.shape[0], p.shape[1])
        let scale = upstream.storage.pointer[0] / Float(n)
        let off = smoothing / Float(c), on = 1 - smoothing
        let pp = p.storage.pointer
        return try Tensor.make(p.shape, op: "cross_entropy") { o in
            for i in 0..<n {
                for j in 0..<c { o[i * c + j] = (pp[i * c + j] - off) * scale }
                o[i * c + targets[i]] -= on * scale
            }
        }
    }

    /// Negative log-likelihood of log-probabilities (batch, classes) at integer targets.
    public static func nll(_ logProbs: Tensor, _ targets: Tensor) throws -> Tensor {
        guard logProbs.rank == 2, targets.rank == 1, targets.shape[0] == logProbs.shape[0] else {
            throw TensorError.shapeMismatch(
                op: "nll", lhs: logProbs.shape, rhs: targets.shape,
                reason: "do not match: expected (batch, classes) log-probabilities and (batch) targets")
        }
        if let negative = targets.scalars.first(where: { $0 < 0 }) {
            throw TensorError.invalidArgument(op: "nll", reason: "class index \(negative) is negative")
        }
        let picked = try logProbs.gather(axis: 1, indices: targets.reshaped(to: [targets.shape[0], 1]))
        return try -picked.mean()
    }

    /// Binary cross-entropy on logits, stably: softplus(x) − x·y, whose gradient is σ(x) − y.
    public static func binaryCrossEntropyWithLogits(_ logits: Tensor, _ targets: Tensor) throws -> Tensor {
        guard logits.shape == targets.shape else {
            throw TensorError.shapeMismatch(
                op: "binary_cross_entropy_with_logits", lhs: logits.shape, rhs: targets.shape,
                reason: "differ: logits and targets must have the same shape")
        }
        return try (logits.softplus() - logits * targets).mean()
    }
}
