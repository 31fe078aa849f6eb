import Engine
import Foundation
import Glibc
import Lang

private let systemClose = Glibc.close
private let systemWrite = Glibc.write

/// Why the journal could not be opened or written. The shell warns and goes on without one.
enum JournalError: Error, CustomStringConvertible, Equatable {
    case cannotCreateFolder(String, reason: String)
    case cannotOpen(String, reason: String)
    case cannotWrite(String, reason: String)
    case closed(String)
    /// Another live session holds this journal.
    case busy(String)

    var description: String {
        switch self {
        case let .cannotCreateFolder(path, reason): "cannot create the journal folder \(path): \(reason)"
        case let .cannotOpen(path, reason): "cannot open the journal \(path): \(reason)"
        case let .cannotWrite(path, reason): "cannot write to the journal \(path): \(reason)"
        case let .closed(path): "the journal \(path) is closed"
        case let .busy(path): "the journal \(path) belongs to another running session"
        }
    }
}

/// A cell as the journal kept it.
enum JournaledCell: Equatable {
    /// A cell that ran to its end (successfully or with an error).
    case finished(CellRecord)
    /// A cell that started and never finished: the session ended while it ran.
    case interrupted(number: Int, input: String)

    var input: String {
        switch self {
        case let .finished(record): record.input
        case let .interrupted(_, input): input
        }
    }

    var record: CellRecord? {
        if case let .finished(record) = self { return record }
        return nil
    }
}

/// The session journal: every cell's input is appended before it runs and its result
/// when it finishes, so a crash or `kill -9` loses nothing that was typed, even mid-cell.
///
/// - File format: JSON Lines. A cell that starts writes `{"input":…,"number":N,"running":true}`;
///   when it finishes, its whole `CellRecord`. Each line is a single `write(2)` on a
///   descriptor opened with `O_APPEND`, then `fsync(2)`. A note (comments only) never
///   runs, so it has only the second line.
/// - One file per session: `journal-PID.jsonl` in the state folder, held with an
///   exclusive `flock(2)` for the session's life. The kernel drops the lock when the
///   process dies, however it dies, so a journal nobody holds belongs to a session that
///   did not end cleanly (`abandoned(in:)`), while two shells open at once never take
///   each other's journal for a crashed one.
/// - Lifetime: `close(clean: true)` (the user quit normally) **removes the file**;
///   `close(clean: false)` keeps it for recovery, as a crash would. A kept journal stays
///   until `:recover` replays or dismisses it (`CrashedJournal`).
/// - Reading: `contents(at:)` skips lines it cannot decode, so a last line cut short by
///   a crash (or any garbled line) loses only that cell; garbled lines are counted, and
///   `:recover` says how many.
final class Journal {
    let path: String
    private var descriptor: Int32

    /// `$SPROUT_STATE_DIR`, else `$XDG_STATE_HOME/sprout`, else `~/.local/state/sprout`:
    /// where journals and the line-editing history live.
    static var defaultFolder: String { defaultFolder(environment: ProcessInfo.processInfo.environment) }

    static func defaultFolder(environment: [String: String]) -> String {
        if let dir = environment["SPROUT_STATE_DIR"], !dir.isEmpty { return dir }
        if let dir = environment["XDG_STATE_HOME"], !dir.isEmpty {
            return (dir as NSString).appendingPathComponent("sprout")
        }
        return (UserPath.home(environment: environment) as NSString).appendingPathComponent(".local/state/sprout")
    }

    /// Opens a fresh journal for this session in `folder` (created as needed), named
    /// after the process; a name already taken (by a live session, or by a crashed one
    /// whose process id was reused) is skipped, so no journal is ever overwritten.
    /// - Throws: `JournalError` when the folder cannot be created or no file opened.
    convenience init(folder: String) throws(JournalError) {
        let pid = getpid()
        var lastError = JournalError.cannotOpen(folder, reason: "no free journal name")
        for attempt in 1...20 {
            let name = attempt == 1 ? "journal-\(pid).jsonl" : "journal-\(pid)-\(attempt).jsonl"
            do {
                try self.init(path: (folder as NSString).appendingPathComponent(name), isNew: true)
                return
            } catch .busy(let path) {
                lastError = .busy(path)
            }
        }
        throw lastError
    }

