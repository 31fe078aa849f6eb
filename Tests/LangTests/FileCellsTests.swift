import Testing

@testable import Lang

/// While a file is replayed into a session (`:load`), `_N` in its cells means the file's
/// cell N, whatever numbers the session gives them; before and after, the session's.
@Suite("A loaded file's own cell numbers")
struct FileCellsTests {
    @Test func underscoreNInALoadedFileMeansTheFilesCell() {
        let s = EvalSession()
        s.run("100")
        s.run("200")
        s.interpreter.beginFileCells()
        #expect(s.run("1") == "1")
        #expect(s.run("_1 + 1") == "2")
        s.interpreter.numberNextFileCell(4)
        #expect(s.run("_2 * 10") == "20")
        #expect(s.run("_3").hasPrefix("error: _3: cell 3 of this file showed no value"))
        #expect(s.run("_9").hasPrefix("error: _9: there is no cell 9 in this file yet"))
        #expect(s.interpreter.fileCellNumbers == [1: 3, 2: 4, 4: 5, 5: 6, 6: 7])
        s.interpreter.endFileCells()
        #expect(s.run("[_1, _3, _5]") == "[100, 1, 20]")
    }
}

@Suite("A loaded file's functions keep its cell numbers")
struct FileCellsInFunctionsTests {
    /// `_N` is bound to the file when the cell is compiled, so a function from the file
    /// called after the load still reads the file's cell.
    @Test func aFunctionDefinedInAFileReadsTheFilesCellLater() {
        let s = EvalSession()
        s.run("100")
        s.interpreter.beginFileCells()
        s.run("7")
        s.run("fn f() = _1")
        s.interpreter.endFileCells()
        #expect(s.run("f()") == "7")
        #expect(s.run("_1") == "100")
    }
}
