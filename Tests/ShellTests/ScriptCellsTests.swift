import Testing

@testable import Shell

@Suite("Splitting scripts into cells")
struct ScriptCellsTests {
    @Test func eachCompleteLineIsACellEvenWithoutOutput() {
        let cells = ScriptCells.split("seed(42)\nx = randn([2])\nx.sum()\n#> tensor () float32\n#> 1.0\n")
        #expect(cells.map(\.input) == ["seed(42)", "x = randn([2])", "x.sum()"])
        #expect(cells.map(\.expected) == [[], [], ["tensor () float32", "1.0"]])
        #expect(cells.map(\.codeLine) == [1, 2, 3])
    }

    @Test func openBracketsAndBlocksContinueACellAcrossBlankLines() {
        let text = "fn f(a) {\n\n  a + 1\n}\ny = [1,\n  2]\nf(2)\n#> 3"
        let cells = ScriptCells.split(text)
        #expect(cells.map(\.input) == ["fn f(a) {\n\n  a + 1\n}", "y = [1,\n  2]", "f(2)"])
        #expect(cells.map(\.firstLine) == [1, 5, 7])
        #expect(cells.last?.expected == ["3"])
    }

    @Test func commentsDirectlyAboveBelongToTheCellOthersAreSkipped() {
        let text = "# Sprout session saved today\n# seed: 0\n\n# Doubles a number.\n# (twice)\nfn double(a) = a * 2\n\n# a note\n\n1\n"
        let cells = ScriptCells.split(text)
        #expect(cells.map(\.input) == ["# Doubles a number.\n# (twice)\nfn double(a) = a * 2", "1"])
        #expect(cells.map(\.firstLine) == [4, 10])
        #expect(cells.map(\.codeLine) == [6, 10])
    }

    @Test func numberMarkersSetTheNextCellsNumber() {
        let cells = ScriptCells.split("a = 1\n\n# [4]\nb = 2\n# [0]\nc = 3\n#[5]\nd = 4")
        #expect(cells.map(\.number) == [nil, 4, nil, nil])
        // `# [0]` is no marker: it is a comment that belongs to `c = 3`.
        #expect(cells[2].input == "# [0]\nc = 3")
        #expect(ScriptCells.numberMarker("# [12]") == 12)
        #expect(ScriptCells.numberMarker("# [x]") == nil)
    }

    @Test func recordedOutputEndsAnUnfinishedCell() {
        let cells = ScriptCells.split("x = (1 +\n#> 2\ny = 3")
        #expect(cells.map(\.input) == ["x = (1 +", "y = 3"])
        #expect(cells[0].expected == ["2"])
    }

    @Test func syntaxErrorsEndACellAndCRLFIsRead() {
        let cells = ScriptCells.split("1 +* 2\r\n3\r\n#> 3\r\n")
        #expect(cells.map(\.input) == ["1 +* 2", "3"])
        #expect(cells.last?.expected == ["3"])
        #expect(ReplayCheck.seed(in: "# Sprout session\r\n# seed: 12\r\n") == 12)
    }

    @Test func elseOnItsOwnLineContinuesTheIf() {
        let cells = ScriptCells.split("if x > 0 {\n  1\n}\nelse {\n  2\n}\nelsewhere = 3\nif y { 1 }\n  else { 2 }")
        #expect(cells.map(\.input) == ["if x > 0 {\n  1\n}\nelse {\n  2\n}", "elsewhere = 3", "if y { 1 }\n  else { 2 }"])
        #expect(ScriptCells.startsWithElse("else"))
        #expect(!ScriptCells.startsWithElse("else_branch = 1"))
    }

    @Test func anUnfinishedLastCellIsKept() {
        let cells = ScriptCells.split("x = 1\nfn f(a) {\n  a")
        #expect(cells.map(\.input) == ["x = 1", "fn f(a) {\n  a"])
    }

    @Test func notesAreCommentsOnly() {
        #expect(ScriptCells.isNote("# hello"))
        #expect(ScriptCells.isNote("  # hello\n\n#> x"))
        #expect(!ScriptCells.isNote("x # hello"))
        #expect(!ScriptCells.isNote("# a\nx"))
    }
}

