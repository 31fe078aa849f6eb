import Foundation
import Testing

@testable import Engine

/// Each optimizer's first three steps on a three-element parameter, with a hand-chosen
/// gradient per step, against its published update rule (the pseudo-code of the PyTorch
/// docs) written out below in Double. The rules are re-derived here on purpose rather
/// than shared with the implementation, so a slip in either shows.
@Suite("Optimizers")
struct OptimizerTests {
    static let start: [Double] = [1.0, -2.0, 0.5]
    /// The gradient given at steps 1, 2 and 3: different each step so that the moments
    /// do not collapse to the gradient itself.
    static let gradients: [[Double]] = [[0.1, -0.2, 0.3], [0.5, 0.1, -0.4], [-0.2, 0.3, 0.05]]

    /// Runs `optimizer` for three steps on `parameter`, returning the value after each.
    private func trajectory(_ optimizer: Optimizer, _ parameter: Parameter) throws -> [[Float]] {
        var out: [[Float]] = []
        for g in Self.gradients {
            parameter.grad = try Tensor(shape: [3], scalars: g.map(Float.init))
            try optimizer.step()
            out.append(parameter.value.scalars)
        }
        return out
    }

    private func expectClose(
        _ actual: [[Float]], _ expected: [[Double]], tolerance: Double = 1e-6,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (step, (a, e)) in zip(actual, expected).enumerated() {
            for (x, y) in zip(a, e) {
                #expect(
                    Approx.isClose(Double(x), y, tolerance: tolerance), "step \(step + 1): \(a) vs \(e)", sourceLocation: sourceLocation)
            }
        }
    }

    private func parameter() throws -> Parameter {
        Parameter(try Tensor(shape: [3], scalars: Self.start.map(Float.init)))
    }

    // MARK: SGD

    /// torch.optim.SGD's documented algorithm.
    private func sgdReference(
        lr: Double, momentum μ: Double = 0, dampening τ: Double = 0, nesterov: Bool = false, weightDecay λ: Double = 0
    ) -> [[Double]] {
        var θ = Self.start, b = [Double](repeating: 0, count: 3), out: [[Double]] = []
        for (t, grad) in Self.gradients.enumerated() {
            for i in 0..<3 {
                var g = grad[i]
                if λ != 0 { g += λ * θ[i] }
                if μ != 0 {
                    b[i] = t > 0 ? μ * b[i] + (1 - τ) * g : g
                    g = nesterov ? g + μ * b[i] : b[i]
                }
                θ[i] -= lr * g
            }
            out.append(θ)
        }
        return out
    }

    @Test("plain SGD, by hand and by the rule")
    func sgdPlain() throws {
        let p = try parameter()
        let values = try trajectory(SGD(parameters: [p], learningRate: 0.1), p)
        // First step by hand: θ − 0.1 · g.
        expectClose([values[0]], [[0.99, -1.98, 0.47]])
        expectClose(values, sgdReference(lr: 0.1))
    }

    @Test("SGD with momentum: the buffer starts as the first gradient")
    func sgdMomentum() throws {
        let p = try parameter()
        let values = try trajectory(SGD(parameters: [p], learningRate: 0.1, momentum: 0.9), p)
        // Step 2 by hand for element 0: b = 0.9·0.1 + 0.5 = 0.59; θ = 0.99 − 0.059.
        #expect(abs(Double(values[1][0]) - 0.931) < 1e-6)
        expectClose(values, sgdReference(lr: 0.1, momentum: 0.9))
    }

    @Test("SGD with momentum and dampening")
    func sgdDampening() throws {
        let p = try parameter()
        let values = try trajectory(SGD(parameters: [p], learningRate: 0.1, momentum: 0.9, dampening: 0.5), p)
        expectClose(values, sgdReference(lr: 0.1, momentum: 0.9, dampening: 0.5))
    }

    @Test("SGD with Nesterov momentum")
    func sgdNesterov() throws {
        let p = try parameter()
        let values = try trajectory(SGD(parameters: [p], learningRate: 0.1, momentum: 0.9, nesterov: true), p)
        // Step 1 by hand for element 0: b = g = 0.1; θ = 1 − 0.1 · (0.1 + 0.9 · 0.1).
        #expect(abs(Double(values[0][0]) - 0.981) < 1e-6)
        expectClose(values, sgdReference(lr: 0.1, momentum: 0.9, nesterov: true))
    }

    @Test("SGD with weight decay, with and without momentum")
    func sgdWeightDecay() throws {
        let p = try parameter()
        let values = try trajectory(SGD(parameters: [p], learningRate: 0.1, weightDecay: 0.01), p)
        // Step 1 by hand for element 0: 1 − 0.1 · (0.1 + 0.01 · 1).
        #expect(abs(Double(values[0][0]) - 0.989) < 1e-6)
        expectClose(values, sgdReference(lr: 0.1, weightDecay: 0.01))
        let q = try parameter()
        let withMomentum = try trajectory(SGD(parameters: [q], learningRate: 0.1, momentum: 0.9, weightDecay: 0.01), q)
        expectClose(withMomentum, sgdReference(lr: 0.1, momentum: 0.9, weightDecay: 0.01))
    }

    @Test("SGD rejects Nesterov without momentum, and negative hyperparameters")
    func sgdValidation() throws {
        let p = try parameter()
        #expect(throws: TensorError.self) { try SGD(parameters: [p], learningRate: 0.1, nesterov: true) }
        #expect(throws: TensorError.self) { try SGD(parameters: [p], learningRate: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true) }
        #expect(throws: TensorError.self) { try SGD(parameters: [p], learningRate: -1) }
        #expect(throws: TensorError.self) { try SGD(parameters: [p], learningRate: .nan) }
        #expect(throws: TensorError.self) { try SGD(parameters: [p], momentum: -0.5) }
        let sgd = try SGD(parameters: [p])
        #expect(abs(sgd.learningRate - 1e-3) < 1e-9)
        sgd.learningRate = -0.1
        p.grad = try Tensor.ones([3])
        #expect(throws: TensorError.self) { try sgd.step() }
    }

    // MARK: Adam and AdamW

    /// torch.optim.Adam's documented algorithm; `decoupled` gives AdamW's.
    private func adamReference(
        lr γ: Double, β1: Double = 0.9, β2: Double = 0.999, ε: Double = 1e-8, weightDecay λ: Double = 0, decoupled: Bool = false
    ) -> [[Double]] {
        var θ = Self.start, m = [Double](repeating: 0, count: 3), v = m, out: [[Double]] = []
        for (index, grad) in Self.gradients.enumerated() {
            let t = Double(index + 1)
            for i in 0..<3 {
                var g = grad[i]
                if λ != 0 {
                    if decoupled { θ[i] -= γ * λ * θ[i] } else { g += λ * θ[i] }
                }
                m[i] = β1 * m[i] + (1 - β1) * g
                v[i] = β2 * v[i] + (1 - β2) * g * g
                let mHat = m[i] / (1 - pow(β1, t)), vHat = v[i] / (1 - pow(β2, t))
                θ[i] -= γ * mHat / (vHat.squareRoot() + ε)
            }
            out.append(θ)
        }
        return out
    }

    @Test("Adam: moments and bias correction")
    func adam() throws {
        let p = try parameter()
        let values = try trajectory(Adam(parameters: [p], learningRate: 0.1), p)
        // Step 1 by hand: m̂ = g and v̂ = g², so θ moves by lr · g / (|g| + ε) ≈ 0.1 · sign(g).
        expectClose([values[0]], [[0.9, -1.9, 0.4]], tolerance: 1e-6)
        expectClose(values, adamReference(lr: 0.1))
    }

    @Test("Adam with L2 weight decay added to the gradient")
    func adamL2() throws {
        let p = try parameter()
        let values = try trajectory(Adam(parameters: [p], learningRate: 0.1, weightDecay: 0.5), p)
        expectClose(values, adamReference(lr: 0.1, weightDecay: 0.5))
        // Not the same as decoupled decay.
        #expect(abs(Double(values[2][1]) - adamReference(lr: 0.1, weightDecay: 0.5, decoupled: true)[2][1]) > 1e-3)
    }

    @Test("AdamW: decoupled weight decay, PyTorch's defaults")
    func adamW() throws {
        let p = try parameter()
        let optimizer = try AdamW(parameters: [p], learningRate: 0.1, betas: (0.8, 0.99), weightDecay: 0.5)
        let values = try trajectory(optimizer, p)
        expectClose(values, adamReference(lr: 0.1, β1: 0.8, β2: 0.99, weightDecay: 0.5, decoupled: true))
        let defaults = try AdamW(parameters: [p])
        #expect(defaults.kind == "AdamW" && defaults.isDecoupled)
        #expect(abs(defaults.learningRate - 1e-3) < 1e-9 && abs(defaults.weightDecay - 1e-2) < 1e-9)
        #expect(abs(defaults.beta1 - 0.9) < 1e-9 && abs(defaults.beta2 - 0.999) < 1e-9 && abs(defaults.epsilon - 1e-8) < 1e-15)
        let adam = try Adam(parameters: [p])
        #expect(adam.kind == "Adam" && !adam.isDecoupled && abs(adam.weightDecay) < 1e-12)
    }

    @Test("Adam skips parameters without a gradient and keeps per-parameter step counts")
    func adamSkipsNilGradients() throws {
        let a = try parameter(), b = try parameter()
        let optimizer = try Adam(parameters: [a, b], learningRate: 0.1)
        a.grad = try Tensor(shape: [3], scalars: [1, 1, 1])
        try optimizer.step()
        #expect(bits(b.value.scalars) == bits(Self.start.map(Float.init)))
        #expect(optimizer.states[0]?.step == 1 && optimizer.states[1] == nil)
        optimizer.zeroGrad()
        #expect(a.grad == nil)
        b.grad = try Tensor(shape: [3], scalars: [1, 1, 1])
        try optimizer.step()
        #expect(optimizer.states[0]?.step == 1 && optimizer.states[1]?.step == 1)
    }

    @Test("a gradient of the wrong shape is an error naming both shapes")
    func gradientShapeMismatch() throws {
        let p = try parameter()
        p.grad = try Tensor.ones([2])
        for optimizer: Optimizer in [try SGD(parameters: [p]), try Adam(parameters: [p])] {
            let error = #expect(throws: TensorError.self) { try optimizer.step() }
            if let error {
                #expect(error.description.contains("(3,)") && error.description.contains("(2,)"))
            }
        }
    }

    @Test("the parameter update is in place, and values a user holds keep their numbers")
    func updateIsCopyOnWrite() throws {
        let p = try parameter()
        let held = p.value
        p.grad = try Tensor.ones([3])
        try SGD(parameters: [p], learningRate: 0.5).step()
        #expect(bits(held.scalars) == bits(Self.start.map(Float.init)))
        expectClose([p.value.scalars], [[0.5, -2.5, 0]])
    }

    @Test("steps write parameters and state in place when nothing else holds them")
    func updateIsInPlace() throws {
        let p = try parameter()
        for optimizer: Optimizer in [try SGD(parameters: [p], momentum: 0.9), try Adam(parameters: [p]), try AdamW(parameters: [p])] {
            p.grad = try Tensor.ones([3])
            try optimizer.step()  // the first step creates the state
            // ObjectIdentifier does not retain: a copy-on-write copy would show as a new identity.
            let value = ObjectIdentifier(p.value.storage)
            let state =
                (optimizer as? SGD)?.momentumBuffers[0].map { ObjectIdentifier($0.storage) }
                ?? (optimizer as? Adam)?.states[0].map { ObjectIdentifier($0.mean.storage) }
            for _ in 0..<3 { try optimizer.step() }
            #expect(ObjectIdentifier(p.value.storage) == value, "\(optimizer)")
            let after =
                (optimizer as? SGD)?.momentumBuffers[0].map { ObjectIdentifier($0.storage) }
                ?? (optimizer as? Adam)?.states[0].map { ObjectIdentifier($0.mean.storage) }
            #expect(state != nil && after == state, "\(optimizer)")
        }
    }

    // MARK: Gradient clipping

    @Test("clipGradNorm scales by maxNorm / (norm + 1e-6) and returns the norm before clipping")
    func clipping() throws {
        let a = Parameter(try Tensor.zeros([2])), b = Parameter(try Tensor.zeros([1])), c = Parameter(try Tensor.zeros([1]))
        a.grad = try Tensor(shape: [2], scalars: [3, 4])
        b.grad = try Tensor(shape: [1], scalars: [12])
        let norm = try clipGradNorm([a, b, c], maxNorm: 6.5)
        #expect(abs(norm - 13) < 1e-5)
        let k = 6.5 / (13 + 1e-6)
        for (x, y) in zip((a.grad?.scalars ?? []) + (b.grad?.scalars ?? []), [3 * k, 4 * k, 12 * k]) {
            #expect(abs(Double(x) - y) < 1e-5)
        }
        #expect(c.grad == nil)
        // Under the limit: untouched.
        let again = try clipGradNorm([a, b], maxNorm: 100)
        #expect(abs(again - 6.5) < 1e-4)
        #expect(abs(Double(a.grad?.scalars[0] ?? 0) - 3 * k) < 1e-6)
    }

    @Test("clipping a gradient shared with another tensor leaves the other alone")
    func clippingIsCopyOnWrite() throws {
        let p = Parameter(try Tensor.zeros([2]))
        let g = try Tensor(shape: [2], scalars: [30, 40])
        p.grad = g
        _ = try clipGradNorm([p], maxNorm: 1)
        #expect(bits(g.scalars) == bits([30, 40]))
        #expect(abs(Double(p.grad?.scalars[1] ?? 0) - 0.8) < 1e-5)
    }

    // MARK: Learning-rate schedules

    private func expectRates(
        _ schedule: LearningRateSchedule, base: Float, _ expected: [Double],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (t, e) in expected.enumerated() {
            let r = schedule.rate(atStep: t, base: base)
            #expect(abs(Double(r) - e) <= 1e-6 * max(1, abs(e)), "step \(t): \(r) vs \(e)", sourceLocation: sourceLocation)
        }
    }

    @Test("step: PyTorch's StepLR")
    func stepSchedule() throws {
        // StepLR(step_size=3, gamma=0.5) from lr 0.8.
        expectRates(.step(stepSize: 3, gamma: 0.5), base: 0.8, [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2])
        expectRates(.step(stepSize: 2), base: 1, [1, 1, 0.1, 0.1, 0.01])
    }

    @Test("cosine: CosineAnnealingLR's closed form")
    func cosineSchedule() throws {
        let base = 0.1, low = 0.01, total = 10
        let expected = (0...12).map { t in low + (base - low) * (1 + cos(Double.pi * Double(t) / Double(total))) / 2 }
        expectRates(.cosine(totalSteps: total, minimumRate: 0.01), base: 0.1, expected)
        // The three landmarks: start, middle, end.
        expectRates(.cosine(totalSteps: 4), base: 1, [1, (1 + cos(Double.pi / 4)) / 2, 0.5, (1 + cos(3 * Double.pi / 4)) / 2, 0])
    }

    @Test("warm-up: LinearLR from a start factor, then constant or another schedule")
    func warmupSchedule() throws {
        // LinearLR(start_factor=0.25, total_iters=4) from lr 1.
        expectRates(.warmup(steps: 4, startFactor: 0.25), base: 1, [0.25, 0.4375, 0.625, 0.8125, 1, 1, 1])
        // PyTorch's defaults: start factor 1/3.
        expectRates(.warmup(steps: 2), base: 0.3, [0.1, 0.2, 0.3])
        // Then a cosine that starts its own count at the end of the warm-up.
        let chained = LearningRateSchedule.warmup(steps: 2, startFactor: 0.5, then: .cosine(totalSteps: 4))
        expectRates(chained, base: 1, [0.5, 0.75, 1, (1 + cos(Double.pi / 4)) / 2, 0.5, (1 + cos(3 * Double.pi / 4)) / 2, 0])
    }

    @Test("invalid schedules are rejected by validate(), and rate() never traps on them")
    func scheduleValidation() throws {
        let bad: [LearningRateSchedule] = [
            .step(stepSize: 0), .step(stepSize: 2, gamma: -1), .cosine(totalSteps: 0),
            .cosine(totalSteps: 5, minimumRate: -1), .warmup(steps: 0), .warmup(steps: 3, startFactor: 0),
            .warmup(steps: 3, startFactor: 1.5), .warmup(steps: 3, then: .step(stepSize: 0)),
        ]
        for schedule in bad {
            #expect(throws: TensorError.self, "\(schedule)") { try schedule.validate() }
            _ = schedule.rate(atStep: 7, base: 0.1)
        }
        try LearningRateSchedule.warmup(steps: 3, then: .cosine(totalSteps: 10)).validate()
    }

    @Test("Scheduler sets the step-0 rate at once and the next on each step")
    func scheduler() throws {
        let p = try parameter()
        let optimizer = try SGD(parameters: [p], learningRate: 1)
        let scheduler = try Scheduler(optimizer: optimizer, schedule: .warmup(steps: 4, startFactor: 0.25))
        #expect(abs(optimizer.learningRate - 0.25) < 1e-7)
        var seen: [Float] = []
        for _ in 0..<5 {
            scheduler.step()
            seen.append(optimizer.learningRate)
        }
        for (r, e) in zip(seen, [0.4375, 0.625, 0.8125, 1, 1] as [Float]) { #expect(abs(r - e) < 1e-7) }
        #expect(scheduler.stepCount == 5 && abs(scheduler.baseRate - 1) < 1e-9)
        #expect(throws: TensorError.self) { try Scheduler(optimizer: optimizer, schedule: .cosine(totalSteps: 0)) }
    }
}
