/// A half-open range of UTF-8 byte offsets into a `Source`'s text. Tokens and AST nodes
/// carry these; lines and columns are computed only when a diagnostic is rendered.
public struct SourceRange: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }

    public var description: String { "\(start)..<\(end)" }
}

/// A named piece of source text: a cell ("cell 12"), a file path, or "-e".
public final class Source: Sendable {
    public let name: String
    public let text: String
    /// The text's UTF-8 bytes, which the lexer scans.
    public let bytes: [UInt8]
    /// Offsets at which each line starts.
    let lineStarts: [Int]
    /// The line number of the text's first line: 1, or where a cell starts inside a file
    /// (`:load`, a replayed session), so diagnostics point at the file's own lines.
    public let firstLine: Int

    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    /// Line (counted from `firstLine`) and 1-based column (in characters) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let clamped = min(max(offset, 0), bytes.count)
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= clamped { lo = mid } else { hi = mid - 1 }
        }
        let prefix = bytes[lineStarts[lo]..<clamped]
        let column = String(decoding: prefix, as: UTF8.self).count + 1
        return (lo + firstLine, column)
    }

    /// The text of a line, numbered as `location(of:)` numbers them (from `firstLine`),
    /// without its newline; empty outside the text.
    public func line(_ number: Int) -> String {
        let index = number - firstLine + 1
        guard index >= 1 && index <= lineStarts.count else { return "" }
        let start = lineStarts[index - 1]
        var end = index < lineStarts.count ? lineStarts[index] - 1 : bytes.count
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The source text covered by a range.
    public func text(of range: SourceRange) -> String {
        let s = min(max(range.start, 0), bytes.count), e = min(max(range.end, s), bytes.count)
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }
}
