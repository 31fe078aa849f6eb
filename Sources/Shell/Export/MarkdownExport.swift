import Foundation
import Lang

/// A session as Markdown (`:export NAME.md`, `sprout export --to md`): for a README, a
/// pull request or any site that renders Markdown, with each plot as a picture the lead's
/// exporter writes beside the file.
///
/// Notes are Markdown already and go as they are. Each code cell is a ```` ```sprout ````
/// block under its prompt (`[5]>`, since later cells name it as `_5`), with what it
/// printed and showed in one ```` ```text ```` block below, as at the terminal; an error
/// gets its own block under the word **error**; a plot is an image link. A fence is
/// longer than any run of backticks inside it, so no output can end its block early.
enum MarkdownExport {
    /// - Parameter pictureFolder: where the plots' PNGs are, relative to the Markdown file
    ///   (`digits` for `digits/cell-5.png`); "" for beside it.
    static func render(_ session: ExportedSession, pictureFolder: String) -> String {
        var blocks = ["# " + escaped(session.title.isEmpty ? "Sprout session" : session.title)]
        if let header = session.header {
            blocks.append(header.facts.map { escaped($0.phrase) }.joined(separator: " · "))
        }
        for item in session.items {
            switch item {
            case let .note(text):
                let note = closingFences(text.trimmingCharacters(in: .newlines))
                if !note.allSatisfy(\.isWhitespace) { blocks.append(note) }
            case let .code(cell):
                blocks += self.cell(cell, pictureFolder: pictureFolder)
            }
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// A cell's prompt, its source and its outputs, one block each.
    private static func cell(_ cell: ExportedCell, pictureFolder: String) -> [String] {
        var blocks = [cell.number.map { "`[\($0)]>`" } ?? "`[ ]>` not run", fenced(cell.source, info: "sprout")]
        var text = ""  // printed text, warnings and values not yet shown
        func showText() {
            if let block = fencedOutput(text) { blocks.append(block) }
            text = ""
        }
        for output in cell.outputs {
            switch output {
            case let .printed(shown), let .value(shown), let .warning(shown):
                text += shown
            case let .error(error):
                showText()
                blocks += ["**error**", fencedOutput(error) ?? fenced("", info: "text")]
            case let .plot(plot):
                showText()
                if plot.png == nil {
                    if let block = fencedOutput(plot.text) { blocks.append(block) }
                } else {
                    let folder = pictureFolder.hasSuffix("/") ? String(pictureFolder.dropLast()) : pictureFolder
                    let path = folder.isEmpty ? plot.fileName : folder + "/" + plot.fileName
                    blocks.append("![\(escaped(plot.summary, special: "\\[]"))](\(percentEncoded(path)))")
                }
            }
        }
        showText()
        return blocks
    }

    /// `text` in a ```` ```text ```` block without its last newline; nil when empty.
    private static func fencedOutput(_ text: String) -> String? {
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        return body.isEmpty ? nil : fenced(body, info: "text")
    }

    /// `text` between fences one backtick longer than its longest run of backticks (at
    /// least three), its control characters shown escaped.
    static func fenced(_ text: String, info: String) -> String {
        let body = VisibleText.escaping(text)
        var longest = 0
        var run = 0
        for character in body {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + info + "\n" + body + "\n" + fence
    }

    /// A note with a fence it opens but never closes closed at its end, so the note's
    /// code block cannot swallow the cells after it.
    private static func closingFences(_ note: String) -> String {
        var open: NoteMarkup.Fence?
        for line in note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let fence = open {
                if fence.isClosed(by: line) { open = nil }
            } else {
                open = NoteMarkup.fence(line)
            }
        }
        guard let fence = open else { return note }
        return note + "\n" + String(repeating: fence.character, count: fence.length)
    }

    /// Text that Markdown shows as it is: each character that could start markup
    /// (emphasis, a link, a heading, HTML, an entity) behind a backslash, and line breaks
    /// as spaces, so a title stays one heading.
    /// - Parameter special: the characters to escape; an image's alt text needs only
    ///   its brackets and backslashes escaped.
    static func escaped(_ text: String, special: String = "\\`*_[]<>&#~|") -> String {
        var out = ""
        for character in VisibleText.escaping(text) {
            if character.isNewline || character == "\t" {
                out += " "
            } else {
                if special.contains(character) { out += "\\" }
                out.append(character)
            }
        }
        return out
    }

    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/".utf8)

    /// A relative path as a link target: every byte but letters, digits, `-._~` and `/`
    /// percent-encoded, so spaces, parentheses and `%` in a folder name keep the link whole.
    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            if unreserved.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
