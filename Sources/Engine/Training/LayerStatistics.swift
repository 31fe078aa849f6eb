/// Per-layer figures sampled during training, for `health`: the signs of a learning
/// rate that is too high or too low, and of units that have stopped learning.
///
/// Sampled every few steps rather than every step: the update ratio needs the weights
/// from before the optimizer's step (one copy of every parameter) and the dead-unit count
/// a pass over every activation, which together cost about a step's optimizer update.
public struct LayerStatistics: Sendable, Equatable {
    /// The run's step count when the sample was taken (1 for the first step).
    public let step: Int
    public let parameters: [ParameterFigures]
    public let activations: [ActivationFigures]

    /// Figures for one parameter.
    public struct ParameterFigures: Sendable, Equatable {
        /// The state-dict name: "0.weight".
        public let name: String
        /// ‖∂loss/∂w‖ (L2, after clipping).
        public let gradientNorm: Float
        /// ‖w‖ before the step.
        public let weightNorm: Float
        /// ‖Δw‖ / ‖w‖ for this step: around 1e-3 is healthy; much larger means the
        /// learning rate is too high, much smaller that the parameter barely moves.
        public let updateRatio: Float
    }

    /// Figures for one activation layer.
    public struct ActivationFigures: Sendable, Equatable {
        /// The layer's name as a prefix of its parameters would be: "1", "0.3".
        public let name: String
        /// The layer's kind: "ReLU".
        public let kind: String
        /// The fraction of units (positions past the batch axis) that are zero for every
        /// example of the batch: dead units pass no gradient and never recover.
        public let deadFraction: Float
    }
}

extension LayerStatistics {
    /// The L2 norm of a tensor's elements, accumulated in Double.
    static func norm(_ t: Tensor) -> Float {
        t.withUnsafeBufferPointer { b in
            var s: Double = 0
            for v in b { s += Double(v) * Double(v) }
            return Float(s.squareRoot())
        }
    }

    /// ‖a − b‖ for two tensors of one shape, accumulated in Double.
    static func distance(_ a: Tensor, _ b: Tensor) -> Float {
        guard a.count == b.count else { return .nan }
        let p = a.storage.pointer, q = b.storage.pointer
        var s: Double = 0
        for i in 0..<a.count {
            let d = Double(p[i]) - Double(q[i])
            s += d * d
        }
        return Float(s.squareRoot())
    }

    /// The fraction of units of `output` (batch, units…) that are not positive for any
    /// example: a ReLU whose output is zero for the whole batch.
    static func deadFraction(_ output: Tensor) -> Float {
        guard output.rank >= 1, output.shape[0] > 0 else { return 0 }
        let rows = output.shape[0], units = output.count / rows
        guard units > 0 else { return 0 }
        var alive = [Bool](repeating: false, count: units)
        let p = output.storage.pointer
        for r in 0..<rows {
            let row = p + r * units
            for u in 0..<units where row[u] > 0 { alive[u] = true }
        }
        return Float(alive.lazy.filter { !$0 }.count) / Float(units)
    }

    /// The names of a model's ReLU layers, by identity, as prefixes of their would-be
    /// parameters ("1" for the second layer of a sequence).
    static func activationNames(in model: Layer) -> [ObjectIdentifier: String] {
        var names: [ObjectIdentifier: String] = [:]
        model.walk { layer, prefix in
            guard layer is ReLU else { return }
            let p = prefix()
            names[ObjectIdentifier(layer)] = p.hasSuffix(".") ? String(p.dropLast()) : (p.isEmpty ? layer.kind : p)
        }
        return names
    }
}
