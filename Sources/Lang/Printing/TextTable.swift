/// An aligned text table fitted to a width, as pandas and R print a data frame: every
/// table Sprout prints (a dataset, `describe`, `counts`, `dups`) goes through here, so
/// they all look alike and all fit the terminal.
///
/// Cells are text already; numbers are right-aligned and text left-aligned by the
/// caller's `alignments`. When the columns do not fit, the leading `fixedColumns` (row
/// numbers, say) always stay, and columns are dropped from the middle, shown as one `…`
/// column, keeping as many from both ends as fit. A long table is cut by the caller,
/// who passes the rows it shows and where the cut is (`gapAfter`); the gap prints as a
/// `…` row.
public struct TextTable: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable {
        case left
        case right
    }

    public var headers: [String]
    public var rows: [[String]]
    public var alignments: [Alignment]
    /// How many leading columns are never dropped to fit the width.
    public var fixedColumns: Int
    /// The position in `rows` after which rows were left out; nil when none were.
    public var gapAfter: Int?

    /// The text drawn for columns or rows left out.
    static let ellipsis = "…"
    /// Space between columns.
    static let separator = "  "

    public init(headers: [String], rows: [[String]], alignments: [Alignment], fixedColumns: Int = 0, gapAfter: Int? = nil) {
        self.headers = headers
        self.rows = rows
        self.alignments = alignments
        self.fixedColumns = fixedColumns
        self.gapAfter = gapAfter
    }

    /// The table as lines no wider than `width` characters (unless even the fixed
    /// columns and one more are wider), without a trailing newline.
    public func render(width: Int) -> String {
        let widths = headers.indices.map { column in
            rows.reduce(headers[column].count) { max($0, cell($1, column).count) }
        }
        let shown = fittingColumns(widths: widths, width: width)
        var lines: [String] = []
        lines.append(line(headers, shown: shown, widths: widths))
        for (position, row) in rows.enumerated() {
            lines.append(line(row, shown: shown, widths: widths))
            if position == gapAfter {
                lines.append(line(headers.map { _ in Self.ellipsis }, shown: shown, widths: widths))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The columns kept, in order, with nil where the dropped ones are.
    private func fittingColumns(widths: [Int], width: Int) -> [Int?] {
        let count = headers.count
        let fixed = min(fixedColumns, count)
        func total(_ columns: [Int], gap: Bool) -> Int {
            let parts = columns.map { widths[$0] } + (gap ? [Self.ellipsis.count] : [])
            return parts.reduce(0, +) + Self.separator.count * max(0, parts.count - 1)
        }
        let all = Array(0..<count)
        if total(all, gap: false) <= width { return all }
        var left = Array(0..<fixed)
        var right: [Int] = []
        var nextLeft = fixed
        var nextRight = count - 1
        var takeLeft = true
        while nextLeft <= nextRight {
            let candidate = takeLeft ? nextLeft : nextRight
            let trial = left + [candidate] + right
            guard total(trial, gap: true) <= width || left.count + right.count == fixed else { break }
            if takeLeft {
                left.append(candidate)
                nextLeft += 1
            } else {
                right.insert(candidate, at: 0)
                nextRight -= 1
            }
            takeLeft.toggle()
        }
        if nextLeft > nextRight { return all }
        return left.map { Optional($0) } + [nil] + right.map { Optional($0) }
    }

    private func line(_ cells: [String], shown: [Int?], widths: [Int]) -> String {
        let parts = shown.map { column -> String in
            guard let column else { return Self.ellipsis }
            let text = column < cells.count ? cells[column] : ""
            let padding = String(repeating: " ", count: max(0, widths[column] - text.count))
            let alignment = column < alignments.count ? alignments[column] : .left
            return alignment == .right ? padding + text : text + padding
        }
        var text = parts.joined(separator: Self.separator)
        while text.last == " " { text.removeLast() }
        return text
    }

    private func cell(_ row: [String], _ column: Int) -> String {
        column < row.count ? row[column] : ""
    }
}