    /// Opens a fresh journal at `path`, creating its folder as needed, and locks it.
    /// - Parameter isNew: the file must not exist yet (a session's own journal); otherwise
    ///   an existing file nobody holds is emptied.
    /// - Throws: `JournalError` when the folder cannot be created or the file opened, or
    ///   `.busy` when another live session holds it or, with `isNew`, it exists (the file
    ///   is left untouched).
    init(path: String, isNew: Bool = false) throws(JournalError) {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .cannotCreateFolder(folder, reason: plainReason(of: error))
            }
        }
        // 0o600: what the user typed is theirs only.
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (isNew ? O_EXCL : 0), 0o600)
        guard fd >= 0 else {
            if isNew && errno == EEXIST { throw .busy(path) }
            throw .cannotOpen(path, reason: RegularFile.reason(errno: errno))
        }
        // Lock first, then empty: a file another session holds must not be truncated.
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            _ = systemClose(fd)
            throw .busy(path)
        }
        guard ftruncate(fd, 0) == 0 else {
            let reason = RegularFile.reason(errno: errno)
            _ = systemClose(fd)
            throw .cannotOpen(path, reason: reason)
        }
        descriptor = fd
    }

    /// The journals in `folder` that no live session holds (sessions that crashed or were
    /// killed), newest first.
    static func abandoned(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        let journals = names.filter { $0.hasPrefix("journal") && $0.hasSuffix(".jsonl") }
            .map { (folder as NSString).appendingPathComponent($0) }
            .filter { path in
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { return false }
                defer { _ = systemClose(fd) }
                return flock(fd, LOCK_EX | LOCK_NB) == 0  // released by the close
            }
        func modified(_ path: String) -> Date {
            (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
        }
        return journals.map { ($0, modified($0)) }.sorted { $0.1 > $1.1 }.map(\.0)
    }

    /// Empties the journal (after `:reset`), keeping it open and locked.
    /// - Throws: `JournalError.cannotWrite` or `.closed`.
    func clear() throws(JournalError) {
        guard descriptor >= 0 else { throw .closed(path) }
        guard ftruncate(descriptor, 0) == 0 else { throw .cannotWrite(path, reason: RegularFile.reason(errno: errno)) }
    }

    deinit {
        if descriptor >= 0 { _ = systemClose(descriptor) }
    }

    /// The line written when a cell starts.
    private struct Start: Codable {
        var number: Int
        var input: String
        var running: Bool
    }

    /// Appends a cell that is about to run, and makes it durable before returning.
    /// - Throws: `JournalError.cannotWrite` (disk full, I/O error) or `.closed`.
    func begin(number: Int, input: String) throws(JournalError) {
        try write(Start(number: number, input: input, running: true), cell: number)
    }

    /// Appends a finished cell as one line, and makes it durable before returning.
    /// - Throws: `JournalError.cannotWrite` (disk full, I/O error) or `.closed`.
    func append(_ cell: CellRecord) throws(JournalError) {
        try write(cell, cell: cell.number)
    }

    private func write(_ entry: some Encodable, cell: Int) throws(JournalError) {
        guard descriptor >= 0 else { throw .closed(path) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line: Data
        do {
            line = try encoder.encode(entry)
        } catch {
            throw .cannotWrite(path, reason: "cannot encode cell \(cell): \(error)")
        }
        line.append(UInt8(ascii: "\n"))
        let written = line.withUnsafeBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            var result: Int
            repeat { result = systemWrite(descriptor, base, buffer.count) } while result < 0 && errno == EINTR
            return result
        }
        guard written == line.count else {
            let reason = written < 0 ? RegularFile.reason(errno: errno) : "short write (\(written) of \(line.count) bytes)"
            throw .cannotWrite(path, reason: reason)
        }
        guard fsync(descriptor) == 0 else { throw .cannotWrite(path, reason: RegularFile.reason(errno: errno)) }
    }

    /// Closes the journal. `clean` (a normal quit) removes the file, so nothing is offered
    /// for recovery next time; otherwise the file stays. Closing twice does nothing.
    func close(clean: Bool) {
        guard descriptor >= 0 else { return }
        _ = systemClose(descriptor)
        descriptor = -1
        if clean { _ = unlink(path) }
    }

    /// The cells of a journal left by a session that did not end cleanly, in order; nil
    /// when there is no journal or it holds no readable cell (`contents(at:)`).
    static func unfinished(at path: String) -> [JournaledCell]? {
        guard let cells = contents(at: path)?.cells, !cells.isEmpty else { return nil }
        return cells
    }

    /// A journal's cells in order, and how many lines could not be read; nil when there is
    /// no file. A cell whose start is there but not its result is `.interrupted`. A line
    /// that does not decode is skipped and counted, except a last line without its line
    /// break: a crash mid-write leaves that, and it is no news.
    static func contents(at path: String) -> (cells: [JournaledCell], skippedLines: Int)? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        var cells: [JournaledCell] = []
        var skipped = 0
        let lines = data.split(separator: UInt8(ascii: "\n"))
        for (index, line) in lines.enumerated() {
            if let record = try? decoder.decode(CellRecord.self, from: Data(line)) {
                if case let .interrupted(number, _)? = cells.last, number == record.number {
                    cells[cells.count - 1] = .finished(record)
                } else {
                    cells.append(.finished(record))
                }
            } else if let start = try? decoder.decode(Start.self, from: Data(line)), start.running {
                cells.append(.interrupted(number: start.number, input: start.input))
            } else if index < lines.count - 1 || data.last == UInt8(ascii: "\n") {
                skipped += 1
            }
        }
        return (cells, skipped)
    }
}
