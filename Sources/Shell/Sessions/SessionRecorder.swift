/// `sprout run --record`: writes a replay's output back into a saved session, in place of
/// its old `#> ` lines, when an intended change (a new summary column, a fixed number
/// format) makes every session differ.
///
/// Only `#> ` blocks change: code, comments, the header and `# [N]` markers stay as they
/// are, byte for byte. A cell's new block goes right under its last line of code. A pure
/// function of the text and the outputs, so it is tested without running anything.
enum SessionRecorder {
    /// The text with each cell's `#> ` lines replaced by `outputs[i]` (the lines it shows
    /// now, its error's lines included); cells and outputs pair up in order.
    static func rewrite(_ text: String, cells: [ScriptCell], outputs: [[String]]) -> String {
        let lines = ScriptCells.lines(of: text)
        var dropped = Set<Int>()
        var blockAfter: [Int: [String]] = [:]
        for (cell, output) in zip(cells, outputs) {
            dropped.formUnion(cell.outputLines)
            if !output.isEmpty { blockAfter[cell.lastLine] = output.map { SessionFile.prefixed("#>", $0) } }
        }
        var result: [String] = []
        for (index, line) in lines.enumerated() {
            let lineNumber = index + 1
            if !dropped.contains(lineNumber) { result.append(line) }
            if let block = blockAfter[lineNumber] { result += block }
        }
        return result.joined(separator: "\n")
    }
}
