/// Per-column statistics fitted on one dataset and applied to others, as scikit-learn's
/// `StandardScaler` and `MinMaxScaler` are: fit on the training rows only, so validation
/// statistics never leak into what the model learns from.
///
/// Only numeric feature columns are scaled; the target and categorical columns pass
/// through unchanged. Missing cells are left out of the statistics and stay missing. A
/// column with no spread (digits' always-blank corner pixels) is shifted but not divided,
/// so it becomes all zeros instead of NaN.
public struct ColumnScaler: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// (x - mean) / std, std the population standard deviation (NumPy's default).
        case standardize
        /// (x - min) / (max - min), into [0, 1].
        case normalize
    }

    /// One column's statistics: what is subtracted, and what the result is divided by
    /// (1 for a column with no spread).
    public struct Statistics: Sendable, Equatable {
        public let column: String
        public let shift: Double
        public let scale: Double
    }

    public let kind: Kind
    public let statistics: [Statistics]
    /// How many rows the statistics came from.
    public let rows: Int

    /// Fits `kind` on the numeric feature columns of `dataset`.
    public init(_ kind: Kind, fittedOn dataset: Dataset) {
        self.kind = kind
        rows = dataset.rowCount
        statistics = dataset.featureColumns.compactMap { column -> Statistics? in
            guard case let .numeric(values) = column.storage else { return nil }
            let present = values.filter { !$0.isNaN }
            guard !present.isEmpty else { return Statistics(column: column.name, shift: 0, scale: 1) }
            switch kind {
            case .standardize:
                let mean = present.reduce(0, +) / Double(present.count)
                let variance = present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(present.count)
                let std = variance.squareRoot()
                return Statistics(column: column.name, shift: mean, scale: std > 0 && std.isFinite ? std : 1)
            case .normalize:
                let low = present.min() ?? 0
                let spread = (present.max() ?? 0) - low
                return Statistics(column: column.name, shift: low, scale: spread > 0 && spread.isFinite ? spread : 1)
            }
        }
    }

    /// `dataset` with each fitted column scaled by the fitted statistics.
    /// - Throws: `DatasetError.noSuchColumn` for a fitted column `dataset` lacks, and
    ///   `.notNumeric` for one that is not numeric there.
    public func apply(to dataset: Dataset) throws(DatasetError) -> Dataset {
        var result = dataset
        for stat in statistics {
            guard let column = dataset.column(named: stat.column) else {
                throw .noSuchColumn(stat.column, columns: dataset.columnNames)
            }
            guard case let .numeric(values) = column.storage else { throw .notNumeric(stat.column) }
            try result.replaceValues(of: stat.column, with: .numeric(values.map { ($0 - stat.shift) / stat.scale }))
        }
        return result
    }
}
