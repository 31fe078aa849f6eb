import Engine
import Foundation
import Testing

@Suite("NumericCSV")
struct NumericCSVTests {
    // MARK: Good input

    @Test("parses a header and rows, row-major")
    func parsesRows() throws {
        let table = try NumericCSV.parse("a,b,c\n1,2,3\n4,5,6\n", source: "t.csv")
        #expect(table.columns == ["a", "b", "c"])
        #expect(table.rows == 2)
        #expect(table.values == [1, 2, 3, 4, 5, 6])
    }

    @Test(
        "line ends, byte-order mark and trailing blank lines",
        arguments: [
            ("lf", "x,y\n1,2\n3,4\n"),
            ("no final newline", "x,y\n1,2\n3,4"),
            ("crlf", "x,y\r\n1,2\r\n3,4\r\n"),
            ("crlf, no final newline", "x,y\r\n1,2\r\n3,4"),
            ("bom", "\u{FEFF}x,y\n1,2\n3,4\n"),
            ("bom and crlf", "\u{FEFF}x,y\r\n1,2\r\n3,4\r\n"),
            ("blank last line", "x,y\n1,2\n3,4\n\n"),
            ("blank last lines with spaces", "x,y\r\n1,2\r\n3,4\r\n  \r\n\r\n"),
            ("spaces around fields", "x , y\n 1, 2\n3 ,\t4 \n"),
        ])
    func acceptsVariants(id: String, text: String) throws {
        let table = try NumericCSV.parse(text, source: "t.csv")
        #expect(table.columns == ["x", "y"], "\(id)")
        #expect(table.rows == 2, "\(id)")
        #expect(table.values == [1, 2, 3, 4], "\(id)")
    }

    @Test("header only gives no rows")
    func headerOnly() throws {
        let table = try NumericCSV.parse("a,b\n", source: "t.csv")
        #expect(table.columns == ["a", "b"])
        #expect(table.rows == 0)
        #expect(table.values.isEmpty)
    }

    @Test("quoted header names lose their quotes")
    func quotedHeader() throws {
        let table = try NumericCSV.parse("\"sepal length\",b\n1,2\n", source: "t.csv")
        #expect(table.columns == ["sepal length", "b"])
    }

    @Test(
        "number spellings",
        arguments: [
            ("0", 0), ("16", 16), ("-3", -3), ("+2", 2), ("5.1", 5.1), ("-0.25", -0.25),
            (".5", 0.5), ("7.", 7), ("1e3", 1000), ("2.5E-3", 0.0025), ("1e+2", 100),
            ("0.000123", 0.000123), ("3.14159265358979323846", 3.1415927),
            ("123456789012345678901234", 1.2345679e23), ("1e-50", 0), ("16777217", 16777216),
            ("0.1", 0.1), ("3.4028235e38", 3.4028235e38),
        ] as [(String, Float)])
    func numberSpellings(text: String, expected: Float) throws {
        let table = try NumericCSV.parse("v\n\(text)\n", source: "t.csv")
        // The parser is correctly rounded, so the value is the float32 nearest the text:
        // exactly what Swift's own parser gives.
        #expect(table.values == [Float(text)!], "\(text)")
        #expect(abs(table.values[0] - expected) <= abs(expected) * 1e-6, "\(text)")
    }

    @Test("the fast path agrees with the standard parser on many decimals")
    func fastPathAgrees() throws {
        var generator = SystemRandomNumberGenerator()
        var lines = ["v"]
        for _ in 0..<2000 {
            let digits = Int.random(in: 0...9_999_999, using: &generator)
            let scale = Int.random(in: 0...8, using: &generator)
            var text = String(digits)
            if scale > 0 {
                text = String(repeating: "0", count: max(0, scale + 1 - text.count)) + text
                text.insert(".", at: text.index(text.endIndex, offsetBy: -scale))
            }
            lines.append(Bool.random(using: &generator) ? "-" + text : text)
        }
        let table = try NumericCSV.parse(lines.joined(separator: "\n"), source: "t.csv")
        for (row, text) in lines.dropFirst().enumerated() {
            #expect(table.values[row] == Float(text)!, "\(text)")
        }
    }

