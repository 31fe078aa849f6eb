import Foundation
import Lang
import Testing

@testable import Shell

/// `:load` after other cells: the file's cells take the session's next numbers, but `_N`
/// inside the file means the file's cell N (counting its `# [N]` gaps), and the session
/// saved afterwards records them so that it replays.
@Suite("Loading a file into a session that already has cells")
struct LoadNumberingTests {
    @Test func underscoreNumbersInAFileMeanTheFilesCells() throws {
        let path = try writeSproutFile("a = 5\na * 2\n#> 10\n\n# [4]\n_2 + 1\n#> 11\n\n[_2, _4]\n#> [10, 11]\n")
        let r = scriptedSession(["7", "8", ":load \(path)", "_", "_4"])
        // Session cells 1, 2 typed; the file's 1, 2, 4, 5 are the session's 3, 4, 5, 6.
        // Each file cell is shown with its session number and its input as recorded.
        #expect(r.output == "7\n8\n[3]> a = 5\n[4]> a * 2\n10\n[5]> _4 + 1\n11\n[6]> [_4, _5]\n[10, 11]\n[10, 11]\n10\n", "\(r.output)")
        #expect(r.repl.cells.map(\.number) == [1, 2, 3, 4, 5, 6, 7, 8])
        // Recorded (and so saved and journaled) in the session's numbers.
        #expect(r.repl.cells.map(\.input)[4...5] == ["_4 + 1", "[_4, _5]"])
    }

    @Test func aFileCellThatDoesNotExistIsAnErrorNotAnotherCellsValue() throws {
        let gap = try writeSproutFile("1\n# [3]\n_2\n")
        let r = scriptedSession(["40", "41", ":load \(gap)"])
        #expect(r.output.contains("_2: cell 2 of this file showed no value"), "\(r.output)")
        #expect(r.repl.cells.last?.error != nil)
        let ahead = try writeSproutFile("_5\n")
        let s = scriptedSession(["1", "2", "3", "4", "5", "6", ":load \(ahead)"])
        #expect(s.output.contains("_5: there is no cell 5 in this file yet"), "\(s.output)")
    }

    @Test func typedCellsAfterALoadUseTheSessionsNumbersAgain() throws {
        let path = try writeSproutFile("10\n")
        let r = scriptedSession(["1", ":load \(path)", "_1 + _2"])
        #expect(r.output == "1\n[2]> 10\n10\n11\n", "\(r.output)")
    }

    @Test func aSessionSavedAfterALoadReplays() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try writeSproutFile("a = 5\na * 2\n# [4]\n_2 + 1\n")
        let r = scriptedSession(["3", ":load \(path)", "_1 + _4", ":save \(folder)/s"])
        #expect(r.output.hasPrefix("3\n[2]> a = 5\n[3]> a * 2\n10\n[4]> _3 + 1\n11\n14\nsaved"), "\(r.output)")
        let text = try String(contentsOfFile: folder + "/s.sprout", encoding: .utf8)
        #expect(text.contains("\n\n_3 + 1\n#> 11\n\n_1 + _4\n#> 14\n"), "\(text)")
        let check = try runSprout(["run", "--check", folder + "/s.sprout"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    /// Only `_N` tokens change (their width may), not strings, comments or other names.
    @Test func renumberingTouchesOnlyCellReferences() {
        let text = "[_2, \"_2\", _12, x_2] # _2\nfn f() = _2"
        #expect(
            CellReferences.renumbered(text, [2: 14, 12: 9])
                == "[_14, \"_2\", _9, x_2] # _2\nfn f() = _14")
        #expect(CellReferences.renumbered("_2 +", [2: 5]) == "_5 +")
        #expect(CellReferences.renumbered("\"unclosed _2", [2: 5]) == "\"unclosed _2")
    }

    /// Inside an f-string only the fields are code: `_2` there is a cell, in the text not.
    @Test func renumberingReachesIntoFStringFields() {
        #expect(
            CellReferences.renumbered(#"f"_2 {_2:.2f} {f'{_12}'} {{_2}}""#, [2: 14, 12: 9])
                == #"f"_2 {_14:.2f} {f'{_9}'} {{_2}}""#)
    }
}
