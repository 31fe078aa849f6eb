import Lang

/// The spans inside a note's block: `code`, `*emphasis*`, `**bold**`, `[links](url)` and
/// backslash escapes. Everything else is text, escaped for HTML.
extension NoteMarkup {
    /// `text` as HTML: its spans as tags, every other character escaped.
    static func spans(_ text: String) -> String {
        SpanReader(characters: Array(text)).html(0..<text.count)
    }

    /// Whether a link may point at `url`: http(s), a fragment, or a relative path. Anything
    /// else (`javascript:`, `data:`, `//host`, `\\host`) stays text. Whitespace, control
    /// characters and backslashes are refused anywhere, since browsers drop or reinterpret
    /// them (`java\tscript:` is `javascript:` to a browser).
    static func isSafeLink(_ url: String) -> Bool {
        guard !url.isEmpty, !url.unicodeScalars.contains(where: { $0.properties.isWhitespace || VisibleText.isControl($0) || $0 == "\\" })
        else {
            return false
        }
        let lowered = url.lowercased()
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") { return true }
        if url.hasPrefix("//") { return false }
        // A relative URL has no scheme: no ':' before the first '/', '?' or '#'.
        let beforePath = url.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !beforePath.contains(":")
    }

    /// Reads spans over a note's characters by index ranges, so emphasis and link text
    /// nest by recursion over a sub-range.
    struct SpanReader {
        var characters: [Character]

        func html(_ range: Range<Int>) -> String {
            var out = ""
            var index = range.lowerBound
            while index < range.upperBound {
                let character = characters[index]
                if character == "\\", index + 1 < range.upperBound, isEscapable(characters[index + 1]) {
                    out += HTMLExport.escaped(String(characters[index + 1]))
                    index += 2
                } else if character == "`" {
                    let run = runLength(at: index, in: range)
                    if let close = codeSpanEnd(at: index, in: range) {
                        out += "<code>" + HTMLExport.escaped(codeText(index + run..<close - run)) + "</code>"
                        index = close
                    } else {
                        out += String(repeating: "`", count: run)
                        index += run
                    }
                } else if let span = character == "*" ? emphasis(at: index, in: range) : character == "[" ? link(at: index, in: range) : nil
                {
                    out += span.html
                    index = span.end
                } else if character == "*" {
                    let run = runLength(at: index, in: range)
                    out += String(repeating: "*", count: run)
                    index += run
                } else {
                    out += HTMLExport.escaped(String(character))
                    index += 1
                }
            }
            return out
        }

        /// ASCII punctuation, which a backslash makes literal (CommonMark).
        private func isEscapable(_ character: Character) -> Bool {
            character.isASCII && character.isPunctuation || character.isASCII && character.isSymbol
        }

        /// How many of `characters[index]` follow one another from `index`.
        private func runLength(at index: Int, in range: Range<Int>) -> Int {
            var end = index
            while end < range.upperBound, characters[end] == characters[index] { end += 1 }
            return end - index
        }

        /// The end (past the closing run) of the code span opening at `index`: the next
        /// run of exactly as many backticks; nil when there is none.
        private func codeSpanEnd(at index: Int, in range: Range<Int>) -> Int? {
            let run = runLength(at: index, in: range)
            var scan = index + run
            while scan < range.upperBound {
                guard characters[scan] == "`" else {
                    scan += 1
                    continue
                }
                let length = runLength(at: scan, in: range)
                if length == run { return scan + length }
                scan += length
            }
            return nil
        }

        /// A code span's text: one space each side is dropped when both are there, so
        /// `` `` `a` `` `` can show backticks.
        private func codeText(_ range: Range<Int>) -> String {
            let text = String(characters[range])
            guard text.count >= 2, text.first == " ", text.last == " ", !text.allSatisfy({ $0 == " " }) else { return text }
            return String(text.dropFirst().dropLast())
        }

        /// The index after the span starting at `index` that must be skipped whole while
        /// looking for a closer (a code span or an escape), or `index + 1`.
        private func skip(_ index: Int, in range: Range<Int>) -> Int {
            if characters[index] == "\\" { return min(index + 2, range.upperBound) }
            if characters[index] == "`" { return codeSpanEnd(at: index, in: range) ?? index + runLength(at: index, in: range) }
            return index + 1
        }

        /// `*a*`, `**a**` or `***a***`: a run of stars followed by a non-space, closed by a
        /// run of as many stars after a non-space. Runs of other lengths inside are left
        /// to the inner text, so `**a *b* c**` nests.
        private func emphasis(at index: Int, in range: Range<Int>) -> (html: String, end: Int)? {
            let run = runLength(at: index, in: range)
            let open = index + run
            guard run <= 3, open < range.upperBound, !characters[open].isWhitespace else { return nil }
            var scan = open
            while scan < range.upperBound {
                guard characters[scan] == "*" else {
                    scan = skip(scan, in: range)
                    continue
                }
                let length = runLength(at: scan, in: range)
                if length == run, scan > open, !characters[scan - 1].isWhitespace {
                    let inner = html(open..<scan)
                    let tagged = [1: "<em>\(inner)</em>", 2: "<strong>\(inner)</strong>"][run] ?? "<em><strong>\(inner)</strong></em>"
                    return (tagged, scan + length)
                }
                scan += length
            }
            return nil
        }

        /// `[text](url)`: the text's brackets and the url's parentheses balance. A url that
        /// is not `isSafeLink` leaves the whole of it as text.
        private func link(at index: Int, in range: Range<Int>) -> (html: String, end: Int)? {
            guard let textEnd = closing(of: "[", "]", at: index, in: range), textEnd + 1 < range.upperBound, characters[textEnd + 1] == "(",
                let urlEnd = closing(of: "(", ")", at: textEnd + 1, in: range)
            else { return nil }
            let url = String(characters[textEnd + 2..<urlEnd])
            guard NoteMarkup.isSafeLink(url) else { return (HTMLExport.escaped(String(characters[index...urlEnd])), urlEnd + 1) }
            return ("<a href=\"\(HTMLExport.escaped(url))\">" + html(index + 1..<textEnd) + "</a>", urlEnd + 1)
        }

        /// The index of the bracket that closes the one at `index`, skipping code spans and escapes.
        private func closing(of open: Character, _ close: Character, at index: Int, in range: Range<Int>) -> Int? {
            var depth = 0
            var scan = index
            while scan < range.upperBound {
                if characters[scan] == open {
                    depth += 1
                } else if characters[scan] == close {
                    depth -= 1
                    if depth == 0 { return scan }
                }
                scan = characters[scan] == open || characters[scan] == close ? scan + 1 : skip(scan, in: range)
            }
            return nil
        }
    }
}