    /// The CSV reader under NumericCSV reads what the first numeric parser refused: an
    /// unnamed header column, a first row of numbers (no header), a quoted number and a
    /// blank line between rows.
    @Test(
        "inputs the reader accepts",
        arguments: [
            ("unnamed column", "a,,c\n1,2,3\n", ["a", "column_2", "c"], [1, 2, 3]),
            ("unnamed column after é", "é,,c\n1,2,3\n", ["é", "column_2", "c"], [1, 2, 3]),
            ("blank first line, no header", "\n1,2\n", ["column_1", "column_2"], [1, 2]),
            ("quoted number", "a\n\"1\"\n", ["a"], [1]),
            ("blank line inside", "a\n1\n\n2\n", ["a"], [1, 2]),
        ] as [(String, String, [String], [Float])])
    func acceptedNow(id: String, text: String, columns: [String], values: [Float]) throws {
        let table = try NumericCSV.parse(text, source: "t.csv")
        #expect(table.columns == columns, "\(id)")
        #expect(table.values == values, "\(id)")
    }

    // MARK: Errors, checked as rendered text

    @Test(
        "error messages name file:line:col and the problem",
        arguments: [
            ("empty", "", "t.csv:1:1: the file is empty (expected a header row of column names)"),
            ("whitespace only", " \n\n", "t.csv:1:1: the file is empty (expected a header row of column names)"),
            ("bom only", "\u{FEFF}", "t.csv:1:1: the file is empty (expected a header row of column names)"),
            ("too few fields", "a,b,c\n1,2,3\n4,5\n", "t.csv:3:4: expected 3 fields, got 2"),
            ("too many fields", "a,b\n1,2\n3,4,5,6\n", "t.csv:3:5: expected 2 fields, got 4"),
            ("not a number", "a,b\n1,2\n3,abc\n", "t.csv:3:3: \"abc\" is not a number (column b)"),
            ("not a number, padded", "a,b\n1,  x1 \n", "t.csv:2:5: \"x1\" is not a number (column b)"),
            ("not a number, after bom", "\u{FEFF}a,b\r\n1,2e\r\n", "t.csv:2:3: \"2e\" is not a number (column b)"),
            ("sign only", "a\n-\n", "t.csv:2:1: \"-\" is not a number (column a)"),
            ("two points", "a\n1.2.3\n", "t.csv:2:1: \"1.2.3\" is not a number (column a)"),
            ("nan", "a\nnan\n", "t.csv:2:1: missing value nan in column a: missing values are not supported yet"),
            ("columns count characters", "a,b\n\"é\",2,3\n", "t.csv:2:7: expected 2 fields, got 3"),
            ("unclosed quote", "a,b\n1,\"2\n", "t.csv:2:3: this quote is never closed (the field runs to the end of the file)"),
            ("too large", "a\n1e39\n", "t.csv:2:1: \"1e39\" is too large for a 32-bit float (column a)"),
            ("empty field", "a,b,c\n1,,3\n", "t.csv:2:3: empty field in column b: missing values are not supported yet"),
            ("empty last field", "a,b\n1,\n", "t.csv:2:3: empty field in column b: missing values are not supported yet"),
        ])
    func errorMessages(id: String, text: String, message: String) {
        do {
            let table = try NumericCSV.parse(text, source: "t.csv")
            Issue.record("\(id): expected an error, got \(table.rows) rows")
        } catch {
            #expect("\(error)" == message, "\(id)")
        }
    }

