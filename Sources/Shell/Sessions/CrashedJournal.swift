import Engine
import Foundation

/// A journal left by a session that did not end cleanly (it crashed, was killed, or its
/// terminal went away), as `:recover` offers it.
///
/// Such a journal stays on disk until its cells are recovered or the user dismisses it:
/// starting a new session, crashing again before `:recover`, or quitting at once never
/// removes or overwrites it, so several can wait at once. Recovering replays the cells
/// into the running session, whose own journal then holds them, and only then is the old
/// file removed; a replay stopped half way leaves the cells not yet run in it.
struct CrashedJournal {
    let path: String
    /// When the session last wrote to it.
    let modified: Date
    /// Its cells in order (at least one).
    let cells: [JournaledCell]
    /// Lines that could not be read, not counting a last line a crash cut short.
    let skippedLines: Int

    /// Reads the journal at `path`; nil when it is missing or holds no readable cell.
    static func read(at path: String) -> CrashedJournal? {
        guard let contents = Journal.contents(at: path), !contents.cells.isEmpty else { return nil }
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
        return CrashedJournal(path: path, modified: modified, cells: contents.cells, skippedLines: contents.skippedLines)
    }

    /// The journals in `folder` that no live session holds, newest first. One with no
    /// readable cell (a session that ended before its first cell) is removed on the way.
    static func all(in folder: String) -> [CrashedJournal] {
        Journal.abandoned(in: folder).compactMap { path in
            guard let journal = read(at: path) else {
                try? FileManager.default.removeItem(atPath: path)
                return nil
            }
            return journal
        }
    }

    /// `2026-12-05 09:14`, local time: when the session last wrote a cell.
    var when: String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: modified)
    }

    /// `x = 20 … print(y)`: the first line of the first and the last cell, shortened.
    var summary: String {
        func first(_ cell: JournaledCell) -> String {
            let line = cell.input.prefix { $0 != "\n" }
            return line.count > 30 ? line.prefix(29) + "…" : String(line)
        }
        guard let head = cells.first, let tail = cells.last else { return "" }
        return cells.count == 1 ? first(head) : first(head) + " … " + first(tail)
    }

    /// Runs `body` holding the journal's lock, so two shells never recover the same
    /// session at once. `body` is given the journal as read under the lock: another shell
    /// may have replayed part of it, or all (the file is then gone or replaced), since
    /// this one was read.
    /// - Returns: false (without running `body`) when another shell holds the journal or
    ///   it is gone.
    func whileLocked(_ body: (CrashedJournal) -> Void) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { _ = close(fd) }
        var locked = stat(), current = stat()
        guard flock(fd, LOCK_EX | LOCK_NB) == 0, fstat(fd, &locked) == 0, stat(path, &current) == 0,
            locked.st_ino == current.st_ino, let fresh = CrashedJournal.read(at: path)
        else { return false }
        body(fresh)
        return true
    }

    /// Deletes the journal (recovered or dismissed).
    func remove() {
        _ = unlink(path)
    }

    /// Leaves only `rest` in the journal (a replay stopped half way), or removes it when
    /// nothing is left. The new text is written beside it and renamed over it, so a crash
    /// now loses nothing.
    /// - Throws: `JournalError` when the new text cannot be written; the journal is then
    ///   left whole.
    func keep(only rest: [JournaledCell]) throws(JournalError) {
        guard !rest.isEmpty else { return remove() }
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder as NSString).appendingPathComponent(".rest-\(getpid()).tmp")
        let journal = try Journal(path: temporary)
        defer { journal.close(clean: false) }
        for cell in rest {
            switch cell {
            case let .finished(record): try journal.append(record)
            case let .interrupted(number, input): try journal.begin(number: number, input: input)
            }
        }
        guard rename(temporary, path) == 0 else {
            let reason = RegularFile.reason(errno: errno)
            _ = unlink(temporary)
            throw .cannotWrite(path, reason: reason)
        }
    }
}
