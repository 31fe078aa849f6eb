import Foundation
import Testing

@testable import Shell

@Suite("Session files")
struct SessionFileTests {
    static let header = SessionHeader(
        date: Date(timeIntervalSince1970: 1_800_000_000), seed: 7,
        sproutVersion: "0.1.0", blasVersion: "OpenBLAS 0.3.21 (Haswell)")
    static let cells = [
        CellRecord(number: 1, input: "x = 2", output: "", error: nil, seconds: 0),
        CellRecord(number: 2, input: "print(\"\"); x + 1\n", output: "\n3\n", error: nil, seconds: 0),
        CellRecord(number: 3, input: "x +\n\n1 +", output: "", error: "error: unexpected end\n  x +\n     ^", seconds: 0),
        CellRecord(number: 4, input: "# a note", output: "", error: nil, seconds: 0),
        CellRecord(number: 4, input: "fn f(a) {\n\n  a * 2\n}", output: "", error: nil, seconds: 0),
        CellRecord(number: 5, input: "f(x)", output: "4\n", error: nil, seconds: 0),
    ]

    @Test func rendersSuccessfulCellsWithTheirOutput() {
        let text = SessionFile.render(Self.cells, header: Self.header, includeFailed: false)
        #expect(
            text == """
                # Sprout session saved 2027-01-15T08:00:00Z
                # seed: 7
                # Sprout 0.1.0, OpenBLAS 0.3.21 (Haswell)

                x = 2

                print(""); x + 1
                #>
                #> 3

                # a note

                # [4]
                fn f(a) {

                  a * 2
                }

                f(x)
                #> 4

                """)
    }

    @Test func includeFailedKeepsFailedCellsCommentedOut() {
        let text = SessionFile.render(Self.cells, header: Self.header, includeFailed: true)
        #expect(
            text.contains(
                """

                # x +
                #
                # 1 +
                #! error: unexpected end
                #!   x +
                #!      ^

                # a note

                # [4]
                fn f(a) {
                """))
        #expect(ReplayCheck.seed(in: text) == 7)
    }

    /// The cells read back are the cells that ran, whatever they showed: a cell with no
    /// output stays a cell of its own, so cell numbers (and `_N`) replay the same.
    @Test func readingBackGivesTheSameCellsAndNumbers() {
        for includeFailed in [false, true] {
            let text = SessionFile.render(Self.cells, header: Self.header, includeFailed: includeFailed)
            let parsed = ScriptCells.split(text)
            #expect(parsed.map(\.input) == ["x = 2", "print(\"\"); x + 1", "fn f(a) {\n\n  a * 2\n}", "f(x)"])
            #expect(parsed.map(\.expected) == [[], ["", "3"], [], ["4"]])
            #expect(parsed.map(\.number) == [nil, nil, 4, nil])
        }
    }

    @Test func aSavedSessionReplaysUnderItsOriginalCellNumbers() throws {
        let cells = [
            CellRecord(number: 1, input: "a = 10", output: "", error: nil, seconds: 0),
            CellRecord(number: 2, input: "a + 1", output: "11\n", error: nil, seconds: 0),
            CellRecord(number: 3, input: "nope(", output: "", error: "error: …", seconds: 0),
            CellRecord(number: 4, input: "_2 * 2", output: "22\n", error: nil, seconds: 0),
            CellRecord(number: 5, input: "_4 + _2", output: "33\n", error: nil, seconds: 0),
        ]
        let text = SessionFile.render(cells, header: Self.header, includeFailed: false)
        let replay = try SessionReplay(seed: 7)
        let results = ScriptCells.split(text).map { replay.run($0, name: "s.sprout") }
        #expect(results.map(\.number) == [1, 2, 4, 5])
        #expect(results.map(\.output) == ["", "11\n", "22\n", "33\n"])
        #expect(results.allSatisfy { $0.error == nil })
    }

    @Test func writeReplacesTheFileAtomically() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/s.sprout"
        try SessionFile.write("1\n", to: path)
        try SessionFile.write("2\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "2\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["s.sprout"])
    }

    @Test func writeToAnUnwritablePathThrows() throws {
        #expect(throws: SessionFileError.self) { try SessionFile.write("1\n", to: "/nonexistent-folder/s.sprout") }
        let folder = try makeTemporaryFolder()
        do {
            try SessionFile.write("1\n", to: folder)  // a folder: the rename fails
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("cannot save the session to \(folder):"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)  // no temp left
    }
}

@Suite("Replay check")
struct ReplayCheckTests {
    @Test func numbersMatchWithinTolerance() {
        #expect(ReplayCheck.compare(expected: ["[0.1234, -2.5e-3]"], actual: ["[0.12341, -0.0025]"]))
        #expect(ReplayCheck.compare(expected: ["[ 1.5,  2.0]"], actual: ["[1.5, 2.0]"]))
        #expect(!ReplayCheck.compare(expected: ["[0.1234]"], actual: ["[0.1334]"]))
        #expect(!ReplayCheck.compare(expected: ["loss 1.0"], actual: ["Loss 1.0"]))
        #expect(!ReplayCheck.compare(expected: ["1", "2"], actual: ["1"]))
        #expect(!ReplayCheck.compare(expected: ["layer1"], actual: ["layer2"]))
        #expect(ReplayCheck.compare(expected: ["1000000.0"], actual: ["1000050.0"]))
    }

    @Test func diffNamesTheCellAndLine() {
        let text = ReplayCheck.diff(file: "s.sprout", cellNumber: 2, line: 9, expected: ["a", "1.0"], actual: ["a", "2.0"])
        #expect(
            text == """
                s.sprout:9: cell 2: output differs
                  --- recorded
                  +++ now
                    a
                  - 1.0
                  + 2.0
                """)
    }
}
