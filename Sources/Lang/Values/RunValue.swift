import Engine

/// What `fit` returns: a training run a user can print, plot, read and continue.
///
///     run = fit(m, train, opt, epochs: 20, batch: 64, val: val)
///     run                  # a table, one row per epoch (the middle elided when long)
///     plot(run)            # loss curves
///     run.val_acc[-1]      # the last epoch's validation accuracy
///     fit(m, train, opt, epochs: 5, run: run)   # five more epochs, counted on
///
/// It wraps the Engine's `TrainingRun` (so Ctrl-C leaves everything done so far in it)
/// and keeps what continuing needs: the model and optimizer it trained (weakly: a run
/// does not keep a model alive), the scheduler, and the epochs a stopped call planned.
/// The printed form has no timings, so a saved session replays it exactly; the seconds
/// are members (`run.seconds`, `run.steps_per_second`).
public final class RunValue: SproutObject {
    public let run: TrainingRun
    /// Class targets (metric accuracy) or values (metric mse).
    public let targets: TrainingData.Targets
    /// The session's seed when the run started.
    public let seed: UInt64
    /// What the last call was given, as a record (`run.config`).
    public internal(set) var configuration: Record
    /// The epoch count the last call trained up to: a stopped run continues to it.
    public internal(set) var plannedEpochs: Int
    /// The scheduler the run steps (made from `schedule:`), kept for continuing.
    var scheduler: Scheduler?
    weak var model: Layer?
    weak var optimizer: Optimizer?

    init(run: TrainingRun, targets: TrainingData.Targets, seed: UInt64, configuration: Record, plannedEpochs: Int) {
        self.run = run
        self.targets = targets
        self.seed = seed
        self.configuration = configuration
        self.plannedEpochs = plannedEpochs
    }

    public var kindName: String { "run" }

    /// "acc" or "mse": the validation metric's short name.
    public var metricName: String { targets == .classes ? "acc" : "mse" }

    /// Epochs shown in full before the table elides its middle.
    static let shownEpochs = 12

    public func formatted() -> String { formatted(width: ValueFormatter.lineWidth) }

    public func formatted(width: Int) -> String {
        let epochs = run.history.epochs
        var lines = [headline]
        guard !epochs.isEmpty else { return (lines + footer).joined(separator: "\n") }
        let hasValidation = epochs.contains { $0.validationLoss != nil }
        var headers = ["epoch", "train loss"]
        if hasValidation { headers += ["val loss", "val \(metricName)"] }
        func row(_ e: EpochRecord) -> [String] {
            var cells = [String(e.epoch), Self.fixed(e.trainLoss)]
            if hasValidation { cells += [e.validationLoss.map(Self.fixed) ?? "", e.validationMetric.map(Self.metric) ?? ""] }
            return cells
        }
        var rows: [[String]]
        if epochs.count <= Self.shownEpochs {
            rows = epochs.map(row)
        } else {
            let half = Self.shownEpochs / 2
            rows = epochs.prefix(half).map(row) + [headers.indices.map { $0 == 0 ? "…" : "" }] + epochs.suffix(half).map(row)
        }
        lines.append(TextTable(headers: headers, rows: rows, alignments: headers.map { _ in .right }).render(width: width))
        return (lines + footer).joined(separator: "\n")
    }

    /// `run · 20 epochs · 460 steps · batch 64 · seed 42 · best epoch 18`.
    var headline: String {
        var parts = ["run", counted(run.completedEpochs, "epoch"), counted(run.history.steps, "step")]
        if case let .number(batch)? = configuration["batch"] { parts.append("batch \(formatNumber(batch))") }
        parts.append("seed \(seed)")
        if let best = run.bestEpoch, let loss = run.bestValidationLoss {
            parts.append("best epoch \(best) (val loss \(Self.fixed(loss)))")
        }
        return parts.joined(separator: " · ")
    }

