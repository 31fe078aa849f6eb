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
