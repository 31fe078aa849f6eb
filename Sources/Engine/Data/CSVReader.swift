import Dispatch
import Glibc

/// Reads a CSV file into a `Dataset`: the one CSV parser (NumericCSV is built on it).
///
/// What it accepts: a header row, unless every field of the first row is a number (then
/// the columns are `column_1`, `column_2`, …); RFC 4180 quoting; `\n` or `\r\n`; a UTF-8
/// byte-order mark; blank lines (skipped); spaces around fields. Missing cells are empty
/// or spelled `NA`, `N/A`, `nan`, `NaN`, `null`, `NULL`: NaN in a numeric column, code -1
/// in a categorical one.
///
/// Column types: a column is numeric when its cells are numbers, categorical when most
/// of them are not; in a column that is mostly numbers each cell that is not one is a
/// problem. Every malformed row and every such cell is reported, all in one error with
/// file:line:col, unless `skipBadRows` leaves the rows out and the cells missing.
///
/// Speed: the file is read in one go; a file with no quote byte is cut at line breaks
/// into a chunk per core, parsed side by side (a quoted field may hold a line break, so
/// a file with quotes is parsed on one thread). Numbers go through `FastFloat`.
public enum CSVReader {
    public struct Options: Sendable, Equatable {
        /// Leave malformed rows out and make unparsable cells missing, instead of failing.
        public var skipBadRows = false
        /// Every column must be numbers, with no missing cells, within float32's range
        /// (what `NumericCSV` asks).
        public var numericOnly = false

        public init(skipBadRows: Bool = false, numericOnly: Bool = false) {
            self.skipBadRows = skipBadRows
            self.numericOnly = numericOnly
        }
    }

    /// A dataset and what was left out on the way.
    public struct Result: Sendable {
        public var dataset: Dataset
        /// Whether the first row named the columns.
        public var hasHeader: Bool
        /// Malformed rows left out (with `skipBadRows`).
        public var skippedRows: Int
        /// Unparsable cells made missing (with `skipBadRows`).
        public var blankedCells: Int
        /// The first of those problems, in file order, for a warning to show.
        public var skipped: [CSVProblem]
    }

    /// CSV files larger than this are refused before reading.
    public static let byteLimit = 1 << 30

    /// Reads and parses the file at `path`; messages name it as given.
    /// - Parameter name: the dataset's name (the path when nil).
    /// - Throws: `CSVError`.
    public static func read(path: String, name: String? = nil, options: Options = Options()) throws(CSVError) -> Result {
        let bytes = try readFile(path: path)
        let result = bytes.withUnsafeBufferPointer { buffer in
            Swift.Result { () throws(CSVError) in try parse(buffer, source: path, name: name ?? path, options: options) }
        }
        return try result.get()
    }

    /// Parses CSV text; `source` names it in messages (a file name, say).
    /// - Throws: `CSVError`.
    public static func parse(_ text: String, source: String, name: String? = nil, options: Options = Options()) throws(CSVError) -> Result {
        var text = text
        let result = text.withUTF8 { buffer in
            Swift.Result { () throws(CSVError) in try parse(buffer, source: source, name: name ?? source, options: options) }
        }
        return try result.get()
    }

    static func parse(_ buffer: UnsafeBufferPointer<UInt8>, source: String, name: String, options: Options) throws(CSVError) -> Result {
        guard let bytes = buffer.baseAddress else { throw .empty(source: source) }
        let scanner = CSVScanner(bytes: bytes, end: buffer.count)
        let hasBOM = buffer.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        let base = hasBOM ? 3 : 0
        var p = base
        while p < buffer.count, let next = scanner.blankLineEnd(at: p) { p = next }
        guard p < buffer.count else { throw .empty(source: source) }

        let header = try CSVHeader(scanner, at: p, base: base, source: source)
        let bodyStart = header.isHeader ? header.next : p
        let columnCount = header.names.count
        let chunks = makeChunks(bytes, from: bodyStart, to: buffer.count, columns: columnCount, options: options)
        DispatchQueue.concurrentPerform(iterations: chunks.count) { chunks[$0].measure() }
        let cells = chunks.reduce(0) { $0 &+ $1.capacity } &* columnCount
        guard cells <= memoryLimitCells else { throw .tooLarge(source: source, cells: cells) }
        DispatchQueue.concurrentPerform(iterations: chunks.count) { chunks[$0].parse() }
        if let stopped = chunks.first(where: \.wasStopped) {
            stopped.stop?.reset()  // one Ctrl-C stops one cell
            throw .cancelled
        }

        var assembly = CSVAssembly(scanner: scanner, base: base, source: source, names: header.names, chunks: chunks, options: options)
        let columns = assembly.columns(bodyStart: bodyStart)
        let (shown, total) = assembly.problems()
        if total > 0, !options.skipBadRows { throw .problems(shown, total: total) }
        let dataset: Dataset
        do {
            dataset = try Dataset(name: name, columns: columns)
        } catch {
            // Names were checked by CSVHeader and every column has one value per row.
            throw .duplicateColumn(CSVLocation(source: source, line: 1, column: 1), name: header.names.first ?? "")
        }
        return Result(
            dataset: dataset, hasHeader: header.isHeader, skippedRows: assembly.rowProblemCount,
            blankedCells: total - assembly.rowProblemCount, skipped: shown)
    }

