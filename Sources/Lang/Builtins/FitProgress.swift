import Engine

/// What `fit` shows while it trains, through the host: a progress report per epoch
/// (which a terminal draws as a live bar and every host ends with the epoch's line), the
/// loss plot after each epoch with `live: true`, and the line saying where a stop landed.
///
/// The epoch lines hold no timings, so output a script records is the same on every
/// run; the elapsed seconds travel in `Progress.seconds` for the bar's steps/s and ETA.
/// Updates are handed over at most every `interval` seconds: a step of a small model
/// takes microseconds, and the host needs no more than its redraw rate.
final class FitProgress {
    let runtime: Runtime
    let value: RunValue
    let live: Bool
    /// Shows no bar and no epoch lines (`quiet: true`, e.g. inside a search's score
    /// function); a stop still says where it landed.
    let quiet: Bool
    private var isOpen = false
    private var lastUpdate: ContinuousClock.Instant?
    private let clock = ContinuousClock()
    static let interval = Duration.milliseconds(50)

    init(runtime: Runtime, value: RunValue, live: Bool, quiet: Bool = false) {
        self.runtime = runtime
        self.value = value
        self.live = live
        self.quiet = quiet
    }

    /// Runs the loop with progress attached; a stop request ends it with the stop line, a
    /// non-finite number becomes an error that names where and says what to try.
    func train(_ loop: TrainingLoop, until target: Int) throws {
        loop.onStep = { [unowned self] step in self.step(step) }
        loop.onEpoch = { [unowned self] record, _ in try self.epoch(record, target: target) }
        defer { loop.onStep = nil; loop.onEpoch = nil }
        do {
            try loop.train(value.run, until: target)
        } catch let report as NonFiniteReport {
            close(summary: nil)
            throw RuntimeError(.call(function: "fit", problem: Self.message(report)))
        } catch {
            close(summary: nil)
            throw error
        }
        if case let .requested(epoch, step, of)? = value.run.stop {
            let line = RunValue.stoppedLine(epoch: epoch, step: step, of: of)
            if isOpen { close(summary: line) } else { runtime.host.write(line + "\n") }
        }
    }

    private func label(_ epoch: Int, _ target: Int) -> String { "epoch \(epoch)/\(target)" }

    private func step(_ step: StepProgress) {
        if quiet { return }
        // The clock first: most steps hand nothing over, and text costs more than a read.
        let now = clock.now
        let due = isOpen ? lastUpdate.map { now - $0 >= Self.interval } ?? true : true
        guard due || step.step == step.stepsPerEpoch else { return }
        let report = Progress(
            label: label(step.epoch, step.targetEpochs), done: step.step, total: step.stepsPerEpoch,
            metric: "loss \(RunValue.fixed(step.loss))", seconds: step.seconds)
        if !isOpen {
            runtime.host.beginProgress(report)
            isOpen = true
        }
        lastUpdate = now
        runtime.host.updateProgress(report)
    }

    private func epoch(_ record: EpochRecord, target: Int) throws {
        let line = epochLine(record, target: target)
        if isOpen {
            close(summary: line)
        } else if !quiet {
            runtime.host.write(line + "\n")
        }
        if live { _ = Builtins.draw(value.lossPlot, runtime) }
    }

    /// `epoch 3/20 · loss 0.4123 · val loss 0.3991 · val acc 0.912`.
    func epochLine(_ record: EpochRecord, target: Int) -> String {
        var parts = [label(record.epoch, target), "loss \(RunValue.fixed(record.trainLoss))"]
        if let loss = record.validationLoss { parts.append("val loss \(RunValue.fixed(loss))") }
        if let metric = record.validationMetric { parts.append("val \(value.metricName) \(RunValue.metric(metric))") }
        return parts.joined(separator: " · ")
    }

    /// Ends the open progress report with `summary` as its line (the host's own final
    /// line when nil).
    private func close(summary: String?) {
        guard isOpen else { return }
        isOpen = false
        lastUpdate = nil
        runtime.host.endProgress(Progress(label: "fit", summary: summary))
    }

    /// `non-finite gradient at epoch 2, step 5 (step 28 of the run): 0.weight is the first
    /// bad one; lower the learning rate or clip the gradients (clip: 1.0)`.
    static func message(_ report: NonFiniteReport) -> String {
        let place = "at epoch \(report.epoch), step \(report.step) (step \(report.totalStep) of the run)"
        let culprit: String
        switch (report.quantity, report.layer) {
        case let (.gradient, name?): culprit = "the gradient of \(name) is the first bad one"
        case let (.weight, name?): culprit = "the weights \(name) are the first bad ones (an earlier step blew them up)"
        case let (.output, name?): culprit = "the output of layer \(name) is the first to go bad"
        default: culprit = "no layer's weights or outputs are bad: the loss itself overflowed"
        }
        let what = report.quantity == .gradient ? "gradient" : "loss"
        return "non-finite \(what) \(place): \(culprit); lower the learning rate or clip the gradients (clip: 1.0)"
    }
}
