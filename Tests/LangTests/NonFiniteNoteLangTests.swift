import Engine
import Testing

@testable import Lang

/// The note after a shown value holding inf or nan: what it counts and how it reads.
@Suite("The inf/nan note of a shown value")
struct NonFiniteNoteLangTests {
    @Test func finiteValuesGetNoNote() throws {
        #expect(ValueFormatter.nonFiniteNote(.number(1.5)) == nil)
        #expect(ValueFormatter.nonFiniteNote(.tensor(try Tensor(shape: [2], scalars: [1, 2]))) == nil)
        #expect(ValueFormatter.nonFiniteNote(.string("nan")) == nil)
        #expect(ValueFormatter.shown(.number(2)) == "2")
    }

    @Test func aNumberSaysWhatItIs() {
        #expect(ValueFormatter.nonFiniteNote(.number(.nan)) == "note: the result is nan")
        #expect(ValueFormatter.nonFiniteNote(.number(-.infinity)) == "note: the result is -inf")
        #expect(ValueFormatter.shown(.number(.infinity)) == "inf\nnote: the result is inf")
    }

    @Test func aTensorCountsEveryElement() throws {
        let t = try Tensor(shape: [3, 4], scalars: [.nan, 1, .nan, 2, -.infinity, 3, .nan, 4, 5, 6, 7, 8])
        #expect(ValueFormatter.nonFiniteNote(.tensor(t)) == "note: the result holds 3 nan and 1 inf (of 12 elements)")
        #expect(ValueFormatter.nonFiniteNote(.tensor(Tensor(Float.infinity))) == "note: the result holds 1 inf (of 1 element)")
    }

    /// A summarized print hides the middle; the note still counts it.
    @Test func aNanHiddenByTheSummaryIsCounted() throws {
        var scalars = [Float](repeating: 1, count: 5000)
        scalars[2500] = .nan
        let value = Value.tensor(try Tensor(shape: [5000], scalars: scalars))
        let shown = ValueFormatter.shown(value)
        #expect(!ValueFormatter.format(value).contains("nan"))
        #expect(shown.hasSuffix("\nnote: the result holds 1 nan (of 5000 elements)"))
    }

    @Test func listsAndRecordsCountTheNumbersAndTensorsTheyHold() throws {
        let list = Value.list([.number(1), .number(.nan), .tensor(try Tensor(shape: [2], scalars: [.infinity, 0]))])
        #expect(ValueFormatter.nonFiniteNote(list) == "note: the result holds 1 nan and 1 inf (of 4 numbers)")
        let record = Value.record(Record([("loss", .number(.nan)), ("step", .number(3))]))
        #expect(ValueFormatter.nonFiniteNote(record) == "note: the result holds 1 nan (of 2 numbers)")
    }

    /// The rule is the shown value, always: showing a variable that holds nan notes it
    /// again (the cell that made it by assignment showed nothing).
    @Test func cellsShowingAVariableNoteItToo() {
        #expect(
            shownByCells(["x = tensor([0.0]) / 0", "x", "x"]) == [
                "", "tensor (1,) float32\n[nan]\nnote: the result holds 1 nan (of 1 element)",
                "tensor (1,) float32\n[nan]\nnote: the result holds 1 nan (of 1 element)",
            ])
    }
}

/// What each cell shows as the shell shows it (value and note; "" for nothing shown).
private func shownByCells(_ cells: [String]) -> [String] {
    let interpreter = Interpreter(host: RecordingHost(), seed: 0)
    return cells.map { text in
        guard let value = try? interpreter.run(Source(name: "cell", text: text)) else { return "" }
        return ValueFormatter.shown(value)
    }
}
