import Dispatch

/// What `describe` shows for one column, as pandas' `describe` computes it: count,
/// mean, std (sample, ddof 1), min, quartiles (linear interpolation, NumPy's default),
/// max, plus the missing cells and the number of distinct values. A categorical column
/// has count, unique, its most frequent category (`top`, `topCount`) and missing; its
/// numeric fields are nil.
public struct ColumnStatistics: Sendable, Equatable {
    public let name: String
    public let isNumeric: Bool
    /// Cells that are not missing.
    public let count: Int
    public let missing: Int
    /// Distinct values among the cells that are not missing.
    public let unique: Int
    public let mean: Double?
    /// The sample standard deviation (n - 1 in the denominator); nil under two values.
    public let std: Double?
    public let min: Double?
    /// The 25%, 50% and 75% quantiles.
    public let quartiles: [Double]?
    public let max: Double?
    /// A categorical column's most frequent category and how often it occurs.
    public let top: String?
    public let topCount: Int?

    /// The statistics of `column`.
    /// - Complexity: O(n) expected (see `NumericSummary`): no sort.
    public init(_ column: DataColumn) {
        name = column.name
        switch column.storage {
        case let .numeric(values):
            isNumeric = true
            let summary = NumericSummary(values)
            count = summary.count
            missing = values.count - summary.count
            unique = summary.unique
            (mean, std, min, max, quartiles) = (summary.mean, summary.std, summary.min, summary.max, summary.quartiles)
            top = nil
            topCount = nil
        case let .categorical(codes, categories):
            isNumeric = false
            var tally = [Int](repeating: 0, count: categories.count)
            var absent = 0
            for code in codes {
                if code < 0 { absent += 1 } else { tally[Int(code)] += 1 }
            }
            count = codes.count - absent
            missing = absent
            unique = tally.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
            let best = tally.indices.max { tally[$0] < tally[$1] || (tally[$0] == tally[$1] && $0 > $1) }
            top = best.flatMap { tally[$0] > 0 ? categories[$0] : nil }
            topCount = best.flatMap { tally[$0] > 0 ? tally[$0] : nil }
            (mean, std, min, max, quartiles) = (nil, nil, nil, nil, nil)
        }
    }
}

extension Dataset {
    /// Every column's statistics, in column order; columns are shared between the
    /// machine's cores.
    public func describe() -> [ColumnStatistics] {
        let columns = self.columns
        let results = ResultSlots<ColumnStatistics>(count: columns.count)
        DispatchQueue.concurrentPerform(iterations: columns.count) { i in
            results.set(i, ColumnStatistics(columns[i]))
        }
        return results.values
    }
}

/// One result per parallel iteration, each written by exactly one iteration, read after
/// all have finished: the hand-off `concurrentPerform` needs without a lock.
/// Plain memory, not an array, so no write checks or copies the storage under another.
final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<T?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }
    func set(_ i: Int, _ value: T) { slots[i] = value }
    var values: [T] { slots.compactMap { $0 } }
}
