import Engine
import Foundation
import Lang

/// Section 4: the interpreter against CPython in the same run, and a training loop
/// written in Sprout against the same loop written in Swift.
///
/// - fib(25), recursive: function calls and comparisons.
/// - a scalar loop of 1M iterations, each with arithmetic and a function call.
/// - the digits MLP 64-128-10, batch 64, Adam: one step = slice a batch, zero the
///   gradients, forward, cross-entropy, backward, step. Both loops run the same engine
///   calls; the ratio is what the interpreter adds per step (target: at most 1.10×).
struct InterpreterBench {
    struct Figure {
        let label: String
        let sprout: Double
        let peer: Double?
        let peerName: String
        var ratio: Double? { peer.map { sprout / $0 } }
    }

    static let fib = """
        fn fib(n) = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
        """
    static let loop = """
        fn f(x) = x * 2 + 1
        fn scalar_loop(n) {
            s = 0
            i = 0
            while i < n {
                s = s + f(i) % 7
                i += 1
            }
            s
        }
        """
    static let pythonScript = """
        import sys, time
        def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
        def f(x): return x * 2 + 1
        def scalar_loop(n):
            s = 0
            i = 0
            while i < n:
                s = s + f(i) % 7
                i += 1
            return s
        def best(fn, reps):
            b = float('inf')
            for _ in range(reps):
                t = time.perf_counter(); fn(); b = min(b, time.perf_counter() - t)
            return b
        reps = int(sys.argv[1])
        print("FIB", best(lambda: fib(25), reps))
        print("LOOP", best(lambda: scalar_loop(1000000), reps))
        """
    static let trainLoop = """
        fn train_steps(m, opt, X, Y, steps) {
            i = 0
            while i < steps {
                start = (i * 64) % wrap
                x = X[start:start + 64]
                y = Y[start:start + 64]
                zero_grad(opt)
                loss = cross_entropy(m(x), y)
                backward(loss)
                step(opt)
                i += 1
            }
        }
        """

    let reps: Int
    let dataPath: String

    func run() throws -> [Figure] {
        let interpreter = Interpreter(host: RecordingHost(), seed: 0)
        _ = try interpreter.run(Source(name: "bench", text: Self.fib + "\n" + Self.loop + "\n" + Self.trainLoop))
        func best(_ text: String) throws -> Double {
            let source = Source(name: "bench", text: text)
            _ = try interpreter.run(source)
            var b = Double.infinity
            for _ in 0..<reps { b = min(b, try Timing.seconds { _ = try interpreter.run(source) }) }
            return b
        }
        let fibTime = try best("fib(25)")
        let loopTime = try best("scalar_loop(1000000)")
        let python = Self.python(reps: reps)

        // The training loop: Sprout vs Swift on the same data, alternating blocks.
        BLAS.setThreadCount(1)
        let digits = DigitsBatches(table: try NumericCSV.load(path: dataPath), batch: 0)
        let X = try Tensor(shape: [digits.rows, 64], scalars: digits.features)
        let Y = try Tensor(shape: [digits.rows], scalars: digits.labels)
        let wrap = digits.rows - 64  // a batch of 64 starting below this is contiguous
        let steps = 200
        let rng = RandomSource(seed: 0)
        let swiftModel = try Sequential([
            Linear(inFeatures: 64, outFeatures: 128, rng: rng), ReLU(), Linear(inFeatures: 128, outFeatures: 10, rng: rng),
        ])
        let swiftOptimizer = try Adam(parameters: swiftModel.parameters, learningRate: 3e-4)
        interpreter.define("X", .tensor(X))
        interpreter.define("wrap", .number(Double(wrap)))
        interpreter.define("Y", .tensor(Y))
        _ = try interpreter.run(Source(name: "bench", text: "m = seq(linear(64, 128), relu(), linear(128, 10))\nopt = adam(m, lr: 3e-4);"))
        let sproutCall = Source(name: "bench", text: "train_steps(m, opt, X, Y, \(steps));")
        let swiftLoop = { try ConvBench.engineSteps(swiftModel, swiftOptimizer, X, Y, wrap: wrap, steps: steps) }
        let timed = try Timing.interleaved(minRounds: reps * 2, budget: 2, { _ = try interpreter.run(sproutCall) }, swiftLoop)
        return [
            Figure(label: "fib(25)", sprout: fibTime, peer: python?.fib, peerName: "CPython"),
            Figure(label: "scalar loop, 1M iterations", sprout: loopTime, peer: python?.loop, peerName: "CPython"),
            Figure(
                label: "training step in Sprout, batch 64 (per step)", sprout: timed.a / Double(steps), peer: timed.b / Double(steps),
                peerName: "Swift"),
        ]
    }

    /// CPython's figures for the same programs, best of `reps` inside one python3 process.
    static func python(reps: Int) -> (fib: Double, loop: Double)? {
        guard let run = NumPyPeer.runPython(["-c", pythonScript, String(reps)]) else { return nil }
        var fib: Double?, loop: Double?
        for line in run.output.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let v = Double(parts[1]) else { continue }
            if parts[0] == "FIB" { fib = v } else if parts[0] == "LOOP" { loop = v }
        }
        guard let fib, let loop else { return nil }
        return (fib, loop)
    }

    static func render(_ figures: [Figure]) -> String {
        var table = TextTable(["program", "Sprout ms", "peer", "peer ms", "Sprout/peer time"])
        for f in figures {
            table.add([
                f.label, Format.fixed(f.sprout * 1e3, 3), f.peerName, f.peer.map { Format.fixed($0 * 1e3, 3) } ?? "n/a",
                f.ratio.map { Format.ratio($0) } ?? "n/a",
            ])
        }
        return table.render()
    }
}
