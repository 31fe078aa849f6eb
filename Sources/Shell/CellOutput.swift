import Lang

/// The host a REPL's interpreter writes through: everything goes on to the real host
/// (the terminal) as it happens, and is also kept for the cell being run, so the cell's
/// `CellRecord` holds exactly what the user saw.
final class CellOutput: Lang.Host {
    /// Where text is shown.
    let downstream: Lang.Host
    /// What the current cell has written so far (program output, the shown value,
    /// warnings as they were shown).
    private(set) var captured = ""

    init(downstream: Lang.Host) {
        self.downstream = downstream
    }

    /// Starts capturing a new cell.
    func beginCell() {
        captured = ""
    }

    func write(_ text: String) {
        captured += text
        downstream.write(text)
    }

    func warn(_ text: String) {
        captured += "warning: \(text)\n"
        downstream.warn(text)
    }
}
