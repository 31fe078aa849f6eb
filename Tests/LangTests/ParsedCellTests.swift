import Testing

@testable import Lang

/// `Interpreter.run(_:parsed:)`: a cell the shell already parsed runs without a second
/// parse and is a cell like any other (numbered, shown, remembered as `_N`).
@Suite("Running a parsed cell")
struct ParsedCellTests {
    static func parsed(_ text: String) throws -> ParsedCell? {
        guard case let .complete(program) = try Parser.parse(Source(name: "cell", text: text)) else { return nil }
        return ParsedCell(text: text, program: program)
    }

    @Test("a parsed cell is not parsed again, and is numbered and remembered as _N")
    func runsWithoutParsing() throws {
        let interpreter = Interpreter(host: RecordingHost())
        let first = try Self.parsed("x = 20\nx + 1")
        let second = try Self.parsed("_1 * 2")
        let counter = ParseCounter()
        var values: [Value?] = []
        try Parser.$counter.withValue(counter) {
            values.append(try interpreter.run(Source(name: "cell 1", text: "x = 20\nx + 1"), parsed: first))
            values.append(try interpreter.run(Source(name: "cell 2", text: "_1 * 2"), parsed: second))
        }
        #expect(counter.count == 0)
        #expect(values.map { $0.map(ValueFormatter.shown) } == ["21", "42"])
        #expect(interpreter.nextCellNumber == 3)
    }

    @Test("without a parse, or with one of other text, the source is parsed (once)")
    func parsesOtherwise() throws {
        let interpreter = Interpreter(host: RecordingHost())
        let other = try Self.parsed("1")
        let counter = ParseCounter()
        try Parser.$counter.withValue(counter) {
            _ = try interpreter.run(Source(name: "cell 1", text: "2"))
            _ = try interpreter.run(Source(name: "cell 2", text: "3"), parsed: other)
        }
        #expect(counter.count == 2)
    }
}
