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
    /// - Complexity: O(n) expected: the quartiles come from selection, not a sort, and
    ///   distinct values from one pass over a hash table.
    public init(_ column: DataColumn) {
        name = column.name
        switch column.storage {
        case let .numeric(values):
            isNumeric = true
            var present = values.filter { !$0.isNaN }
            count = present.count
            missing = values.count - present.count
            top = nil
            topCount = nil
            guard !present.isEmpty else {
                unique = 0
                (mean, std, min, max, quartiles) = (nil, nil, nil, nil, nil)
                return
            }
            unique = Self.distinctCount(present)
            let (m, s, lo, hi) = Self.moments(present)
            (mean, std, min, max) = (m, s, lo, hi)
            quartiles = present.withUnsafeMutableBufferPointer { Quantiles.linear([0.25, 0.5, 0.75], selectingIn: $0) }
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

    /// Mean, sample standard deviation, min and max in one pass (Welford's update, so a
    /// column of large nearly equal numbers keeps its small spread).
    private static func moments(_ values: [Double]) -> (Double, Double?, Double, Double) {
        var mean = 0.0
        var m2 = 0.0
        var lo = Double.infinity
        var hi = -Double.infinity
        values.withUnsafeBufferPointer { buffer in
            for (i, x) in buffer.enumerated() {
                let delta = x - mean
                mean += delta / Double(i + 1)
                m2 += delta * (x - mean)
                lo = Swift.min(lo, x)
                hi = Swift.max(hi, x)
            }
        }
        let std = values.count > 1 ? (m2 / Double(values.count - 1)).squareRoot() : nil
        return (mean, std, lo, hi)
    }

    /// How many distinct numbers `values` holds (no NaN; -0 counts as 0), by open
    /// addressing on the bit patterns: one pass, no sort.
    static func distinctCount(_ values: [Double]) -> Int {
        var capacity = 16
        while capacity < values.count * 2 { capacity <<= 1 }
        let mask = capacity - 1
        // A slot holding 0 is empty, so a key is the bit pattern plus one (+0's pattern
        // is 0; no finite or infinite pattern is all ones, so the sum never wraps).
        var slots = [UInt64](repeating: 0, count: capacity)
        var distinct = 0
        slots.withUnsafeMutableBufferPointer { table in
            values.withUnsafeBufferPointer { buffer in
                for x in buffer {
                    let key = (x == 0 ? 0 : x).bitPattern &+ 1
                    var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
                    while true {
                        let held = table[slot]
                        if held == key { break }
                        if held == 0 {
                            table[slot] = key
                            distinct += 1
                            break
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        return distinct
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
