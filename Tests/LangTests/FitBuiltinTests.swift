import Engine
import Testing

@testable import Lang

/// `fit` at the language level: the lines it leaves (one per epoch), the run it returns
/// (printed, read, plotted, continued), Ctrl-C returning the run rather than failing,
/// non-finite numbers named, and bad arguments refused with both shapes.
@Suite("fit")
struct FitBuiltinTests {
    /// iris, a small MLP and Adam, ready for `fit(m, ds, opt, …)`.
    static let setup = "ds = load(\"iris\")\nm = mlp([4, 16, 3])\nopt = adam(m, lr: 0.01)"

    /// A session that finds the bundled data sets.
    static func session(seed: UInt64 = 0) -> EvalSession {
        let s = EvalSession(seed: seed)
        s.interpreter.dataFolder = LoadBuiltinTests.dataFolder
        #expect(throws: Never.self) { try s.interpreter.loadStdlib(directory: StdlibSession.stdlib) }
        return s
    }

    /// The per-step losses of the run in the variable `run`, exactly.
    static func losses(_ interpreter: Interpreter) -> [Float] {
        guard case let .object(value as RunValue)? = try? interpreter.run(Source(name: "cell", text: "run")) else { return [] }
        return value.run.history.stepLosses
    }

    /// The lines the progress reports ended with: what any host leaves in the output.
    static func endLines(_ host: RecordingHost) -> [String] {
        host.progress.compactMap { if case let .end(p) = $0 { return p.finalLine } else { return nil } }
    }

    @Test func leavesOneLinePerEpochAndReturnsARun() throws {
        let s = Self.session()
        s.run(Self.setup)
        #expect(s.run("run = fit(m, ds, opt, epochs: 3, batch: 32, val: ds)") == "")
        let lines = Self.endLines(s.host)
        try #require(lines.count == 3)
        #expect(lines[0].hasPrefix("epoch 1/3 · loss "))
        #expect(lines[2].hasPrefix("epoch 3/3 · loss ") && lines[2].contains(" · val loss ") && lines[2].contains(" · val acc "))
        #expect(s.run("kind(run)") == "\"run\"")
        #expect(s.run("run.epochs") == "3")
        #expect(s.run("run.steps") == "15")
        #expect(s.run("shape(run.loss)") == "[15]")
        #expect(s.run("len(run.val_acc)") == "3")
        #expect(s.run("run.stopped") == "false")
        #expect(s.run("run.config.batch") == "32")
        #expect(s.run("run.seconds > 0") == "true")
        let printed = s.run("run")
        #expect(printed.hasPrefix("run · 3 epochs · 15 steps · batch 32 · seed 0 · best epoch"))
        #expect(printed.contains("epoch  train loss  val loss  val acc"))
        #expect(!printed.contains("seconds") && !printed.contains("/s"))
    }

    /// Without validation there is no best epoch: the member is none, not missing.
    @Test func aRunWithoutValidationHasNoBestEpoch() {
        let s = Self.session()
        s.run(Self.setup)
        #expect(s.run("run = fit(m, ds, opt, epochs: 1, quiet: true)") == "")
        #expect(!s.run("run.best_epoch").contains("error"))
        #expect(s.run("run.best_epoch == none") == "true")
    }

    @Test func quietLeavesNoLinesAndTrainsTheSame() {
        let s = Self.session()
        s.run(Self.setup)
        #expect(s.run("seed(1); m = mlp([4, 16, 3]); run = fit(m, ds, adam(m, lr: 0.01), epochs: 2, quiet: true)") == "")
        #expect(s.host.progress.isEmpty && !s.host.output.contains("epoch"), "\(s.host.progress) \(s.host.output)")
        let quiet = Self.losses(s.interpreter)
        s.run("seed(1); m = mlp([4, 16, 3]); run = fit(m, ds, adam(m, lr: 0.01), epochs: 2)")
        #expect(Self.endLines(s.host).count == 2)
        #expect(Self.losses(s.interpreter) == quiet)
    }

    @Test func aLongRunPrintsElidedInTheMiddle() {
        let s = Self.session()
        s.run(Self.setup)
        s.run("run = fit(m, ds, opt, epochs: 20, batch: 150)")
        let rows = s.run("run").split(separator: "\n")
        #expect(rows.count == 2 + 12 + 1)
        #expect(rows.contains { $0.drop { $0 == " " }.hasPrefix("…") })
        #expect(rows.last?.drop { $0 == " " }.hasPrefix("20 ") == true)
    }

