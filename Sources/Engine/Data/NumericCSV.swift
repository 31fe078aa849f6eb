import Glibc

/// A numeric table read from a CSV file: named columns and row-major float32 values.
public struct NumericTable: Sendable, Equatable {
    /// The names from the header row, in file order.
    public let columns: [String]
    /// The number of data rows (the header is not counted).
    public let rows: Int
    /// `rows × columns.count` values, row-major: row `r`, column `c` is at `r * columns.count + c`.
    public let values: [Float]

    public init(columns: [String], rows: Int, values: [Float]) {
        self.columns = columns
        self.rows = rows
        self.values = values
    }
}

public extension NumericTable {
    /// The benchmark split: row `i` (0-based, in file order) is a test row when
    /// `i % testEvery == testRemainder`, a training row otherwise.
    /// With the defaults, digits.csv gives 1438 training and 359 test rows.
    /// A `testEvery` below 1 puts every row in training.
    /// - Complexity: O(rows).
    func split(testEvery: Int = 5, testRemainder: Int = 4) -> (train: [Int], test: [Int]) {
        guard testEvery > 0 else { return (Array(0..<rows), []) }
        var train: [Int] = []
        var test: [Int] = []
        train.reserveCapacity(rows)
        test.reserveCapacity(rows / testEvery + 1)
        for row in 0..<rows {
            if row % testEvery == testRemainder { test.append(row) } else { train.append(row) }
        }
        return (train, test)
    }
}

/// Where in a CSV file something went wrong; line and column are 1-based, the column
/// counts characters (not bytes) from the start of the line.
public struct CSVLocation: Sendable, Equatable, CustomStringConvertible {
    public let source: String
    public let line: Int
    public let column: Int

    public init(source: String, line: Int, column: Int) {
        self.source = source
        self.line = line
        self.column = column
    }

    public var description: String { "\(source):\(line):\(column)" }
}

/// Why a CSV file could not be read as a numeric table.
public enum CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read; `reason` is the system's message.
    case unreadable(path: String, reason: String)
    /// The file holds nothing but whitespace (not even a header row).
    case empty(source: String)
    /// The first line, which should name the columns, is blank.
    case blankHeader(CSVLocation)
    /// A header field is empty; `index` is the 1-based field number.
    case unnamedColumn(CSVLocation, index: Int)
    /// A data row has `got` fields where the header has `expected`.
    case wrongFieldCount(CSVLocation, expected: Int, got: Int)
    /// A field is not a decimal number.
    case notANumber(CSVLocation, text: String, column: String)
    /// A field is a number too large for float32.
    case outOfRange(CSVLocation, text: String, column: String)
    /// A field is empty: a missing value, which the loader does not support yet.
    case missingValue(CSVLocation, column: String)
    /// A blank line followed by more data (blank lines are allowed only at the end).
    case blankLine(CSVLocation)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): cannot read the file: \(reason)"
        case let .empty(source):
            return "\(source):1:1: the file is empty (expected a header row of column names)"
        case let .blankHeader(at):
            return "\(at): the first line is blank (expected a header row of column names)"
        case let .unnamedColumn(at, index):
            return "\(at): column \(index) of the header has no name"
        case let .wrongFieldCount(at, expected, got):
            return "\(at): expected \(expected) fields, got \(got)"
        case let .notANumber(at, text, column):
            return "\(at): \"\(text)\" is not a number (column \(column))"
        case let .outOfRange(at, text, column):
            return "\(at): \"\(text)\" is too large for a 32-bit float (column \(column))"
        case let .missingValue(at, column):
            return "\(at): empty field in column \(column): missing values are not supported yet"
        case let .blankLine(at):
            return "\(at): blank line inside the data (only trailing blank lines are allowed)"
        }
    }
}

/// Reads CSV files of numbers with one header row: comma-separated, no quoting, `\n` or
/// `\r\n` line ends, an optional UTF-8 byte-order mark, blank lines allowed at the end.
/// Spaces and tabs around a field are ignored.
///
/// The parser works on the file's bytes, with no per-field allocation: digits.csv
/// (1797 × 65 fields) loads in about a millisecond in a release build.
public enum NumericCSV {
    /// Reads and parses the file at `path`; error messages name it as given.
    /// - Throws: `CSVError`.
    public static func load(path: String) throws -> NumericTable {
        let bytes = try readFile(path: path)
        return try bytes.withUnsafeBufferPointer { try parse(bytes: $0, source: path) }
    }