@Suite("Splitting scripts into cells, on random input")
struct ScriptCellsFuzzTests {
    /// Random scripts made of the pieces the splitter reacts to: it never traps, every
    /// cell's lines are in the file in order, and each cell's code line holds its text.
    @Test func randomScriptsSplitSafely() {
        let pieces = [
            "x = 1", "#> 2", "# note", "# [3]", "# [0]", "fn f(a) {", "}", "(", ")", "[1,", "2]",
            "", "  ", "\r", "#>", "1 +", "+* 2", "\"open", "é ☃", "# [99999999999999999999]",
        ]
        var state: UInt64 = 0x5EED
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<2000 {
            let lines = (0..<(next() % 12)).map { _ in pieces[next() % pieces.count] }
            let text = lines.joined(separator: next() % 4 == 0 ? "\r\n" : "\n")
            let fileLines = ScriptCells.lines(of: text)
            let cells = ScriptCells.split(text)
            var previousEnd = 0
            for cell in cells {
                #expect(cell.firstLine > previousEnd && cell.firstLine <= cell.codeLine, "\(text.debugDescription)")
                let inputLines = cell.input.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { String(String.UnicodeScalarView($0)) }
                let count = inputLines.count
                #expect(cell.firstLine + count - 1 <= fileLines.count)
                #expect(
                    Array(fileLines[(cell.firstLine - 1)..<(cell.firstLine - 1 + count)]) == inputLines,
                    "\(text.debugDescription)")
                previousEnd = cell.firstLine + count - 1
            }
        }
    }
}

@Suite("Reading a cell line by line")
struct PendingCellTests {
    func cell(_ lines: [String]) -> PendingCell {
        var cell = PendingCell()
        for line in lines { cell.append(line) }
        return cell
    }

    @Test func shortCellsAskTheParser() {
        #expect(cell(["x = [1,"]).isIncomplete)
        #expect(!cell(["x = [1,", "2]"]).isIncomplete)
        #expect(cell(["y = 1 +"]).isIncomplete)  // a trailing operator, no bracket
        #expect(!cell(["1 +* ("]).isIncomplete)  // a syntax error ends the cell at once
        #expect(cell(["f(\"(\","]).isIncomplete)  // an open call
        #expect(cell(["a", "b"]).text == "a\nb")
    }

    @Test func aLongCellWithOpenBracketsStaysOpenUntilTheyClose() {
        var long = PendingCell()
        long.append("x = [")
        for i in 0..<(PendingCell.quickLines * 3) {
            long.append("  \(i),  # a comment ) ]")
            #expect(long.isIncomplete)
        }
        long.append("]")
        #expect(!long.isIncomplete)
        #expect(long.lineCount == PendingCell.quickLines * 3 + 2)
    }

    @Test func aLineThatDoesNotLexLeavesItToTheParser() {
        var odd = PendingCell()
        odd.append("x = [")
        for _ in 0..<PendingCell.quickLines { odd.append("  1,") }
        odd.append("  \"unterminated")
        // The parser sees the bad string: a syntax error, so the cell ends.
        #expect(!odd.isIncomplete)
    }

    @Test func aLongListLiteralIsOneCell() {
        let body = (0..<5_000).map { "  \($0)," }.joined(separator: "\n")
        let cells = ScriptCells.split("x = [\n\(body)\n]\nlen(x)\n#> 5000")
        #expect(cells.count == 2)
        #expect(cells[1].codeLine == 5_003)
        #expect(cells[1].expected == ["5000"])
    }
}

@Suite("Re-recording a session's output")
struct SessionRecorderTests {
    @Test func blocksAreReplacedAddedAndRemovedInPlace() {
        let text = "# header\n\nx = 1\n\n# [3]\nx + 1\n#> 3\n#> old\n\nprint(\"hi\")\n\nfn f(a) {\n  a\n}\n#> stale\n"
        let cells = ScriptCells.split(text)
        #expect(cells.map(\.lastLine) == [3, 6, 10, 14])
        #expect(cells.map(\.outputLines) == [[], [7, 8], [], [15]])
        let rewritten = SessionRecorder.rewrite(text, cells: cells, outputs: [[], ["2"], ["hi", ""], []])
        #expect(rewritten == "# header\n\nx = 1\n\n# [3]\nx + 1\n#> 2\n\nprint(\"hi\")\n#> hi\n#>\n\nfn f(a) {\n  a\n}\n")
        // Rewriting with the outputs it already has gives the text back.
        let same = SessionRecorder.rewrite(text, cells: cells, outputs: cells.map(\.expected))
        #expect(same == text)
    }
}
