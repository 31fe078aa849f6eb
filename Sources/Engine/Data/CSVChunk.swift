import Glibc

/// One stretch of a CSV file's records, parsed as numbers on one thread: the reader cuts
/// a large file into chunks at line breaks and parses them side by side.
///
/// Every cell is read as a number; a cell that is not one is NaN here and counted (with
/// the first few offsets kept), so the reader can decide afterwards whether its column is
/// numeric with a few bad cells or categorical (then it reads that column's text again).
/// Values go column-major into one buffer sized before parsing, so the hot loop neither
/// allocates nor checks capacity.
final class CSVChunk: @unchecked Sendable {
    /// A problem kept by offset; its location is worked out only if it is reported.
    struct Problem {
        var offset: Int
        var kind: CSVProblem.Kind?
    }

    let bytes: UnsafePointer<UInt8>
    let start: Int
    let end: Int
    let columns: Int
    /// Numbers at least this large are out of range (2^128 - 2^103 rounds to float32
    /// infinity; infinity itself for doubles).
    let limit: Double
    /// Whether a missing cell is a problem (for readers that allow none).
    let missingIsProblem: Bool
    /// Ctrl-C: read every `recordsBetweenStopChecks` records; a stop ends the chunk early.
    let stop: StopFlag?
    private(set) var wasStopped = false
    static let recordsBetweenStopChecks = 1 << 16

    /// Row capacity: no more records than lines, nor than bytes / columns.
    private(set) var capacity = 0
    /// `capacity × columns` doubles, column `c` at `values + c * capacity`.
    private(set) var values: UnsafeMutablePointer<Double>?
    private(set) var rows = 0
    /// Per column: how many cells were not numbers (or out of range, or missing when
    /// `missingIsProblem`), and the offsets of the first `keep` of them.
    private(set) var badCounts: [Int]
    private(set) var badOffsets: [[Int]]
    /// Malformed rows: the first `keep`, and how many in all.
    private(set) var rowProblems: [Problem] = []
    private(set) var rowProblemCount = 0

    private let keep = CSVError.shownProblemLimit

    init(bytes: UnsafePointer<UInt8>, start: Int, end: Int, columns: Int, limit: Double, missingIsProblem: Bool, stop: StopFlag?) {
        self.stop = stop
        self.bytes = bytes
        self.start = start
        self.end = end
        self.columns = columns
        self.limit = limit
        self.missingIsProblem = missingIsProblem
        badCounts = Array(repeating: 0, count: columns)
        badOffsets = Array(repeating: [], count: columns)
    }

    deinit { values?.deallocate() }

    /// The most rows this chunk can hold: one per line, and no more than a row of empty
    /// fields (`columns` bytes with its commas and line break) fits in its bytes.
    static func rowBound(bytes: UnsafePointer<UInt8>, start: Int, end: Int, columns: Int) -> Int {
        var lines = 1
        var p = start
        while p < end, let found = memchr(bytes + p, Int32(CSVScanner.newline), end - p) {
            lines += 1
            p = bytes.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return min(lines, (end - start) / max(columns, 1) + 1)
    }

    /// Counts the chunk's lines to size its buffer (the reader checks the total against
    /// the machine's memory before any chunk allocates).
    func measure() {
        // One spare row: a malformed record after the last good one is written before it is refused.
        capacity = Self.rowBound(bytes: bytes, start: start, end: end, columns: columns) + 1
    }

    /// Parses every record of the chunk; `measure` must have run.
    func parse() {
        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: max(capacity * columns, 1))
        values = buffer
        let scanner = CSVScanner(bytes: bytes, end: end)
        let n = columns, capacity = capacity, limit = limit
        var rows = 0
        var pending: [(column: Int, offset: Int)] = []
        var p = start
        var records = 0
        while p < end {
            if let next = scanner.blankLineEnd(at: p) {
                p = next
                continue
            }
            records &+= 1
            if records % Self.recordsBetweenStopChecks == 1, stop?.isRequested == true {
                wasStopped = true
                break
            }
            pending.removeAll(keepingCapacity: true)
            var column = 0
            var extraFieldOffset: Int? = nil
            var stop = p
            var problem: Problem? = nil
            while true {
                // Fast path: a plain number followed by a comma or a line break.
                if column < n, let (value, numberEnd) = FastFloat.scan(bytes, from: p, to: end), abs(value) < limit,
                    let (endsRecord, next) = scanner.terminator(at: numberEnd)
                {
                    buffer[column * capacity + rows] = value
                    column += 1
                    stop = numberEnd
                    p = next
                    if endsRecord { break } else { continue }
                }
                let field = scanner.field(at: p)
                if let fieldProblem = field.problem {
                    problem = Problem(offset: fieldProblem.offset, kind: fieldProblem.kind)
                    p = field.next
                    break
                }
                if column < n {
                    buffer[column * capacity + rows] = cell(field, scanner) ?? .nan
                    if isBad(field, scanner) { pending.append((column, p)) }
                } else if extraFieldOffset == nil {
                    extraFieldOffset = p
                }
                column += 1
                stop = field.stop
                p = field.next
                if field.endsRecord { break }
            }
            if problem == nil, column != n {
                problem = Problem(offset: extraFieldOffset ?? stop, kind: .wrongFieldCount(expected: n, got: column))
            }
            if let problem {
                rowProblemCount += 1
                if rowProblems.count < keep { rowProblems.append(problem) }
                continue
            }
            for (column, offset) in pending {
                badCounts[column] += 1
                if badOffsets[column].count < keep { badOffsets[column].append(offset) }
            }
            rows += 1
        }
        self.rows = rows
    }

    /// A field's number; nil when it is missing or not a number in range.
    @inline(__always)
    private func cell(_ field: CSVScanner.Field, _ scanner: CSVScanner) -> Double? {
        guard !field.hasDoubledQuotes, let value = FastFloat.parse(bytes, from: field.start, to: field.end), abs(value) < limit
        else { return nil }
        return value
    }

    /// Whether a field is a problem cell: not a number, out of range, or missing where
    /// missing cells are not allowed.
    private func isBad(_ field: CSVScanner.Field, _ scanner: CSVScanner) -> Bool {
        if scanner.isMissing(field.start, field.end) && !field.hasDoubledQuotes { return missingIsProblem }
        return cell(field, scanner) == nil
    }

    /// Column `c`'s values, `rows` of them.
    func column(_ c: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: values.map { $0 + c * capacity }, count: values == nil ? 0 : rows)
    }
}
