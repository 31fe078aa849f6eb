/// A saved session file read as an export shows it: its header, its notes, the cells
/// that replay (cut by `ScriptCells`, as every replay cuts them) and the failed cells a
/// `--all` save kept commented out, in file order.
///
/// - The header is the comment block the file starts with, when it has a
///   `# Sprout session saved …` or `# seed: N` line (what a replay reads).
/// - A block of comment lines (between blank lines, or above a cell) is a note, its
///   `# ` markers taken off; comments directly above a function stay in its source, as
///   they do at the prompt (its help shows them).
/// - A comment block whose lines end in `#! ` lines is a failed cell: its source is the
///   commented lines above the `#! ` lines, its error those lines.
struct SessionLayout {
    enum Item: Equatable {
        case note(String)
        /// The index of a cell in `cells`, and the comment lines above it that are a note.
        case cell(Int)
        case failed(source: String, error: String)
    }

    /// The header's lines, as written (empty when the file has none).
    var headerLines: [String]
    var cells: [ScriptCell]
    var items: [Item]

    init(_ text: String) {
        cells = ScriptCells.split(text)
        let lines = ScriptCells.lines(of: text)
        var covered = [Bool](repeating: false, count: lines.count + 2)
        var cellStarting: [Int: Int] = [:]  // file line → cell index
        for (index, cell) in cells.enumerated() {
            cellStarting[cell.firstLine] = index
            for line in cell.firstLine...max(cell.firstLine, cell.lastLine) where line < covered.count { covered[line] = true }
            for line in cell.outputLines where line < covered.count { covered[line] = true }
        }
        headerLines = []
        var next = 1
        let opening = lines.prefix { $0.hasPrefix("#") && ScriptCells.recordedOutput($0) == nil }
        if opening.count < lines.count, !covered[opening.count],
            opening.contains(where: { $0.hasPrefix("# Sprout session saved") || $0.hasPrefix("# seed:") })
        {
            headerLines = Array(opening)
            next = opening.count + 1
        }
        items = []
        var block: [String] = []
        func finishBlock() {
            defer { block = [] }
            guard !block.isEmpty else { return }
            if let firstError = block.firstIndex(where: { $0.hasPrefix("#!") }) {
                let source = block[..<firstError].map(Self.uncommented).joined(separator: "\n")
                let error = block[firstError...].map { String($0.dropFirst($0.hasPrefix("#! ") ? 3 : 2)) }
                items.append(.failed(source: source, error: error.joined(separator: "\n")))
            } else {
                items.append(.note(block.map(Self.uncommented).joined(separator: "\n")))
            }
        }
        while next <= lines.count {
            defer { next += 1 }
            if let index = cellStarting[next] {
                finishBlock()
                let cell = cells[index]
                let notes = Array(lines[(cell.firstLine - 1)..<(cell.codeLine - 1)])
                if !notes.isEmpty && !Self.startsFunction(cell) {
                    items.append(.note(notes.map(Self.uncommented).joined(separator: "\n")))
                }
                items.append(.cell(index))
                continue
            }
            guard !covered[next] else { continue }
            let line = lines[next - 1]
            let trimmed = ScriptCells.trimmedLine(line)
            if trimmed.isEmpty || ScriptCells.numberMarker(trimmed) != nil {
                finishBlock()
            } else if trimmed.hasPrefix("#") {
                block.append(String(trimmed))
            }
        }
        finishBlock()
    }

    /// A cell's code: its source without the note lines above it, except a function's.
    func code(of cell: ScriptCell) -> String {
        guard !Self.startsFunction(cell) else { return cell.input }
        let lines = cell.input.split(separator: "\n", omittingEmptySubsequences: false)
        let notes = min(max(cell.codeLine - cell.firstLine, 0), lines.count)
        return lines[notes...].joined(separator: "\n")
    }

    /// Whether the cell's code starts with `fn` (its comments document it).
    static func startsFunction(_ cell: ScriptCell) -> Bool {
        let lines = cell.input.split(separator: "\n", omittingEmptySubsequences: false)
        let notes = min(max(cell.codeLine - cell.firstLine, 0), lines.count)
        guard notes < lines.count else { return false }
        return ScriptCells.trimmedLine(lines[notes]).hasPrefix("fn ")
    }

    /// A comment line without its `#` and the one space after it.
    static func uncommented(_ line: String) -> String {
        let trimmed = ScriptCells.trimmedLine(line)
        guard trimmed.hasPrefix("#") else { return String(trimmed) }
        let rest = trimmed.dropFirst()
        return String(rest.hasPrefix(" ") ? rest.dropFirst() : rest)
    }
}
