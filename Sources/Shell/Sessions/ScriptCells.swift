import Lang

/// One cell of a script or saved session, split the way the REPL splits typed input.
struct ScriptCell: Equatable {
    /// The cell's source: the comment lines directly above its code, then the code.
    var input: String
    /// The file line (1-based) of the input's first line.
    var firstLine: Int
    /// The file line of the first line of code (what a report points at).
    var codeLine: Int
    /// The `#> ` lines recorded under the cell, without their marker.
    var expected: [String] = []
    /// The file line of the input's last line.
    var lastLine: Int
    /// The file lines of the `#> ` lines recorded under the cell (`sprout run --record`
    /// replaces them).
    var outputLines: [Int] = []
    /// The cell number a `# [N]` line before the cell asks for (a saved session writes
    /// one where the original numbering skipped cells that failed); nil to number on.
    var number: Int?
    /// The input as splitting parsed it, which the cell runs (nil when it did not parse).
    var parsed: ParsedCell?

    /// Equal when they were cut alike: `parsed` follows from `input`, and a cell written
    /// out in a test has none.
    static func == (a: ScriptCell, b: ScriptCell) -> Bool {
        (a.input, a.firstLine, a.codeLine, a.lastLine, a.number) == (b.input, b.firstLine, b.codeLine, b.lastLine, b.number)
            && a.expected == b.expected && a.outputLines == b.outputLines
    }
}

/// Splits a script into cells exactly as the REPL would have read it line by line
/// (`CellAssembler`: a cell ends at the first line where the parser no longer says
/// "incomplete", or after an `if` at a line that does not start with `else`), so a cell
/// that showed nothing is still a cell of its own, and cell numbers, and with them `_N`,
/// match the session that was saved.
///
/// Between cells:
/// - `#> ` lines are the output recorded for the cell before them;
/// - `# [N]` sets the number of the next cell;
/// - comment lines directly above a cell (no blank line between) belong to it, so a
///   function keeps its documentation; other comments and blank lines are skipped.
///
/// A `#>` line inside an unfinished cell ends it (the cell will report its syntax error).
enum ScriptCells {
    static func split(_ text: String) -> [ScriptCell] {
        var cells: [ScriptCell] = []
        var assembler = CellAssembler()
        var pendingStart = 0, pendingCode = 0
        var comments: [String] = []
        var commentStart = 0
        var nextNumber: Int?

        func append(_ cell: PendingCell?) {
            guard let cell else { return }
            cells.append(
                ScriptCell(
                    input: cell.text, firstLine: pendingStart, codeLine: pendingCode,
                    lastLine: pendingStart + cell.lineCount - 1, number: nextNumber, parsed: cell.parsed))
            nextNumber = nil
        }

        for (index, line) in lines(of: text).enumerated() {
            let lineNumber = index + 1
            if let output = recordedOutput(line) {
                append(assembler.finish())
                comments = []
                if !cells.isEmpty {
                    cells[cells.count - 1].expected.append(output)
                    cells[cells.count - 1].outputLines.append(lineNumber)
                }
                continue
            }
            if !assembler.isEmpty {
                switch assembler.add(line) {
                case .reading: continue
                case let .complete(cell): append(cell); continue
                case let .completeBefore(cell): append(cell)  // and read the line afresh
                }
            }
            let trimmed = trimmedLine(line)
            if trimmed.isEmpty {
                comments = []
                continue
            }
            if let number = numberMarker(trimmed) {
                nextNumber = number
                comments = []
                continue
            }
            if trimmed.hasPrefix("#") {
                if comments.isEmpty { commentStart = lineNumber }
                comments.append(line)
                continue
            }
            pendingStart = comments.isEmpty ? lineNumber : commentStart
            pendingCode = lineNumber
            if case let .complete(cell) = assembler.add(line, after: comments) { append(cell) }
            comments = []
        }
        append(assembler.finish())
        return cells
    }

    /// The lines of a text, split at LF or CRLF (by scalars: `"\r\n"` is one `Character`).
    static func lines(of text: String) -> [String] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { scalars in
            let line = String(String.UnicodeScalarView(scalars))
            return line.unicodeScalars.last == "\r" ? String(String.UnicodeScalarView(line.unicodeScalars.dropLast())) : line
        }
    }

    /// Whether a line starts with the keyword `else`.
    static func startsWithElse(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix("else") else { return false }
        let after = trimmed.dropFirst(4).first
        return after.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true
    }

    /// The text of a `#> ` line, or nil for any other line.
    static func recordedOutput(_ line: String) -> String? {
        guard line.hasPrefix("#>") else { return nil }
        let rest = line.dropFirst(2)
        return String(rest.hasPrefix(" ") ? rest.dropFirst() : rest)
    }

    /// N in a `# [N]` line (N ≥ 1), else nil.
    static func numberMarker(_ trimmed: some StringProtocol) -> Int? {
        guard trimmed.hasPrefix("# ["), trimmed.hasSuffix("]") else { return nil }
        guard let number = Int(trimmed.dropFirst(3).dropLast()), number >= 1 else { return nil }
        return number
    }

    /// The marker line for cell `number`.
    static func marker(_ number: Int) -> String { "# [\(number)]" }

    /// Whether a cell is only comments (and blank lines): a note, which the REPL keeps
    /// in the session but does not run or number.
    static func isNote(_ text: String) -> Bool {
        text.split(separator: "\n").allSatisfy { line in
            let trimmed = trimmedLine(line)
            return trimmed.isEmpty || trimmed.hasPrefix("#")
        }
    }

    /// A line without the white space around it. (Foundation's `trimmingCharacters` goes
    /// through NSString: a fifth of a piped script's time when called on every line.)
    static func trimmedLine<Line: StringProtocol>(_ line: Line) -> Line.SubSequence {
        let start = line.firstIndex { !$0.isWhitespace } ?? line.endIndex
        let end = line.lastIndex { !$0.isWhitespace }.map { line.index(after: $0) } ?? start
        return line[start..<end]
    }
}
