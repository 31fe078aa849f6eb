/// Renders any Sprout error as rustc does:
///
///     error: expected ')' (to close '(' at 1:4)
///      --> cell 3:1:9
///       |
///     1 | foo(1, 2
///       |         ^
///       = note: …
///
/// The gutter is as wide as the line number; carets run under the range on its first
/// line (at least one). Columns count characters; a tab shows as four spaces and any
/// other control character as its escape (`\u{1b}`: raw, it would act on the terminal),
/// and the carets follow. The message, the source's name and the notes are escaped too.
/// An error without a source or range is just `error: message` and its
/// notes. Colour is ANSI, and only when asked for (the shell asks on a terminal).
public enum DiagnosticRenderer {
    public static func render(_ error: SproutError, colour: Bool = false) -> String {
        let style = Style(enabled: colour)
        var lines = [style.error("error") + style.bold(": " + VisibleText.escaping(error.message))]
        var notePadding = "  "
        if let source = error.source, let range = error.range {
            let (lineNumber, column) = source.location(of: range.start)
            let gutterWidth = String(lineNumber).count
            let pad = String(repeating: " ", count: gutterWidth)
            notePadding = pad + " "
            let (shown, caretStart, caretCount) = caretLayout(
                source: source, range: range,
                line: lineNumber, column: column)
            lines.append(pad + style.gutter("-->") + " \(VisibleText.escaping(source.name)):\(lineNumber):\(column)")
            lines.append(pad + " " + style.gutter("|"))
            lines.append(style.gutter(String(lineNumber) + " |") + (shown.isEmpty ? "" : " " + shown))
            lines.append(
                pad + " " + style.gutter("|") + " " + String(repeating: " ", count: caretStart)
                    + style.error(String(repeating: "^", count: caretCount)))
        }
        for note in error.notes {
            lines.append(notePadding + style.bold("= note") + ": " + VisibleText.escaping(note))
        }
        return lines.joined(separator: "\n")
    }

    /// The line as shown (tabs expanded, controls escaped), the caret's offset in it and
    /// how many carets.
    static func caretLayout(
        source: Source, range: SourceRange, line: Int, column: Int
    )
        -> (shown: String, start: Int, count: Int)
    {
        let text = source.line(line)
        // The range's end on this line, in characters from the line's start.
        let endColumn: Int
        let (endLine, endCol) = source.location(of: range.end)
        endColumn = endLine == line ? endCol : text.count + 1
        var shown = ""
        var caretStart = 0
        var caretEnd = 0
        for (i, character) in text.enumerated() {
            if i == column - 1 { caretStart = shown.count }
            if i == endColumn - 1 { caretEnd = shown.count }
            shown += character == "\t" ? "    " : VisibleText.escaping(String(character))
        }
        if column - 1 >= text.count { caretStart = shown.count + (column - 1 - text.count) }
        if endColumn - 1 >= text.count { caretEnd = shown.count + (endColumn - 1 - text.count) }
        return (shown, caretStart, max(1, caretEnd - caretStart))
    }

    struct Style {
        let enabled: Bool
        func wrap(_ text: String, _ code: String) -> String {
            enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
        }
        func error(_ text: String) -> String { wrap(text, "1;31") }
        func bold(_ text: String) -> String { wrap(text, "1") }
        func gutter(_ text: String) -> String { wrap(text, "1;34") }
    }
}
