import Glibc

/// How the learning rate changes with the step number, as a pure function: the rate at
/// step t is `rate(atStep: t, base:)`, with no hidden state, so a schedule can be plotted
/// before training and a resumed run picks up exactly where it stopped.
///
/// Each case is PyTorch's closed form of the scheduler named:
/// - `step`: StepLR, base · γ^⌊t / stepSize⌋.
/// - `cosine`: CosineAnnealingLR, min + (base − min) · (1 + cos(π t / T)) / 2. As in
///   PyTorch the formula is not clamped: past T the rate rises again (a cosine period
///   is 2T), so set T to the length of the run.
/// - `warmup`: LinearLR from `startFactor` · base up to base over `steps` steps, then
///   the `then` schedule, restarted at its own step 0 (PyTorch's SequentialLR with the
///   milestone at `steps`).
public indirect enum LearningRateSchedule: Sendable, Equatable, CustomStringConvertible {
    /// The base rate at every step.
    case constant
    /// Multiplies the rate by `gamma` every `stepSize` steps.
    case step(stepSize: Int, gamma: Float = 0.1)
    /// Half a cosine from the base rate down to `minimumRate` over `totalSteps` steps.
    case cosine(totalSteps: Int, minimumRate: Float = 0)
    /// A linear ramp from `startFactor` · base to base over `steps` steps, then `then`.
    case warmup(steps: Int, startFactor: Float = 1.0 / 3, then: LearningRateSchedule = .constant)

    /// The learning rate at step `step` (0 is the rate before the first scheduler step).
    /// Total: an invalid schedule (see `validate()`) is clamped to the nearest valid one
    /// rather than trapping, and a negative step counts as 0.
    public func rate(atStep step: Int, base: Float) -> Float {
        let t = Swift.max(step, 0), lr = Double(base)
        switch self {
        case .constant:
            return base
        case let .step(stepSize, gamma):
            return Float(lr * pow(Double(gamma), Double(t / Swift.max(stepSize, 1))))
        case let .cosine(totalSteps, minimumRate):
            let low = Double(minimumRate), period = Double(Swift.max(totalSteps, 1))
            return Float(low + (lr - low) * (1 + cos(Double.pi * Double(t) / period)) / 2)
        case let .warmup(steps, startFactor, then):
            guard t < steps else { return then.rate(atStep: t - Swift.max(steps, 0), base: base) }
            let start = Double(startFactor)
            return Float(lr * (start + (1 - start) * Double(t) / Double(steps)))
        }
    }

    /// Checks the parameters as PyTorch's schedulers do.
    /// - Throws: `TensorError.invalidArgument` for a step size or length below 1, a
    ///   negative or non-finite gamma or minimum rate, or a start factor outside (0, 1].
    public func validate() throws {
        switch self {
        case .constant:
            return
        case let .step(stepSize, gamma):
            guard stepSize >= 1 else { throw Self.invalid("step", "step size must be at least 1, got \(stepSize)") }
            guard gamma.isFinite, gamma >= 0 else { throw Self.invalid("step", "gamma must be at least 0, got \(gamma)") }
        case let .cosine(totalSteps, minimumRate):
            guard totalSteps >= 1 else { throw Self.invalid("cosine", "total steps must be at least 1, got \(totalSteps)") }
            guard minimumRate.isFinite, minimumRate >= 0 else {
                throw Self.invalid("cosine", "minimum rate must be at least 0, got \(minimumRate)")
            }
        case let .warmup(steps, startFactor, then):
            guard steps >= 1 else { throw Self.invalid("warmup", "steps must be at least 1, got \(steps)") }
            guard startFactor > 0, startFactor <= 1 else {
                throw Self.invalid("warmup", "start factor must be above 0 and at most 1, got \(startFactor)")
            }
            try then.validate()
        }
    }

    private static func invalid(_ kind: String, _ reason: String) -> TensorError {
        .invalidArgument(op: "\(kind) schedule", reason: reason)
    }

    public var description: String {
        switch self {
        case .constant: return "constant"
        case let .step(stepSize, gamma): return "step(every \(stepSize), gamma \(gamma))"
        case let .cosine(totalSteps, minimumRate): return "cosine(\(totalSteps) steps, min \(minimumRate))"
        case let .warmup(steps, startFactor, then):
            return "warmup(\(steps) steps from \(startFactor))" + (then == .constant ? "" : " then \(then)")
        }
    }
}

/// Applies a schedule to an optimizer: call `step()` once per optimizer step (or per
/// epoch, if the schedule counts epochs). Like PyTorch's schedulers it sets the step-0
/// rate as soon as it is created.
public final class Scheduler {
    public let optimizer: Optimizer
    public let schedule: LearningRateSchedule
    /// The optimizer's learning rate when the scheduler was created.
    public let baseRate: Float
    /// How many times `step()` has been called.
    public private(set) var stepCount = 0

    /// - Throws: `TensorError.invalidArgument` when the schedule is invalid (see
    ///   `LearningRateSchedule.validate()`).
    public init(optimizer: Optimizer, schedule: LearningRateSchedule) throws {
        try schedule.validate()
        self.optimizer = optimizer
        self.schedule = schedule
        baseRate = optimizer.learningRate
        optimizer.learningRate = schedule.rate(atStep: 0, base: baseRate)
    }

    /// The rate the optimizer has now.
    public var currentRate: Float { optimizer.learningRate }

    /// Advances one step and sets the optimizer's learning rate for it.
    public func step() {
        stepCount += 1
        optimizer.learningRate = schedule.rate(atStep: stepCount, base: baseRate)
    }
}
