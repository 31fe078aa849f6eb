import Foundation
import Lang
import Testing

@testable import Shell

@Suite("Journal")
struct JournalTests {
    let cells = [
        CellRecord(number: 1, input: "x = 2", output: "", error: nil, seconds: 0.001),
        CellRecord(number: 2, input: "print(\"a\\nb\")\nx + 1", output: "a\nb\n3\n", error: nil, seconds: 0.002),
        CellRecord(number: 3, input: "x +", output: "", error: "error: expected an expression", seconds: 0),
    ]

    @Test func crashLeavesEveryCellRecoverable() throws {
        let path = try makeTemporaryFolder() + "/state/sprout/journal.jsonl"  // folders created
        do {
            let journal = try Journal(path: path)
            for cell in cells { try journal.append(cell) }
            // No close: as after kill -9 (the descriptor closes with the object, file stays).
        }
        #expect(Journal.unfinished(at: path) == cells.map(JournaledCell.finished))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 3)
    }

    /// The input is on disk before the cell runs: a crash mid-cell keeps it, marked as
    /// not finished; a start followed by its result is one finished cell.
    @Test func aCellStartedButNotFinishedIsKeptAsInterrupted() throws {
        let path = try makeTemporaryFolder() + "/journal.jsonl"
        do {
            let journal = try Journal(path: path)
            try journal.begin(number: 1, input: "x = 2")
            try journal.append(cells[0])
            try journal.begin(number: 2, input: cells[1].input)
            // kill -9 while cell 2 runs
        }
        #expect(Journal.unfinished(at: path) == [.finished(cells[0]), .interrupted(number: 2, input: cells[1].input)])
        #expect(Journal.unfinished(at: path)?.map(\.input) == ["x = 2", cells[1].input])
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 3)
    }

    @Test func closeWithoutCleanKeepsTheJournal() throws {
        let path = try makeTemporaryFolder() + "/journal.jsonl"
        let journal = try Journal(path: path)
        try journal.append(cells[0])
        journal.close(clean: false)
        #expect(Journal.unfinished(at: path) == [.finished(cells[0])])
        #expect(throws: JournalError.closed(path)) { try journal.append(cells[1]) }
    }

    @Test func truncatedLastLineIsSkipped() throws {
        let path = try makeTemporaryFolder() + "/journal.jsonl"
        let journal = try Journal(path: path)
        try journal.append(cells[0])
        try journal.append(cells[1])
        journal.close(clean: false)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"error":null,"input":"y = "#.utf8))  // cut short by a crash
        handle.closeFile()
        #expect(Journal.unfinished(at: path) == cells[0...1].map(JournaledCell.finished))
    }

    @Test func garbledOrEmptyJournalRecoversNothing() throws {
        let folder = try makeTemporaryFolder()
        try Data("not json\n{\"number\":\n".utf8).write(to: URL(fileURLWithPath: folder + "/j.jsonl"))
        #expect(Journal.unfinished(at: folder + "/j.jsonl") == nil)
        #expect(Journal.unfinished(at: folder + "/missing.jsonl") == nil)
    }

    @Test func cleanCloseLeavesNothingToRecover() throws {
        let path = try makeTemporaryFolder() + "/journal.jsonl"
        let journal = try Journal(path: path)
        for cell in cells { try journal.append(cell) }
        journal.close(clean: true)
        #expect(Journal.unfinished(at: path) == nil)
        #expect(!FileManager.default.fileExists(atPath: path))
        journal.close(clean: true)  // twice is harmless
    }

    @Test func reopeningStartsAFreshJournal() throws {
        let path = try makeTemporaryFolder() + "/journal.jsonl"
        let first = try Journal(path: path)
        try first.append(cells[0])
        first.close(clean: false)
        let second = try Journal(path: path)
        try second.append(cells[1])
        #expect(Journal.unfinished(at: path) == [.finished(cells[1])])
    }

    @Test func unwritablePathIsAClearError() throws {
        let folder = try makeTemporaryFolder()
        let file = folder + "/plain-file"
        try Data().write(to: URL(fileURLWithPath: file))
        do {
            _ = try Journal(path: file + "/journal.jsonl")  // a folder inside a file
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("cannot create the journal folder"))
            #expect(error.description.contains(file))
        }
        do {
            _ = try Journal(path: folder)  // a folder, not a file
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("cannot open the journal \(folder)"))
        }
    }

    @Test func defaultFolderFollowsTheStateFolder() {
        let all = ["SPROUT_STATE_DIR": "/s", "XDG_STATE_HOME": "/x", "HOME": "/h"]
        #expect(Journal.defaultFolder(environment: all) == "/s")
        #expect(Journal.defaultFolder(environment: all.merging(["SPROUT_STATE_DIR": ""]) { $1 }) == "/x/sprout")
        #expect(Journal.defaultFolder(environment: ["HOME": "/h"]) == "/h/.local/state/sprout")
    }

    /// A journal another session holds is refused and left as it was; a folder journal
    /// takes the next free name.
    @Test func aHeldJournalIsBusyAndUntouched() throws {
        let folder = try makeTemporaryFolder()
        let first = try Journal(folder: folder)
        try first.append(cells[0])
        #expect(throws: JournalError.busy(first.path)) { try Journal(path: first.path) }
        #expect(Journal.unfinished(at: first.path) == [.finished(cells[0])])
        let second = try Journal(folder: folder)
        #expect(second.path != first.path)
        #expect(second.path.hasSuffix("-2.jsonl"))
        #expect(Journal.abandoned(in: folder).isEmpty)
        first.close(clean: false)
        #expect(Journal.abandoned(in: folder) == [first.path])
    }

    @Test func clearEmptiesTheJournal() throws {
        let path = try makeTemporaryFolder() + "/journal.jsonl"
        let journal = try Journal(path: path)
        try journal.append(cells[0])
        try journal.clear()
        try journal.append(cells[1])
        #expect(Journal.unfinished(at: path) == [.finished(cells[1])])
    }
}

/// A new session never takes over a crashed session's journal, even one named after its
/// own process id (ids are reused).
@Suite("Journal names")
struct JournalNameTests {
    @Test func aCrashedJournalWithThisProcessesNameIsLeftAlone() throws {
        let folder = try makeTemporaryFolder()
        let crashed = folder + "/journal-\(getpid()).jsonl"
        let record = CellRecord(number: 1, input: "keep = 1", output: "", error: nil, seconds: 0)
        try Journal(path: crashed).append(record)  // closed when it goes: as after a crash
        let journal = try Journal(folder: folder)
        #expect(journal.path != crashed)
        #expect(Journal.unfinished(at: crashed) == [.finished(record)])
    }
}
