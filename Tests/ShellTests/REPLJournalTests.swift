import Foundation
import Lang
import Testing
@testable import Shell

@Suite("The REPL's journal and :recover")
struct REPLJournalTests {
    func makeREPL(_ lines: [String]) -> (REPL, RecordingHost) {
        let host = RecordingHost()
        let repl = REPL(reader: ScriptedLineReader(lines.map { .line($0) }), host: host, isTerminal: false, seed: 0) {
            Interpreter(host: $0, seed: $1)
        }
        return (repl, host)
    }

    func temporaryJournal() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sprout-repl-journal-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("journal.jsonl").path
    }

    @Test func aCrashedSessionIsRecoveredIntoTheNextOne() {
        let path = temporaryJournal()
        // A session that never reaches finishJournal(): as after kill -9.
        let (crashed, _) = makeREPL(["x = 20", "y = x + 1", "print(y)"])
        #expect(crashed.startJournal(at: path) == nil)
        _ = crashed.run()
        #expect(Journal.unfinished(at: path)?.map(\.input) == ["x = 20", "y = x + 1", "print(y)"])

        let (next, host) = makeREPL([":recover", "x + y"])
        let notice = next.startJournal(at: path)
        #expect(notice == "the last session ended without :quit (3 cells); :recover replays it")
        _ = next.run()
        next.finishJournal()
        #expect(host.output == "replaying 3 cells\n21\n41\n")
        // A clean exit leaves nothing to recover, and the old journal was set aside.
        #expect(Journal.unfinished(at: path) == nil)
        #expect(FileManager.default.fileExists(atPath: path + ".previous"))
    }

    @Test func aCellThatWasRunningIsShownAndPutInTheHistoryNotRerun() throws {
        let path = temporaryJournal()
        do {
            let journal = try Journal(path: path)
            try journal.begin(number: 1, input: "n = 5")
            try journal.append(CellRecord(number: 1, input: "n = 5", output: "", error: nil, seconds: 0))
            try journal.begin(number: 2, input: "n = n + 1\ncrash_here()")  // the process died here
        }
        let reader = ScriptedLineReader([.line(":recover"), .line("n")])
        let host = RecordingHost()
        let repl = REPL(reader: reader, host: host, isTerminal: false) { Interpreter(host: $0, seed: $1) }
        #expect(repl.startJournal(at: path) == "the last session ended without :quit (2 cells, the last one still running); :recover replays it")
        _ = repl.run()
        #expect(host.output == """
            replaying 1 cell
            cell [2] was still running when the session ended; not run again (press Up to edit or rerun it):
                n = n + 1
                crash_here()
            5

            """)
        #expect(reader.history.contains("n = n + 1\ncrash_here()"))
        #expect(repl.cells.map(\.input) == ["n = 5", "n"])
    }

    @Test func resetEmptiesTheJournal() {
        let path = temporaryJournal()
        let (repl, _) = makeREPL(["x = 1", ":reset", "y = 2"])
        #expect(repl.startJournal(at: path) == nil)
        _ = repl.run()
        #expect(Journal.unfinished(at: path)?.map(\.input) == ["y = 2"])
    }

    @Test func nothingToRecoverSaysSo() {
        let path = temporaryJournal()
        let (repl, host) = makeREPL([":recover"])
        #expect(repl.startJournal(at: path) == nil)
        _ = repl.run()
        repl.finishJournal()
        #expect(host.output == "nothing to recover\n")
    }

    @Test func anUnwritableJournalWarnsAndTheSessionGoesOn() {
        let (repl, host) = makeREPL(["1 + 1"])
        let notice = repl.startJournal(at: "/proc/no-such-dir/journal.jsonl")
        #expect(notice?.hasPrefix("warning: no journal this session") == true)
        #expect(repl.run() == 0)
        #expect(host.output == "2\n")
    }
}
