import Engine
import Foundation
import Lang

/// Section 2b: `fit` through the language against the engine's own hand-written step
/// loop (`TrainingBench.Trainer`) and the hand-written NumPy step, on the digits MLP
/// 64-128-10, batch 64, Adam 3e-4, one BLAS thread, in alternating blocks of the same
/// number of steps; and the peak memory of a `sprout -e` process that loads digits and
/// fits it for 20 epochs.
///
/// `fit` trains on the first 1408 training rows (22 full batches an epoch), so every
/// step of every side has 64 rows; it shuffles and gathers its batches, checks every
/// gradient for non-finite numbers, samples per-layer statistics every 10 steps and
/// reports progress: all of that is in its figure.
struct FitBench {
    struct Result {
        let steps: Int
        let fitStepsPerSecond: Double, engineStepsPerSecond: Double, loopStepsPerSecond: Double
        /// Median over rounds of engine block time / TrainingLoop block time.
        let loopOverEngine: Double
        let numpyStepsPerSecond: Double?
        /// Median over rounds of engine block time / fit block time (1.00 = no overhead).
        let fitOverEngine: Double
        /// Median over rounds of NumPy block time / fit block time.
        let fitOverNumPy: Double?
        let peerProblem: String?
        /// Peak resident memory of `sprout -e` fitting digits for 20 epochs, and of `sprout -e 1`.
        let fitPeakMB: Double?, idlePeakMB: Double?
    }

    let rounds: Int
    let epochsPerBlock: Int

    func run(table: NumericTable, peer: NumPyPeer?, dataPath: String, sprout: String?) throws -> Result {
        let rows = 22 * 64
        let data = DigitsBatches(table: table, batch: 64)
        let steps = 22 * epochsPerBlock
        let trainer = try TrainingBench.Trainer(data: data, seed: 0)
        let interpreter = Interpreter(host: RecordingHost(), seed: 0)
        let x = try Tensor(shape: [rows, 64], scalars: Array(data.features[0..<(rows * 64)]))
        let y = try Tensor(shape: [rows], scalars: Array(data.labels[0..<rows]))
        interpreter.define("X", .tensor(x))
        interpreter.define("Y", .tensor(y))
        _ = try interpreter.run(
            Source(name: "bench", text: "m = seq(linear(64, 128), relu(), linear(128, 10))\nopt = adam(m, lr: 3e-4);"))
        // The Engine's TrainingLoop alone, without the language: where any overhead lives.
        let random = RandomSource(seed: 0)
        let model = try Sequential([
            Linear(inFeatures: 64, outFeatures: 128, rng: random), ReLU(), Linear(inFeatures: 128, outFeatures: 10, rng: random),
        ])
        let loop = try TrainingLoop(
            model: model, optimizer: Adam(parameters: model.parameters, learningRate: 3e-4),
            data: TrainingData(x: x, y: y, targets: .classes),
            options: TrainingOptions(batchSize: 64), random: random)
        let loopRun = TrainingRun()
        let call = Source(name: "bench", text: "fit(m, {x: X, y: Y}, opt, epochs: \(epochsPerBlock), batch: 64);")
        var problem: String? = nil
        var session: NumPyPeer.TrainingSession? = nil
        if let peer {
            do { session = try NumPyPeer.TrainingSession(peer: peer, batch: 64, warmup: 20, dataPath: dataPath) } catch {
                problem = "NumPy peer failed: \(error)"
            }
        }
        // Warm-up of both Sprout sides.
        _ = try interpreter.run(call)
        for _ in 0..<steps { try trainer.step() }
        var fitTimes: [Double] = [], engineTimes: [Double] = [], numpyTimes: [Double] = [], loopTimes: [Double] = []
        for round in 0..<rounds {
            var blocks: [() throws -> Void] = [
                { fitTimes.append(try Timing.seconds { _ = try interpreter.run(call) }) },
                { engineTimes.append(try Timing.seconds { for _ in 0..<steps { try trainer.step() } }) },
                {
                    loopTimes.append(
                        try Timing.seconds { try loop.train(loopRun, until: loopRun.completedEpochs + self.epochsPerBlock) })
                },
            ]
            if let peerSession = session {
                blocks.append {
                    do { numpyTimes.append(try peerSession.block(steps: steps)) } catch {
                        problem = "NumPy peer failed: \(error)"
                        session = nil
                    }
                }
            }
            // A different side first in each round, so none always runs after the others.
            for i in blocks.indices { try blocks[(i + round) % blocks.count]() }
        }
        if let session { _ = try? session.finish() }
        let rate = { (times: [Double]) in Double(steps) / (times.min() ?? .nan) }
        let paired = { (others: [Double]) in median(zip(others, fitTimes).map { $0 / $1 }) }
        let usableNumPy = numpyTimes.count == fitTimes.count && !numpyTimes.isEmpty
        let memory = sprout.map { Self.peakMemory($0, dataPath: dataPath) }
        return Result(
            steps: steps, fitStepsPerSecond: rate(fitTimes), engineStepsPerSecond: rate(engineTimes),
            loopStepsPerSecond: rate(loopTimes), loopOverEngine: median(zip(engineTimes, loopTimes).map { $0 / $1 }),
            numpyStepsPerSecond: usableNumPy ? rate(numpyTimes) : nil, fitOverEngine: paired(engineTimes),
            fitOverNumPy: usableNumPy ? paired(numpyTimes) : nil, peerProblem: problem, fitPeakMB: memory?.fit,
            idlePeakMB: memory?.idle)
    }

