import Foundation
import Lang

/// A session's notes (Markdown, from `# ` comment lines) as HTML for an exported page.
///
/// A small renderer of its own rather than a library: notes are a few paragraphs, so the
/// blocks it reads are paragraphs, ATX headings, bullet and numbered lists (one level; an
/// item goes on over indented or lazy lines) and fenced code; inside them,
/// `NoteMarkup+Spans.swift` reads code spans, `*emphasis*`, `**bold**` and links. What it
/// does not read stays text, and every character from the note is escaped, so a note
/// can never put markup of its own (`<script>`, an `onclick`) on the page.
enum NoteMarkup {
    /// The HTML of `markdown`: one block a line, each ending in a newline; "" for a blank note.
    /// - Parameter headingOffset: how many levels a heading moves down (`#` is `<h2>` by
    ///   default, since the page's title is its only `<h1>`); levels stop at 6.
    static func html(_ markdown: String, headingOffset: Int = 1) -> String {
        var reader = BlockReader(lines: markdown.split(separator: "\n", omittingEmptySubsequences: false).map(Self.line))
        var out = ""
        while let block = reader.next() {
            switch block {
            case let .paragraph(lines):
                out += "<p>" + spans(lines.joined(separator: "\n")) + "</p>\n"
            case let .heading(level, text):
                let tag = "h\(min(level + max(headingOffset, 0), 6))"
                out += "<\(tag)>" + spans(text) + "</\(tag)>\n"
            case let .list(ordered, start, items):
                let open = ordered ? (start == 1 ? "<ol>" : "<ol start=\"\(start)\">") : "<ul>"
                out +=
                    open + "\n" + items.map { "<li>" + spans($0.joined(separator: "\n")) + "</li>\n" }.joined()
                    + (ordered ? "</ol>\n" : "</ul>\n")
            case let .code(lines):
                out += "<pre><code>" + HTMLExport.escaped(lines.joined(separator: "\n")) + "</code></pre>\n"
            }
        }
        return out
    }

    /// A line without its carriage return (CRLF), its control characters shown escaped.
    private static func line(_ line: Substring) -> String {
        VisibleText.escaping(String(line.hasSuffix("\r") ? line.dropLast() : line))
    }

    /// What a run of lines is.
    enum Block: Equatable {
        case paragraph([String])
        case heading(level: Int, text: String)
        /// Items, each the lines of its text (the marker and the item's indent removed).
        case list(ordered: Bool, start: Int, items: [[String]])
        case code([String])
    }

    /// A list item's marker: `-`, `*`, `+`, or a number and `.` or `)`, then a space.
    struct ListMarker: Equatable {
        var ordered: Bool
        var number: Int
        /// The item's text after the marker and its space.
        var text: String
    }

    /// A line that opens fenced code: at least three backticks or tildes.
    struct Fence {
        var character: Character
        var length: Int

        /// Whether `line` closes this fence: the same character, at least as many, nothing after.
        func isClosed(by line: String) -> Bool {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.count >= length && trimmed.allSatisfy { $0 == character }
        }
    }

    /// Reads a note's lines into blocks, one at a time.
    struct BlockReader {
        var lines: [String]
        var index = 0

        mutating func next() -> Block? {
            while index < lines.count, isBlank(lines[index]) { index += 1 }
            guard index < lines.count else { return nil }
            let line = lines[index]
            if let fence = NoteMarkup.fence(line) {
                index += 1
                var code: [String] = []
                while index < lines.count, !fence.isClosed(by: lines[index]) {
                    code.append(lines[index])
                    index += 1
                }
                index += 1  // the closing fence, or past the end
                return .code(code)
            }
            if let heading = NoteMarkup.heading(line) {
                index += 1
                return heading
            }
            if let marker = NoteMarkup.listMarker(line) { return list(first: marker) }
            var paragraph: [String] = []
            while index < lines.count, !isBlank(lines[index]), !startsBlock(lines[index], afterParagraph: true) {
                paragraph.append(lines[index].trimmingCharacters(in: .whitespaces))
                index += 1
            }
            return .paragraph(paragraph)
        }

        /// A list of the items that follow one another with markers of the same kind.
        private mutating func list(first: ListMarker) -> Block {
            var items: [[String]] = []
            while index < lines.count, let marker = NoteMarkup.listMarker(lines[index]), marker.ordered == first.ordered {
                var item = [marker.text.trimmingCharacters(in: .whitespaces)]
                index += 1
                // Indented lines, and lines that start no block (lazy continuation), go on.
                while index < lines.count, !isBlank(lines[index]), !startsBlock(lines[index], afterParagraph: false) {
                    item.append(lines[index].trimmingCharacters(in: .whitespaces))
                    index += 1
                }
                items.append(item)
            }
            return .list(ordered: first.ordered, start: first.number, items: items)
        }

        /// Whether `line` starts a block of its own, ending the text before it. As in
        /// CommonMark, a numbered list interrupts a paragraph only when it starts at 1, so a
        /// wrapped sentence whose next line begins "2019." stays one paragraph.
        private func startsBlock(_ line: String, afterParagraph: Bool) -> Bool {
            if NoteMarkup.fence(line) != nil || NoteMarkup.heading(line) != nil { return true }
            guard let marker = NoteMarkup.listMarker(line) else { return false }
            return !afterParagraph || !marker.ordered || marker.number == 1
        }

        private func isBlank(_ line: String) -> Bool {
            line.allSatisfy(\.isWhitespace)
        }
    }

    /// The fence `line` opens, if it opens one (up to three spaces before it; a backtick
    /// fence's info string has no backtick).
    static func fence(_ line: String) -> Fence? {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        guard let character = rest.first, character == "`" || character == "~" else { return nil }
        let length = rest.prefix { $0 == character }.count
        guard length >= 3 else { return nil }
        if character == "`", rest.dropFirst(length).contains("`") { return nil }
        return Fence(character: character, length: length)
    }

    /// `line` as a heading: one to six `#`, then a space or the end; a closing run of `#` is dropped.
    static func heading(_ line: String) -> Block? {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        let level = rest.prefix { $0 == "#" }.count
        let after = rest.dropFirst(level)
        guard (1...6).contains(level), after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        var text = after.trimmingCharacters(in: .whitespaces)
        let closing = text.reversed().prefix { $0 == "#" }.count
        if closing > 0, closing == text.count || text.dropLast(closing).last == " " {
            text = String(text.dropLast(closing)).trimmingCharacters(in: .whitespaces)
        }
        return .heading(level: level, text: text)
    }

    /// `line` as a list item: up to three spaces, a marker, then a space or a tab.
    static func listMarker(_ line: String) -> ListMarker? {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        if let first = rest.first, "-*+".contains(first) {
            let after = rest.dropFirst()
            guard after.first == " " || after.first == "\t" else { return nil }
            return ListMarker(ordered: false, number: 0, text: String(after.dropFirst()))
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard (1...9).contains(digits.count), let number = Int(digits) else { return nil }
        let after = rest.dropFirst(digits.count)
        guard let delimiter = after.first, delimiter == "." || delimiter == ")" else { return nil }
        let text = after.dropFirst()
        guard text.first == " " || text.first == "\t" else { return nil }
        return ListMarker(ordered: true, number: number, text: String(text.dropFirst()))
    }
}
