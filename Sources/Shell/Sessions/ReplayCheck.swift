import Foundation
import Lang

/// Reading saved sessions back and comparing their recorded output with a replay
/// (`sprout run --check`). Cells are split as the REPL read them (`ScriptCells`).
enum ReplayCheck {
    /// The seed in a saved session's header (`# seed: N`), if any.
    static func seed(in text: String) -> UInt64? {
        let head = text.unicodeScalars.split(separator: "\n", maxSplits: 20, omittingEmptySubsequences: false).prefix(20)
        for line in head.map({ String(String.UnicodeScalarView($0)) }) where line.hasPrefix("# seed:") {
            return UInt64(line.dropFirst("# seed:".count).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return nil
    }

    /// What a replayed cell showed, as lines to compare with its recorded `#> ` lines: its
    /// output, then its error's.
    static func shownLines(output: String, error: String?) -> [String] {
        CellRecord.lines(of: output) + (error.map(CellRecord.lines(of:)) ?? [])
    }

    /// Whether two outputs match: the same number of lines, and on each line the same
    /// tokens, where numbers (also inside tensors, as in `0.1234,`) may differ by
    /// `tolerance` relative plus `tolerance` absolute and everything else must be equal.
    /// Runs of spaces only separate tokens (a wider number may shift a tensor's columns).
    static func compare(expected: [String], actual: [String], tolerance: Double = 1e-4) -> Bool {
        expected.count == actual.count
            && zip(expected, actual).allSatisfy { lineMatches($0, $1, tolerance: tolerance) }
    }

    static func lineMatches(_ expected: String, _ actual: String, tolerance: Double = 1e-4) -> Bool {
        // Almost every line of a passing check is unchanged: equal text has equal tokens,
        // and skipping the tokenizer makes checking cost about what printing does.
        if expected == actual { return true }
        let a = tokens(expected), b = tokens(actual)
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            switch (x, y) {
            case let (.number(p), .number(q)):
                return p == q || abs(p - q) <= tolerance + tolerance * max(abs(p), abs(q))
            case let (.text(p), .text(q)):
                return p == q
            default:
                return false
            }
        }
    }

    enum Token: Equatable {
        case number(Double)
        case text(String)
    }

    /// Splits a line into numbers and the text between them, dropping spaces.
    static func tokens(_ line: String) -> [Token] {
        var result: [Token] = []
        var text = ""
        let chars = Array(line.unicodeScalars)
        var i = 0
        func flush() { if !text.isEmpty { result.append(.text(text)); text = "" } }
        func isDigit(_ k: Int) -> Bool { k < chars.count && ("0"..."9").contains(chars[k]) }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" { flush(); i += 1; continue }
            // A number: optional '-', digits with an optional fraction, optional exponent.
            // Not when glued to a name (`x1`, `layer2`): that is text.
            let previousIsWordy = i > 0 && (CharacterSet.alphanumerics.contains(chars[i - 1]) || chars[i - 1] == "_")
            var j = i
            if chars[j] == "-" && (isDigit(j + 1) || (j + 1 < chars.count && chars[j + 1] == "." && isDigit(j + 2))) { j += 1 }
            let startsNumber = isDigit(j) || (j < chars.count && chars[j] == "." && isDigit(j + 1))
            if startsNumber && !previousIsWordy && !(text.last.map { $0.isLetter || $0 == "_" } ?? false) {
                while isDigit(j) { j += 1 }
                if j < chars.count && chars[j] == ".", isDigit(j + 1) || !(j + 1 < chars.count && chars[j + 1] == ".") {
                    j += 1
                    while isDigit(j) { j += 1 }
                }
                if j < chars.count && (chars[j] == "e" || chars[j] == "E") {
                    var k = j + 1
                    if k < chars.count && (chars[k] == "-" || chars[k] == "+") { k += 1 }
                    if isDigit(k) { j = k; while isDigit(j) { j += 1 } }
                }
                let literal = String(String.UnicodeScalarView(chars[i..<j]))
                if let value = Double(literal) {
                    flush()
                    result.append(.number(value))
                    i = j
                    continue
                }
            }
            text.unicodeScalars.append(c)
            i += 1
        }
        flush()
        return result
    }

    /// A readable report of a mismatch: where the cell is, which side is which (header
    /// lines as `diff -u` writes them: `--- recorded` for the file's `#> ` lines, `+++ now`
    /// for this replay), then the recorded lines (`-`) and the new ones (`+`) that differ,
    /// with unchanged lines as context (`  `).
    static func diff(file: String, cellNumber: Int, line: Int, expected: [String], actual: [String], tolerance: Double = 1e-4) -> String {
        var out = ["\(file):\(line): cell \(cellNumber): output differs", "  --- recorded", "  +++ now"]
        for index in 0..<max(expected.count, actual.count) {
            let e = index < expected.count ? expected[index] : nil
            let a = index < actual.count ? actual[index] : nil
            if let e, let a, lineMatches(e, a, tolerance: tolerance) {
                out.append("    \(a)")
                continue
            }
            if let e { out.append("  - \(e)") }
            if let a { out.append("  + \(a)") }
        }
        if expected.isEmpty { out.append("  (nothing was recorded)") }
        if actual.isEmpty { out.append("  (the replay showed nothing)") }
        return out.joined(separator: "\n")
    }
}

/// A host that shows nothing: `run --check` only compares what it captures.
final class DiscardingHost: Lang.Host {
    func write(_ text: String) {}
    func warn(_ text: String) {}
    func note(_ text: String) {}
}

/// Replays saved cells in order in one interpreter, capturing each cell's output.
struct SessionReplay {
    let interpreter: Interpreter
    /// Captures a cell's output exactly as the REPL records it (warnings included), so a
    /// saved cell and its replay compare like with like.
    let output: CellOutput

    /// - Parameter host: where the cells' output is shown as they run (the terminal for
    ///   a plain `sprout run`); nowhere by default.
    /// - Throws: the standard library's error when it does not load. A missing stdlib/
    ///   is a warning on standard error, as for scripts: the builtins still work.
    init(seed: UInt64 = 0, host: Lang.Host = DiscardingHost()) throws {
        output = CellOutput(downstream: host, plots: (host as? TerminalHost)?.plots ?? .script())
        interpreter = Interpreter(host: output, seed: seed)
        if let stdlib = Resources.stdlibFolder(warn: { TerminalHost().warn($0) }) {
            try interpreter.loadStdlib(directory: stdlib)
        }
    }

    /// Runs one cell: `output` is what it printed plus its shown value (formatted, with a
    /// newline); `error` the rendered error when it failed (printed text before it is kept).
    /// Errors point at the file's own lines. A cell with a `# [N]` marker is numbered N.
    func run(_ cell: ScriptCell, name: String) -> (number: Int, output: String, error: String?) {
        if let number = cell.number { interpreter.numberNextCell(number) }
        let number = interpreter.nextCellNumber
        let error = output.run(Source(name: name, text: cell.input, firstLine: cell.firstLine), parsed: cell.parsed, in: interpreter)
        return (number, output.captured, error.map(CellOutput.plainText(of:)))
    }
}
