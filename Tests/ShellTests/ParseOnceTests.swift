import Testing

@testable import Lang
@testable import Shell

/// A cell is parsed once: the parse that finds it complete is the one that runs. Parses
/// are counted with the parser's task-local counter, so only this test's parses count.
@Suite("A cell is parsed once, however it comes in")
struct ParseOnceTests {
    /// A pasted list literal of `rows` lines (past `PendingCell.quickLines`, so only the
    /// line that closes it is parsed while reading).
    static func longCell(rows: Int) -> [String] {
        ["xs = ["] + (0..<rows).map { "  \($0)," } + ["]"]
    }

    static func countingParses(_ body: () -> Void) -> Int {
        let counter = ParseCounter()
        Parser.$counter.withValue(counter) { body() }
        return counter.count
    }

    @Test("at the prompt and from a pipe, a long cell and a one-line cell are each parsed once", arguments: [false, true])
    func promptAndPipe(piped: Bool) {
        var result: (status: Int32, output: String, reader: ScriptedLineReader, repl: REPL)?
        let parses = Self.countingParses {
            result = scriptedSession(Self.longCell(rows: 200) + ["len(xs)"]) { $0.isPiped = piped }
        }
        #expect(result?.output == "200\n")
        #expect(result?.repl.cells.map(\.number) == [1, 2])
        // Reading checks each of the first `quickLines` lines, then the line that closes
        // the list, then `len(xs)`; running parses nothing more (it was quickLines + 4).
        #expect(parses == PendingCell.quickLines + 2)
    }

    @Test("a file given to :load is parsed once per cell, as it is split")
    func load() throws {
        let path = try writeSproutFile((Self.longCell(rows: 100) + ["len(xs)", "#> 100"]).joined(separator: "\n"))
        var result: (status: Int32, output: String, reader: ScriptedLineReader, repl: REPL)?
        let parses = Self.countingParses { result = scriptedSession([":load \(path)"]) }
        #expect(result?.repl.cells.map(\.error) == [nil, nil])
        #expect(result?.output.hasSuffix("100\n") == true)
        // Splitting checks the first `quickLines` lines, the closing line and `len(xs)`;
        // the cells run on the big-stack thread with no parse of their own (was + 2).
        #expect(parses == PendingCell.quickLines + 2)
    }

    @Test("a cell whose parse is a syntax error still reports it under its own name and line")
    func syntaxErrorKeepsItsPlace() {
        let r = scriptedSession(["x = 1", "y = (1 +* 2)"])
        #expect(r.repl.cells.last?.error?.contains("cell 2:1:") == true)
    }

    @Test("a file's cells carry the parse that cut them, and a replay runs it without parsing again")
    func fileCells() throws {
        let text = (Self.longCell(rows: 100) + ["len(xs)", "#> 100"]).joined(separator: "\n")
        let cells = ScriptCells.split(text)
        #expect(cells.count == 2)
        #expect(cells.allSatisfy { $0.parsed?.text == $0.input })
        let replay = try SessionReplay()
        var outputs: [String] = []
        let parses = Self.countingParses {
            outputs = cells.map { replay.run($0, name: "file.sprout").output }
        }
        #expect(outputs == ["", "100\n"])
        #expect(parses == 0)
    }

    @Test("a parse of other text is not used: the source's own text runs")
    func mismatchedParseIsIgnored() throws {
        let host = RecordingHost()
        let interpreter = Interpreter(host: host)
        guard case let .complete(program) = try Parser.parse(Source(name: "cell", text: "1 + 1")) else {
            Issue.record("1 + 1 did not parse")
            return
        }
        let value = try interpreter.run(Source(name: "cell 1", text: "2 + 2"), parsed: ParsedCell(text: "1 + 1", program: program))
        #expect(value.map(ValueFormatter.shown) == "4")
    }

    @Test("the kept parse is always of the cell's whole text: dropped by a new line, none for a cell after an else probe")
    func keptParseMatchesText() {
        var assembler = CellAssembler()
        #expect(assembler.add("if true { 1 }").isReading)
        #expect(assembler.pending.parsed?.text == "if true { 1 }")  // awaiting `else`
        guard case let .complete(cell) = assembler.add("else { 2 }") else {
            Issue.record("the else line did not complete the cell")
            return
        }
        #expect(cell.parsed?.text == "if true { 1 }\nelse { 2 }")
        var pending = PendingCell()
        pending.append("x = (1 +")
        #expect(pending.checkCompleteness() == .incomplete)
        #expect(pending.parsed == nil)
        pending.append("2)")
        #expect(pending.checkCompleteness() == .complete)
        #expect(pending.parsed?.text == "x = (1 +\n2)")
        pending.append("y = 1")
        #expect(pending.parsed == nil)
        var orphan = PendingCell()
        orphan.append("else { 3 }")
        #expect(orphan.checkCompleteness() == .complete)
        #expect(orphan.parsed == nil)
    }
}

extension CellAssembler.Outcome {
    var isReading: Bool {
        if case .reading = self { return true }
        return false
    }
}
