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
        #expect(host.output == "replaying 3 cells\n[1]> x = 20\n[2]> y = x + 1\n[3]> print(y)\n21\n41\n")
        // A clean exit leaves nothing to recover, and the recovered journal is gone.
        #expect(Journal.abandoned(in: folder).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path))
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
        #expect(
            repl.startJournal(in: folder)
                == "the last session ended without :quit (2 cells, the last one still running); :recover replays it")
        _ = repl.run()
        #expect(
            host.output == """
                replaying 1 cell
                [1]> n = 5
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
        repl.interpreter.cancellation.request()  // as if Ctrl-C came before the first cell
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

/// Crashed sessions stay on disk until recovered or dismissed (issue 8, item 8), and
/// unreadable journal lines are counted (item 13).
@Suite("Several crashed sessions")
struct CrashedSessionsTests {
    func makeREPL(_ lines: [String]) -> (REPL, RecordingHost) { REPLJournalTests().makeREPL(lines) }

    /// A session that runs `lines` in `folder` and dies (its journal closed, not removed).
    /// Waits (up to 5 s) until `path` can be locked. A child another test thread is
    /// spawning holds a copy of every descriptor until it execs (O_CLOEXEC acts only at
    /// exec), and with it the journal's lock; on a loaded machine that copy can outlive
    /// the journal's close for a moment.
    func waitUntilUnlockable(_ path: String) {
        for _ in 0..<500 {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            defer { if fd >= 0 { close(fd) } }
            if fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0 { return }
            usleep(10_000)
        }
    }

    func crash(in folder: String, running lines: [String], minutesAgo: Double = 0) throws -> (String, notice: String?) {
        let (repl, _) = makeREPL(lines)
        let notice = repl.startJournal(in: folder)
        _ = repl.run()
        let path = try #require(repl.journal?.path)
        repl.journal?.close(clean: false)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60 * minutesAgo)], ofItemAtPath: path)
        return (path, notice)
    }

    /// (a) crash, restart, type a cell before `:recover`, crash again, restart: both
    /// sessions are offered, newest first, and either can be recovered.
    @Test func aSecondCrashBeforeRecoveringKeepsTheFirst() throws {
        let folder = try makeTemporaryFolder()
        let (first, _) = try crash(in: folder, running: ["x = 20", "y = x + 1"], minutesAgo: 5)
        let (second, notice) = try crash(in: folder, running: ["z = 1"], minutesAgo: 1)
        #expect(notice == "the last session ended without :quit (2 cells); :recover replays it")
        let (repl, host) = makeREPL([":recover", ":recover 2", "x + y", ":recover", ":recover", "z"])
        #expect(repl.startJournal(in: folder) == "2 sessions ended without :quit; :recover lists them")
        let when = try [second, first].map { try #require(CrashedJournal.read(at: $0)).when }
        _ = repl.run()
        #expect(
            host.output == """
                2 sessions ended without :quit, newest first:
                  1  \(when[0])  1 cell   z = 1
                  2  \(when[1])  2 cells  x = 20 … y = x + 1
                :recover N replays one; :recover --dismiss N deletes one
                replaying 2 cells
                [1]> x = 20
                [2]> y = x + 1
                41
                replaying 1 cell
                [4]> z = 1
                nothing to recover
                1

                """)
        #expect(!FileManager.default.fileExists(atPath: first) && !FileManager.default.fileExists(atPath: second))
        // The recovered cells are this session's now: its journal keeps them.
        #expect(Journal.unfinished(at: try #require(repl.journal?.path))?.map(\.input) == ["x = 20", "y = x + 1", "x + y", "z = 1", "z"])
    }

    /// (b) crash, restart, get killed before typing anything: the first session is still
    /// offered at the next start.
    @Test func aSessionKilledBeforeItsFirstCellLosesNothing() throws {
        let folder = try makeTemporaryFolder()
        _ = try crash(in: folder, running: ["a = 1", "b = a + 1"])
        let (_, notice) = try crash(in: folder, running: [])
        #expect(notice == "the last session ended without :quit (2 cells); :recover replays it")
        let (repl, host) = makeREPL([":recover", "b"])
        #expect(repl.startJournal(in: folder) == "the last session ended without :quit (2 cells); :recover replays it")
        _ = repl.run()
        #expect(host.output == "replaying 2 cells\n[1]> a = 1\n[2]> b = a + 1\n2\n")
    }

    @Test func dismissDeletesOneAndBadNumbersSaySo() throws {
        let folder = try makeTemporaryFolder()
        let (first, _) = try crash(in: folder, running: ["a = 1"], minutesAgo: 3)
        let (second, _) = try crash(in: folder, running: ["b = 2", "b"], minutesAgo: 1)
        let when = try #require(CrashedJournal.read(at: second)).when
        let (repl, host) = makeREPL([":recover 3", ":recover \(Int.min)", ":recover x", ":recover --dismiss 1", ":recover", "a"])
        _ = repl.startJournal(in: folder)
        _ = repl.run()
        #expect(
            host.output == """
                there are 2 crashed sessions; :recover lists them
                there are 2 crashed sessions; :recover lists them
                usage: :recover [--dismiss] [N]
                dismissed the session of \(when) (2 cells)
                replaying 1 cell
                [1]> a = 1
                1

                """)
        #expect(!FileManager.default.fileExists(atPath: first) && !FileManager.default.fileExists(atPath: second))
    }

    /// A last line cut short is what a crash leaves and needs no word; a garbled line in
    /// the middle lost a cell, and the replay says so.
    @Test func unreadableLinesAreCountedWhenRecovering() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/journal-9.jsonl"
        let cell = { (n: Int, input: String) in
            String(
                decoding: try JSONEncoder().encode(CellRecord(number: n, input: input, output: "", error: nil, seconds: 0)), as: UTF8.self)
        }
        let text = try [cell(1, "a = 1"), "not json", "{\"number\":", cell(4, "a + 1")].joined(separator: "\n") + "\n{\"inp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(CrashedJournal.read(at: path)?.skippedLines == 2)
        let (repl, host) = makeREPL([":recover"])
        _ = repl.startJournal(in: folder)
        _ = repl.run()
        #expect(host.output == "replaying 2 cells; 2 journal lines could not be read and were skipped\n[1]> a = 1\n[2]> a + 1\n2\n")
    }

    /// A replay stopped before its end leaves the rest on disk, for this session or the next.
    @Test func aStoppedReplayIsStillOfferedAfterARestart() throws {
        let folder = try makeTemporaryFolder()
        _ = try crash(in: folder, running: ["a = 1", "b = a + 1"])
        let (stopped, host) = makeREPL([])
        _ = stopped.startJournal(in: folder)
        stopped.interpreter.cancellation.request()  // Ctrl-C before the first cell
        stopped.recover()
        #expect(host.output == "replaying 2 cells\nreplay stopped; :recover runs the 2 cells left\n")
        stopped.journal?.close(clean: false)
        let (next, _) = makeREPL([])
        #expect(next.startJournal(in: folder) == "the last session ended without :quit (2 cells); :recover replays it")
    }

    /// Two shells never replay the same crashed session at once.
    @Test func aJournalBeingRecoveredElsewhereIsLeftAlone() throws {
        let folder = try makeTemporaryFolder()
        let (path, _) = try crash(in: folder, running: ["a = 1"])
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)  // the other shell, mid-replay
        let (repl, host) = makeREPL([":recover"])
        _ = repl.startJournal(in: folder)
        _ = repl.run()
        #expect(host.output == "nothing to recover\n")
        #expect(FileManager.default.fileExists(atPath: path))
    }

    /// What was listed may have changed when the lock is taken: the journal is read again
    /// under it, and one another shell finished with is not replayed twice.
    @Test func theJournalIsReadAgainUnderTheLock() throws {
        let folder = try makeTemporaryFolder()
        let (path, _) = try crash(in: folder, running: ["a = 1", "b = 2"])
        let listed = try #require(CrashedJournal.read(at: path))
        try listed.keep(only: [listed.cells[1]])  // another shell replayed the first cell
        waitUntilUnlockable(path)
        var seen: [String] = []
        #expect(listed.whileLocked { seen = $0.cells.map(\.input) })
        #expect(seen == ["b = 2"])
        listed.remove()  // and then the rest
        #expect(!listed.whileLocked { _ in Issue.record("replayed twice") })
    }

    /// A session that could not open its own journal cannot keep recovered cells: the
    /// crashed journal stays.
    @Test func withoutAJournalTheRecoveredSessionStays() throws {
        let folder = try makeTemporaryFolder()
        let (path, _) = try crash(in: folder, running: ["a = 1"])
        let (repl, host) = makeREPL([":recover", "a"])
        _ = repl.startJournal(in: folder)
        repl.journal = nil  // as when the disk refused it
        _ = repl.run()
        #expect(
            host.output
                == "replaying 1 cell\n[1]> a = 1\nthis session has no journal, so the recovered session stays on offer (:recover --dismiss deletes it)\n1\n"
        )
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
