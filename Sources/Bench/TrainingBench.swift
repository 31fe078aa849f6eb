import Engine

/// The digits training rows (every row whose index % 5 != 4), features scaled by 1/16,
/// extended by wrapping around so that any batch starting in the first `rows` rows is
/// contiguous.
struct DigitsBatches {
    let rows: Int
    let batch: Int
    /// (rows + batch) × 64, row-major.
    let features: [Float]
    /// rows + batch class indices, as floats (the engine's index tensors are float).
    let labels: [Float]

    init(table: NumericTable, batch: Int) {
        let (train, _) = table.split()
        let width = table.columns.count
        var features: [Float] = [], labels: [Float] = []
        features.reserveCapacity((train.count + batch) * 64)
        for i in 0..<(train.count + batch) {
            let row = train[i % train.count]
            for c in 0..<64 { features.append(table.values[row * width + c] / 16) }
            labels.append(table.values[row * width + 64])
        }
        self.rows = train.count
        self.batch = batch
        self.features = features
        self.labels = labels
    }

    /// The batch of `batch` rows starting at training row `start`, copied into tensors.
    /// - Returns: features (batch, 64) and class indices (batch).
    func batch(at start: Int) throws -> (Tensor, Tensor) {
        let x = try Tensor(shape: [batch, 64], scalars: Array(features[(start * 64)..<((start + batch) * 64)]))
        let y = try Tensor(shape: [batch], scalars: Array(labels[start..<(start + batch)]))
        return (x, y)
    }
}

/// Section 2: training steps per second of the digits MLP 64-128-10 with Adam (lr 3e-4) on
/// one BLAS thread, against the same model written out in NumPy (bench/numpy_mlp.py).
///
/// A step is what a user's training loop does: forward, cross-entropy, zero the
/// gradients, backward, Adam step. It includes copying the batch into fresh tensors; the
/// NumPy peer takes its batch as a view of a pre-extended array, which costs it nothing.
struct TrainingBench {
    /// Seconds spent in each phase of a step, summed over the timed steps.
    struct Phases {
        var batch = 0.0, forward = 0.0, loss = 0.0, zeroGrad = 0.0, backward = 0.0, optimizer = 0.0
        var total: Double { batch + forward + loss + zeroGrad + backward + optimizer }
        var named: [(String, Double)] {
            [
                ("batch copy", batch), ("forward", forward), ("cross-entropy", loss), ("zero grads", zeroGrad), ("backward", backward),
                ("Adam step", optimizer),
            ]
        }
    }

    struct Result {
        let batch: Int
        /// Steps/s of the fastest block, and the median block.
        let bestStepsPerSecond: Double, medianStepsPerSecond: Double
        /// The loss at the first step and at the 100th (a check that both sides train alike).
        let firstLoss: Double, lossAt100: Double
        let phases: Phases
        let stepsPerBlock: Int
        let timedSteps: Int
        /// The NumPy peer's figures, when it ran.
        let numpy: PeerFigures?
        /// Why the peer's figures are missing, when it was there but failed.
        let peerProblem: String?
    }

    struct PeerFigures {
        let bestStepsPerSecond: Double, medianStepsPerSecond: Double
        let firstLoss: Double, lossAt100: Double
        /// Median over rounds of NumPy's block time / Sprout's block time in that round.
        let pairedSpeedup: Double
        /// Sprout's best steps/s over NumPy's best.
        let bestSpeedup: Double
    }

    /// One model, its optimizer and its position in the data.
    final class Trainer {
        let data: DigitsBatches
        let model: Sequential
        let optimizer: Adam
        var start = 0
        var losses: [Float] = []
        var phases = Phases()

        init(data: DigitsBatches, seed: UInt64) throws {
            self.data = data
            let rng = RandomSource(seed: seed)
            model = Sequential([
                try Linear(inFeatures: 64, outFeatures: 128, bias: true, rng: rng),
                ReLU(),
                try Linear(inFeatures: 128, outFeatures: 10, bias: true, rng: rng),
            ])
            optimizer = try Adam(parameters: model.allParameters.map(\.parameter), learningRate: 3e-4)
        }

