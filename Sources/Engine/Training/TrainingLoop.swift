/// The training loop behind `fit`: epochs of shuffled mini-batches, each step zero the
/// gradients, forward in training mode, loss, backward, clip, optimizer step, scheduler
/// step; after each epoch a validation pass in evaluation mode without gradients.
///
/// It adds to a hand-written loop only what a hand-written loop should have and rarely
/// does, each at a cost of a pass over the gradients or less:
/// - a non-finite loss or gradient stops it at once with a `NonFiniteReport` naming the
///   step and the first parameter (or layer output) that went bad;
/// - a stop request (`stopFlag`, Ctrl-C) is honoured at the next step boundary: `train`
///   returns with `run.stop` set, the model and optimizer as after the last whole step;
/// - `patience` stops when the validation loss has not improved for that many epochs,
///   and the best epoch's weights are put back at the end;
/// - every `statisticsInterval` steps, per-layer figures for `health`.
///
/// Batches are drawn from `random` (one permutation per epoch), dropout from the model's
/// own source: under one seed two runs are the same bit for bit.
public final class TrainingLoop {
    public let model: Layer
    public let optimizer: Optimizer
    public let data: TrainingData
    public let validation: TrainingData?
    public let loss: TrainingLoss
    public let options: TrainingOptions
    public let random: RandomSource
    /// Steps the learning rate once per optimizer step.
    public var scheduler: Scheduler?
    /// Read before every step; a request is cleared when honoured.
    public var stopFlag: StopFlag?
    /// Called after every step (for a progress display): keep it cheap.
    public var onStep: ((StepProgress) throws -> Void)?
    /// Called after every epoch, once its record is in the history.
    public var onEpoch: ((EpochRecord, TrainingRun) throws -> Void)?

    /// The parameters, named, in the optimizer-independent order of the model.
    let named: [NamedParameter]

    /// - Throws: `TensorError.invalidArgument` for a batch size below 1, a clip norm that
    ///   is not positive, patience below 1 or patience without validation data.
    public init(
        model: Layer, optimizer: Optimizer, data: TrainingData, validation: TrainingData? = nil, loss: TrainingLoss? = nil,
        options: TrainingOptions = TrainingOptions(), random: RandomSource
    ) throws {
        try options.validate(hasValidation: validation != nil)
        self.model = model
        self.optimizer = optimizer
        self.data = data
        self.validation = validation
        self.loss = loss ?? .default(for: data.targets)
        self.options = options
        self.random = random
        named = model.allParameters
    }

    /// Batches in one epoch: the last one may be smaller (PyTorch's drop_last=False).
    public var stepsPerEpoch: Int { (data.count - 1) / options.batchSize + 1 }

    /// Trains until `run` has finished `targetEpochs` epochs, a stop is requested, or early
    /// stopping ends it. A run stopped mid-epoch finishes that epoch first, in its order.
    /// The model is left in the mode (training or evaluation) it was in.
    /// - Throws: `NonFiniteReport` (the run keeps the steps before it), or the error of a
    ///   layer, loss or optimizer.
    public func train(_ run: TrainingRun, until targetEpochs: Int) throws {
        run.stop = nil
        let wasTraining = model.isTraining
        defer { if wasTraining { model.train() } else { model.eval() } }
        let clock = ContinuousClock()
        let n = data.count, perEpoch = stepsPerEpoch
        let activations = options.statisticsInterval > 0 ? LayerStatistics.activationNames(in: model) : [:]
        while run.completedEpochs < targetEpochs {
            let epoch = run.completedEpochs + 1
            if run.order.isEmpty {
                run.order = options.shuffle ? random.permutation(n) : Array(0..<n)
                run.position = 0
                (run.epochLossSum, run.epochSteps, run.epochSeconds) = (0, 0, 0)
            }
            model.train()
            let started = clock.now
            defer { run.epochSeconds += seconds(clock.now - started) }
            while run.position < n {
                let stepInEpoch = run.position / options.batchSize + 1
                if let flag = stopFlag, flag.isRequested {
                    flag.reset()
                    run.stop = .requested(epoch: epoch, step: stepInEpoch, of: perEpoch)
                    return
                }
                // Written so that a batch size near Int.max cannot overflow.
                let rows = run.order[run.position..<(run.position + Swift.min(options.batchSize, n - run.position))]
                let value: Float
                do {
                    value = try step(rows, run: run, epoch: epoch, stepInEpoch: stepInEpoch, activations: activations)
                } catch TensorError.cancelled {
                    // A kernel read the flag mid-step: the step is dropped whole (the
                    // optimizer's update itself is never interrupted, see `step`).
                    optimizer.zeroGrad()
                    run.stop = .requested(epoch: epoch, step: stepInEpoch, of: perEpoch)
                    return
                }
                run.position += rows.count
                run.history.stepLosses.append(value)
                run.epochLossSum += Double(value)
                run.epochSteps += 1
                try onStep?(
                    StepProgress(
                        epoch: epoch, targetEpochs: targetEpochs, step: stepInEpoch, stepsPerEpoch: perEpoch, loss: value,
                        seconds: run.epochSeconds + seconds(clock.now - started)))
            }
            try finishEpoch(epoch, run: run, seconds: run.epochSeconds + seconds(clock.now - started))
            if case .earlyStopped = run.stop { break }
        }
        try restoreBest(run)
    }

