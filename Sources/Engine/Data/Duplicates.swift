/// Exact duplicate rows, and rows one dataset shares with another (a train/validation
/// leak), found by hashing each row once and comparing cells only within a hash's
/// bucket: linear in the rows, so digits' 1797 rows take no time and a million rows
/// a fraction of a second.
///
/// Cells compare as the data means them: numbers by value (NaN equals NaN here, since
/// two rows both missing the same cell are still copies; -0 equals 0), categories by
/// their text, so two datasets with different category codes still match.
extension Dataset {
    /// Groups of two or more rows equal in every column (the target too), each group's
    /// rows ascending, groups by their first row.
    public func duplicateGroups() -> [[Int]] {
        let keyed = RowKeys(columns)
        var buckets: [UInt64: [Int]] = [:]
        for row in 0..<rowCount { buckets[keyed.hashes[row], default: []].append(row) }
        var groups: [[Int]] = []
        for (_, rows) in buckets where rows.count > 1 {
            var left = rows
            while let first = left.first {
                let same = left.filter { keyed.rowsEqual(first, $0, other: keyed) }
                if same.count > 1 { groups.append(same) }
                left.removeAll { keyed.rowsEqual(first, $0, other: keyed) }
            }
        }
        return groups.sorted { $0[0] < $1[0] }
    }

    /// Rows of `other` equal to rows of this dataset in every feature column (the
    /// target is left out: a validation row whose inputs appear in training leaks,
    /// whatever its label), as (row here, row there), ordered by `other`'s row.
    /// - Throws: `DatasetError.noSuchColumn` when `other` lacks one of the features.
    public func sharedRows(with other: Dataset) throws(DatasetError) -> [(row: Int, otherRow: Int)] {
        let names = featureColumns.map(\.name)
        var theirs: [DataColumn] = []
        for name in names {
            guard let column = other.column(named: name) else { throw .noSuchColumn(name, columns: other.columnNames) }
            theirs.append(column)
        }
        let mine = RowKeys(featureColumns)
        let keyedOther = RowKeys(theirs)
        var buckets: [UInt64: [Int]] = [:]
        for row in 0..<rowCount { buckets[mine.hashes[row], default: []].append(row) }
        var pairs: [(Int, Int)] = []
        for row in 0..<other.rowCount {
            for candidate in buckets[keyedOther.hashes[row]] ?? [] where mine.rowsEqual(candidate, row, other: keyedOther) {
                pairs.append((candidate, row))
            }
        }
        return pairs
    }
}

/// Each row's hash over some columns, and exact comparison of two rows.
struct RowKeys {
    let columns: [DataColumn]
    let hashes: [UInt64]

    init(_ columns: [DataColumn]) {
        self.columns = columns
        let rows = columns.first?.count ?? 0
        var hashes = [UInt64](repeating: 0x243F_6A88_85A3_08D3, count: rows)
        hashes.withUnsafeMutableBufferPointer { h in
            for column in columns {
                switch column.storage {
                case let .numeric(values):
                    for row in 0..<rows { h[row] = Self.mix(h[row], Self.token(values[row])) }
                case let .categorical(codes, categories):
                    let tokens = categories.map { UInt64(bitPattern: Int64($0.hashValue)) }
                    for row in 0..<rows { h[row] = Self.mix(h[row], codes[row] < 0 ? 0x5EED : tokens[Int(codes[row])]) }
                }
            }
        }
        self.hashes = hashes
    }

    /// A number's bits, with every NaN one pattern and -0 as 0.
    static func token(_ x: Double) -> UInt64 {
        x.isNaN ? 0x7FF8_0000_0000_0000 : (x == 0 ? 0 : x.bitPattern)
    }

    /// Folds a cell into a row's hash (a multiply-xorshift step, as in splitmix64).
    static func mix(_ h: UInt64, _ token: UInt64) -> UInt64 {
        var z = (h ^ token) &* 0x9E37_79B9_7F4A_7C15
        z ^= z >> 31
        return z &* 0xBF58_476D_1CE4_E5B9
    }

    /// Whether row `a` here equals row `b` of `other` (same number of columns, in order).
    func rowsEqual(_ a: Int, _ b: Int, other: RowKeys) -> Bool {
        for (mine, theirs) in zip(columns, other.columns) {
            switch (mine.storage, theirs.storage) {
            case let (.numeric(x), .numeric(y)):
                if Self.token(x[a]) != Self.token(y[b]) { return false }
            default:
                if mine.text(at: a) != theirs.text(at: b) { return false }
            }
        }
        return true
    }
}