    // MARK: Chunks

    /// Below this many bytes one thread parses the whole file.
    public static let parallelThreshold = 1 << 20

    /// The body cut at line breaks into one chunk per core, when that is safe (no quote
    /// byte anywhere, so every line break ends a record) and worth it.
    private static func makeChunks(
        _ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int, columns: Int, options: Options
    ) -> [CSVChunk] {
        let limit = options.numericOnly ? 0x1p128 - 0x1p103 : Double.infinity
        func chunk(_ s: Int, _ e: Int) -> CSVChunk {
            CSVChunk(
                bytes: bytes, start: s, end: e, columns: columns, limit: limit, missingIsProblem: options.numericOnly,
                stop: StopFlag.current)
        }
        let length = end - start
        let cores = max(1, min(8, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        guard cores > 1, length >= parallelThreshold, memchr(bytes + start, Int32(CSVScanner.quote), length) == nil else {
            return [chunk(start, end)]
        }
        var chunks: [CSVChunk] = []
        var s = start
        for i in 1...cores {
            var e = i == cores ? end : start + length / cores * i
            if e < end, e > s, let found = memchr(bytes + e, Int32(CSVScanner.newline), end - e) {
                e = bytes.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            } else {
                e = end
            }
            if e > s { chunks.append(chunk(s, e)) }
            s = e
            if s >= end { break }
        }
        return chunks
    }

    /// The most cells (8 bytes each) a file may take: half the machine's memory.
    static var memoryLimitCells: Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return Int.max }
        let (bytes, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        return overflow ? Int.max : bytes / 16
    }

    // MARK: Reading the file

    /// The file's bytes: only a regular file (`RegularFile`: a pipe or device is refused,
    /// never waited on), at most `byteLimit` of them, checked before reading and while
    /// reading (the file may grow).
    static func readFile(path: String) throws(CSVError) -> [UInt8] {
        let opened: (descriptor: Int32, size: Int)
        do {
            opened = try RegularFile.opened(path)
        } catch {
            throw .unreadable(path: path, reason: error.reason)
        }
        defer { _ = close(opened.descriptor) }
        let tooLarge = CSVError.unreadable(path: path, reason: "larger than \(byteLimit >> 20) MB; Sprout reads CSV files up to that size")
        guard opened.size <= byteLimit else { throw tooLarge }
        var bytes: [UInt8] = []
        var capacity = opened.size + 1  // one more byte tells whether the file grew
        while true {
            let old = bytes.count
            var failure: Int32 = 0
            // Read straight into the array's spare capacity: no zero-filling first.
            let grown = [UInt8](unsafeUninitializedCapacity: old + capacity) { buffer, count in
                guard let base = buffer.baseAddress else { return }
                bytes.withUnsafeBufferPointer { existing in
                    if let from = existing.baseAddress { base.initialize(from: from, count: old) }
                }
                var got = 0
                while got < capacity {
                    let n = Glibc.read(opened.descriptor, base + old + got, capacity - got)
                    if n < 0, errno == EINTR { continue }
                    if n < 0 { failure = errno }
                    if n <= 0 { break }
                    got += n
                }
                count = old + got
            }
            if failure != 0 { throw .unreadable(path: path, reason: RegularFile.reason(errno: failure)) }
            if grown.count < old + capacity { return grown }
            bytes = grown
            if bytes.count > byteLimit { throw tooLarge }
            capacity = max(1 << 16, bytes.count)  // doubling: a file that keeps growing is read in O(n)
        }
    }
}
