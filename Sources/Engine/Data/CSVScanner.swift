/// Finds the fields of CSV text, RFC 4180 style: fields separated by commas, records by
/// `\n` or `\r\n`; a field in double quotes may hold commas, line breaks and doubled
/// quotes (`""` is one `"`). Spaces and tabs around a field are not part of it, and a
/// quote in the middle of an unquoted field is kept as text, as pandas does.
///
/// The scanner only reports where things are (byte offsets); it never allocates, so the
/// reader can walk a 90 MB file at memory speed and make strings only for what it keeps.
struct CSVScanner {
    let bytes: UnsafePointer<UInt8>
    /// One past the last byte this scanner may read.
    let end: Int

    static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    /// One field: where its content is and what ends it.
    struct Field {
        /// The content: inside the quotes for a quoted field, trimmed of spaces otherwise.
        var start: Int
        var end: Int
        var isQuoted = false
        /// A quoted field holding `""`, which stands for one quote.
        var hasDoubledQuotes = false
        /// The last field of its record.
        var endsRecord = false
        /// The offset of what ended it: a comma, a line break, or the end of the text.
        var stop: Int
        /// Where the next field or record starts.
        var next: Int
        /// A malformed field: what is wrong, and the offset to report it at.
        var problem: (offset: Int, kind: CSVProblem.Kind)?
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// The field starting at `start` (a record's start or just after a comma).
    func field(at start: Int) -> Field {
        var p = start
        while p < end, Self.isSpace(bytes[p]) { p += 1 }
        guard p < end, bytes[p] == Self.quote else { return unquotedField(from: p) }
        let opening = p
        p += 1
        var field = Field(start: p, end: p, isQuoted: true, stop: end, next: end)
        while p < end {
            if bytes[p] == Self.quote {
                guard p + 1 < end, bytes[p + 1] == Self.quote else { break }
                field.hasDoubledQuotes = true
                p += 2
            } else {
                p += 1
            }
        }
        field.end = min(p, end)
        guard p < end else {
            field.endsRecord = true
            field.problem = (opening, .unclosedQuote)
            return field
        }
        p += 1
        while p < end, Self.isSpace(bytes[p]) { p += 1 }
        if let (endsRecord, next) = terminator(at: p) {
            field.endsRecord = endsRecord
            field.stop = p
            field.next = next
        } else {
            // Text after the closing quote: report it, and resume at the next line.
            field.problem = (p, .textAfterQuote)
            field.endsRecord = true
            field.stop = lineEnd(from: p)
            field.next = min(field.stop + 1, end)
        }
        return field
    }

    /// An unquoted field: everything up to the next comma or line break, trimmed.
    private func unquotedField(from start: Int) -> Field {
        var p = start
        while p < end, bytes[p] != Self.comma, bytes[p] != Self.newline { p += 1 }
        var contentEnd = p
        while contentEnd > start, Self.isSpace(bytes[contentEnd - 1]) || bytes[contentEnd - 1] == Self.carriageReturn {
            contentEnd -= 1
        }
        let endsRecord = p == end || bytes[p] == Self.newline
        var stop = p
        if endsRecord, stop > start, bytes[stop - 1] == Self.carriageReturn { stop -= 1 }
        return Field(start: start, end: contentEnd, endsRecord: endsRecord, stop: stop, next: min(p + 1, end))
    }

    /// Whether `p` ends a field (a comma, a line break, `\r\n`, the end): whether it also
    /// ends the record, and where the next field starts. Nil for any other byte.
    @inline(__always)
    func terminator(at p: Int) -> (endsRecord: Bool, next: Int)? {
        if p >= end { return (true, end) }
        switch bytes[p] {
        case Self.comma: return (false, p + 1)
        case Self.newline: return (true, p + 1)
        case Self.carriageReturn where p + 1 == end: return (true, end)
        case Self.carriageReturn where bytes[p + 1] == Self.newline: return (true, p + 2)
        default: return nil
        }
    }

    /// The offset of the `\n` ending the line `p` is on, or `end`.
    func lineEnd(from p: Int) -> Int {
        var p = p
        while p < end, bytes[p] != Self.newline { p += 1 }
        return p
    }

    /// When the line at `p` holds only spaces, tabs and a `\r`: where the next line starts.
    func blankLineEnd(at p: Int) -> Int? {
        var q = p
        while q < end, Self.isSpace(bytes[q]) || bytes[q] == Self.carriageReturn { q += 1 }
        if q == end { return end }
        return bytes[q] == Self.newline ? q + 1 : nil
    }

    /// Whether `start..<end` spells a missing value: empty, `NA`, `N/A`, `nan`, `NaN`,
    /// `null` or `NULL` (pandas' common spellings).
    func isMissing(_ start: Int, _ end: Int) -> Bool {
        let length = end - start
        if length == 0 { return true }
        guard length <= 4 else { return false }
        return Self.missingSpellings.contains { spelling in
            spelling.count == length && spelling.indices.allSatisfy { spelling[$0] == bytes[start + $0] }
        }
    }

    static let missingSpellings: [[UInt8]] = ["NA", "N/A", "nan", "NaN", "null", "NULL"].map { Array($0.utf8) }

    /// A field's content as a string: `""` becomes `"` in a quoted field.
    func text(of field: Field) -> String {
        let raw = String(decoding: UnsafeBufferPointer(start: bytes + field.start, count: field.end - field.start), as: UTF8.self)
        return field.hasDoubledQuotes ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
    }

    /// The fields of the record starting at `start`, and where the next record starts.
    func record(at start: Int) -> (fields: [Field], next: Int) {
        var fields: [Field] = []
        var p = start
        while true {
            let field = field(at: p)
            fields.append(field)
            p = field.next
            if field.endsRecord || field.problem != nil { return (fields, field.next) }
        }
    }
}

extension String {
    /// Every `target` replaced (the Engine does not import Foundation).
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
