import Engine
import Foundation

/// `check_init(m, data)`: the recipe's "verify the loss at init".
///
/// A freshly initialised classifier should be unsure: its logits small, its softmax
/// near uniform, so its cross-entropy is near ln C for C classes. A regressor should
/// predict near the target's mean, so its squared error is near the target's variance.
/// A loss far above that says the last layer starts too large (or the outputs are far
/// from the targets' scale), and the first steps of training are spent undoing it: the
/// "hockey stick" loss curve.
///
/// The band is 10% of the analytic value, above it only: a loss below ln C means the
/// outputs already favour the frequent classes, which can only help. For small independent logits of variance σ²
/// the expected cross-entropy exceeds ln C by about σ²(C − 1)/(2C), so 10% allows logits
/// of standard deviation up to about 0.68 for ten classes (PyTorch's default init on
/// standardized digits gives 2.30-2.35 against 2.303), while a last layer ×10 or ×100
/// is tens of percent to orders of magnitude off.
///
/// The last layer's bias is compared with the log of the class frequencies, the ideal
/// init for imbalanced classes (softmax is shift-invariant, so both are centred first).
/// A gap of more than ln 2 (some class's starting odds off by more than 2×) fails with
/// the fix: set the last bias to log(freq).
///
/// The loss is computed on up to `sampleRows` rows spread over the data, in eval mode
/// and without gradients, on a copy of the model: the model is not changed.
extension Builtins {
    static let checkInitSampleRows = 1024
    /// The band around the analytic loss, as a fraction of it.
    static let checkInitTolerance = 0.1
    /// The largest gap between the last bias and log(class frequency) that passes.
    static let checkInitBiasGap = log(2.0)

    static func checkInit(_ args: Arguments, _ runtime: Runtime) throws -> Value {
        let model = try args.layer("model")
        let all = try CheckSupport.examples(args, "data")
        let sample = try all.picking(CheckSupport.spread(checkInitSampleRows, over: all.rows))
        let output = try CheckSupport.evaluate(model, sample.x)
        func undecided(_ why: String) -> Value {
            .object(
                runtime.record(VerdictValue(check: "check_init", outcome: .undecided, headline: "cannot check the loss at init: " + why)))
        }
        guard sample.rows > 0 else { return undecided("the data has no rows") }
        guard output.rank >= 1, output.shape[0] == sample.rows else {
            return undecided(
                "the model gives shape \(Shape.describe(output.shape)) for \(sample.rows) rows; it needs one output row per example")
        }
        let objective = CheckSupport.objective(for: all, output: output)
        if case let .crossEntropy(classes) = objective {
            if let labels = all.classes, labels.count != classes {
                return undecided("the data has \(labels.count) classes but the model gives \(classes) outputs per row")
            }
            return .object(runtime.record(try classifierVerdict(model, sample, all, output, classes: classes)))
        }
        return .object(runtime.record(try regressorVerdict(model, sample, output)))
    }

    private static func classifierVerdict(
        _ model: Layer, _ sample: CheckSupport.Examples, _ all: CheckSupport.Examples, _ output: Tensor, classes: Int
    ) throws -> VerdictValue {
        let loss = Double(try engine { try CheckSupport.loss(.crossEntropy(classes: classes), output, sample.y).item() })
        let expected = log(Double(classes))
        let lossOK = loss - expected <= checkInitTolerance * expected
        let spread = logitSpread(output)
        var headline = "loss at init \(CheckSupport.figure(loss)) vs ln(\(classes)) = \(CheckSupport.figure(expected))"
        var details: [String] = []
        let last = model.allParameters.last { $0.name.hasSuffix("weight") }?.name
        if !lossOK {
            let ratio = loss / expected
            headline += ": \(CheckSupport.figure(ratio))× too high"
            details.append("the outputs start too confident (logit spread \(CheckSupport.figure(spread)), near 0 is unsure)")
            if let last {
                details.append(
                    "fix: start the last layer smaller: set_param(m, \"\(last)\", param(m, \"\(last)\") * 0.01), or build it again")
            }
        }
        let frequencies = classFrequencies(all.y, classes: classes)
        let bias = model.allParameters.last { $0.name.hasSuffix("bias") && $0.parameter.value.shape == [classes] }
        var gap: Double?
        if let bias {
            let g = biasGap(bias.parameter.value.scalars.map(Double.init), frequencies)
            gap = g
            if g > checkInitBiasGap {
                let logs = frequencies.map { $0 > 0 ? CheckSupport.figure(log($0)) : "-20" }
                details.append("the classes are imbalanced, and the last bias \(bias.name) does not say so")
                details.append(
                    "fix: set the last bias to log(freq): set_param(m, \"\(bias.name)\", tensor([\(logs.joined(separator: ", "))]))")
                if lossOK { headline = "last bias off log(class frequency) by \(CheckSupport.figure(g)) (" + headline + ")" }
            }
        }
        let passed = lossOK && (gap ?? 0) <= checkInitBiasGap
        let figures = Record([
            ("loss", .number(loss)), ("expected", .number(expected)), ("tolerance", .number(checkInitTolerance * expected)),
            ("classes", .number(Double(classes))), ("bias_gap", gap.map(Value.number) ?? .none),
            ("logit_spread", .number(spread)),
        ])
        return VerdictValue(
            check: "check_init", outcome: passed ? .passed : .failed, headline: headline, details: details, figures: figures)
    }