    /// Peak resident set sizes (MB) of `sprout -e` fitting digits 20 epochs, and of `sprout -e 1`.
    static func peakMemory(_ sprout: String, dataPath: String) -> (fit: Double?, idle: Double?) {
        let program =
            "seed(0); ds = load(\"\(dataPath)\"); m = seq(linear(64, 128), relu(), linear(128, 10)); opt = adam(m, lr: 3e-4); run = fit(m, ds, opt, epochs: 20, batch: 64)"
        return (maxResident(sprout, ["-e", program]), maxResident(sprout, ["-e", "1"]))
    }

    /// The child's ru_maxrss in MB (Linux reports kilobytes), or nil when it failed.
    static func maxResident(_ path: String, _ arguments: [String]) -> Double? {
        guard let run = StartupBench.spawned(path, arguments), run.status == 0 else { return nil }
        return Double(run.usage.ru_maxrss) / 1024
    }

    static func render(_ r: Result) -> String {
        var t = TextTable(["side", "steps/s (fastest block)", "fit's speed vs it (paired median)"])
        t.add(["fit (Sprout language)", Format.rate(r.fitStepsPerSecond), "1.00x"])
        t.add(["engine step loop (Swift)", Format.rate(r.engineStepsPerSecond), Format.ratio(r.fitOverEngine)])
        t.add([
            "NumPy step", r.numpyStepsPerSecond.map(Format.rate) ?? "n/a", r.fitOverNumPy.map(Format.ratio) ?? "n/a",
        ])
        var lines = [t.render()]
        lines.append(
            "  the Engine's TrainingLoop alone (no language): \(Format.rate(r.loopStepsPerSecond)) steps/s, \(Format.ratio(r.loopOverEngine)) of the engine step loop (paired median)"
        )
        lines.append(
            "  target: fit within 5% of the engine loop (ratio ≥ 0.95x) and ahead of NumPy (ratio > 1.00x); \(r.steps) steps per block")
        let mb = { (x: Double?) in x.map { Format.fixed($0, 1) + " MB" } ?? "n/a" }
        lines.append(
            "  peak memory (ru_maxrss) of sprout -e fitting digits 20 epochs: \(mb(r.fitPeakMB)); of sprout -e 1: \(mb(r.idlePeakMB)); target < 40 MB"
        )
        if let p = r.peerProblem { lines.append("  \(p)") }
        return lines.joined(separator: "\n")
    }
}
