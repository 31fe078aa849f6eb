import Engine
import Foundation

/// Why a session file could not be written.
struct SessionFileError: Error, CustomStringConvertible, Equatable {
    var path: String
    var reason: String
    var description: String { "cannot save the session to \(path): \(reason)" }
}

/// A saved session (`:save NAME`): valid Sprout source that replays the session and
/// records what each cell showed, so `sprout run --check` can test it. The header
/// (`SessionHeader`) records what the replay depends on.
///
/// ```
/// # Sprout session saved 2026-11-29T04:05:00Z
/// # seed: 0
/// # Sprout 0.1.0, OpenBLAS 0.3.21 (Haswell, DYNAMIC_ARCH), 2 threads
/// # data: none
///
/// 1 + 2
/// #> 3
///
/// # x +                      ← a failed cell, kept only with includeFailed
/// #! error: …
/// ```
///
/// Each successful cell's input is followed by its output lines prefixed `#> ` (an empty
/// line as `#>`); cells are separated by a blank line. With `includeFailed`, a failed
/// cell's input lines are commented out (`# `) and followed by its error as `#! ` lines.
/// A note (a cell of comments only) is written as it is. Where the numbering skips (failed
/// cells left out), a `# [N]` line gives the next cell's number, so `_N` replays the same.
enum SessionFile {
    static func render(_ cells: [CellRecord], header: SessionHeader, includeFailed: Bool) -> String {
        var lines = header.lines
        var lastRun = 0  // the number of the last cell that replays
        for cell in cells {
            let input = cell.input.hasSuffix("\n") ? String(cell.input.dropLast()) : cell.input
            let inputLines = input.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.append("")
            if ScriptCells.isNote(input) {
                lines += inputLines
            } else if let error = cell.error {
                guard includeFailed else { lines.removeLast(); continue }
                lines += inputLines.map { prefixed("#", $0) }
                lines += CellRecord.lines(of: error).map { prefixed("#!", $0) }
            } else {
                if cell.number != lastRun + 1 { lines.append(ScriptCells.marker(cell.number)) }
                lastRun = cell.number
                lines += inputLines
                lines += CellRecord.lines(of: cell.output).map { prefixed("#>", $0) }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `marker line`, or just `marker` for an empty line (no trailing space).
    static func prefixed(_ marker: String, _ line: String) -> String {
        line.isEmpty ? marker : marker + " " + line
    }

    /// Writes `text` atomically (`AtomicFile`): a crash leaves either the old file or the
    /// new one, never half of one.
    /// - Throws: `SessionFileError` naming the path and the reason.
    static func write(_ text: String, to path: String) throws(SessionFileError) {
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            throw SessionFileError(path: path, reason: error.reason)
        }
    }
}
