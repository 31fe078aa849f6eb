import Foundation

/// The crash-proof journal: every cell's input is appended (and fsync'd) before it runs
/// and its result after, a clean exit removes the journal, and a journal left by a crash
/// or `kill -9` stays on disk (`CrashedJournal`) until `:recover` replays its finished
/// cells into a session or `:recover --dismiss` deletes it. A cell that was still
/// running is shown and put in the history instead of being run again: it may be what
/// brought the session down.
extension REPL {
    static var recoverCommand: ShellCommand {
        ShellCommand(
            name: "recover", usage: ":recover [--dismiss] [N]",
            summary: "replay a crashed session (several: lists them; N picks one; --dismiss deletes it)"
        ) { repl, argument in
            repl.recover(argument)
        }
    }

    /// Starts journaling in `folder`. Journals there that no live session holds belong to
    /// sessions that crashed or were killed: they are left where they are for `:recover`
    /// (an empty one is removed), and the start-up line says so as long as any is there.
    /// - Returns: a line to show at start-up, or nil when there is nothing to say.
    func startJournal(in folder: String) -> String? {
        journalFolder = folder
        let crashed = CrashedJournal.all(in: folder)
        var notice: String?
        if crashed.count > 1 {
            notice = "\(crashed.count) sessions ended without :quit; :recover lists them"
        } else if let only = crashed.first {
            let running = only.cells.last?.record == nil ? ", the last one still running" : ""
            notice = "the last session ended without :quit (\(counted(only.cells.count, "cell"))\(running)); :recover replays it"
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

    /// `:recover` replays the only crashed session or lists several, newest first;
    /// `:recover N` replays the Nth; `:recover --dismiss N` deletes it.
    func recover(_ argument: String = "") {
        guard let words = words(of: argument, for: "recover") else { return }
        let dismissing = words.first == "--dismiss"
        let numbers = dismissing ? Array(words.dropFirst()) : words
        guard numbers.count <= 1, numbers.allSatisfy({ Int($0) != nil }) else {
            return failUsage(of: "recover")
        }
        let crashed = journalFolder.map(CrashedJournal.all(in:)) ?? []
        guard !crashed.isEmpty else { return say("nothing to recover") }
        guard let number = numbers.first.flatMap({ Int($0) }) ?? (crashed.count == 1 ? 1 : nil) else {
            return say(dismissing ? "usage: :recover --dismiss N (:recover lists them)" : listing(crashed))
        }
        guard number >= 1 && number <= crashed.count else {
            return say(
                crashed.count == 1
                    ? "there is 1 crashed session; :recover replays it"
                    : "there are \(crashed.count) crashed sessions; :recover lists them")
        }
        let done = crashed[number - 1].whileLocked { chosen in
            if dismissing {
                chosen.remove()
                say("dismissed the session of \(chosen.when) (\(counted(chosen.cells.count, "cell")))")
            } else {
                replay(chosen)
            }
        }
        if !done { say("another Sprout is recovering that session or just did; :recover lists what is left") }
    }

    /// The crashed sessions, numbered for `:recover N`: when, how many cells, the first
    /// and last cell.
    private func listing(_ crashed: [CrashedJournal]) -> String {
        let sizes = crashed.map { counted($0.cells.count, "cell") }
        let width = sizes.map(\.count).max() ?? 0
        let rows = zip(crashed, sizes).enumerated().map { index, entry in
            "  \(index + 1)  \(entry.0.when)  " + entry.1.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + entry.0.summary
        }
        return
            (["\(crashed.count) sessions ended without :quit, newest first:"] + rows
            + [":recover N replays one; :recover --dismiss N deletes one"]).joined(separator: "\n")
    }

    /// Replays a crashed session's cells. When all ran, they are in this session's
    /// journal and the old one is removed; Ctrl-C stops the replay (during a cell or
    /// between two) and the old journal keeps the cells not yet replayed.
    private func replay(_ crashed: CrashedJournal) {
        let cells = crashed.cells
        let finished = cells.filter { $0.record != nil }.count
        let skipped = crashed.skippedLines
        say(
            "replaying \(counted(finished, "cell"))"
                + (skipped == 0
                    ? ""
                    : skipped == 1
                        ? "; 1 journal line could not be read and was skipped"
                        : "; \(counted(skipped, "journal line")) could not be read and were skipped"))
        for (index, cell) in cells.enumerated() {
            switch cell {
            case .finished:
                // Ctrl-C between two cells leaves this one for later; during one, the next.
                if takeStopRequest() { return stopReplay(crashed, leaving: Array(cells[index...])) }
                runCell(cell.input, isReplayed: true)
                if lastCellWasStopped { return stopReplay(crashed, leaving: Array(cells[(index + 1)...])) }
            case let .interrupted(number, input):
                reader.addHistory(input)
                say("cell [\(number)] was still running when the session ended; not run again (press Up to edit or rerun it):")
                say(input.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
            }
        }
        // Without a journal of its own this session could not keep the cells: the old
        // journal stays on offer rather than be lost.
        guard journal != nil else {
            return say("this session has no journal, so the recovered session stays on offer (:recover --dismiss deletes it)")
        }
        crashed.remove()
    }

    private func stopReplay(_ crashed: CrashedJournal, leaving rest: [JournaledCell]) {
        let left = rest.filter { $0.record != nil }.count
        do {
            try crashed.keep(only: left == 0 ? [] : rest)
        } catch {
            say("warning: \(error); the whole session stays on offer")
        }
        say(left == 0 ? "replay stopped" : "replay stopped; :recover runs the \(left == 1 ? "cell" : "\(left) cells") left")
    }
}
