import Engine
import Foundation

// `make bench`: Sprout's engine against direct cblas_sgemm, a hand-written NumPy peer and a
// plain memory copy, all measured in this one run (the machine is shared and noisy, so
// only same-run ratios mean anything). Options: --quick (fewer repetitions), --no-numpy,
// --only=sgemm,training,fit,conv,throughput,interpreter,table,startup,check,describe,csv,plot,hash and --batches=64 (a subset, e.g. under a profiler).

// The same allocator policy as `sprout` (Engine/System/HeapTuning.swift), so figures match it.
HeapTuning.keepLargeBlocksInHeap()

let arguments = Set(CommandLine.arguments.dropFirst())
let quick = arguments.contains("--quick")
let wantsNumPy = !arguments.contains("--no-numpy")
let only = arguments.first { $0.hasPrefix("--only=") }.map { Set($0.dropFirst(7).split(separator: ",").map(String.init)) }
func wants(_ part: String) -> Bool { only?.contains(part) ?? true }
let batches = arguments.first { $0.hasPrefix("--batches=") }.map { Set($0.dropFirst(10).split(separator: ",").compactMap { Int($0) }) }
let runStart = Timing.now()

func section(_ title: String) {
    print("\n== \(title) ==")
}

print("Sprout bench")
print("  BLAS: \(BLAS.configuration) (core \(BLAS.coreName))")
print("  CPUs online: \(ProcessInfo.processInfo.activeProcessorCount)")
let blasEnv = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("OPENBLAS_") }.sorted { $0.key < $1.key }
print("  environment: " + (blasEnv.isEmpty ? "no OPENBLAS_* variables" : blasEnv.map { "\($0.key)=\($0.value)" }.joined(separator: " ")))
print("  speeds: fastest of several timed repetitions; ratios: median of paired, back-to-back timings (best/best beside them)")

// The NumPy peer, when python3 has NumPy.
let root = findRepositoryRoot()
var peer: NumPyPeer? = nil
var peerProblem = "disabled with --no-numpy"
if wantsNumPy {
    do {
        peer = try NumPyPeer.start(repositoryRoot: root)
    } catch {
        peerProblem = "\(error)"
    }
}
if let peer {
    let removed = NumPyPeer.variablesRemovedHere
    print("  NumPy peer: \(peer.info)")
    print(
        "    run with OPENBLAS_NUM_THREADS=1"
            + (removed.isEmpty ? "" : "; removed from its environment only: " + removed.joined(separator: " ")))
} else {
    print("  NumPy: not available (\(peerProblem))")
}

// 1. sgemm
section(
    "1. sgemm: Tensor.matmul (result allocated per call) vs direct cblas_sgemm (preallocated), GFLOP/s, fastest of alternating calls (≥ \(quick ? 3 : 12) each, \(quick ? 0.1 : 1.0) s per row)"
)
let sgemm =
    wants("sgemm")
    ? try SgemmBench(sizes: [64, 128, 256, 512, 1024, 2048], threadCounts: [1, 2], minCalls: quick ? 3 : 12, budget: quick ? 0.1 : 1.0)
        .run() : []
// The verdict uses the paired median: the ratio within a round, where both calls saw the
// same load. The best-of ratio compares two minima that may come from different moments.
let worstSgemm = sgemm.filter { $0.n >= 256 }.min { $0.pairedRatio < $1.pairedRatio }
let worstSgemmBest = sgemm.filter { $0.n >= 256 }.min { $0.ratio < $1.ratio }
if wants("sgemm") {
    print(SgemmBench.render(sgemm))
    if let small = sgemm.first(where: { $0.n == 64 && $0.threads == 1 }) {
        let share = small.overheadSeconds / (2 * 256.0 * 256 * 256 / (small.directGFlops * 1e9))
        print(
            "  engine overhead per call (n 64, 1 thread): \(Format.fixed(small.overheadSeconds * 1e6, 2)) µs = \(Format.fixed(100 * share, 2))% of an n 256 product; larger deviations from 1.00x at n >= 256 are noise"
        )
    }
    print(
        "  lowest ratio for n >= 256: paired median \(worstSgemm.map { "\(Format.ratio($0.pairedRatio)) (n \($0.n), \($0.threads) thread(s))" } ?? "n/a"), best-of \(worstSgemmBest.map { "\(Format.ratio($0.ratio)) (n \($0.n), \($0.threads) thread(s))" } ?? "n/a")"
    )
} else {
    print("  skipped (--only)")
}