    private static func regressorVerdict(_ model: Layer, _ sample: CheckSupport.Examples, _ output: Tensor) throws -> VerdictValue {
        let loss = Double(try engine { try CheckSupport.loss(.meanSquared, output, sample.y).item() })
        let values = sample.y.scalars.map(Double.init)
        let mean = values.reduce(0, +) / Double(max(values.count, 1))
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count, 1))
        guard variance > 0 else {
            return VerdictValue(
                check: "check_init", outcome: .undecided,
                headline:
                    "cannot check the loss at init: the target is constant (\(CheckSupport.figure(mean))), so it has no variance to compare with"
            )
        }
        let passed = loss - variance <= checkInitTolerance * variance
        var headline = "loss at init \(CheckSupport.figure(loss)) vs the target's variance \(CheckSupport.figure(variance))"
        var details: [String] = []
        if !passed {
            headline += ": \(CheckSupport.figure(loss / variance))× it"
            if mean * mean > checkInitTolerance * variance {
                let bias = model.allParameters.last { $0.name.hasSuffix("bias") }?.name ?? "the last bias"
                details.append("the target's mean is \(CheckSupport.figure(mean)), far from the outputs' start near 0")
                details.append("fix: standardize the target, or set the last bias (\(bias)) to its mean")
            } else {
                details.append("fix: the outputs start too large: start the last layer smaller")
            }
        }
        let figures = Record([
            ("loss", .number(loss)), ("expected", .number(variance)), ("tolerance", .number(checkInitTolerance * variance)),
            ("target_mean", .number(mean)),
        ])
        return VerdictValue(
            check: "check_init", outcome: passed ? .passed : .failed, headline: headline, details: details, figures: figures)
    }

    /// The mean over rows of the standard deviation of a row's logits: how far from
    /// uniform the softmax starts.
    private static func logitSpread(_ output: Tensor) -> Double {
        guard output.rank == 2, output.shape[0] > 0, output.shape[1] > 0 else { return 0 }
        let (rows, width) = (output.shape[0], output.shape[1])
        let values = output.scalars
        var total = 0.0
        for r in 0..<rows {
            let row = values[r * width..<(r + 1) * width].map(Double.init)
            let mean = row.reduce(0, +) / Double(width)
            total += (row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(width)).squareRoot()
        }
        return total / Double(rows)
    }

    /// Each class's share of the targets (class indices below `classes`).
    private static func classFrequencies(_ y: Tensor, classes: Int) -> [Double] {
        var counts = [Double](repeating: 0, count: classes)
        for v in y.scalars where v >= 0 && v < Float(classes) { counts[Int(v)] += 1 }
        let total = max(counts.reduce(0, +), 1)
        return counts.map { $0 / total }
    }

    /// The largest difference between the centred bias and the centred log frequencies,
    /// over the classes present.
    private static func biasGap(_ bias: [Double], _ frequencies: [Double]) -> Double {
        let present = frequencies.indices.filter { frequencies[$0] > 0 }
        guard !present.isEmpty else { return 0 }
        let b = present.map { bias[$0] }, l = present.map { log(frequencies[$0]) }
        let (bMean, lMean) = (b.reduce(0, +) / Double(b.count), l.reduce(0, +) / Double(l.count))
        return zip(b, l).map { abs(($0 - bMean) - ($1 - lMean)) }.max() ?? 0
    }
}
