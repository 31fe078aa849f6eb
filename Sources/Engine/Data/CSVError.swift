/// Where in a CSV file something went wrong; line and column are 1-based, the column
/// counts characters (not bytes) from the start of the line, and lines are the file's
/// own (a newline inside a quoted field starts a new one), as an editor shows them.
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

/// One bad row or cell of a CSV file.
public struct CSVProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A row has `got` fields where the header has `expected`.
        case wrongFieldCount(expected: Int, got: Int)
        /// A quoted field is never closed: the quote at the location runs to the end of the file.
        case unclosedQuote
        /// Something follows a quoted field's closing quote before the next comma.
        case textAfterQuote
        /// A cell of a numeric column is not a number.
        case notANumber(text: String, column: String)
        /// A number too large for the `bits`-bit floats it is kept in.
        case outOfRange(text: String, column: String, bits: Int)
        /// A missing cell (empty, NA, nan, …) where the reader was told to allow none.
        case missingValue(text: String, column: String)
    }

    public let location: CSVLocation
    public let kind: Kind

    public init(location: CSVLocation, kind: Kind) {
        self.location = location
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case let .wrongFieldCount(expected, got):
            return "\(location): expected \(expected) fields, got \(got)"
        case .unclosedQuote:
            return "\(location): this quote is never closed (the field runs to the end of the file)"
        case .textAfterQuote:
            return "\(location): text after a closing quote (write a quote inside a quoted field twice: \"\")"
        case let .notANumber(text, column):
            return "\(location): \"\(text)\" is not a number (column \(column))"
        case let .outOfRange(text, column, bits):
            return "\(location): \"\(text)\" is too large for a \(bits)-bit float (column \(column))"
        case let .missingValue(text, column):
            let what = text.isEmpty ? "empty field" : "missing value \(text)"
            return "\(location): \(what) in column \(column): missing values are not supported yet"
        }
    }

    /// Whether the whole row is unusable (as opposed to one cell).
    public var isRowProblem: Bool {
        switch kind {
        case .wrongFieldCount, .unclosedQuote, .textAfterQuote: return true
        case .notANumber, .outOfRange, .missingValue: return false
        }
    }
}

/// Why a CSV file could not be read.
public enum CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read; `reason` is the system's message.
    case unreadable(path: String, reason: String)
    /// The file holds nothing but whitespace (not even a header row).
    case empty(source: String)
    /// The header names a column twice.
    case duplicateColumn(CSVLocation, name: String)
    /// The file would take more memory than the machine has.
    case tooLarge(source: String, cells: Int)
    /// Bad rows and cells: the first `shownProblemLimit` in file order, and how many in all.
    case problems([CSVProblem], total: Int)
    /// Ctrl-C (the flag bound to `StopFlag.current`) stopped the read.
    case cancelled

    /// How many problems an error lists; the rest are counted.
    public static let shownProblemLimit = 10

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): cannot read the file: \(reason)"
        case let .empty(source):
            return "\(source):1:1: the file is empty (expected a header row of column names)"
        case let .duplicateColumn(at, name):
            return "\(at): the header names column '\(name)' twice; rename one"
        case let .tooLarge(source, cells):
            return "\(source): about \(cells) cells, more than this machine's memory holds"
        case .cancelled:
            return "stopped"
        case let .problems(shown, total):
            if total == 1, let only = shown.first { return only.description }
            var lines = ["\(shown.first?.location.source ?? "the file") has \(total) bad rows or cells:"]
            lines += shown.map { "  \($0)" }
            if total > shown.count { lines.append("  and \(total - shown.count) more") }
            return lines.joined(separator: "\n")
        }
    }
}
