import Foundation
import Lang

/// A session as one self-contained HTML page (`:export NAME.html`, `sprout export --to html`):
/// to show a session to someone who does not run Sprout, in any browser, on a phone or on
/// paper, with nothing fetched from anywhere.
///
/// The page carries everything it needs: its stylesheet inline (`HTMLStyle`), each plot
/// as a `data:` URI, no script and no reference to any other place. Cells look as they
/// did at the prompt (`[5]>` and `...>` before their lines) with their outputs below in
/// the order shown; text keeps its columns and scrolls sideways inside its own block on a
/// narrow screen. Everything from the session (title, sources, outputs, notes, alt text)
/// is escaped, so a cell that printed `<script>` shows those characters. The same
/// session always renders to the same bytes.
enum HTMLExport {
    static func render(_ session: ExportedSession) -> String {
        let title = HTMLExport.escaped(VisibleText.escaping(session.title.isEmpty ? "Sprout session" : session.title))
        var page = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <style>
            \(HTMLStyle.css)</style>
            </head>
            <body>
            <main>
            <header>
            <h1>\(title)</h1>

            """
        if let header = session.header { page += facts(header) }
        page += "</header>\n"
        var identified = Set<Int>()
        for item in session.items {
            switch item {
            case let .note(text):
                let html = NoteMarkup.html(text)
                if !html.isEmpty { page += "<section class=\"note\">\n" + html + "</section>\n" }
            case let .code(cell):
                // An anchor per cell number (`#cell-5`), once, should a session repeat one.
                let isFirst = cell.number.map { identified.insert($0).inserted } ?? false
                page += self.cell(cell, hasAnchor: isFirst)
            }
        }
        return page + "</main>\n</body>\n</html>\n"
    }

    /// `text` with `&`, `<`, `>` and both quotes as character references: safe in text
    /// and in a quoted attribute alike.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The header as a small table: one row a fact.
    private static func facts(_ header: SessionHeader) -> String {
        let rows = header.facts.map { fact in
            "<tr><th scope=\"row\">\(escaped(fact.label))</th><td>\(escaped(VisibleText.escaping(fact.value)))</td></tr>\n"
        }
        return "<table class=\"facts\">\n" + rows.joined() + "</table>\n"
    }

    /// A code cell: its source after the shell's prompts, then its outputs in order. What
    /// it printed and the value it showed read as one block, as at the terminal.
    private static func cell(_ cell: ExportedCell, hasAnchor: Bool) -> String {
        let kind = cell.number == nil ? " not-run" : cell.failed ? " failed" : ""
        let anchor = hasAnchor ? cell.number.map { " id=\"cell-\($0)\"" } ?? "" : ""
        var html = "<section class=\"cell\(kind)\"\(anchor)>\n"
        if cell.number == nil { html += "<p class=\"label\">not run</p>\n" }
        html += source(cell) + "\n"
        var text = ""  // printed text and values not yet shown
        func showText() {
            if let block = preformatted(text, classes: "out") { html += block + "\n" }
            text = ""
        }
        for output in cell.outputs {
            switch output {
            case let .printed(printed), let .value(printed):
                text += printed
            case let .warning(warning):
                showText()
                if let block = preformatted(warning, classes: "out warning") { html += block + "\n" }
            case let .error(error):
                showText()
                html += "<div class=\"out error\"><p class=\"label\">error</p>" + (preformatted(error) ?? "") + "</div>\n"
            case let .plot(plot):
                showText()
                html += figure(plot) + "\n"
            }
        }
        showText()
        return html + "</section>\n"
    }

    /// The source as typed at the prompt: `[5]> ` before the first line and `...> `
    /// right-aligned under it before the others (`[ ]> ` for a cell that did not run).
    /// The prompts are spans a reader's selection skips, so copied code runs as it is.
    private static func source(_ cell: ExportedCell) -> String {
        let lines = VisibleText.escaping(cell.source).split(separator: "\n", omittingEmptySubsequences: false)
        let shown = lines.enumerated().map { index, line in
            let prompt = cell.number.map { REPL.prompt(cell: $0, continuing: index > 0) } ?? (index > 0 ? "...> " : "[ ]> ")
            return "<span class=\"prompt\">\(escaped(prompt))</span>" + escaped(String(line))
        }
        return "<pre class=\"source\">" + shown.joined(separator: "\n") + "</pre>"
    }

    /// `text` in a `<pre>`, without its last newline; nil when nothing is left. A text
    /// that starts with a blank line gets one more newline, since a parser drops the
    /// newline right after `<pre>`.
    private static func preformatted(_ text: String, classes: String? = nil) -> String? {
        var shown = VisibleText.escaping(text)
        if shown.hasSuffix("\n") { shown.removeLast() }
        guard !shown.isEmpty else { return nil }
        let open = classes.map { "<pre class=\"\($0)\">" } ?? "<pre>"
        return open + (shown.hasPrefix("\n") ? "\n" : "") + escaped(shown) + "</pre>"
    }

    /// A plot as its picture, embedded, its summary as the alt text; a plot with no
    /// picture, or with bytes that are not a PNG (which a browser would show broken),
    /// as its text with the summary below.
    private static func figure(_ plot: ExportedPlot) -> String {
        guard let png = plot.png, let size = PNGSize(png) else {
            let text = preformatted(plot.text, classes: "out") ?? ""
            return "<figure class=\"plot\">" + text + "<figcaption>\(escaped(VisibleText.escaping(plot.summary)))</figcaption></figure>"
        }
        let source = "data:image/png;base64," + png.base64EncodedString()
        let alt = escaped(VisibleText.escaping(plot.summary))
        return "<figure class=\"plot\"><img src=\"\(source)\" alt=\"\(alt)\" width=\"\(size.width)\" height=\"\(size.height)\"></figure>"
    }
}

/// A PNG's size in pixels, from its header: the page gives it to `<img>` so the layout
/// does not jump as pictures decode, and only bytes that start as a PNG are embedded.
struct PNGSize: Equatable {
    var width: Int
    var height: Int

    /// Nil when `data` does not start with PNG's signature and an `IHDR` chunk, or gives
    /// a zero size.
    init?(_ data: Data) {
        let bytes = [UInt8](data.prefix(24))
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count == 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        guard width > 0, height > 0 else { return nil }
    }
}
