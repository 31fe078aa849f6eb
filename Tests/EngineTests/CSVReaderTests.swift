import Engine
import Testing

/// The CSV reader: every accepted form, type inference, missing cells, and every error
/// with its file:line:col, checked as rendered text.
@Suite("CSVReader")
struct CSVReaderTests {
    static func read(_ text: String, skipBadRows: Bool = false) throws -> CSVReader.Result {
        try CSVReader.parse(text, source: "t.csv", options: CSVReader.Options(skipBadRows: skipBadRows))
    }

    static func numbers(_ dataset: Dataset, _ name: String) -> [Double]? {
        guard case let .numeric(values)? = dataset.column(named: name)?.storage else { return nil }
        return values
    }

    static func texts(_ dataset: Dataset, _ name: String) -> [String?]? {
        guard let column = dataset.column(named: name), !column.isNumeric else { return nil }
        return (0..<column.count).map { column.text(at: $0) }
    }

    /// The message of the error reading `text` throws, or a note that it threw none.
    static func message(_ text: String) -> String {
        do {
            let result = try read(text)
            return "no error: \(result.dataset.rowCount) rows"
        } catch {
            return "\(error)"
        }
    }

    // MARK: Types and header

    @Test("numeric and categorical columns, with categories in order of first appearance")
    func types() throws {
        let data = try Self.read("name,size,species\nann,1.5,setosa\nbob,2,virginica\ncid,-3e2,setosa\n").dataset
        #expect(data.columnNames == ["name", "size", "species"])
        #expect(data.rowCount == 3)
        #expect(Self.numbers(data, "size") == [1.5, 2, -300])
        #expect(data.column(named: "species")?.storage == .categorical(codes: [0, 1, 0], categories: ["setosa", "virginica"]))
        #expect(Self.texts(data, "name") == ["ann", "bob", "cid"])
    }

    @Test("a first row of numbers is data, and the columns are named column_1 …")
    func noHeader() throws {
        let result = try Self.read("1,2.5,3\n4,5,6\n")
        #expect(!result.hasHeader)
        #expect(result.dataset.columnNames == ["column_1", "column_2", "column_3"])
        #expect(Self.numbers(result.dataset, "column_2") == [2.5, 5])
        #expect(try Self.read("a,2\n1,2\n").hasHeader)
    }

    @Test("a column of mostly text is categorical; text-looking numbers in it stay text")
    func mostlyText() throws {
        let data = try Self.read("code\nA1\nB2\n7\nC3\n").dataset
        #expect(Self.texts(data, "code") == ["A1", "B2", "7", "C3"])
    }

    // MARK: Quoting, line ends, spaces

    @Test("quoted fields hold commas, line breaks and doubled quotes")
    func quoting() throws {
        let text = "id,note\r\n1,\"a, b\"\r\n2,\"two\nlines\"\r\n3,\"say \"\"hi\"\"\"\r\n4, \"padded\" \r\n5,\"\"\r\n"
        let data = try Self.read(text).dataset
        #expect(Self.numbers(data, "id") == [1, 2, 3, 4, 5])
        #expect(Self.texts(data, "note") == ["a, b", "two\nlines", "say \"hi\"", "padded", nil])
    }

    @Test("a quoted number is a number; a quoted header name loses its quotes")
    func quotedNumbers() throws {
        let data = try Self.read("\"a b\",c\n\"1.5\",2\n").dataset
        #expect(data.columnNames == ["a b", "c"])
        #expect(Self.numbers(data, "a b") == [1.5])
    }

    @Test(
        "line ends, byte-order mark, blank lines and spaces",
        arguments: [
            "x,y\n1,a\n3,b\n", "x,y\n1,a\n3,b", "x,y\r\n1,a\r\n3,b\r\n", "\u{FEFF}x,y\r\n1,a\r\n3,b", "x,y\n1,a\n3,b\n\n \n",
            "\n\nx,y\n1,a\n\n3,b\n", " x , y \n 1 ,\ta\n3 , b \n",
        ])
    func variants(text: String) throws {
        let data = try Self.read(text).dataset
        #expect(data.columnNames == ["x", "y"])
        #expect(Self.numbers(data, "x") == [1, 3])
        #expect(Self.texts(data, "y") == ["a", "b"])
    }

    // MARK: Missing cells

    @Test("missing cells: empty, NA, N/A, nan, NaN, null, NULL, and a quoted empty field")
    func missing() throws {
        let spellings = ["", "NA", "N/A", "nan", "NaN", "null", "NULL", "\"\""]
        let rows = spellings.enumerated().map { "\($0.offset),\($0.element),x\($0.offset % 2),\($0.element)" }
        let data = try Self.read("n,v,c,d\n" + rows.joined(separator: "\n") + "\n9,1.5,y,z\n").dataset
        #expect(Self.numbers(data, "v")?.prefix(8).allSatisfy(\.isNaN) == true)
        #expect(Self.numbers(data, "v")?.last == 1.5)
        #expect(data.column(named: "v")?.missingCount == 8)
        #expect(data.column(named: "d")?.missingCount == 8)
        #expect(Self.texts(data, "d")?.last == "z")
        #expect(data.column(named: "c")?.missingCount == 0)
    }

    // MARK: Errors