        /// One training step, each phase timed.
        func step() throws {
            var t0 = Timing.now()
            let (x, y) = try data.batch(at: start)
            start = (start + data.batch) % data.rows
            var t1 = Timing.now(); phases.batch += t1 - t0; t0 = t1
            let logits = try model.forward(x)
            t1 = Timing.now(); phases.forward += t1 - t0; t0 = t1
            let loss = try Losses.crossEntropy(logits, y)
            losses.append(try loss.item())
            t1 = Timing.now(); phases.loss += t1 - t0; t0 = t1
            optimizer.zeroGrad()
            t1 = Timing.now(); phases.zeroGrad += t1 - t0; t0 = t1
            try loss.backward()
            t1 = Timing.now(); phases.backward += t1 - t0; t0 = t1
            try optimizer.step()
            t1 = Timing.now(); phases.optimizer += t1 - t0
        }
    }

    let batch: Int
    /// Steps in one timed block.
    let steps: Int
    /// Blocks of each side, alternating (Sprout first in even rounds, NumPy first in odd).
    let rounds: Int
    let warmup: Int

    /// Trains for `rounds` blocks of `steps` steps, alternating with the NumPy peer's blocks
    /// when there is one, after a warm-up on both sides.
    func run(data: DigitsBatches, peer: NumPyPeer?, dataPath: String) throws -> Result {
        let trainer = try Trainer(data: data, seed: 0)
        for _ in 0..<warmup { try trainer.step() }
        trainer.phases = Phases()
        // A failing peer costs its column, not Sprout's figures.
        var problem: String? = nil
        var session: NumPyPeer.TrainingSession? = nil
        if let peer {
            do { session = try NumPyPeer.TrainingSession(peer: peer, batch: batch, warmup: warmup, dataPath: dataPath) } catch {
                problem = "NumPy peer failed: \(error)"
            }
        }
        var ours: [Double] = [], theirs: [Double] = [], paired: [Double] = []
        let sproutBlock = { try Timing.seconds { for _ in 0..<steps { try trainer.step() } } }
        for round in 0..<rounds {
            guard let peerSession = session else { ours.append(try sproutBlock()); continue }
            do {
                let mine: Double, peers: Double
                if round % 2 == 0 {
                    mine = try sproutBlock()
                    peers = try peerSession.block(steps: steps)
                } else {
                    peers = try peerSession.block(steps: steps)
                    mine = try sproutBlock()
                }
                ours.append(mine); theirs.append(peers); paired.append(peers / mine)
            } catch let failure as NumPyPeer.Failure {
                problem = "NumPy peer failed: \(failure)"
                session = nil
            }
        }
        let rate = { (seconds: Double) in Double(steps) / seconds }
        var figures: PeerFigures? = nil
        if let session, let fastest = theirs.min(), let ourFastest = ours.min() {
            do {
                figures = PeerFigures(
                    bestStepsPerSecond: rate(fastest), medianStepsPerSecond: rate(median(theirs)),
                    firstLoss: session.firstLoss, lossAt100: try session.finish(),
                    pairedSpeedup: median(paired), bestSpeedup: fastest / ourFastest)
            } catch {
                problem = "NumPy peer failed: \(error)"
            }
        }
        return Result(
            batch: batch, bestStepsPerSecond: rate(ours.min() ?? .nan), medianStepsPerSecond: rate(median(ours)),
            firstLoss: Double(trainer.losses.first ?? .nan), lossAt100: trainer.losses.count >= 100 ? Double(trainer.losses[99]) : .nan,
            phases: trainer.phases, stepsPerBlock: steps, timedSteps: ours.count * steps, numpy: figures, peerProblem: problem)
    }
}

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