    /// The validation pass, the epoch's record and early stopping's bookkeeping.
    private func finishEpoch(_ epoch: Int, run: TrainingRun, seconds epochSeconds: Double) throws {
        var figures: (loss: Float, metric: Float?)? = nil
        if let validation { figures = try evaluate(validation) }
        let record = EpochRecord(
            epoch: epoch, trainLoss: Float(run.epochLossSum / Double(Swift.max(run.epochSteps, 1))),
            validationLoss: figures?.loss, validationMetric: figures?.metric, steps: run.history.steps,
            seconds: epochSeconds)
        run.history.epochs.append(record)
        run.history.seconds += epochSeconds
        run.order = []
        if let validationLoss = figures?.loss {
            if run.bestValidationLoss.map({ validationLoss < $0 }) ?? validationLoss.isFinite {
                run.bestValidationLoss = validationLoss
                run.bestEpoch = epoch
                run.epochsWithoutImprovement = 0
                if options.patience != nil { run.bestState = model.state }
            } else {
                run.epochsWithoutImprovement += 1
            }
        }
        try onEpoch?(record, run)
        if let patience = options.patience, run.epochsWithoutImprovement >= patience, let best = run.bestEpoch {
            run.stop = .earlyStopped(bestEpoch: best)
        }
    }

    /// With patience, the best epoch's weights go back into the model at the end.
    private func restoreBest(_ run: TrainingRun) throws {
        guard options.patience != nil, let best = run.bestState else { return }
        do { try model.loadState(best) } catch {
            throw TensorError.invalidArgument(
                op: "fit", reason: "the model changed shape during training; its best weights cannot be restored")
        }
    }

    private func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}

/// How a `TrainingLoop` batches, clips and stops.
public struct TrainingOptions: Sendable {
    /// Rows per step.
    public var batchSize = 32
    /// Whether each epoch draws a new row order (otherwise rows go in order).
    public var shuffle = true
    /// The largest global gradient norm (PyTorch's clip_grad_norm_), or nil for none.
    public var clipNorm: Float?
    /// Epochs without a better validation loss before stopping; nil never stops early.
    public var patience: Int?
    /// Steps between two samples of per-layer statistics; 0 takes none.
    public var statisticsInterval = 20
    /// Rows per forward pass of the validation pass.
    public var validationBatchSize = 512

    public init(batchSize: Int = 32, shuffle: Bool = true, clipNorm: Float? = nil, patience: Int? = nil) {
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.clipNorm = clipNorm
        self.patience = patience
    }

    func validate(hasValidation: Bool) throws {
        guard batchSize >= 1 else { throw Self.invalid("batch size must be at least 1, got \(batchSize)") }
        if let clipNorm, !(clipNorm.isFinite && clipNorm > 0) { throw Self.invalid("clip must be a positive number, got \(clipNorm)") }
        if let patience {
            guard patience >= 1 else { throw Self.invalid("patience must be at least 1, got \(patience)") }
            guard hasValidation else { throw Self.invalid("patience needs validation data to watch") }
        }
        guard statisticsInterval >= 0, validationBatchSize >= 1 else {
            throw Self.invalid("statistics interval and validation batch must be positive")
        }
    }

    private static func invalid(_ reason: String) -> TensorError { .invalidArgument(op: "fit", reason: reason) }
}

/// Where a run is, after a step: what a progress bar shows.
public struct StepProgress: Sendable, Equatable {
    /// 1-based epoch, and the epoch the call trains up to.
    public let epoch: Int, targetEpochs: Int
    /// 1-based step within the epoch, and the steps in an epoch.
    public let step: Int, stepsPerEpoch: Int
    /// This step's training loss.
    public let loss: Float
    /// Seconds spent in this epoch so far.
    public let seconds: Double
}
