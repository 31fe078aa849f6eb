import Foundation
import Glibc

/// The line-editing history on disk, shared by every shell.
///
/// One entry per line, added with a single `write(2)` on a descriptor opened with
/// `O_APPEND`: shells open at once interleave their entries instead of overwriting each
/// other's (libedit's `write_history` rewrites the whole file, and its `append_history`
/// repeats entries), and a crash loses at most the entry being written. A backslash in an
/// entry is written `\\` and a newline `\n`; reading also accepts libedit's own format
/// (a `_HiStOrY_V2_` first line, `\ooo` octal escapes), so an older file carries over.
enum HistoryFile {
    /// The entries in `path`, oldest first, at most `limit` of them; none when there is no
    /// file. A file grown past twice the limit is cut back to its newest `limit` entries.
    static func read(_ path: String, limit: Int) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var lines = data.split(separator: UInt8(ascii: "\n"))
        if let first = lines.first, first.elementsEqual("_HiStOrY_V2_".utf8) { lines.removeFirst() }
        let entries = lines.map(decode).filter { !$0.isEmpty }
        if entries.count > 2 * limit {
            let kept = entries.suffix(limit).map { encode($0) + "\n" }.joined()
            try? Data(kept.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        }
        return Array(entries.suffix(limit))
    }

    /// Appends one entry (the folder must exist). Failures are ignored: history is a
    /// convenience, and the journal is what keeps a session safe.
    static func append(_ entry: String, to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let line = Array((encode(entry) + "\n").utf8)
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    static func encode(_ entry: String) -> String {
        entry.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Undoes `encode`, and libedit's octal escapes; a lone or unknown escape stays as it is.
    static func decode(_ line: some Collection<UInt8>) -> String {
        var bytes: [UInt8] = []
        let input = Array(line)
        var i = 0
        func isOctal(_ k: Int) -> Bool { k < input.count && (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(input[k]) }
        while i < input.count {
            let byte = input[i]
            guard byte == UInt8(ascii: "\\"), i + 1 < input.count else {
                bytes.append(byte)
                i += 1
                continue
            }
            let next = input[i + 1]
            if next == UInt8(ascii: "\\") {
                bytes.append(next)
                i += 2
            } else if next == UInt8(ascii: "n") {
                bytes.append(UInt8(ascii: "\n"))
                i += 2
            } else if isOctal(i + 1) && isOctal(i + 2) && isOctal(i + 3) {
                let value = input[(i + 1)...(i + 3)].reduce(0) { $0 * 8 + Int($1 - UInt8(ascii: "0")) }
                bytes.append(UInt8(truncatingIfNeeded: value))
                i += 4
            } else {
                bytes.append(byte)
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
