import Foundation

/// The crash-proof journal: every cell is appended (and fsync'd) as it finishes, a clean
/// exit removes the journal, and the next start finds one left by a crash or `kill -9`
/// and offers `:recover`, which replays those cells into the new session.
extension REPL {
    static var recoverCommand: ShellCommand {
        ShellCommand(name: "recover", usage: ":recover",
                     summary: "replay the cells of a session that ended without :quit") { repl, _ in
            repl.recover()
        }
    }

    /// Starts journaling to `path`, keeping the cells of an unfinished journal found there
    /// for `:recover` (the old file is kept beside it as `.previous` until then).
    /// - Returns: a line to show at start-up, or nil when there is nothing to say.
    func startJournal(at path: String) -> String? {
        var notice: String?
        if let unfinished = Journal.unfinished(at: path), !unfinished.isEmpty {
            recoverable = unfinished
            try? FileManager.default.removeItem(atPath: path + ".previous")
            try? FileManager.default.moveItem(atPath: path, toPath: path + ".previous")
            notice = "the last session ended without :quit (\(unfinished.count) cell\(unfinished.count == 1 ? "" : "s")); :recover replays it"
        }
        do {
            journal = try Journal(path: path)
        } catch {
            journal = nil
            return (notice.map { $0 + "\n" } ?? "") + "warning: no journal this session (\(error)); cells are not kept if Sprout crashes"
        }
        return notice
    }

    /// Appends a finished cell; a failing disk turns journaling off with one warning.
    func journalCell(_ record: CellRecord) {
        guard let journal else { return }
        do {
            try journal.append(record)
        } catch {
            self.journal = nil
            say("warning: the journal stopped (\(error)); cells from now on are not kept if Sprout crashes")
        }
    }

    /// Ends the journal: a clean exit leaves nothing to recover.
    func finishJournal() {
        journal?.close(clean: true)
        journal = nil
    }

    func recover() {
        guard !recoverable.isEmpty else { return say("nothing to recover") }
        let cells = recoverable
        recoverable = []
        say("replaying \(cells.count) cell\(cells.count == 1 ? "" : "s")")
        for cell in cells { runCell(cell.input) }
    }
}
