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
    ///
    /// A loaded file's note can be anything, so the work is bounded: spans nest at most
    /// `maxDepth` deep (deeper ones stay text, where recursion could overflow the
    /// stack), brackets are matched once for the whole note, and a run of stars that
    /// found no closer is not looked for again, so no note takes quadratic time.
    struct SpanReader {
        static let maxDepth = 16

        let characters: [Character]
        /// The index of the `]` or `)` that closes each `[` and `(`, skipping code spans
        /// and escapes; unclosed ones are absent.
        let closers: [Int: Int]
        var depth = 0

        init(characters: [Character]) {
            self.characters = characters
            var closers: [Int: Int] = [:]
            var brackets: [Int] = []
            var parentheses: [Int] = []
            let whole = 0..<characters.count
            var index = 0
            while index < characters.count {
                switch characters[index] {
                case "[": brackets.append(index)
                case "(": parentheses.append(index)
                case "]": if let open = brackets.popLast() { closers[open] = index }
                case ")": if let open = parentheses.popLast() { closers[open] = index }
                default: break
                }
                index = Self.skip(index, in: whole, of: characters)
            }
            self.closers = closers
        }

        func html(_ range: Range<Int>) -> String {
            var out = ""
            var index = range.lowerBound
            var unclosedRuns = Set<Int>()  // lengths of star runs that found no closer
            let nests = depth < Self.maxDepth
            while index < range.upperBound {
                let character = characters[index]
                if character == "\\", index + 1 < range.upperBound, Self.isEscapable(characters[index + 1]) {
                    out += HTMLExport.escaped(String(characters[index + 1]))
                    index += 2
                } else if character == "`" {
                    let run = Self.runLength(at: index, in: range, of: characters)
                    if let close = Self.codeSpanEnd(at: index, in: range, of: characters) {
                        out += "<code>" + HTMLExport.escaped(codeText(index + run..<close - run)) + "</code>"
                        index = close
                    } else {
                        out += String(repeating: "`", count: run)
                        index += run
                    }
                } else if nests, character == "[", let span = link(at: index, in: range) {
                    out += span.html
                    index = span.end
                } else if character == "*" {
                    let run = Self.runLength(at: index, in: range, of: characters)
                    if nests, !unclosedRuns.contains(run), let span = emphasis(at: index, in: range) {
                        out += span.html
                        index = span.end
                    } else {
                        if nests, canOpen(at: index, run: run, in: range) { unclosedRuns.insert(run) }
                        out += String(repeating: "*", count: run)
                        index += run
                    }
                } else {
                    out += HTMLExport.escaped(String(character))
                    index += 1
                }
            }
            return out
        }

        /// This reader one level deeper.
        private var nested: SpanReader {
            var reader = self
            reader.depth += 1
            return reader
        }

        /// ASCII punctuation, which a backslash makes literal (CommonMark).
        private static func isEscapable(_ character: Character) -> Bool {
            character.isASCII && (character.isPunctuation || character.isSymbol)
        }

        /// How many of `characters[index]` follow one another from `index`.
        private static func runLength(at index: Int, in range: Range<Int>, of characters: [Character]) -> Int {
            var end = index
            while end < range.upperBound, characters[end] == characters[index] { end += 1 }
            return end - index
        }

        /// The end (past the closing run) of the code span opening at `index`: the next
        /// run of exactly as many backticks; nil when there is none.
        private static func codeSpanEnd(at index: Int, in range: Range<Int>, of characters: [Character]) -> Int? {
            let run = runLength(at: index, in: range, of: characters)
            var scan = index + run
            while scan < range.upperBound {
                guard characters[scan] == "`" else {
                    scan += 1
                    continue
                }
                let length = runLength(at: scan, in: range, of: characters)
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

        /// The index after what starts at `index` and is read whole: an escape, a code
        /// span, or (past `index + 1`) a single character.
        private static func skip(_ index: Int, in range: Range<Int>, of characters: [Character]) -> Int {
            if characters[index] == "\\" { return min(index + 2, range.upperBound) }
            if characters[index] == "`" {
                return codeSpanEnd(at: index, in: range, of: characters) ?? index + runLength(at: index, in: range, of: characters)
            }
            return index + 1
        }

        /// Whether a star run may open emphasis (CommonMark's left-flanking): not followed
        /// by a space, and not followed by punctuation unless after a space or punctuation.
        private func canOpen(at index: Int, run: Int, in range: Range<Int>) -> Bool {
            let next = index + run < range.upperBound ? characters[index + run] : nil
            let previous = index > range.lowerBound ? characters[index - 1] : nil
            guard let next, !next.isWhitespace else { return false }
            return !next.isPunctuation || previous.map { $0.isWhitespace || $0.isPunctuation } ?? true
        }

        /// Whether a star run may close emphasis (right-flanking): the mirror of `canOpen`.
        private func canClose(at index: Int, run: Int, in range: Range<Int>) -> Bool {
            let previous = index > range.lowerBound ? characters[index - 1] : nil
            let next = index + run < range.upperBound ? characters[index + run] : nil
            guard let previous, !previous.isWhitespace else { return false }
            return !previous.isPunctuation || next.map { $0.isWhitespace || $0.isPunctuation } ?? true
        }

        /// `*a*`, `**a**` or `***a***`: a run of stars that can open, closed by the next run
        /// of as many that can close, outside code spans and links. Runs of other lengths
        /// inside are left to the inner text, so `**a *b* c**` nests.
        private func emphasis(at index: Int, in range: Range<Int>) -> (html: String, end: Int)? {
            let run = Self.runLength(at: index, in: range, of: characters)
            guard run <= 3, canOpen(at: index, run: run, in: range) else { return nil }
            var scan = index + run
            while scan < range.upperBound {
                if characters[scan] == "*" {
                    let length = Self.runLength(at: scan, in: range, of: characters)
                    if length == run, canClose(at: scan, run: length, in: range) {
                        let inner = nested.html(index + run..<scan)
                        let tagged = [1: "<em>\(inner)</em>", 2: "<strong>\(inner)</strong>"][run] ?? "<em><strong>\(inner)</strong></em>"
                        return (tagged, scan + length)
                    }
                    scan += length
                } else if characters[scan] == "[", let end = linkEnd(at: scan, in: range) {
                    scan = end
                } else {
                    scan = Self.skip(scan, in: range, of: characters)
                }
            }
            return nil
        }

        /// The index of the bracket closing the one at `index` inside `range`.
        private func closer(of index: Int, in range: Range<Int>) -> Int? {
            closers[index].flatMap { $0 < range.upperBound ? $0 : nil }
        }

        /// The end (past its `)`) of the `[text](url)` starting at `index`.
        private func linkEnd(at index: Int, in range: Range<Int>) -> Int? {
            guard let textEnd = closer(of: index, in: range), textEnd + 1 < range.upperBound, characters[textEnd + 1] == "(",
                let urlEnd = closer(of: textEnd + 1, in: range)
            else { return nil }
            return urlEnd + 1
        }

        /// `[text](url)`: the text's brackets and the url's parentheses balance. A url that
        /// is not `isSafeLink` leaves the whole of it as text.
        private func link(at index: Int, in range: Range<Int>) -> (html: String, end: Int)? {
            guard let end = linkEnd(at: index, in: range), let textEnd = closer(of: index, in: range) else { return nil }
            let url = String(characters[textEnd + 2..<end - 1])
            guard NoteMarkup.isSafeLink(url) else { return (HTMLExport.escaped(String(characters[index..<end])), end) }
            return ("<a href=\"\(HTMLExport.escaped(url))\">" + nested.html(index + 1..<textEnd) + "</a>", end)
        }
    }
}
