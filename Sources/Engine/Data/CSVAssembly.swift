/// Puts parsed chunks together: the columns in file order, each numeric or categorical,
/// and the problems found, in file order, with their lines and columns.
struct CSVAssembly {
    let scanner: CSVScanner
    /// Where line 1 starts (after a byte-order mark).
    let base: Int
    let source: String
    let names: [String]
    let chunks: [CSVChunk]
    let options: CSVReader.Options
    /// Columns read as text because most of their cells are not numbers.
    private(set) var categorical = Set<Int>()

    init(scanner: CSVScanner, base: Int, source: String, names: [String], chunks: [CSVChunk], options: CSVReader.Options) {
        self.scanner = scanner
        self.base = base
        self.source = source
        self.names = names
        self.chunks = chunks
        self.options = options
    }

    var rowCount: Int { chunks.reduce(0) { $0 + $1.rows } }
    var rowProblemCount: Int { chunks.reduce(0) { $0 + $1.rowProblemCount } }

    /// The columns, numeric unless most of a column's cells are not numbers.
    mutating func columns(bodyStart: Int) -> [DataColumn] {
        let rows = rowCount
        var columns: [DataColumn] = []
        for (c, name) in names.enumerated() {
            let values = [Double](unsafeUninitializedCapacity: rows) { buffer, count in
                var at = 0
                for chunk in chunks {
                    let part = chunk.column(c)
                    guard let from = part.baseAddress, let to = buffer.baseAddress else { continue }
                    (to + at).update(from: from, count: part.count)
                    at += part.count
                }
                count = at
            }
            let bad = chunks.reduce(0) { $0 + $1.badCounts[c] }
            if bad > 0, !options.numericOnly {
                let numbers = values.reduce(0) { $0 + ($1.isNaN ? 0 : 1) }
                if bad >= numbers { categorical.insert(c) }
            }
            columns.append(.numeric(name, values))
        }
        if !categorical.isEmpty {
            for (c, texts) in texts(ofColumns: categorical.sorted(), from: bodyStart) {
                columns[c] = .categorical(names[c], texts)
            }
        }
        return columns
    }

    /// The text of the given columns in every row the chunks kept (the same rows: blank
    /// lines and malformed records are left out by the same rules); nil for a missing cell.
    private func texts(ofColumns wanted: [Int], from start: Int) -> [(Int, [String?])] {
        var texts = wanted.map { _ in [String?]() }
        let slot = Dictionary(uniqueKeysWithValues: wanted.enumerated().map { ($1, $0) })
        var p = start
        while p < scanner.end {
            if let next = scanner.blankLineEnd(at: p) {
                p = next
                continue
            }
            let (fields, next) = scanner.record(at: p)
            p = next
            guard fields.count == names.count, fields.last?.problem == nil else { continue }
            for (c, field) in fields.enumerated() {
                guard let s = slot[c] else { continue }
                let missing = scanner.isMissing(field.start, field.end) && !field.hasDoubledQuotes
                texts[s].append(missing ? nil : scanner.text(of: field))
            }
        }
        return zip(wanted, texts).map { ($0, $1) }
    }

    /// The first problems in file order (at most `CSVError.shownProblemLimit`) and how
    /// many there are: malformed rows, and bad cells of the numeric columns.
    func problems() -> (shown: [CSVProblem], total: Int) {
        var candidates: [(offset: Int, kind: CSVProblem.Kind?, column: Int)] = []
        var total = 0
        for chunk in chunks {
            total += chunk.rowProblemCount
            candidates += chunk.rowProblems.map { ($0.offset, $0.kind, -1) }
            for c in names.indices where !categorical.contains(c) {
                total += chunk.badCounts[c]
                candidates += chunk.badOffsets[c].map { ($0, nil, c) }
            }
        }
        let first = candidates.sorted { $0.offset < $1.offset }.prefix(CSVError.shownProblemLimit)
        var problems: [(offset: Int, kind: CSVProblem.Kind)] = []
        for candidate in first {
            if let kind = candidate.kind {
                problems.append((candidate.offset, kind))
            } else {
                problems.append(cellProblem(at: candidate.offset, column: names[candidate.column]))
            }
        }
        let locations = Self.locations(of: problems.map(\.offset), in: scanner, base: base, source: source)
        return (zip(locations, problems).map { CSVProblem(location: $0, kind: $1.kind) }, total)
    }

    /// What is wrong with the cell starting at `offset`, and where its text starts.
    private func cellProblem(at offset: Int, column: String) -> (offset: Int, kind: CSVProblem.Kind) {
        let field = scanner.field(at: offset)
        let text = scanner.text(of: field)
        let at = field.isQuoted ? field.start - 1 : field.start
        if scanner.isMissing(field.start, field.end), !field.hasDoubledQuotes {
            return (at, .missingValue(text: text, column: column))
        }
        if !field.hasDoubledQuotes, FastFloat.parse(scanner.bytes, from: field.start, to: field.end) != nil {
            return (at, .outOfRange(text: text, column: column, bits: options.numericOnly ? 32 : 64))
        }
        return (at, .notANumber(text: text, column: column))
    }

    /// The line and column (in characters) of each offset, in one walk over the text.
    static func locations(of offsets: [Int], in scanner: CSVScanner, base: Int, source: String) -> [CSVLocation] {
        let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
        var result = [CSVLocation](repeating: CSVLocation(source: source, line: 1, column: 1), count: offsets.count)
        var line = 1, lineStart = base, p = base
        for i in order {
            let offset = min(offsets[i], scanner.end)
            while p < offset {
                if scanner.bytes[p] == CSVScanner.newline {
                    line += 1
                    lineStart = p + 1
                }
                p += 1
            }
            var column = 1
            for q in lineStart..<max(lineStart, offset) where scanner.bytes[q] & 0xC0 != 0x80 { column += 1 }
            result[i] = CSVLocation(source: source, line: line, column: column)
        }
        return result
    }
}