    /// An early stop says how long the validation loss went without improving and
    /// which epoch's weights came back, in numbers (not "the last epochs").
    @Test func anEarlyStopSaysHowManyEpochsWentWithoutABetterValLoss() throws {
        let s = Self.session()
        s.run(Self.setup)
        s.run("run = fit(m, ds, adam(m, lr: 0.5), epochs: 40, batch: 150, val: ds, patience: 3, quiet: true)")
        try #require(s.run("run.early_stopped") == "true")
        let (epochs, best) = (Int(s.run("run.epochs")) ?? 0, Int(s.run("run.best_epoch")) ?? 0)
        #expect(epochs - best == 3)
        #expect(
            s.run("run").hasSuffix("\nstopped early: no better val loss in 3 epochs after epoch \(best); its weights restored"),
            "\(s.run("run"))")
    }

    @Test func continuesARunCountingEpochsOn() {
        let s = Self.session()
        s.run(Self.setup)
        s.run("run = fit(m, ds, opt, epochs: 2, batch: 50)")
        #expect(s.run("again = fit(m, ds, opt, epochs: 3, batch: 50, run: run)") == "")
        #expect(s.run("again.epochs") == "5")
        #expect(s.run("run.steps") == "15")
        #expect(Self.endLines(s.host).last?.hasPrefix("epoch 5/5 · ") == true)
        #expect(s.run("m2 = mlp([4, 3])\nfit(m2, ds, adam(m2), run: run)").contains("that run trained another model"))
    }

    @Test func sameSeedSameRun() {
        let runs = (0..<2).map { _ in
            let s = Self.session(seed: 3)
            s.run(Self.setup)
            s.run("run = fit(m, ds, opt, epochs: 2, batch: 16)")
            return Self.losses(s.interpreter)
        }
        #expect(runs[0].count == 20 && bits(runs[0]) == bits(runs[1]))
    }

    @Test func ctrlCReturnsTheRunAndFitResumesIt() {
        let whole = Self.session()
        whole.run(Self.setup)
        whole.run("run = fit(m, ds, opt, epochs: 3, batch: 32)")

        let host = StoppingHost(atBegin: 2)
        let interpreter = Interpreter(host: host, seed: 0)
        interpreter.dataFolder = LoadBuiltinTests.dataFolder
        #expect(throws: Never.self) { try interpreter.loadStdlib(directory: StdlibSession.stdlib) }
        host.cancellation = interpreter.runtime.cancellation
        let s = { (text: String) -> String in
            do { return try interpreter.run(Source(name: "cell", text: text)).map(ValueFormatter.format) ?? "" } catch {
                return "\(error)"
            }
        }
        _ = s(Self.setup)
        #expect(s("run = fit(m, ds, opt, epochs: 3, batch: 32)") == "")
        #expect(host.output.contains("stopped at epoch 2, step 2 of 5 (Ctrl-C); fit(…, run: run) continues"))
        #expect(s("run.stopped") == "true")
        #expect(s("run.steps") == "6")
        #expect(s("run").contains("stopped at epoch 2, step 2 of 5"))
        #expect(s("run = fit(m, ds, opt, batch: 32, run: run)") == "")
        #expect(s("run.stopped") == "false")
        #expect(s("run.epochs") == "3")
        #expect(Self.losses(interpreter).count == 15 && bits(Self.losses(interpreter)) == bits(Self.losses(whole.interpreter)))
    }

    @Test func nonFiniteLossNamesTheStepAndWhatToDo() {
        let s = Self.session()
        s.run(Self.setup)
        let message = s.run("fit(m, ds, sgd(m, lr: 1e30), epochs: 3)")
        #expect(message.contains("error: fit: non-finite"))
        #expect(message.contains("at epoch 1, step 2 (step 2 of the run)"))
        #expect(message.contains("the output of layer 2 is the first to go bad"))
        #expect(message.contains("lower the learning rate or clip the gradients"))
    }

    @Test(arguments: [
        EvalCase("not data", "fit(m, 3, opt)", "error: fit: data expects a dataset or {x, y}, got the number 3"),
        EvalCase("epochs", "fit(m, ds, opt, epochs: 0)", "error: fit: epochs must be at least 1, got 0"),
        EvalCase("batch", "fit(m, ds, opt, batch: 0)", "error: fit: batch must be at least 1, got 0"),
        EvalCase("too many epochs", "fit(m, ds, opt, epochs: 1e15)", "error: fit: epochs must be at most 1000000, got 1000000000000000"),
        EvalCase(
            "model input", "fit(mlp([5, 3]), ds, opt)",
            "error: fit: the model cannot take data's x of shape (150, 4): linear: shapes (150, 4) and (3, 5) do not match: the input's last dimension is 4, the layer expects 5 features"
        ),
        EvalCase(
            "classes", "fit(mlp([4, 2]), ds, opt)",
            "error: fit: the model gives (150, 2) for data's x but its y has 3 classes: the last layer needs 3 outputs"),
        EvalCase("patience", "fit(m, ds, opt, patience: 2)", "error: fit: patience needs val: data to watch (e.g. val: val)"),
        EvalCase(
            "rows", "fit(m, {x: randn(4, 4), y: tensor([0, 1])}, opt)",
            "error: fit: shapes (4, 4) and (2,) differ in rows: features and targets must have one row per example"),
    ])
    func badArgumentsAreRefused(_ c: EvalCase) {
        let s = Self.session()
        s.run(Self.setup)
        #expect(s.run(c.source).split(separator: "\n").first.map(String.init) == c.expected)
    }

    /// A batch larger than the data is one step an epoch.
    @Test func aHugeBatchIsOneStepAnEpoch() {
        let s = Self.session()
        s.run(Self.setup)
        #expect(s.run("run = fit(m, ds, opt, epochs: 2, batch: 1e15)") == "")
        #expect(s.run("run.steps") == "2")
    }

    @Test func plotOfARunDrawsTrainAndValidationLoss() throws {
        let s = Self.session()
        s.run(Self.setup)
        s.run("run = fit(m, ds, opt, epochs: 2, batch: 50, val: ds, live: true)")
        #expect(s.host.plots.count == 2)
        s.run("plot(run)")
        let plot = try #require(s.host.plots.last)
        #expect(plot.series.map(\.label) == ["train", "val"])
        #expect(plot.series[0].y.count == 6 && plot.series[1].y.count == 2)
        #expect(plot.series[0].x?.last == 2)
    }

    /// plot(run, …) takes the options plot takes (they were ignored without a word): a
    /// log scale, a title and axis labels over the run's own; `x:` is refused, since a
    /// run brings its own.
    @Test func plotOfARunTakesTheOptionsOfPlot() throws {
        let s = Self.session()
        s.run(Self.setup)
        s.run("run = fit(m, ds, opt, epochs: 2, batch: 50, val: ds, quiet: true)")
        s.run("plot(run, log: true, title: \"200 rows\")")
        let plot = try #require(s.host.plots.last)
        #expect(plot.logY && !plot.logX)
        #expect(plot.title == "200 rows" && plot.xLabel == "epoch" && plot.yLabel == "loss")
        #expect(plot.series.map(\.label) == ["train", "val"])
        s.run("plot(run, logx: true, xlabel: \"e\", ylabel: \"l\")")
        let labelled = try #require(s.host.plots.last)
        #expect(labelled.logX && !labelled.logY && labelled.title == "loss" && labelled.xLabel == "e" && labelled.yLabel == "l")
        #expect(s.run("plot(run, x: [1, 2])").hasPrefix("error: plot: x: does not apply to a run, which brings its own epochs\n"))
    }

    @Test func aLossFunctionAndRecordData() {
        let s = Self.session()
        s.run("m = mlp([3, 1])\nopt = sgd(m, lr: 0.1)\nx = randn(32, 3)\ny = x @ tensor([[1], [2], [3]])")
        #expect(s.run("run = fit(m, {x: x, y: y}, opt, epochs: 30, batch: 8, loss: (p, t) -> mean((p - t) ** 2))") == "")
        #expect(s.run("item(run.loss[-1]) < item(run.loss[0]) / 10") == "true")
        #expect(s.run("fit(m, {x: x, y: y}, opt, loss: (p, t) -> 3)").contains("loss: the function must return a one-element tensor"))
    }
}

/// A host that requests a stop when the `atBegin`-th progress report begins (the first
/// step of that epoch is then taken, the second is not).
final class StoppingHost: Host {
    let atBegin: Int
    var cancellation: Cancellation?
    private(set) var output = ""
    private var begins = 0
    init(atBegin: Int) { self.atBegin = atBegin }
    func write(_ text: String) { output += text }
    func warn(_ text: String) {}
    func beginProgress(_ progress: Progress) {
        begins += 1
        if begins == atBegin { cancellation?.request() }
    }
    func endProgress(_ progress: Progress) { write(progress.finalLine + "\n") }
}

/// The bit patterns of floats, to compare runs exactly.
private func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }
