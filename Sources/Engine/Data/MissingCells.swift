/// Where a dataset's missing cells are, for `missing`: per column how many, and which
/// rows hold at least one, so a user sees whether a few rows are broken or a column is
/// mostly empty.
public struct MissingCells: Sendable, Equatable {
    /// Columns with a missing cell, in column order, with how many.
    public let columns: [(name: String, count: Int)]
    /// Rows with a missing cell, ascending, each with the columns missing there.
    public let rows: [(row: Int, columns: [String])]

    public var isEmpty: Bool { rows.isEmpty }
    /// All missing cells.
    public var cellCount: Int { columns.reduce(0) { $0 + $1.count } }

    public init(_ dataset: Dataset) {
        var perColumn: [(String, Int)] = []
        var perRow: [Int: [String]] = [:]
        for column in dataset.columns {
            var count = 0
            for row in 0..<column.count where column.isMissing(row) {
                count += 1
                perRow[row, default: []].append(column.name)
            }
            if count > 0 { perColumn.append((column.name, count)) }
        }
        columns = perColumn
        rows = perRow.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public static func == (a: MissingCells, b: MissingCells) -> Bool {
        a.columns.map(\.name) == b.columns.map(\.name) && a.columns.map(\.count) == b.columns.map(\.count)
            && a.rows.map(\.row) == b.rows.map(\.row) && a.rows.map(\.columns) == b.rows.map(\.columns)
    }
}
