import Foundation
import Testing
@testable import Shell

@Suite("Session files")
struct SessionFileTests {
    static let header = SessionHeader(date: Date(timeIntervalSince1970: 1_800_000_000), seed: 7,
                                      sproutVersion: "0.1.0", blasVersion: "OpenBLAS 0.3.21 (Haswell)")
    static let cells = [
        CellRecord(number: 1, input: "x = 2", output: "", error: nil, seconds: 0),
        CellRecord(number: 2, input: "print(\"\")\nx + 1\n", output: "\n3\n", error: nil, seconds: 0),
        CellRecord(number: 3, input: "x +\n\n1", output: "", error: "error: unexpected end\n  x +\n     ^", seconds: 0),
        CellRecord(number: 4, input: "x * 2", output: "4\n", error: nil, seconds: 0),
    ]

    @Test func rendersSuccessfulCellsWithTheirOutput() {
        let text = SessionFile.render(Self.cells, header: Self.header, includeFailed: false)
        #expect(text == """
            # Sprout session saved 2027-01-15T08:00:00Z
            # seed: 7
            # Sprout 0.1.0, OpenBLAS 0.3.21 (Haswell)

            x = 2

            print("")
            x + 1
            #>
            #> 3

            x * 2
            #> 4

            """)
    }

    @Test func includeFailedKeepsFailedCellsCommentedOut() {
        let text = SessionFile.render(Self.cells, header: Self.header, includeFailed: true)
        #expect(text.contains("""

            # x +
            #
            # 1
            #! error: unexpected end
            #!   x +
            #!      ^

            x * 2
            """))
        let parsed = ReplayCheck.parse(text, name: "s.sprout")
        #expect(parsed.map(\.expected) == [["", "3"], ["4"]])
        #expect(parsed.map(\.line) == [5, 19])
        #expect(ReplayCheck.seed(in: text) == 7)
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
        #expect(text == """
            s.sprout:9: cell 2: output differs
                a
              - 1.0
              + 2.0
            """)
    }
}
