/// A training run that can be stopped and continued: its history, where it is inside
/// the current epoch, and what early stopping and `health` need.
///
/// A class, so that the loop, a progress display and the language's run value all see
/// one run, and a run interrupted by Ctrl-C keeps everything done until then. Continuing
/// a stopped run finishes the interrupted epoch with the same batch order it started, so
/// a run stopped and continued is bit for bit the run that never stopped.
public final class TrainingRun {
    public internal(set) var history = TrainingHistory()
    /// Epochs finished so far.
    public var completedEpochs: Int { history.epochs.count }
    /// Why the last `train` call returned early, nil when it ran all its epochs.
    public internal(set) var stop: TrainingStop?
    /// The epoch with the lowest validation loss so far (1-based), if there was validation.
    public internal(set) var bestEpoch: Int?
    /// The lowest validation loss so far.
    public internal(set) var bestValidationLoss: Float?
    /// Per-layer statistics sampled while training, oldest first (see `LayerStatistics`).
    public internal(set) var statistics: [LayerStatistics] = []
    /// The most samples kept: enough for `health` to look at the recent past.
    public static let statisticsKept = 64

    /// The current epoch's row order and the position of its next batch; empty between epochs.
    var order: [Int] = []
    var position = 0
    /// Loss sum and step count of the current (unfinished) epoch.
    var epochLossSum: Double = 0
    var epochSteps = 0
    var epochSeconds: Double = 0
    /// The model's state at the best epoch, kept when early stopping may need it.
    var bestState: [(name: String, value: Tensor)]?
    var epochsWithoutImprovement = 0

    public init() {}

    /// Whether the run is inside an epoch (it was stopped part-way through one).
    public var isMidEpoch: Bool { !order.isEmpty }

    func record(_ sample: LayerStatistics) {
        statistics.append(sample)
        if statistics.count > Self.statisticsKept { statistics.removeFirst(statistics.count - Self.statisticsKept) }
    }
}