    @Test(
        "each problem is reported with file:line:col and what is wrong",
        arguments: [
            ("too few fields", "a,b,c\n1,2,3\n4,5\n", "t.csv:3:4: expected 3 fields, got 2"),
            ("too many fields", "a,b\n1,2\n3,4,5,6\n", "t.csv:3:5: expected 2 fields, got 4"),
            (
                "unclosed quote", "a,b\n1,2\n3,\"four\n5,6\n",
                "t.csv:3:3: this quote is never closed (the field runs to the end of the file)"
            ),
            (
                "text after quote", "a,b\n1,\"x\"y\n2,3\n",
                "t.csv:2:6: text after a closing quote (write a quote inside a quoted field twice: \"\")"
            ),
            ("bad number", "a,b\n1,2\n3,4\n5,x7\n", "t.csv:4:3: \"x7\" is not a number (column b)"),
            ("bad number after é", "s,b\né,1\nü,2\nö,z\n", "t.csv:4:3: \"z\" is not a number (column b)"),
            ("bad number, quoted", "a\n1\n2\n\"x\"\n", "t.csv:4:1: \"x\" is not a number (column a)"),
            ("too large", "a\n1\n2\n1e400\n", "t.csv:4:1: \"1e400\" is too large for a 64-bit float (column a)"),
            ("line numbers count quoted line breaks", "a,b\n\"x\ny\",1\nz,2\nw,3,4\n", "t.csv:5:5: expected 2 fields, got 3"),
            ("duplicate name", "a,b,a\n1,2,3\n", "t.csv:1:5: the header names column 'a' twice; rename one"),
            ("empty", "\u{FEFF} \n\n", "t.csv:1:1: the file is empty (expected a header row of column names)"),
        ])
    func errors(id: String, text: String, expected: String) {
        #expect(Self.message(text) == expected, "\(id)")
    }

    @Test("every problem is reported at once: the first ten in file order, then a count")
    func manyProblems() {
        var lines = ["a,b"]
        for i in 0..<14 { lines.append(i % 2 == 0 ? "\(i),x\(i)" : "\(i)") }
        lines += (0..<20).map { "\($0),\($0)" }
        let message = Self.message(lines.joined(separator: "\n"))
        let expected =
            ["t.csv has 14 bad rows or cells:"]
            + (0..<10).map { i in
                i % 2 == 0
                    ? "  t.csv:\(i + 2):3: \"x\(i)\" is not a number (column b)"
                    : "  t.csv:\(i + 2):\(String(i).count + 1): expected 2 fields, got 1"
            } + ["  and 4 more"]
        #expect(message == expected.joined(separator: "\n"))
    }

    @Test("skipBadRows leaves malformed rows out and makes bad cells missing")
    func skipBadRows() throws {
        let result = try Self.read("a,b\n1,2\n3\n4,x\n5,6,7\n8,9\n", skipBadRows: true)
        #expect(Self.numbers(result.dataset, "a") == [1, 4, 8])
        #expect(Self.numbers(result.dataset, "b")?[1].isNaN == true)
        #expect(result.skippedRows == 2)
        #expect(result.blankedCells == 1)
        #expect(
            result.skipped.map(\.description) == [
                "t.csv:3:2: expected 2 fields, got 1", "t.csv:4:3: \"x\" is not a number (column b)", "t.csv:5:5: expected 2 fields, got 3",
            ])
    }

    /// Random bytes heavy in commas, quotes, line breaks, digits and stray UTF-8: the
    /// reader gives a dataset whose columns all have its row count, or a CSVError,
    /// never a crash; with skipBadRows it always gives a dataset once there is a header.
    @Test("random bytes give a dataset or an error, never a crash")
    func randomBytes() {
        var generator = SeededGenerator(seed: 10)
        let alphabet = Array(",,,\"\"\n\n\r 0123456789.eE-+naNA/\t".utf8) + [0xC3, 0xA9, 0xFF, 0x00]
        var datasets = 0, errors = 0
        for round in 0..<3000 {
            let length = Int.random(in: 0...120, using: &generator)
            let bytes = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            let text = String(decoding: bytes, as: UTF8.self)
            for skip in [false, true] {
                do {
                    let data = try Self.read(text, skipBadRows: skip).dataset
                    #expect(data.columns.allSatisfy { $0.count == data.rowCount }, "round \(round)")
                    datasets += 1
                } catch {
                    #expect(!"\(error)".isEmpty)
                    errors += 1
                }
            }
        }
        #expect(datasets > 1000 && errors > 100)
    }

    // MARK: Chunks parsed in parallel

    /// Over a megabyte, a file with no quotes is cut into chunks parsed side by side: the
    /// rows come back in order with their exact values, and a problem in the last chunk
    /// gets the right line.
    @Test("a large file parses in chunks, in order, with the right lines")
    func largeFile() throws {
        let rows = 120_000
        var text = "i,half,neg\n"
        text.reserveCapacity(rows * 24)
        for i in 0..<rows { text += "\(i),\(Double(i) / 2),-\(i).25\n" }
        #expect(text.utf8.count > CSVReader.parallelThreshold)
        let data = try Self.read(text).dataset
        #expect(data.rowCount == rows)
        #expect(Self.numbers(data, "i") == (0..<rows).map(Double.init))
        #expect(Self.numbers(data, "half") == (0..<rows).map { Double($0) / 2 })
        #expect(Self.numbers(data, "neg") == (0..<rows).map { -Double($0) - 0.25 })

        // Ctrl-C: a stop already requested ends the read (the flag is cleared for the next cell).
        let stop = StopFlag()
        stop.request()
        #expect(throws: CSVError.cancelled) { try StopFlag.$current.withValue(stop) { try Self.read(text) } }
        #expect(!stop.isRequested)

        let broken = text + "1,2\n5,6,oops\n"
        #expect(Self.message(broken).hasPrefix("t.csv has 2 bad rows or cells:\n  t.csv:\(rows + 2):4: expected 3 fields, got 2\n"))
        #expect(Self.message(broken).hasSuffix("  t.csv:\(rows + 3):5: \"oops\" is not a number (column neg)"))
    }
}
