import Foundation
import Lang
import Testing

@testable import Shell

/// `:load` and `:recover` show each replayed cell as it would have looked at the prompt:
/// its number in this session, its input (continuation lines under `...> `), then its
/// output. Piped, the same plain text: a replay is a log of what ran.
@Suite("Replayed cells are shown as they ran at the prompt")
struct ReplayTranscriptTests {
    @Test func loadShowsEachCellsNumberInputAndOutput() throws {
        let path = try writeSproutFile("a = 5\na * 2\n#> 10\n\n# [4]\n_2 + 1\n#> 11\n\nfn f(n) {\n  n + 1\n}\n# a note\nprint(f(1))\n")
        let r = scriptedSession(["7", ":load \(path)", "a"])
        // The file's cells take this session's next numbers (2…6); `_2` in the file is the
        // session's `_3`, and the input is shown as this session records it. A comment
        // directly above a cell is part of it.
        #expect(
            r.output
                == """
                7
                [2]> a = 5
                [3]> a * 2
                10
                [4]> _3 + 1
                11
                [5]> fn f(n) {
                 ...>   n + 1
                 ...> }
                [6]> # a note
                 ...> print(f(1))
                2
                5

                """.replacingOccurrences(of: " ...>", with: "...>"), "\(r.output)")
        #expect(r.reader.prompts.last == "[8]> ")
    }

    @Test func continuationLinesAlignUnderAWideNumber() throws {
        let path = try writeSproutFile("[1,\n 2]\n")
        let r = scriptedSession((1...9).map(String.init) + [":load \(path)"])
        #expect(r.output.hasSuffix("9\n[10]> [1,\n ...>  2]\n[1, 2]\n"), "\(r.output)")
    }

    @Test func aLoadThatStopsAtAnErrorShowsTheFailedCellBeforeItsError() throws {
        let path = try writeSproutFile("a = 1\nnope + 1\nb = 2\n")
        let r = scriptedSession([":load \(path)"])
        #expect(r.output.hasPrefix("[1]> a = 1\n[2]> nope + 1\n"), "\(r.output)")
        #expect(r.output.hasSuffix("\(path): stopped at the error on line 2; 1 cell before it ran\n"), "\(r.output)")
        #expect(!r.output.contains("b = 2"))
    }

    @Test func recoverShowsEachCellAsItRanAtThePrompt() throws {
        let folder = try makeTemporaryFolder()
        let journal = try Journal(path: folder + "/journal-1.jsonl")
        for (n, cell) in [("x = 20", ""), ("print(x + 1)", "21\n"), ("x * 2", "40\n")].enumerated() {
            try journal.append(CellRecord(number: n + 1, input: cell.0, output: cell.1, error: nil, seconds: 0))
        }
        journal.close(clean: false)
        let host = RecordingHost()
        let repl = REPL(reader: ScriptedLineReader(lines: ["5", ":recover", "x"]), host: host, isTerminal: false)
        #expect(repl.startJournal(in: folder) != nil)
        _ = repl.run()
        repl.finishJournal()
        // Recovered after one typed cell: they take this session's numbers 2, 3, 4.
        #expect(host.output == "5\nreplaying 3 cells\n[2]> x = 20\n[3]> print(x + 1)\n21\n[4]> x * 2\n40\n20\n", "\(host.output)")
    }

    /// `sprout < FILE` with a `:load`: the same lines, no escape codes.
    @Test func pipedLoadShowsThePlainTranscript() throws {
        let path = try writeSproutFile("z = 3\nz * z\n")
        let r = try runSprout([], input: "1\n:load \(path)\n", environment: ["NO_COLOR": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "1\n[2]> z = 3\n[3]> z * z\n9\n", "\(r.stdout)")
        #expect(!r.stdout.contains("\u{1B}"))
    }
}
