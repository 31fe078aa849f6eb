import Engine
import Foundation

/// `peek(data)`: the recipe's "visualize just before the net": exactly what enters the
/// network after every transform (scaling, augmentation, a bug in either), read from the
/// features tensor `.x` the model is given, not from the raw columns.
///
/// It prints per-feature statistics (each feature for a few; for many, the range of
/// means and standard deviations across features, and the features that look
/// un-normalised) and, when the data has an image shape, draws the first examples as a
/// grid of pictures captioned with their labels, so a flipped or scrambled image shows.
/// Pictures cannot be judged numerically in general; the numbers can:
///
/// A feature looks normalised when its values lie within [-1, 1] (scaled to a range), or
/// its mean is within ±0.5 and its standard deviation at most 2 (standardized; validation
/// data scaled with the training set's statistics stays inside this band). The check
/// passes when every feature does. A constant feature passes: it carries nothing either way.
extension Builtins {
    /// How many examples `peek` draws.
    static let peekShownRows = 16
    /// Features listed one per line up to this many; a summary beyond.
    static let peekListedFeatures = 8

    static func peek(_ args: Arguments, _ runtime: Runtime) throws -> Value {
        let value = args.value("data") ?? .none
        let x: Tensor
        var dataset: Dataset?
        if case let .object(object) = value, let ds = object as? DatasetValue {
            dataset = ds.dataset
            x = try DatasetValue.lift { try ds.dataset.features() }
        } else if let tensor = try value.asTensor() {
            x = tensor
        } else {
            throw args.mismatch("data", value)
        }
        guard x.rank == 2, x.shape[0] > 0, x.shape[1] > 0 else {
            return .object(
                runtime.record(
                    VerdictValue(
                        check: "peek", outcome: .undecided,
                        headline: "nothing to peek at: the features have shape \(Shape.describe(x.shape)); peek needs rows × features")))
        }
        let names = dataset?.featureColumns.map(\.name) ?? (0..<x.shape[1]).map { "feature \($0)" }
        let stats = FeatureStatistics(x)
        if let dataset, let shape = dataset.imageShape, shape.height * shape.width == x.shape[1] {
            drawFirstExamples(x, dataset, shape, runtime)
        }
        return .object(runtime.record(peekVerdict(stats, names: names, rows: x.shape[0])))
    }

    /// The first rows of `x` as pictures, captioned with their labels: `show`'s grid,
    /// drawn from the features the model is given.
    private static func drawFirstExamples(_ x: Tensor, _ dataset: Dataset, _ shape: Dataset.ImageShape, _ runtime: Runtime) {
        let (rows, width) = (min(x.shape[0], peekShownRows), x.shape[1])
        let values = x.scalars
        let series = (0..<rows).map { row in
            PlotRequest.Series(
                y: Array(values[row * width..<(row + 1) * width]),
                label: dataset.targetColumn.map { $0.text(at: row).map(captionText) ?? "?" } ?? "row \(row)")
        }
        _ = draw(PlotRequest(.images(width: shape.width, height: shape.height), series: series), runtime)
    }

    private static func peekVerdict(_ stats: FeatureStatistics, names: [String], rows: Int) -> VerdictValue {
        // A standardized mean is zero up to float32 rounding (1e-8): shown as 0.00.
        let f = { (x: Double) in CheckSupport.figure(abs(x) < 1e-6 ? 0 : x) }
        let off = stats.indices.filter { !stats.looksNormalised($0) }
        var details = ["\(counted(names.count, "feature")) × \(counted(rows, "row")) as they enter the model"]
        if names.count <= peekListedFeatures {
            for i in stats.indices {
                details.append(
                    "\(names[i]): mean \(f(stats.means[i])), std \(f(stats.stds[i])), min \(f(stats.mins[i])), max \(f(stats.maxs[i]))")
            }
        } else {
            details.append(
                "means \(f(stats.means.min() ?? 0))..\(f(stats.means.max() ?? 0)), stds \(f(stats.stds.min() ?? 0))..\(f(stats.stds.max() ?? 0)), values \(f(stats.mins.min() ?? 0))..\(f(stats.maxs.max() ?? 0))"
            )
        }
        let figures = Record([
            ("means", .list(stats.means.map(Value.number))), ("stds", .list(stats.stds.map(Value.number))),
            ("mins", .list(stats.mins.map(Value.number))), ("maxs", .list(stats.maxs.map(Value.number))),
            ("unnormalised", .list(off.map { .string(names[$0]) })),
        ])
        guard !off.isEmpty else {
            return VerdictValue(
                check: "peek", outcome: .passed,
                headline:
                    "features look normalised: means \(f(stats.means.min() ?? 0))..\(f(stats.means.max() ?? 0)), stds up to \(f(stats.stds.max() ?? 0))",
                details: details, figures: figures)
        }
        let offMeans = off.map { stats.means[$0] }, offStds = off.map { stats.stds[$0] }
        details.append("not normalised: \(CheckSupport.listing(off.map { names[$0] }))")
        return VerdictValue(
            check: "peek", outcome: .failed,
            headline:
                "features not normalised: means \(f(offMeans.min() ?? 0))..\(f(offMeans.max() ?? 0)), stds up to \(f(offStds.max() ?? 0)) in \(counted(off.count, "feature")); scale with fit_standardize",
            details: details, figures: figures)
    }
}

/// Mean, standard deviation, min and max of each column of a (rows, features) tensor,
/// in one pass over it (missing values, NaN, are left out).
struct FeatureStatistics {
    var means: [Double], stds: [Double], mins: [Double], maxs: [Double]

    init(_ x: Tensor) {
        let (rows, width) = (x.shape[0], x.shape[1])
        var sum = [Double](repeating: 0, count: width), squares = sum, counts = sum
        var low = [Double](repeating: .infinity, count: width), high = [Double](repeating: -.infinity, count: width)
        x.withUnsafeBufferPointer { v in
            for r in 0..<rows {
                for c in 0..<width {
                    let value = Double(v[r * width + c])
                    guard !value.isNaN else { continue }
                    sum[c] += value
                    squares[c] += value * value
                    counts[c] += 1
                    low[c] = min(low[c], value)
                    high[c] = max(high[c], value)
                }
            }
        }
        let mean = (0..<width).map { counts[$0] > 0 ? sum[$0] / counts[$0] : 0 }
        means = mean
        stds = (0..<width).map { c in
            guard counts[c] > 0 else { return 0 }
            return max(squares[c] / counts[c] - mean[c] * mean[c], 0).squareRoot()
        }
        mins = low.map { $0.isFinite ? $0 : 0 }
        maxs = high.map { $0.isFinite ? $0 : 0 }
    }

    var indices: Range<Int> { means.indices }

    /// Within [-1, 1], or centred (|mean| ≤ 0.5) with a unit-like spread (std ≤ 2).
    func looksNormalised(_ i: Int) -> Bool {
        (mins[i] >= -1 && maxs[i] <= 1) || (abs(means[i]) <= 0.5 && stds[i] <= 2)
    }
}
