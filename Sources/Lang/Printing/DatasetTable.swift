import Engine

/// How a dataset prints as a cell's value: its summary line, then its rows as an aligned
/// table fitted to the width, as pandas prints a data frame.
///
/// The row numbers are the first column: positions in this dataset (as polars shows
/// them, not pandas' carried index), so the row labelled 3 is `ds[3]`. The target comes next, and both stay when
/// the table is too wide and middle columns give way to `…`. A dataset of more than
/// `rowThreshold` rows shows its first and last `edgeRows` (pandas' 60 and 5), the gap
/// marked by a `…` row; the summary line gives the full count. Numbers print compactly:
/// whole ones without a point, others to `significantDigits` digits; a missing cell is
/// `NA`, as pandas and R print it.
enum DatasetTable {
    static let rowThreshold = 60
    static let edgeRows = 5
    static let significantDigits = 4
    static let missing = "NA"

    /// The summary line and the table, no line wider than `width` (unless the row numbers
    /// and one column are wider).
    static func render(_ value: DatasetValue, width: Int) -> String {
        let ds = value.dataset
        guard !ds.columns.isEmpty else { return value.summary }
        return value.summary + "\n" + table(ds).render(width: width)
    }

    /// The table before fitting: the rows shown, with the gap after the first edge.
    static func table(_ ds: Dataset) -> TextTable {
        let rows: [Int]
        var gap: Int?
        if ds.rowCount > rowThreshold {
            rows = Array(0..<edgeRows) + Array((ds.rowCount - edgeRows)..<ds.rowCount)
            gap = edgeRows - 1
        } else {
            rows = Array(0..<ds.rowCount)
        }
        let target = ds.targetColumn.map { [$0] } ?? []
        let columns = target + ds.featureColumns
        let cells = rows.map { row in [String(row)] + columns.map { text($0, row) } }
        return TextTable(
            headers: [""] + columns.map(\.name), rows: cells,
            alignments: [.right] + columns.map { $0.isNumeric ? .right : .left },
            fixedColumns: 1 + target.count, gapAfter: gap)
    }

    /// One cell as the table shows it.
    static func text(_ column: DataColumn, _ row: Int) -> String {
        switch column.storage {
        case let .numeric(values): return values[row].isNaN ? missing : compact(values[row])
        case let .categorical(codes, categories): return codes[row] < 0 ? missing : categories[Int(codes[row])]
        }
    }

    /// `3`, `-0.5`, `0.3333`, `1.235e+06`: a whole number without a point, others to four
    /// significant digits, so a column of measurements stays narrow.
    static func compact(_ x: Double) -> String {
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), x.magnitude < 1e15 { return String(Int64(x)) }
        return formatGeneral(x, significant: significantDigits)
    }
}

extension DatasetValue {
    public func formatted(width: Int) -> String { DatasetTable.render(self, width: width) }
}