    /// Parses CSV text; `source` names it in error messages (a file name, say).
    /// - Throws: `CSVError`.
    public static func parse(_ text: String, source: String) throws -> NumericTable {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0, source: source) }
    }

    // MARK: Reading

    /// CSV files larger than this are refused before reading (digits.csv is 250 KB; a
    /// table this size would not fit in memory as floats next to its text anyway).
    public static let byteLimit = 1 << 30

    /// The file's bytes: only a regular file (`RegularFile`: a pipe or device is refused,
    /// never waited on), at most `byteLimit` of them, checked before reading and while
    /// reading (the file may grow).
    private static func readFile(path: String) throws(CSVError) -> [UInt8] {
        let opened: (descriptor: Int32, size: Int)
        do {
            opened = try RegularFile.opened(path)
        } catch {
            throw .unreadable(path: path, reason: error.reason)
        }
        guard let file = fdopen(opened.descriptor, "rb") else {
            let reason = RegularFile.reason(errno: errno)
            _ = close(opened.descriptor)
            throw .unreadable(path: path, reason: reason)
        }
        defer { fclose(file) }
        let tooLarge = CSVError.unreadable(path: path, reason: "larger than \(byteLimit >> 20) MB; Sprout reads CSV files up to that size")
        if opened.size > byteLimit { throw tooLarge }
        let chunk = 1 << 16
        var bytes: [UInt8] = []
        bytes.reserveCapacity(opened.size + chunk)  // the last read asks for a whole chunk
        while true {
            let old = bytes.count
            if old > byteLimit { throw tooLarge }
            bytes.append(contentsOf: repeatElement(0, count: chunk))
            let got = bytes.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.map { fread($0 + old, 1, chunk, file) } ?? 0
            }
            bytes.removeLast(chunk - got)
            if got < chunk {
                if ferror(file) != 0 { throw .unreadable(path: path, reason: RegularFile.reason(errno: errno)) }
                return bytes
            }
        }
    }

    // MARK: Parsing

    private static let comma = UInt8(ascii: ",")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    private static func parse(bytes: UnsafeBufferPointer<UInt8>, source: String) throws(CSVError) -> NumericTable {
        var lines = LineCursor(bytes: bytes)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { lines.position = 3 }

        if isBlank(bytes, lines.position, bytes.count) { throw .empty(source: source) }
        guard let header = lines.next() else { throw .empty(source: source) }
        if isBlank(bytes, header.start, header.end) {
            throw .blankHeader(CSVLocation(source: source, line: 1, column: 1))
        }
        let columns = try headerNames(bytes, header, source: source)

        var values: [Float] = []
        values.reserveCapacity(lineCount(bytes, from: lines.position) * columns.count)
        var firstBlankLine: Int? = nil

        while let line = lines.next() {
            if isBlank(bytes, line.start, line.end) {
                if firstBlankLine == nil { firstBlankLine = line.number }
                continue
            }
            if let blank = firstBlankLine {
                throw .blankLine(CSVLocation(source: source, line: blank, column: 1))
            }
            try parseRow(bytes, line, columns: columns, source: source, into: &values)
        }
        return NumericTable(columns: columns, rows: values.count / columns.count, values: values)
    }

    private static func headerNames(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Line, source: String) throws(CSVError) -> [String] {
        var names: [String] = []
        var p = line.start
        while true {
            let fieldStart = p
            while p < line.end, bytes[p] != comma { p += 1 }
            var (s, e) = trimmed(bytes, fieldStart, p)
            // Header names may be quoted ("sepal length"); the quotes are not part of the name.
            if e - s >= 2, bytes[s] == UInt8(ascii: "\""), bytes[e - 1] == UInt8(ascii: "\"") { s += 1; e -= 1 }
            if s == e {
                let at = location(bytes, line, fieldStart, source: source)
                throw .unnamedColumn(at, index: names.count + 1)
            }
            names.append(text(bytes, s, e))
            if p == line.end { return names }
            p += 1
        }
    }

    @inline(__always)
    private static func parseRow(
        _ bytes: UnsafeBufferPointer<UInt8>, _ line: Line, columns: [String], source: String,
        into values: inout [Float]
    ) throws(CSVError) {
        let expected = columns.count
        var field = 0
        var p = line.start
        while true {
            let fieldStart = p
            while p < line.end, bytes[p] != comma { p += 1 }
            if field == expected {
                throw .wrongFieldCount(
                    location(bytes, line, fieldStart, source: source),
                    expected: expected, got: fieldCount(bytes, line))
            }
            let (s, e) = trimmed(bytes, fieldStart, p)
            switch parseNumber(bytes, s, e) {
            case .value(let v):
                values.append(v)
            case .empty:
                throw .missingValue(location(bytes, line, fieldStart, source: source), column: columns[field])
            case .invalid:
                throw .notANumber(location(bytes, line, s, source: source), text: text(bytes, s, e), column: columns[field])
            case .tooLarge:
                throw .outOfRange(location(bytes, line, s, source: source), text: text(bytes, s, e), column: columns[field])
            }
            field += 1
            if p == line.end { break }
            p += 1
        }
        if field < expected {
            throw .wrongFieldCount(location(bytes, line, line.end, source: source), expected: expected, got: field)
        }
    }

    private enum NumberParse {
        case value(Float)
        case empty
        case invalid
        case tooLarge
    }

    /// Exact float32 powers of ten: 10^10 = 2^10 · 5^10 and 5^10 < 2^24.
    private static let exactPowers: [Float] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10]

    /// Parses `[-+]digits[.digits][(e|E)[-+]digits]` (at least one mantissa digit).
    /// Small mantissas with small exponents take the exact fast path (one correctly
    /// rounded multiply or divide, Clinger's method in float32); anything else goes
    /// through the standard library's correctly rounded parser.
    @inline(__always)
    private static func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> NumberParse {
        if start == end { return .empty }
        var p = start
        var isNegative = false
        if bytes[p] == UInt8(ascii: "-") || bytes[p] == UInt8(ascii: "+") {
            isNegative = bytes[p] == UInt8(ascii: "-")
            p += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var isTruncated = false
        var exponent = 0
        var sawDigit = false
        while p < end, case let d = bytes[p] &- UInt8(ascii: "0"), d < 10 {
            sawDigit = true
            if significantDigits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                if mantissa != 0 { significantDigits += 1 }
            } else {
                exponent += 1
                if d != 0 { isTruncated = true }
            }
            p += 1
        }
        if p < end, bytes[p] == UInt8(ascii: ".") {
            p += 1
            while p < end, case let d = bytes[p] &- UInt8(ascii: "0"), d < 10 {
                sawDigit = true
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    if mantissa != 0 { significantDigits += 1 }
                    exponent -= 1
                } else if d != 0 {
                    isTruncated = true
                }
                p += 1
            }
        }
        guard sawDigit else { return .invalid }
        if p < end, bytes[p] == UInt8(ascii: "e") || bytes[p] == UInt8(ascii: "E") {
            p += 1
            var isExponentNegative = false
            if p < end, bytes[p] == UInt8(ascii: "-") || bytes[p] == UInt8(ascii: "+") {
                isExponentNegative = bytes[p] == UInt8(ascii: "-")
                p += 1
            }
            var written = 0
            var sawExponentDigit = false
            while p < end, case let d = bytes[p] &- UInt8(ascii: "0"), d < 10 {
                sawExponentDigit = true
                if written < 100_000 { written = written * 10 + Int(d) }
                p += 1
            }
            guard sawExponentDigit else { return .invalid }
            exponent += isExponentNegative ? -written : written
        }
        guard p == end else { return .invalid }

        if !isTruncated, mantissa <= 1 << 24, exponent >= -10, exponent <= 10 {
            let m = Float(mantissa)
            let magnitude = exponent >= 0 ? m * exactPowers[exponent] : m / exactPowers[-exponent]
            return .value(isNegative ? -magnitude : magnitude)
        }
        let spelled = text(bytes, start, end)
        guard let value = Float(spelled) else { return .invalid }
        return value.isFinite ? .value(value) : .tooLarge
    }

    // MARK: Lines and positions

    private struct Line {
        /// 1-based line number.
        let number: Int
        /// Byte offsets of the line's content, without `\n` or a `\r` before it.
        let start: Int
        let end: Int
    }

    private struct LineCursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        var number = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        /// The next line, or nil at the end of the input (a final `\n` ends the last
        /// line rather than starting an empty one).
        mutating func next() -> Line? {
            guard position < bytes.count else { return nil }
            number += 1
            let start = position
            var end = start
            while end < bytes.count, bytes[end] != NumericCSV.newline { end += 1 }
            position = end + 1
            let contentEnd = end > start && bytes[end - 1] == NumericCSV.carriageReturn ? end - 1 : end
            return Line(number: number, start: start, end: contentEnd)
        }
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var p = start
        while p < end {
            let b = bytes[p]
            if !(isSpace(b) || b == newline || b == carriageReturn) { return false }
            p += 1
        }
        return true
    }

    @inline(__always)
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        var s = start
        var e = end
        while s < e, isSpace(bytes[s]) { s += 1 }
        while e > s, isSpace(bytes[e - 1]) { e -= 1 }
        return (s, e)
    }

    /// The number of lines from `start` on, counting an unterminated last line.
    private static func lineCount(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < bytes.count else { return 0 }
        var count = 0
        for p in start..<bytes.count where bytes[p] == newline { count += 1 }
        return bytes.last == newline ? count : count + 1
    }

    private static func fieldCount(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Line) -> Int {
        var count = 1
        for p in line.start..<line.end where bytes[p] == comma { count += 1 }
        return count
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// The location of byte `offset` in `line`, counting characters (UTF-8 lead bytes).
    private static func location(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Line, _ offset: Int, source: String) -> CSVLocation {
        var column = 1
        for p in line.start..<offset where bytes[p] & 0xC0 != 0x80 { column += 1 }
        return CSVLocation(source: source, line: line.number, column: column)
    }
}
