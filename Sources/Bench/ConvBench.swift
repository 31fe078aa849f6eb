import Engine
import Foundation
import Lang

/// Section 2b: training steps/s of a small conv net on the digits images, on one BLAS
/// thread, in the same run as its peers:
///
///     conv 3×3 1→16, relu, conv 3×3 16→32, relu, maxpool 2, flatten, linear 128→10
///
/// (8×8 → 6×6 → 4×4 → 2×2×32 = 128), batch 64, cross-entropy, Adam lr 1e-3. A step is
/// slice a batch, zero the gradients, forward, loss, backward, Adam step. Measured in
/// rotating rounds: the engine's own loop (Swift), the same loop written in Sprout
/// (through the interpreter), the digits MLP 64-128-10 engine loop for comparison, and
/// PyTorch's eager CPU path (bench/torch_conv.py, serving blocks on request) when python3
/// can import torch. Nothing depends on torch: without it the table says so and quotes
/// the figure, labelled as not measured.
struct ConvBench {
    /// The net in Sprout, as the Sprout loop builds it.
    static let sproutModel = "seq(conv(1, 16, 3), relu(), conv(16, 32, 3), relu(), maxpool(2), flatten(), linear(128, 10))"
    /// PyTorch's figure quoted in issue 11 for this net on the development machines.
    static let quotedTorchStepsPerSecond = 650.0

    struct Side {
        let label: String
        /// Steps/s of the fastest block, and of the median block.
        let best: Double, median: Double
    }

    struct Figures {
        /// The loops, PyTorch's last when it ran.
        var sides: [Side]
        /// Why PyTorch's row is missing.
        var torchProblem: String?
        /// Seconds per step in each phase of the engine's conv step.
        var phases: [(String, Double)]
    }

    let rounds: Int
    let steps: Int
    let dataPath: String
    let repositoryRoot: String?

    /// The digits training rows as images (rows, 1, 8, 8), flat (rows, 64), and labels
    /// (rows); `wrap` is the last start at which a batch of 64 is contiguous.
    struct Images {
        let X: Tensor, flat: Tensor, Y: Tensor, wrap: Int
        init(dataPath: String) throws {
            let digits = DigitsBatches(table: try NumericCSV.load(path: dataPath), batch: 0)
            flat = try Tensor(shape: [digits.rows, 64], scalars: digits.features)
            X = try flat.reshaped(to: [digits.rows, 1, 8, 8])
            Y = try Tensor(shape: [digits.rows], scalars: digits.labels)
            wrap = digits.rows - 64
        }
    }

    static func convNet(rng: RandomSource) throws -> Sequential {
        try Sequential([
            Conv2d(inChannels: 1, outChannels: 16, kernel: 3, rng: rng), ReLU(),
            Conv2d(inChannels: 16, outChannels: 32, kernel: 3, rng: rng), ReLU(),
            MaxPool2d(kernel: 2), Flatten(), Linear(inFeatures: 128, outFeatures: 10, rng: rng),
        ])
    }

    /// `steps` training steps of `model` in Swift over batches of 64 of `X`, `Y`: the loop
    /// the Sprout loop (`InterpreterBench.trainLoop`) is measured against.
    static func engineSteps(_ model: Sequential, _ optimizer: Adam, _ X: Tensor, _ Y: Tensor, wrap: Int, steps: Int) throws {
        for i in 0..<steps {
            let start = (i * 64) % wrap
            let x = try X.slice([.range(start: start, end: start + 64, step: 1)])
            let y = try Y.slice([.range(start: start, end: start + 64, step: 1)])
            optimizer.zeroGrad()
            let loss = try Losses.crossEntropy(model.forward(x), y)
            try loss.backward()
            try optimizer.step()
        }
    }

