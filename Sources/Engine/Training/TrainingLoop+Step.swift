/// One optimizer step, and the validation pass.
extension TrainingLoop {
    /// zero_grad, forward, loss, backward, finiteness check, clip, optimizer step,
    /// scheduler step; on a sampled step, per-layer statistics around it.
    /// - Returns: the step's loss.
    func step(
        _ rows: ArraySlice<Int>, run: TrainingRun, epoch: Int, stepInEpoch: Int, activations: [ObjectIdentifier: String]
    ) throws -> Float {
        let totalStep = run.history.steps + 1
        let sampling = options.statisticsInterval > 0 && (totalStep - 1) % options.statisticsInterval == 0
        let place = (epoch: epoch, step: stepInEpoch, total: totalStep)
        optimizer.zeroGrad()
        let (x, y) = try data.batch(rows)
        var dead: [LayerStatistics.ActivationFigures] = []
        // Forward and backward in their own call, so the graph (which holds the weights'
        // storage) is gone before the optimizer writes them in place.
        let value = try lossAndGradients(x, y, observing: sampling ? activations : nil, into: &dead)
        guard value.isFinite else { throw locateNonFinite(.loss, at: place, input: x) }
        if let clipNorm = options.clipNorm {
            let norm = try clipGradNorm(named.map(\.parameter), maxNorm: clipNorm)
            guard norm.isFinite else { throw locateNonFinite(.gradient, at: place, input: x) }
        } else {
            guard named.allSatisfy({ $0.parameter.grad.map(Self.isFinite) ?? true }) else {
                throw locateNonFinite(.gradient, at: place, input: x)
            }
        }
        // Holding the old values makes the optimizer copy before writing (copy on write),
        // which is the copy the update ratio needs; only on sampled steps.
        let before = sampling ? named.map { ($0.parameter.value, $0.parameter.grad.map(LayerStatistics.norm) ?? 0) } : []
        // The update is never cut in half by a stop request: Ctrl-C waits for the step's end.
        try StopFlag.$current.withValue(nil) { try optimizer.step() }
        scheduler?.step()
        if sampling {
            let figures = zip(named, before).map { entry, old in
                let weightNorm = LayerStatistics.norm(old.0)
                return LayerStatistics.ParameterFigures(
                    name: entry.name, gradientNorm: old.1, weightNorm: weightNorm,
                    updateRatio: LayerStatistics.distance(entry.parameter.value, old.0) / Swift.max(weightNorm, .leastNormalMagnitude))
            }
            run.record(LayerStatistics(step: totalStep, parameters: figures, activations: dead))
        }
        return value
    }

    /// The loss of one batch, with its gradients accumulated into the parameters. With
    /// `activations`, a `Sequential` is run layer by layer and the dead fraction of every
    /// named activation's output is appended to `dead`.
    private func lossAndGradients(
        _ x: Tensor, _ y: Tensor, observing activations: [ObjectIdentifier: String]?,
        into dead: inout [LayerStatistics.ActivationFigures]
    ) throws -> Float {
        let prediction: Tensor
        if let activations, let sequence = model as? Sequential {
            var h = x
            for layer in sequence.leaves {
                h = try layer.forward(h)
                if let name = activations[ObjectIdentifier(layer)] {
                    dead.append(.init(name: name, kind: layer.kind, deadFraction: LayerStatistics.deadFraction(h)))
                }
            }
            prediction = h
        } else {
            prediction = try model.forward(x)
        }
        let objective = try loss(prediction, y)
        let value = try objective.item()
        if value.isFinite { try objective.backward() }
        return value
    }

    /// Loss and metric over `data` in evaluation mode without gradients, in batches of
    /// `options.validationBatchSize`; the metric is accuracy for classes and mean squared
    /// error for values (nil when the predictions do not have a shape it applies to).
    /// The model is left in evaluation mode.
    /// - Returns: the loss averaged over rows (a mean-reduced loss weighted by batch size).
    public func evaluate(_ data: TrainingData) throws -> (loss: Float, metric: Float?) {
        model.eval()
        return try GradMode.withoutGradients {
            var lossSum: Double = 0, metricSum: Double = 0, metricCount = 0
            var hasMetric = true
            for chunk in data.chunks(of: options.validationBatchSize) {
                let (x, y) = try data.batch(Array(chunk)[...])
                let prediction = try model.forward(x)
                lossSum += Double(try loss(prediction, y).item()) * Double(chunk.count)
                guard hasMetric, let (sum, count) = Self.metric(prediction, y, data.targets) else {
                    hasMetric = false
                    continue
                }
                metricSum += sum
                metricCount += count
            }
            let loss = Float(lossSum / Double(data.count))
            return (loss, hasMetric && metricCount > 0 ? Float(metricSum / Double(metricCount)) : nil)
        }
    }

    /// Correct predictions and rows (classes), or the sum of squared errors and elements
    /// (values); nil when the prediction's shape does not fit the targets.
    static func metric(_ prediction: Tensor, _ y: Tensor, _ targets: TrainingData.Targets) -> (Double, Int)? {
        let p = prediction.storage.pointer, t = y.storage.pointer
        switch targets {
        case .classes:
            guard prediction.rank == 2, y.count == prediction.shape[0] else { return nil }
            let (rows, classes) = (prediction.shape[0], prediction.shape[1])
            var correct = 0
            for r in 0..<rows {
                var best = 0
                for c in 1..<Swift.max(classes, 1) where p[r * classes + c] > p[r * classes + best] { best = c }
                if Float(best) == t[r] { correct += 1 }
            }
            return (Double(correct), rows)
        case .values:
            guard prediction.count == y.count else { return nil }
            var sum: Double = 0
            for i in 0..<y.count {
                let d = Double(p[i]) - Double(t[i])
                sum += d * d
            }
            return (sum, y.count)
        }
    }

    /// Whether every element is finite: x − x is 0 for a finite x and NaN otherwise, and
    /// a sum of those is 0 exactly when all are finite; eight lanes at a time.
    static func isFinite(_ t: Tensor) -> Bool {
        t.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return true }
            let raw = UnsafeRawPointer(base)
            var lanes = SIMD8<Float>(repeating: 0)
            let whole = b.count / 8
            for i in 0..<whole {
                let v = raw.loadUnaligned(fromByteOffset: i * 32, as: SIMD8<Float>.self)
                lanes += v - v
            }
            var rest: Float = 0
            for i in (whole * 8)..<b.count { rest += b[i] - b[i] }
            return (lanes.sum() + rest) == 0
        }
    }
}
