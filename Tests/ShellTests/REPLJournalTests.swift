import Foundation
import Lang
import Testing
@testable import Shell

@Suite("The REPL's journal and :recover")
struct REPLJournalTests {
    func makeREPL(_ lines: [String]) -> (REPL, RecordingHost) {
        let host = RecordingHost()
        let repl = REPL(reader: ScriptedLineReader(lines.map { .line($0) }), host: host, isTerminal: false, seed: 0)
        return (repl, host)
    }

    @Test func aCrashedSessionIsRecoveredIntoTheNextOne() throws {
        let folder = try makeTemporaryFolder()
        // A session that never reaches finishJournal(); closing its journal without
        // cleaning up is what the kernel does when the process is killed.
        let (crashed, _) = makeREPL(["x = 20", "y = x + 1", "print(y)"])
        #expect(crashed.startJournal(in: folder) == nil)
        _ = crashed.run()
        let path = try #require(crashed.journal?.path)
        #expect(Journal.unfinished(at: path)?.map(\.input) == ["x = 20", "y = x + 1", "print(y)"])
        crashed.journal?.close(clean: false)

        let (next, host) = makeREPL([":recover", "x + y"])
        let notice = next.startJournal(in: folder)
        #expect(notice == "the last session ended without :quit (3 cells); :recover replays it")
        _ = next.run()
        next.finishJournal()
        #expect(host.output == "replaying 3 cells\n21\n41\n")
        // A clean exit leaves nothing to recover, and the old journal was set aside.
        #expect(Journal.abandoned(in: folder).isEmpty)
        #expect(Journal.unfinished(at: Journal.previousPath(in: folder))?.count == 3)
    }

    /// Two shells open at once: the second must not take the first's journal for a
    /// crashed one, nor write into it.
    @Test func aLiveSessionsJournalIsNotOfferedForRecovery() throws {
        let folder = try makeTemporaryFolder()
        let (first, _) = makeREPL(["a = 1"])
        #expect(first.startJournal(in: folder) == nil)
        _ = first.run()
        let (second, _) = makeREPL(["b = 2"])
        #expect(second.startJournal(in: folder) == nil)
        _ = second.run()
        let firstPath = try #require(first.journal?.path)
        let secondPath = try #require(second.journal?.path)
        #expect(firstPath != secondPath)
        #expect(Journal.unfinished(at: firstPath)?.map(\.input) == ["a = 1"])
        #expect(Journal.unfinished(at: secondPath)?.map(\.input) == ["b = 2"])
        #expect(Journal.abandoned(in: folder).isEmpty)
        first.journal?.close(clean: false)  // the first one dies
        #expect(Journal.abandoned(in: folder) == [firstPath])
        second.finishJournal()
        #expect(Journal.abandoned(in: folder) == [firstPath])
    }

    @Test func aCellThatWasRunningIsShownAndPutInTheHistoryNotRerun() throws {
        let folder = try makeTemporaryFolder()
        do {
            let journal = try Journal(path: folder + "/journal-1.jsonl")
            try journal.begin(number: 1, input: "n = 5")
            try journal.append(CellRecord(number: 1, input: "n = 5", output: "", error: nil, seconds: 0))
            try journal.begin(number: 2, input: "n = n + 1\ncrash_here()")  // the process died here
        }
        let reader = ScriptedLineReader([.line(":recover"), .line("n")])
        let host = RecordingHost()
        let repl = REPL(reader: reader, host: host, isTerminal: false)
        #expect(repl.startJournal(in: folder) == "the last session ended without :quit (2 cells, the last one still running); :recover replays it")
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

    /// Ctrl-C between two replayed cells stops the replay; `:recover` goes on from there.
    @Test func ctrlCStopsTheReplayAndRecoverContinues() throws {
        let folder = try makeTemporaryFolder()
        let journal = try Journal(path: folder + "/journal-1.jsonl")
        for (n, input) in ["a = 1", "b = a + 1", "c = b + 1"].enumerated() {
            try journal.append(CellRecord(number: n + 1, input: input, output: "", error: nil, seconds: 0))
        }
        journal.close(clean: false)
        let (repl, host) = makeREPL([])
        #expect(repl.startJournal(in: folder) != nil)
        repl.interpreter.runtime.cancellation.request()  // as if Ctrl-C came before the first cell
        repl.recover()
        #expect(host.output == "replaying 3 cells\nreplay stopped; :recover runs the 3 cells left\n")
        #expect(repl.cells.isEmpty)
        repl.recover()
        #expect(repl.cells.map(\.input) == ["a = 1", "b = a + 1", "c = b + 1"])
        #expect(repl.interpreter.globals.map(\.name) == ["a", "b", "c"])
    }

    @Test func resetEmptiesTheJournal() throws {
        let (repl, _) = makeREPL(["x = 1", ":reset", "y = 2"])
        #expect(repl.startJournal(in: try makeTemporaryFolder()) == nil)
        _ = repl.run()
        #expect(Journal.unfinished(at: try #require(repl.journal?.path))?.map(\.input) == ["y = 2"])
    }

    @Test func anEmptyAbandonedJournalIsRemovedQuietly() throws {
        let folder = try makeTemporaryFolder()
        #expect(FileManager.default.createFile(atPath: folder + "/journal-7.jsonl", contents: Data()))  // held by nobody
        let (repl, _) = makeREPL([])
        #expect(repl.startJournal(in: folder) == nil)
        #expect(!FileManager.default.fileExists(atPath: folder + "/journal-7.jsonl"))
    }

    @Test func nothingToRecoverSaysSo() throws {
        let (repl, host) = makeREPL([":recover"])
        #expect(repl.startJournal(in: try makeTemporaryFolder()) == nil)
        _ = repl.run()
        repl.finishJournal()
        #expect(host.output == "nothing to recover\n")
    }

    @Test func anUnwritableJournalWarnsAndTheSessionGoesOn() {
        let (repl, host) = makeREPL(["1 + 1"])
        let notice = repl.startJournal(in: "/proc/no-such-dir")
        #expect(notice?.hasPrefix("warning: no journal this session") == true)
        #expect(repl.run() == 0)
        #expect(host.output == "2\n")
    }
}
