/// Puts lines together into cells, the one way every reader shares: the REPL (typed or
/// piped lines) and `ScriptCells` (a file for `sprout FILE`, `sprout run`, `:load`), so a
/// session cuts its cells in the same places however it is run.
///
/// A cell ends at the first line where the parser no longer says "incomplete"
/// (`PendingCell`), with one exception: a cell whose last statement is an `if` without
/// `else` waits for the next line. If that line starts with `else` it continues the cell;
/// any other line leaves the cell complete without it (`.completeBefore`), and the caller
/// reads that line afresh, so it is neither lost nor taken twice. At the prompt this
/// shows as a continuation prompt after the `}`: an empty line (or any other input) ends
/// the `if`, as in Python or IPython after a block.
struct CellAssembler {
    /// What adding a line did.
    enum Outcome {
        /// The line was taken; the cell goes on (or, waiting for `else`, may).
        case reading
        /// The line completed this cell.
        case complete(PendingCell)
        /// The cell that waited for `else` is complete without this line, which was not
        /// taken: the caller reads it as the start of what comes next.
        case completeBefore(PendingCell)
    }

    private(set) var pending = PendingCell()
    /// Whether the pending cell is complete but for a possible `else` on the next line.
    private(set) var isAwaitingElse = false
    /// Whether a cell typed on one line (`if c { a }`) also waits for `else`. A file and
    /// a pipe wait, as the parser reads `}` then `else` on the next line as one `if`; at
    /// the prompt a one-line `if` runs at once (no extra Enter), and an `else` typed
    /// after it is a cell of its own that is rejected whole, so its block never runs.
    var oneLineIfWaitsForElse = true

    var isEmpty: Bool { pending.isEmpty }

    /// Adds a line (after `comments`, which start the cell when it is empty: the comment
    /// lines directly above a cell in a file).
    mutating func add(_ line: String, after comments: [String] = []) -> Outcome {
        if isAwaitingElse && !ScriptCells.startsWithElse(line) {
            return .completeBefore(take())
        }
        isAwaitingElse = false
        for comment in comments { pending.append(comment) }
        pending.append(line)
        switch pending.checkCompleteness() {
        case .incomplete:
            return .reading
        case .awaitingElse:
            if !oneLineIfWaitsForElse && pending.lineCount == 1 { return .complete(take()) }
            isAwaitingElse = true
            return .reading
        case .complete:
            return .complete(take())
        }
    }

    /// Ends the cell being read where it stands (at the end of input, or at a recorded
    /// output line in a file): the cell, or nil when none was being read.
    mutating func finish() -> PendingCell? {
        isEmpty ? nil : take()
    }

    /// Drops what was read (Ctrl-C at the prompt).
    mutating func removeAll() {
        pending.removeAll()
        isAwaitingElse = false
    }

    private mutating func take() -> PendingCell {
        defer { removeAll() }
        return pending
    }
}
