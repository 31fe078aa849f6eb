/// A file replayed into a session (the shell's `:load`) keeps its own cell numbers for
/// `_N`: the session numbers its cells on from its prompt (typed cells came first), but
/// `_12` inside the file was written, and saved, meaning the file's cell 12. So while a
/// file is replayed the interpreter counts its cells a second way, from 1 with the file's
/// `# [N]` jumps, and `_N` reads the values the file's cells showed.
///
/// `_` is left alone: it is the last value shown, which within a file (after its first
/// shown value) is the file's own as well.
final class FileCells {
    /// The values the file's cells showed, by the file's numbers (the last 1,000, as
    /// for the session's own cells).
    var values = ShownValues()
    /// The file's number for its next cell.
    var next = 1
    /// The session's number of each file cell run so far, by the file's number.
    var sessionNumbers: [Int: Int] = [:]

    /// Numbers the next cell: returns its file number.
    func take(sessionCell: Int) -> Int {
        defer { next += 1 }
        sessionNumbers[next] = sessionCell
        return next
    }

    /// `_N` inside the file: the value its cell N showed.
    func value(of cell: Int, _ range: SourceRange, _ source: Source) throws(Unwind) -> Value {
        if let value = values[cell] { return value }
        let problem = values.whyMissing(cell, next: next, ofFile: true)
        throw .failure(.other(problem), range, source)
    }
}

extension Interpreter {
    /// Starts counting cells the file's way: from now until `endFileCells`, `_N` means
    /// the file's cell N.
    public func beginFileCells() {
        machine.fileCells = FileCells()
    }

    /// The file's next cell is its cell `number` (a `# [N]` line); numbers never go back.
    public func numberNextFileCell(_ number: Int) {
        guard let file = machine.fileCells, number > file.next else { return }
        file.next = number
    }

    /// For each file cell run so far, the session's number for it (so the shell can
    /// record `_N` in the session's numbers); empty outside a file.
    public var fileCellNumbers: [Int: Int] {
        machine.fileCells?.sessionNumbers ?? [:]
    }

    /// Back to the session's numbers.
    public func endFileCells() {
        machine.fileCells = nil
    }
}