    @Test("an unreadable file names the path and the reason")
    func unreadableFile() {
        let error = #expect(throws: CSVError.unreadable(path: "/no/such/file.csv", reason: "no such file")) {
            try NumericCSV.load(path: "/no/such/file.csv")
        }
        if let error {
            #expect("\(error)" == "/no/such/file.csv: cannot read the file: no such file")
        }
    }

    /// A named pipe with no writer would block the read for ever, and a device such as
    /// /dev/zero never ends: both are refused at once, by name.
    @Test("a pipe or a device is refused without waiting")
    func pipesAndDevices() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sprout-csv-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = folder + "/data.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Old code blocks in the open: a writer opened after 3 s releases it, so the test
        // fails instead of hanging.
        DispatchQueue.global().asyncAfter(deadline: .now() + 3) {
            let fd = open(fifo, O_WRONLY | O_NONBLOCK)
            if fd >= 0 { close(fd) }
        }
        #expect(throws: CSVError.unreadable(path: fifo, reason: "it is a pipe, not a regular file")) {
            try NumericCSV.load(path: fifo)
        }
        #expect(throws: CSVError.unreadable(path: "/dev/zero", reason: "it is a device, not a regular file")) {
            try NumericCSV.load(path: "/dev/zero")
        }
    }

    @Test("a directory is unreadable, not empty")
    func directory() {
        let error = #expect(throws: CSVError.self) { try NumericCSV.load(path: "/") }
        if let error {
            #expect("\(error)" == "/: cannot read the file: it is a folder")
        }
    }

    // MARK: The bundled data

    /// `stdlib/data/NAME` in this checkout, found from this file's path.
    static func bundledData(_ name: String) -> String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/EngineTests/NumericCSVTests.swift
        return (parts + ["stdlib", "data", Substring(name)]).joined(separator: "/")
    }

    @Test("digits.csv: shape, class counts and the benchmark split")
    func digits() throws {
        let table = try NumericCSV.load(path: Self.bundledData("digits.csv"))
        #expect(table.rows == 1797)
        #expect(table.columns.count == 65)
        #expect(table.columns.first == "pixel_0_0")
        #expect(table.columns[63] == "pixel_7_7")
        #expect(table.columns.last == "label")
        #expect(table.values.count == 1797 * 65)

        var counts = [Int](repeating: 0, count: 10)
        for row in 0..<table.rows {
            let label = table.values[row * 65 + 64]
            try #require(label >= 0 && label <= 9 && label == label.rounded())
            counts[Int(label)] += 1
        }
        #expect(counts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])

        let pixels = (0..<table.rows).flatMap { row in table.values[row * 65..<row * 65 + 64] }
        #expect(pixels.allSatisfy { $0 >= 0 && $0 <= 16 && $0 == $0.rounded() })

        let (train, test) = table.split()
        #expect(train.count == 1438)
        #expect(test.count == 359)
        #expect(test.prefix(3) == [4, 9, 14])
        #expect(train.prefix(5) == [0, 1, 2, 3, 5])
        #expect(Set(train).isDisjoint(with: test))
        #expect(Set(train + test) == Set(0..<1797))
    }

    @Test("iris.csv: shape and labels")
    func iris() throws {
        let table = try NumericCSV.load(path: Self.bundledData("iris.csv"))
        #expect(table.rows == 150)
        #expect(table.columns == ["sepal_length", "sepal_width", "petal_length", "petal_width", "label"])
        #expect(Array(table.values[0..<5]) == [5.1, 3.5, 1.4, 0.2, 0])
        // Fisher's values in rows 35 and 38 (1-based), as the data README says.
        #expect(Array(table.values[34 * 5..<34 * 5 + 4]) == [4.9, 3.1, 1.5, 0.2])
        #expect(Array(table.values[37 * 5..<37 * 5 + 4]) == [4.9, 3.6, 1.4, 0.1])
    }

    @Test("split with other settings")
    func splitSettings() {
        let table = NumericTable(columns: ["a"], rows: 7, values: [Float](repeating: 0, count: 7))
        #expect(table.split(testEvery: 3, testRemainder: 0) == (train: [1, 2, 4, 5], test: [0, 3, 6]))
        #expect(table.split(testEvery: 0) == (train: Array(0..<7), test: []))
    }
}
