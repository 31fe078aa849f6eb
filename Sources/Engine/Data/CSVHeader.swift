/// A CSV file's first row: the column names, or the first row of data when every field
/// of it is a number (then the columns are named `column_1`, `column_2`, …, as a file
/// written without a header needs).
struct CSVHeader {
    let names: [String]
    /// Whether the row names the columns (false: it is data).
    let isHeader: Bool
    /// Where the row after it starts.
    let next: Int

    /// - Throws: `CSVError.problems` for a malformed first row, `.duplicateColumn` when a
    ///   name repeats.
    init(_ scanner: CSVScanner, at start: Int, base: Int, source: String) throws(CSVError) {
        let (fields, next) = scanner.record(at: start)
        if let last = fields.last, let problem = last.problem {
            let location = CSVAssembly.locations(of: [problem.offset], in: scanner, base: base, source: source)[0]
            throw .problems([CSVProblem(location: location, kind: problem.kind)], total: 1)
        }
        let looksLikeData =
            fields.allSatisfy { field in
                !field.hasDoubledQuotes
                    && (scanner.isMissing(field.start, field.end)
                        || FastFloat.parse(scanner.bytes, from: field.start, to: field.end) != nil)
            } && fields.contains { !scanner.isMissing($0.start, $0.end) }
        self.next = next
        isHeader = !looksLikeData
        guard isHeader else {
            names = (1...fields.count).map { "column_\($0)" }
            return
        }
        var names: [String] = []
        var seen = Set<String>()
        for (i, field) in fields.enumerated() {
            // An unnamed column (pandas writes its index so) gets a name a user can type.
            let text = scanner.text(of: field)
            let name = text.isEmpty ? "column_\(i + 1)" : text
            guard seen.insert(name).inserted else {
                let offset = field.isQuoted ? field.start - 1 : field.start
                let location = CSVAssembly.locations(of: [offset], in: scanner, base: base, source: source)[0]
                throw .duplicateColumn(location, name: name)
            }
            names.append(name)
        }
        self.names = names
    }
}
