/// Rows with extreme values, for `outliers`, scored so that like is compared with like.
///
/// A plain per-column z-score fails on data such as digits: most pixel columns are
/// almost always 0, so their standard deviation is tiny, about 190 ordinary rows score
/// above 4, and a lone 1 in such a column scores as high as a corrupted 999. So:
/// - the pixels of an image dataset are one quantity, and are scored against the
///   pooled distribution of every pixel; other columns each against their own;
/// - the scale is robust: the larger of IQR/1.349 and MAD·1.4826 (both the standard
///   deviation for normal data, neither moved by the outliers themselves). When both
///   are 0 (a column mostly one value), the scale is the typical distance from the
///   median of the values that differ from it, so a sparse column's ordinary values
///   stay ordinary and only a value far beyond them stands out;
/// - a row's score is its worst cell's, and rows come worst first, so a value far
///   outside anything else the data holds leads.
public enum OutlierRule: Sendable, Equatable {
    /// Flag |x - median| / scale above this (robust z).
    case z(Double)
    /// Flag values more than this many interquartile ranges outside the quartiles.
    case iqr(Double)
}

/// One row flagged by `Dataset.outliers`.
public struct OutlierRow: Sendable, Equatable {
    /// One extreme cell: its column, value and score under the rule.
    public struct Cell: Sendable, Equatable {
        public let column: String
        public let value: Double
        public let score: Double
    }

    public let row: Int
    /// The extreme cells, worst first.
    public let cells: [Cell]
    /// The worst cell's score.
    public var score: Double { cells.first?.score ?? 0 }
}

extension Dataset {
    /// The rows with a cell beyond `rule`'s threshold, worst first (ties by row).
    /// Numeric feature columns are scored (a class target is not: its values are labels).
    public func outliers(_ rule: OutlierRule) -> [OutlierRow] {
        var scored: [Int: [OutlierRow.Cell]] = [:]
        for group in outlierGroups() {
            var pooled: [Double] = []
            for column in group {
                // The scale from finite values (an infinity would make the quartiles NaN);
                // an infinite cell then scores infinitely high.
                if case let .numeric(values) = column.storage { pooled += values.filter(\.isFinite) }
            }
            guard let scale = RobustScale(pooled) else { continue }
            for column in group {
                guard case let .numeric(values) = column.storage else { continue }
                for (row, value) in values.enumerated() where !value.isNaN {
                    let score = scale.score(value, rule)
                    if score > rule.threshold {
                        scored[row, default: []].append(OutlierRow.Cell(column: column.name, value: value, score: score))
                    }
                }
            }
        }
        return scored.map { OutlierRow(row: $0.key, cells: $0.value.sorted { $0.score > $1.score }) }
            .sorted { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
    }

    /// The columns scored together: all pixels of an image as one group, else each
    /// numeric feature column alone.
    private func outlierGroups() -> [[DataColumn]] {
        var numeric = featureColumns.filter(\.isNumeric)
        if let target = targetColumn, target.isNumeric, targetKind == .values { numeric.append(target) }
        if imageShape != nil {
            let pixels = numeric.filter { $0.name != target }
            return [pixels] + numeric.filter { $0.name == target }.map { [$0] }
        }
        return numeric.map { [$0] }
    }
}

extension OutlierRule {
    var threshold: Double {
        switch self {
        case let .z(z): return z
        case let .iqr(k): return k
        }
    }
}

/// A distribution's median, quartiles and robust scale (see `OutlierRule`).
struct RobustScale {
    let median: Double
    let lower: Double
    let upper: Double
    let scale: Double

    /// nil when `values` is empty or all one value (nothing can stand out).
    init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        var sorted = values
        let q = sorted.withUnsafeMutableBufferPointer { Quantiles.linear([0.25, 0.5, 0.75], selectingIn: $0) }
        (lower, median, upper) = (q[0], q[1], q[2])
        let m = median
        var deviations = values.map { abs($0 - m) }
        let mad = deviations.withUnsafeMutableBufferPointer { Quantiles.linear([0.5], selectingIn: $0)[0] }
        var scale = Swift.max((upper - lower) / 1.349, mad * 1.4826)
        if scale == 0 {
            var apart = deviations.filter { $0 > 0 }
            guard !apart.isEmpty else { return nil }
            scale = apart.withUnsafeMutableBufferPointer { Quantiles.linear([0.5], selectingIn: $0)[0] } * 1.4826
        }
        self.scale = scale
    }

    func score(_ x: Double, _ rule: OutlierRule) -> Double {
        switch rule {
        case .z:
            return abs(x - median) / scale
        case .iqr:
            let box = upper > lower ? upper - lower : scale * 1.349
            return Swift.max(lower - x, x - upper, 0) / box
        }
    }
}
