import Foundation

/// The crash-proof journal: every cell's input is appended (and fsync'd) before it runs
/// and its result after, a clean exit removes the journal, and the next start finds one
/// left by a crash or `kill -9` and offers `:recover`, which replays the finished cells
/// into the new session. A cell that was still running is shown and put in the history
/// instead of being run again: it may be what brought the session down.
extension REPL {
    static var recoverCommand: ShellCommand {
        ShellCommand(name: "recover", usage: ":recover",
                     summary: "replay the cells of a session that ended without :quit") { repl, _ in
            repl.recover()
        }
    }

    /// Starts journaling in `folder`. The newest journal there that no live session holds
    /// (a session that crashed or was killed) is moved aside to `previous.jsonl` and its
    /// cells kept for `:recover`; an empty one is removed.
    /// - Returns: a line to show at start-up, or nil when there is nothing to say.
    func startJournal(in folder: String) -> String? {
        var notice: String?
        for path in Journal.abandoned(in: folder) {
            guard let unfinished = Journal.unfinished(at: path), !unfinished.isEmpty else {
                try? FileManager.default.removeItem(atPath: path)
                continue
            }
            let previous = Journal.previousPath(in: folder)
            try? FileManager.default.removeItem(atPath: previous)
            guard (try? FileManager.default.moveItem(atPath: path, toPath: previous)) != nil else { continue }
            recoverable = unfinished
            let count = counted(unfinished.count, "cell")
            let running = unfinished.contains { $0.record == nil } ? ", the last one still running" : ""
            notice = "the last session ended without :quit (\(count)\(running)); :recover replays it"
            break
        }
        do {
            journal = try Journal(folder: folder)
        } catch {
            journal = nil
            return (notice.map { $0 + "\n" } ?? "") + "warning: no journal this session (\(error)); cells are not kept if Sprout crashes"
        }
        return notice
    }

    /// Appends a cell about to run.
    func journalStart(number: Int, input: String) {
        writeJournal { (journal) throws(JournalError) in try journal.begin(number: number, input: input) }
    }

    /// Appends a finished cell.
    func journalCell(_ record: CellRecord) {
        writeJournal { (journal) throws(JournalError) in try journal.append(record) }
    }

    /// A failing disk turns journaling off with one warning; the session goes on.
    private func writeJournal(_ write: (Journal) throws(JournalError) -> Void) {
        guard let journal else { return }
        do {
            try write(journal)
        } catch {
            self.journal = nil
            say("warning: the journal stopped (\(error)); cells from now on are not kept if Sprout crashes")
        }
    }

    /// Empties the journal (after `:reset`).
    func restartJournal() {
        writeJournal { (journal) throws(JournalError) in try journal.clear() }
    }

    /// Ends the journal: a clean exit leaves nothing to recover.
    func finishJournal() {
        journal?.close(clean: true)
        journal = nil
    }

    /// Replays the crashed session's cells. Ctrl-C stops the replay (during a cell or
    /// between two); the cells not yet replayed stay for the next `:recover`.
    func recover() {
        guard !recoverable.isEmpty else { return say("nothing to recover") }
        let cells = recoverable
        recoverable = []
        let finished = cells.filter { $0.record != nil }.count
        say("replaying \(counted(finished, "cell"))")
        for (index, cell) in cells.enumerated() {
            switch cell {
            case .finished:
                // Ctrl-C between two cells leaves this one for later; during one, the next.
                if takeStopRequest() { return stopReplay(leaving: Array(cells[index...])) }
                runCell(cell.input)
                if lastCellWasStopped { return stopReplay(leaving: Array(cells[(index + 1)...])) }
            case let .interrupted(number, input):
                reader.addHistory(input)
                say("cell [\(number)] was still running when the session ended; not run again (press Up to edit or rerun it):")
                say(input.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
            }
        }
    }

    private func stopReplay(leaving rest: [JournaledCell]) {
        recoverable = rest
        let left = rest.filter { $0.record != nil }.count
        say(left == 0 ? "replay stopped" : "replay stopped; :recover runs the \(left == 1 ? "cell" : "\(left) cells") left")
    }
}