// 2. Training
BLAS.setThreadCount(1)
var training: [TrainingBench.Result] = []
var trainingProblem: String? = nil
let dataPath = (root ?? FileManager.default.currentDirectoryPath) + "/stdlib/data/digits.csv"
let trainingRounds = quick ? 6 : 40
if wants("training") {
    do {
        let table = try NumericCSV.load(path: dataPath)
        for (batch, steps) in [(64, 100), (1024, 15)] where batches?.contains(batch) ?? true {
            let bench = TrainingBench(batch: batch, steps: steps, rounds: trainingRounds, warmup: 20)
            training.append(try bench.run(data: DigitsBatches(table: table, batch: batch), peer: peer, dataPath: dataPath))
        }
    } catch {
        trainingProblem = "training benchmark failed: \(error)"
    }
} else {
    trainingProblem = "skipped (--only)"
}

section("2. Training steps/s: digits MLP 64-128-10, Adam lr 3e-4, 1 BLAS thread; \(trainingRounds) alternating blocks per side")
print("  step = batch copy + forward + cross-entropy + zero grads + backward + Adam step; batches cycle through the 1438 training rows")
print("  steps/s: fastest block (median block); Sprout/NumPy: median over rounds of the paired block times (fastest/fastest beside it)")
var trainingTable = TextTable([
    "batch", "steps/block", "Sprout steps/s", "(median)", "NumPy steps/s", "(median)", "Sprout/NumPy", "(best/best)",
    "loss step 1→100 Sprout", "NumPy",
])
for s in training {
    let n = s.numpy
    trainingTable.add([
        String(s.batch), String(s.stepsPerBlock), Format.rate(s.bestStepsPerSecond), Format.rate(s.medianStepsPerSecond),
        n.map { Format.rate($0.bestStepsPerSecond) } ?? "n/a", n.map { Format.rate($0.medianStepsPerSecond) } ?? "n/a",
        n.map { Format.ratio($0.pairedSpeedup) } ?? "n/a", n.map { Format.ratio($0.bestSpeedup) } ?? "n/a",
        "\(Format.fixed(s.firstLoss, 3))→\(Format.fixed(s.lossAt100, 3))",
        n.map { "\(Format.fixed($0.firstLoss, 3))→\(Format.fixed($0.lossAt100, 3))" } ?? "n/a",
    ])
}
print(trainingTable.render())
if let trainingProblem { print("  \(trainingProblem)") }
for s in training { if let p = s.peerProblem { print("  batch \(s.batch): \(p)") } }
if peer == nil { print("  NumPy: not available (\(peerProblem))") }
for s in training {
    let p = s.phases
    let perStep = p.total / Double(s.timedSteps)
    print("  Sprout step breakdown at batch \(s.batch) (mean over \(s.timedSteps) timed steps, \(Format.fixed(perStep * 1e6, 1)) µs/step):")
    var t = TextTable(["phase", "µs/step", "share"])
    for (name, seconds) in p.named {
        t.add([name, Format.fixed(seconds / Double(s.timedSteps) * 1e6, 1), Format.fixed(100 * seconds / p.total, 1) + "%"])
    }
    print(t.render(indent: "    "))
}

// The sprout executable built beside this one (sections 2b and 5).
let sproutBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(
    "sprout"
).path

// 2b. fit
section("2b. fit through the language vs the engine's step loop and NumPy: digits MLP 64-128-10, batch 64, Adam 3e-4, 1 BLAS thread")
if wants("fit") {
    do {
        let bench = FitBench(rounds: quick ? 4 : 16, epochsPerBlock: 5)
        let sprout = FileManager.default.isExecutableFile(atPath: sproutBinary) ? sproutBinary : nil
        print(FitBench.render(try bench.run(table: try NumericCSV.load(path: dataPath), peer: peer, dataPath: dataPath, sprout: sprout)))
    } catch {
        print("  fit benchmark failed: \(error)")
    }
} else {
    print("  skipped (--only)")
}

// 2c. Conv net training
let convRounds = quick ? 4 : 15
section("2c. Conv net training steps/s: digits 8×8, conv 1→16, relu, conv 16→32, relu, maxpool 2, linear 128→10; batch 64, Adam, 1 thread")
if wants("conv") {
    do {
        let bench = ConvBench(rounds: convRounds, steps: 100, dataPath: dataPath, repositoryRoot: root)
        print(ConvBench.render(try bench.run(), steps: 100, rounds: convRounds))
    } catch {
        print("  conv benchmark failed: \(error)")
    }
} else {
    print("  skipped (--only)")
}

