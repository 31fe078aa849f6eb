/// What a training run has done so far: the loss of every step and a record per epoch.
///
/// Everything here but the timings is a function of the seed, the data and the
/// configuration, so a run replayed under the same seed has the same history bit for bit;
/// the seconds are kept for steps/s and ETA and never needed to reproduce anything.
public struct TrainingHistory: Sendable, Equatable {
    /// The training loss of every step, in order.
    public internal(set) var stepLosses: [Float] = []
    /// One record per finished epoch, in order.
    public internal(set) var epochs: [EpochRecord] = []
    /// Wall-clock seconds spent training (the validation passes included).
    public internal(set) var seconds: Double = 0

    public init() {}

    /// The number of optimizer steps taken.
    public var steps: Int { stepLosses.count }
}

/// One finished epoch.
public struct EpochRecord: Sendable, Equatable {
    /// 1 for the first epoch of a run, counted on across continued fits.
    public let epoch: Int
    /// The mean loss over this epoch's steps.
    public let trainLoss: Float
    /// The loss on the validation data after the epoch, in evaluation mode.
    public let validationLoss: Float?
    /// Accuracy (class targets) or mean squared error (values) on the validation data.
    public let validationMetric: Float?
    /// Steps taken by the run when the epoch ended.
    public let steps: Int
    /// Wall-clock seconds the epoch took.
    public let seconds: Double
}

/// Why a call to `TrainingLoop.train` returned before its last epoch.
public enum TrainingStop: Sendable, Equatable {
    /// A stop was requested (Ctrl-C); the run continues from `epoch`'s step `step` (both
    /// 1-based: the first step not taken).
    case requested(epoch: Int, step: Int, of: Int)
    /// The validation loss had not improved for `patience` epochs; the best epoch's
    /// weights were restored.
    case earlyStopped(bestEpoch: Int)
}

/// Where a non-finite number first showed up.
public struct NonFiniteReport: Error, Sendable, Equatable {
    /// What went non-finite.
    public enum Quantity: String, Sendable {
        case loss, gradient, weight, output
    }
    /// 1-based epoch and step within it, and the run's step count.
    public let epoch: Int, step: Int, totalStep: Int
    public let quantity: Quantity
    /// The state-dict name of the first bad parameter ("2.weight"), or the name of the
    /// first layer whose output was bad ("1"), when one could be found.
    public let layer: String?
}