    /// The line under the table saying how the run ended, when it ended early.
    var footer: [String] {
        switch run.stop {
        case nil: return []
        case let .requested(epoch, step, of)?: return [Self.stoppedLine(epoch: epoch, step: step, of: of)]
        case let .earlyStopped(best)?:
            let waited = counted(run.completedEpochs - best, "epoch")
            return ["stopped early: no better val loss in \(waited) after epoch \(best); its weights restored"]
        }
    }

    /// `stopped at epoch 3, step 41 of 90 (Ctrl-C); fit(…, run: run) continues`.
    static func stoppedLine(epoch: Int, step: Int, of: Int) -> String {
        "stopped at epoch \(epoch), step \(step) of \(of) (Ctrl-C); fit(…, run: run) continues"
    }

    /// A loss as the table and epoch lines show it: four decimals (scientific when tiny).
    static func fixed(_ x: Float) -> String {
        let v = Double(x)
        guard v.isFinite else { return formatNumber(v) }
        return v != 0 && abs(v) < 1e-3 ? cFormat("%.*e", 2, v) : cFormat("%.*f", 4, v)
    }

    /// A metric: three decimals.
    static func metric(_ x: Float) -> String {
        let v = Double(x)
        return v.isFinite ? cFormat("%.*f", 3, v) : formatNumber(v)
    }

    public var inlineText: String { "<run: \(counted(run.completedEpochs, "epoch")), \(counted(run.history.steps, "step"))>" }

    public var sizeDescription: String? { counted(run.completedEpochs, "epoch") }

    public var memberNames: [String] {
        [
            "loss", "train_loss", "val_loss", "val_\(metricName)", "epochs", "steps", "seconds", "steps_per_second", "best_epoch",
            "stopped", "early_stopped", "seed", "config",
        ]
    }

    public func member(_ name: String) throws -> Value? {
        let history = run.history
        func series(_ values: [Float]) throws -> Value {
            .tensor(try Builtins.engine { try Tensor(shape: [values.count], scalars: values) })
        }
        func optionalSeries(_ values: [Float?]) throws -> Value {
            let known = values.compactMap { $0 }
            return known.isEmpty ? .none : try series(known)
        }
        switch name {
        case "loss": return try series(history.stepLosses)
        case "train_loss": return try series(history.epochs.map(\.trainLoss))
        case "val_loss": return try optionalSeries(history.epochs.map(\.validationLoss))
        case "val_\(metricName)", "val_metric": return try optionalSeries(history.epochs.map(\.validationMetric))
        case "epochs": return .number(Double(run.completedEpochs))
        case "steps": return .number(Double(history.steps))
        case "seconds": return .number(history.seconds)
        case "steps_per_second": return .number(history.seconds > 0 ? Double(history.steps) / history.seconds : 0)
        case "best_epoch": return run.bestEpoch.map { .number(Double($0)) } ?? Value.none
        case "stopped":
            if case .requested? = run.stop { return .bool(true) }
            return .bool(false)
        case "early_stopped":
            if case .earlyStopped? = run.stop { return .bool(true) }
            return .bool(false)
        case "seed": return .number(Double(seed))
        case "config": return .record(configuration)
        default: return nil
        }
    }

    /// The loss curves `plot(run)` draws: the training loss of every step and the
    /// validation loss of every epoch, on one axis counted in epochs.
    public var lossPlot: PlotRequest {
        let history = run.history
        var series: [PlotRequest.Series] = []
        let perEpoch = Float(history.epochs.first?.steps ?? max(history.steps, 1))
        series.append(.init(y: history.stepLosses, x: history.stepLosses.indices.map { Float($0 + 1) / perEpoch }, label: "train"))
        let validation = history.epochs.compactMap { e in e.validationLoss.map { (Float(e.epoch), $0) } }
        if !validation.isEmpty { series.append(.init(y: validation.map(\.1), x: validation.map(\.0), label: "val")) }
        return PlotRequest(.lines, series: series, title: "loss", xLabel: "epoch", yLabel: "loss", showsLegend: true)
    }
}