// 3. Throughput
section("3. Elementwise and reduction throughput on 10M floats (best of \(quick ? 3 : 5); results allocated per call)")
let throughput = wants("throughput") ? try ThroughputBench(reps: quick ? 3 : 5).run() : []
var numpyOps: [String: Double] = [:]
if let peer, wants("throughput") {
    do { numpyOps = try peer.ops(reps: quick ? 3 : 5) } catch { print("  NumPy peer failed: \(error)") }
}
print(wants("throughput") ? ThroughputBench.render(throughput, numpy: numpyOps) : "  skipped (--only)")

// 4. Interpreter
section(
    "4. Interpreter: Sprout against CPython (best of \(quick ? 3 : 7), timed inside each process), and a training loop in Sprout against Swift"
)
var interpreterFigures: [InterpreterBench.Figure] = []
if wants("interpreter") {
    do {
        interpreterFigures = try InterpreterBench(reps: quick ? 3 : 7, dataPath: dataPath).run()
        print(InterpreterBench.render(interpreterFigures))
        print(
            "  training loop: slice a batch, zero grads, forward, cross-entropy, backward, Adam step; 200 steps per block, alternating blocks"
        )
    } catch {
        print("  interpreter benchmark failed: \(error)")
    }
} else {
    print("  skipped (--only)")
}

// 4b. Datasets: `where` per row
section("4b. Datasets: digits.where(pred) over 1797 rows against filter(pred) over the same rows as records")
if wants("table") {
    do {
        let w = try DatasetBench(reps: quick ? 3 : 10, dataPath: dataPath).run()
        print(
            "  where \(Format.fixed(w.where * 1e3, 3)) ms, filter \(Format.fixed(w.filter * 1e3, 3)) ms, where/filter paired \(Format.ratio(1 / w.paired))"
        )
    } catch {
        print("  dataset benchmark failed: \(error)")
    }
} else {
    print("  skipped (--only)")
}

// 5. Start-up
section("5. Start-up: best of \(quick ? 5 : 20) launches (the sprout binary beside this one, release)")
var startup: [StartupBench.Figure] = []
if wants("startup") {
    if FileManager.default.isExecutableFile(atPath: sproutBinary) {
        startup = StartupBench(sprout: sproutBinary, reps: quick ? 5 : 20).run()
        print(StartupBench.render(startup))
    } else {
        print("  \(sproutBinary) not built (make bench builds it)")
    }
} else {
    print("  skipped (--only)")
}

// 6. run --check
let replayCells = quick ? 20_000 : 100_000
section(
    "6. sprout run --check against plain sprout run: one generated session of \(replayCells) cells, best of \(quick ? 3 : 5) alternating launches"
)
var replayCheck: ReplayCheckBench.Figures?
if wants("check") {
    if FileManager.default.isExecutableFile(atPath: sproutBinary) {
        do {
            replayCheck = try ReplayCheckBench(sprout: sproutBinary, cells: replayCells, rounds: quick ? 3 : 5).run()
            replayCheck.map { print(ReplayCheckBench.render($0)) }
        } catch {
            print("  run --check benchmark failed: \(error)")
        }
    } else {
        print("  \(sproutBinary) not built (make bench builds it)")
    }
} else {
    print("  skipped (--only)")
}

// 6b. describe
section("6b. describe of 1,000,000 × 10 numbers in memory, best of \(quick ? 3 : 5), against NumPy's same statistics")
if wants("describe") {
    do {
        print(
            DescribeBench.render(try DescribeBench(rows: 1_000_000, columns: 10, reps: quick ? 3 : 5).run(), rows: 1_000_000, columns: 10))
    } catch {
        print("  describe benchmark failed: \(error)")
    }
} else {
    print("  skipped (--only)")
}

// 7. CSV load
section(
    "7. CSV load: a generated 1,000,000 × 10 numeric file, Sprout against NumPy loadtxt, pandas and polars (best of \(quick ? 2 : 5) loads each)"
)
var csvFigures: CSVBench.Figures?
if wants("csv") {
    do {
        csvFigures = try CSVBench(rows: 1_000_000, columns: 10, reps: quick ? 2 : 5).run(repositoryRoot: root)
        csvFigures.map { print(CSVBench.render($0)) }
    } catch {
        print("  CSV benchmark failed: \(error)")
    }
} else {
    print("  skipped (--only)")
}