    func run() throws -> Figures {
        BLAS.setThreadCount(1)
        let data = try Images(dataPath: dataPath)
        let rng = RandomSource(seed: 0)
        let conv = try Self.convNet(rng: rng)
        let convOptimizer = try Adam(parameters: conv.parameters, learningRate: 1e-3)
        let mlp = try Sequential([
            Linear(inFeatures: 64, outFeatures: 128, rng: rng), ReLU(), Linear(inFeatures: 128, outFeatures: 10, rng: rng),
        ])
        let mlpOptimizer = try Adam(parameters: mlp.parameters, learningRate: 3e-4)
        let interpreter = Interpreter(host: RecordingHost(), seed: 0)
        interpreter.define("X", .tensor(data.X))
        interpreter.define("Y", .tensor(data.Y))
        interpreter.define("wrap", .number(Double(data.wrap)))
        _ = try interpreter.run(
            Source(name: "bench", text: InterpreterBench.trainLoop + "\nm = \(Self.sproutModel)\nopt = adam(m, lr: 1e-3);"))
        let sproutCall = Source(name: "bench", text: "train_steps(m, opt, X, Y, \(steps));")
        let steps = self.steps
        var blocks: [(String, () throws -> Double)] = [
            (
                "conv net, engine loop (Swift)",
                { try Timing.seconds { try Self.engineSteps(conv, convOptimizer, data.X, data.Y, wrap: data.wrap, steps: steps) } }
            ),
            ("conv net, Sprout loop (interpreter)", { try Timing.seconds { _ = try interpreter.run(sproutCall) } }),
            (
                "digits MLP 64-128-10, engine loop",
                { try Timing.seconds { try Self.engineSteps(mlp, mlpOptimizer, data.flat, data.Y, wrap: data.wrap, steps: steps) } }
            ),
        ]
        // PyTorch serves timed blocks on request, so its blocks alternate with ours under
        // the same load; a failing peer costs its row, not ours.
        var problem: String? = nil
        var session: NumPyPeer.TrainingSession? = nil
        if let root = repositoryRoot, let peer = NumPyPeer.other(script: root + "/bench/torch_conv.py") {
            do { session = try NumPyPeer.TrainingSession(peer: peer, batch: 64, warmup: 20, dataPath: dataPath) } catch {
                problem = "PyTorch peer: \(error)"
            }
        } else {
            problem = "PyTorch peer: no python3, or bench/torch_conv.py not found"
        }
        if let session { blocks.append(("conv net, PyTorch eager CPU (1 thread)", { try session.block(steps: steps) })) }
        for (_, block) in blocks { _ = try block() }  // warm-up
        var times = [[Double]](repeating: [], count: blocks.count)
        for round in 0..<rounds {
            // Rotate which side goes first, so none always runs on a fresh or tired cache.
            for k in 0..<blocks.count {
                let i = (k + round) % blocks.count
                times[i].append(try blocks[i].1())
            }
        }
        if let session { _ = try? session.finish() }
        let rate = { (seconds: Double) in Double(steps) / seconds }
        return Figures(
            sides: blocks.indices.map { Side(label: blocks[$0].0, best: rate(times[$0].min() ?? .nan), median: rate(median(times[$0]))) },
            torchProblem: problem, phases: try Self.phases(conv, convOptimizer, data, steps: steps, passes: rounds))
    }

    /// Seconds per step of each layer's forward, the loss, backward and the Adam step: for
    /// each phase the best over `passes` passes of the mean over `steps` steps (the least
    /// disturbed figure on a shared machine).
    static func phases(_ model: Sequential, _ optimizer: Adam, _ data: Images, steps: Int, passes: Int) throws -> [(String, Double)] {
        let names = model.layers.map(\.summary) + ["cross-entropy", "zero grads + backward", "Adam step"]
        var best = [Double](repeating: .infinity, count: names.count)
        for _ in 0..<passes {
            var seconds = [Double](repeating: 0, count: names.count)
            for i in 0..<steps {
                let start = (i * 64) % data.wrap
                var h = try data.X.slice([.range(start: start, end: start + 64, step: 1)])
                let y = try data.Y.slice([.range(start: start, end: start + 64, step: 1)])
                var t = Timing.now()
                func lap(_ k: Int) {
                    let now = Timing.now()
                    seconds[k] += now - t
                    t = now
                }
                for (k, layer) in model.layers.enumerated() {
                    h = try layer.forward(h)
                    lap(k)
                }
                let loss = try Losses.crossEntropy(h, y)
                lap(model.layers.count)
                optimizer.zeroGrad()
                try loss.backward()
                lap(model.layers.count + 1)
                try optimizer.step()
                lap(model.layers.count + 2)
            }
            for k in names.indices { best[k] = Swift.min(best[k], seconds[k] / Double(steps)) }
        }
        return Array(zip(names, best))
    }

    static func render(_ f: Figures, steps: Int, rounds: Int) -> String {
        var table = TextTable(["loop", "steps/s", "(median)", "vs PyTorch (best)"])
        let torch = f.sides.first { $0.label.contains("PyTorch") }
        let peer = torch?.best ?? quotedTorchStepsPerSecond
        for s in f.sides {
            table.add([s.label, Format.rate(s.best), Format.rate(s.median), s.label.hasPrefix("conv") ? Format.ratio(s.best / peer) : ""])
        }
        if torch == nil {
            table.add(["conv net, PyTorch: NOT MEASURED in this run; issue 11's figure", Format.rate(peer), "", "1.00x"])
        }
        var lines = ["  \(rounds) rounds of one block of \(steps) steps per loop, the order rotating", table.render()]
        if let problem = f.torchProblem { lines.append("  \(problem)") }
        let total = f.phases.reduce(0) { $0 + $1.1 }
        lines.append(
            "  engine conv step by phase (best of \(rounds) passes of \(steps) steps; \(Format.fixed(total * 1e6, 1)) µs/step in all):")
        var phases = TextTable(["phase", "µs/step", "share"])
        for (name, seconds) in f.phases {
            phases.add([name, Format.fixed(seconds * 1e6, 1), Format.fixed(100 * seconds / total, 1) + "%"])
        }
        lines.append(phases.render(indent: "    "))
        return lines.joined(separator: "\n")
    }
}
