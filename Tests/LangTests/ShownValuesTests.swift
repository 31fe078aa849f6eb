import Testing

@testable import Lang

/// `_N` keeps only the last shown values (issue 8, item 17): a long session of big
/// tensors must not keep every one of them alive.
@Suite("Shown values")
struct ShownValuesTests {
    /// Runs `count` cells that each show their own number.
    private func sessionShowing(_ count: Int) -> EvalSession {
        let s = EvalSession()
        for n in 1...count { s.run("\(n)") }
        return s
    }

    @Test func keptValuesStopGrowingAtTheCapacity() {
        let capacity = ShownValues.defaultCapacity
        let s = sessionShowing(capacity + 10)
        #expect(s.interpreter.machine.cellValues.count == capacity)
        // The oldest kept is cell 11; the ten before it were dropped.
        #expect(s.run("_11") == "11")
        #expect(s.run("_\(capacity + 10)") == "\(capacity + 10)")
        #expect(s.run("_") == "\(capacity + 10)")
        #expect(s.interpreter.machine.cellValues.count == capacity)
    }

    @Test func aDroppedValueSaysSoAndWhatToDo() {
        let s = sessionShowing(ShownValues.defaultCapacity + 10)
        #expect(
            s.run("_10").hasPrefix(
                """
                error: _10: cell 10 is too old: only the last 1,000 shown values are kept for _N \
                (assign a value to a variable to keep it)
                """))
        #expect(s.run("_1").hasPrefix("error: _1: cell 1 is too old"))
    }

    /// A replayed file counts its own cells (`_N` is the file's cell N) and keeps only
    /// its last shown values too.
    @Test func aFilesOwnCellsAreBoundedTheSameWay() {
        let s = EvalSession()
        s.interpreter.beginFileCells()
        for n in 1...(ShownValues.defaultCapacity + 5) { s.run("\(n)") }
        #expect(s.interpreter.machine.fileCells?.values.count == ShownValues.defaultCapacity)
        #expect(s.run("_6") == "6")
        #expect(s.run("_5").hasPrefix("error: _5: cell 5 of this file is too old"))
        #expect(s.run("_99999").hasPrefix("error: _99999: there is no cell 99999 in this file yet"))
        s.interpreter.endFileCells()
    }

    @Test func evictionIsOldestFirst() {
        var values = ShownValues(capacity: 3)
        for cell in [1, 2, 4, 5] { values.keep(.number(Double(cell)), cell: cell) }
        #expect(values.count == 3)
        #expect(values[1] == nil && values.isDropped(1))
        #expect(values[2] == .number(2) && !values.isDropped(2))
        #expect(values[3] == nil && !values.isDropped(3))  // showed nothing, not dropped
        values.keep(.number(6), cell: 6)
        #expect(values[2] == nil && values.isDropped(2) && values.isDropped(3))
        #expect(values[4] == .number(4) && values[5] == .number(5) && values[6] == .number(6))
        #expect(values.count == 3)
    }

    @Test func keepingACellAgainReplacesItsValue() {
        var values = ShownValues(capacity: 2)
        values.keep(.number(1), cell: 1)
        values.keep(.number(10), cell: 1)
        values.keep(.number(2), cell: 2)
        #expect(values.count == 2)
        #expect(values[1] == .number(10) && values[2] == .number(2))
    }
}