// 8. Plots: a warm histogram to dumb, Sprout's path against gnuplot's own round trip.
section("8. Plot: a warm histogram of 1,000 values to dumb, Sprout against gnuplot alone, \(quick ? 10 : 40) alternating rounds")
var plotFigures: PlotBench.Figures?
if wants("plot") {
    do {
        plotFigures = try PlotBench(sprout: sproutBinary, rounds: quick ? 10 : 40).run()
        plotFigures.map { print(PlotBench.render($0)) }
    } catch {
        print("  plot benchmark failed: \(error)")
    }
} else {
    print("  skipped (--only)")
}

// 10. Hashing a loaded file (load records each data file's SHA-256 for :save).
section("10. Fingerprinting a load: SHA-256 of the file against the CSV read it follows, \(quick ? 5 : 15) alternating rounds")
var hashFigures: [HashBench.Figures] = []
if wants("hash") {
    do {
        hashFigures = try HashBench(rounds: quick ? 5 : 15).run(digitsPath: dataPath)
        print(HashBench.render(hashFigures))
    } catch {
        print("  hash benchmark failed: \(error)")
    }
} else {
    print("  skipped (--only)")
}

// 9. Summary
section("Summary")
func verdict(_ met: Bool?) -> String {
    switch met {
    case true?: return "MET"
    case false?: return "NOT MET"
    case nil: return "NOT MEASURED"
    }
}
let sgemmMet: Bool? = worstSgemm.map { $0.pairedRatio >= 0.95 }
print(
    "  Engine sgemm >= 0.95x direct cblas_sgemm for n >= 256 (1 and 2 threads): lowest paired median \(worstSgemm.map { Format.ratio($0.pairedRatio) } ?? "n/a") (lowest best-of \(worstSgemmBest.map { Format.ratio($0.ratio) } ?? "n/a")) — \(verdict(sgemmMet))"
)
let b64 = training.first { $0.batch == 64 }?.numpy
let b1024 = training.first { $0.batch == 1024 }?.numpy
let why = peer == nil ? " (NumPy not available)" : ""
func speedups(_ f: TrainingBench.PeerFigures?) -> String {
    f.map { "paired median \(Format.ratio($0.pairedSpeedup)) (best/best \(Format.ratio($0.bestSpeedup)))" } ?? "n/a\(why)"
}
print("  Training step at batch 64 >= 1.0x NumPy: \(speedups(b64)) — \(verdict(b64.map { $0.pairedSpeedup >= 1.0 }))")
print("  Training step at batch 1024 > 1.0x NumPy: \(speedups(b1024)) — \(verdict(b1024.map { $0.pairedSpeedup > 1.0 }))")
let base = throughput.first?.gigabytesPerSecond ?? .nan
let slowest = throughput.dropFirst().filter { $0.key != "fresh_copy" }.min { $0.gigabytesPerSecond < $1.gigabytesPerSecond }
print(
    "  Throughput (no target): memcpy \(Format.fixed(base, 1)) GB/s; slowest op \(slowest.map { "\($0.label) at \(Format.ratio($0.gigabytesPerSecond / base)) of memcpy" } ?? "n/a")"
)
for f in interpreterFigures {
    let target = f.peerName == "Swift" ? 1.10 : 1.0
    let goal = f.peerName == "Swift" ? "at most 1.10x the Swift loop's time per step" : "no slower than CPython"
    print("  \(f.label), \(goal): \(f.ratio.map { Format.ratio($0) } ?? "n/a") — \(verdict(f.ratio.map { $0 <= target }))")
}
for f in startup where f.label.hasPrefix("sprout") {
    print(
        "  \(f.label) under 50 ms: \(f.seconds.map { Format.fixed($0 * 1e3, 1) + " ms" } ?? "n/a") — \(verdict(f.seconds.map { $0 < 0.05 }))"
    )
}
let checkRatio = replayCheck?.pairedRatio
let againstScript = replayCheck.flatMap { f in f.check.flatMap { c in f.script.map { c / $0 } } }
print(
    "  sprout run --check at most 3x plain sprout run: paired median \(checkRatio.map { Format.ratio($0) } ?? "n/a") (best against the script without #> lines: \(againstScript.map { Format.ratio($0) } ?? "n/a")) — \(verdict(checkRatio.map { $0 <= 3 }))"
)
print(CSVBench.summary(csvFigures) + " — \(verdict(csvFigures?.polarsRatio.map { $0 > 1 }))")
print(
    "  Warm histogram to dumb within 1.5x gnuplot alone: \(plotFigures.map { Format.ratio($0.pairedRatio) } ?? "n/a") — \(verdict(plotFigures.map { $0.pairedRatio <= 1.5 }))"
)
print("  total bench time \(Format.fixed(Timing.now() - runStart, 1)) s")
