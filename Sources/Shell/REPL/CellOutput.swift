import Lang

/// The host a REPL's interpreter writes through: everything goes on to the real host
/// (the terminal) as it happens, and is also kept for the cell being run, so the cell's
/// `CellRecord` holds exactly what the user saw.
///
/// What is kept is capped (`lineLimit` lines, `byteLimit` bytes): a cell that prints a
/// line per step of a long loop still shows all of it, but its record, its journal line
/// and its saved `#> ` block end with `… N more lines not kept`. A replay captures through
/// the same type, so a saved session still checks.
final class CellOutput: Lang.Host {
    static let lineLimit = 2_000
    static let byteLimit = 1 << 20

    /// Where text is shown.
    let downstream: Lang.Host
    private var kept = ""
    private var keptLines = 0
    private var keptBytes = 0
    /// Once a limit is reached: the line ends not kept, and whether the last text not
    /// kept stopped in the middle of a line (one more line to count).
    private var dropping = false
    private var droppedNewlines = 0
    private var endsMidLine = false

    /// Renders plots as the record keeps them (plain text); nil keeps summary lines.
    let plots: PlotDisplay?
    /// The plots the current cell drew, in order (a saved session keeps each as a PNG).
    private(set) var cellPlots: [PlotRequest] = []
    /// What kind each stretch of the kept text is (printed, warning, value, plot), for exports.
    private(set) var spans: [OutputSpan] = []

    init(downstream: Lang.Host, plots: PlotDisplay? = nil) {
        self.downstream = downstream
        self.plots = plots
    }

    /// What the current cell has written so far (program output, the shown value,
    /// warnings as they were shown), ending with a note of what was not kept, if anything.
    var captured: String {
        let dropped = droppedNewlines + (endsMidLine ? 1 : 0)
        guard dropped > 0 else { return kept }
        let lines = dropped == 1 ? "1 more line" : "\(dropped) more lines"
        return kept + (kept.hasSuffix("\n") || kept.isEmpty ? "" : "\n") + "… \(lines) not kept\n"
    }

    /// Runs one cell's source in `interpreter` and captures it as a record keeps it: what
    /// it prints, then the value it shows (formatted, on its own line, with its inf/nan note). The REPL and a
    /// replay both run cells through here, so a saved cell and its replay match.
    /// - Parameter parsed: the source's text as already parsed (see `ParsedCell`).
    /// - Returns: the error that ended the cell, not written anywhere; nil on success.
    func run(_ source: Source, parsed: ParsedCell? = nil, in interpreter: Interpreter) -> (any Error)? {
        beginCell()
        do {
            if let value = try interpreter.run(source, parsed: parsed) {
                // A table fits the terminal as shown, but is kept at the recorded width,
                // so a saved session checks the same in any window.
                keep(ValueFormatter.shown(value) + "\n", as: .value)
                downstream.write(ValueFormatter.shown(value, width: downstream.displayWidth) + "\n")
            }
            return nil
        } catch {
            return error
        }
    }

    /// An error as a record keeps it: the rendered diagnostic without colour, or
    /// `error: …` for an error from outside the language (its control characters escaped).
    static func plainText(of error: any Error) -> String {
        (error as? SproutError).map { DiagnosticRenderer.render($0, colour: false) } ?? "error: \(VisibleText.escaping("\(error)"))"
    }

    /// Starts capturing a new cell.
    func beginCell() {
        kept = ""
        keptLines = 0
        keptBytes = 0
        dropping = false
        droppedNewlines = 0
        endsMidLine = false
        cellPlots = []
        spans = []
    }

    func write(_ text: String) {
        keep(text)
        downstream.write(text)
    }

    func warn(_ text: String) {
        keep("warning: \(text)\n", as: .warning)
        downstream.warn(text)
    }

    func note(_ text: String) {
        keep("note: \(text)\n", as: .warning)
        downstream.note(text)
    }

    /// The real host draws the plot; the record keeps its plain text (`PlotDisplay`),
    /// what a replay keeps too, so a saved cell with a plot still checks.
    func draw(_ plot: PlotRequest) {
        spans.append(OutputSpan(kind: .plot, bytes: 0))  // a span of its own, even when empty
        keep(plots?.plainText(plot) ?? plot.summary + "\n", as: .plot)
        cellPlots.append(plot)
        downstream.draw(plot)
    }

    func save(_ plot: PlotRequest, to path: String) throws {
        try downstream.save(plot, to: path)
    }

    func beginProgress(_ progress: Lang.Progress) {
        downstream.beginProgress(progress)
    }

    func updateProgress(_ progress: Lang.Progress) {
        downstream.updateProgress(progress)
    }

    /// The record keeps the final line only, as a script shows it, however the terminal
    /// drew the progress while it ran.
    func endProgress(_ progress: Lang.Progress) {
        keep(progress.finalLine + "\n")
        downstream.endProgress(progress)
    }

    /// Keeps `text` as output of `kind` (printed unless said), up to the limits.
    private func keep(_ text: String, as kind: OutputSpan.Kind = .printed) {
        guard !text.isEmpty else { return }
        guard !dropping else { return drop(text) }
        let bytesBefore = keptBytes
        defer { addSpan(kind, bytes: keptBytes - bytesBefore) }
        let incoming = newlines(in: text)
        let bytes = text.utf8.count
        if keptLines + incoming <= Self.lineLimit && keptBytes + bytes <= Self.byteLimit {
            kept += text
            keptLines += incoming
            keptBytes += bytes
            return
        }
        // Keep whole lines up to the limits, then only count.
        dropping = true
        var rest = Substring(text)
        while let newline = rest.firstIndex(of: "\n") {
            let line = rest[...newline]
            guard keptLines < Self.lineLimit && keptBytes + line.utf8.count <= Self.byteLimit else { break }
            kept += line
            keptLines += 1
            keptBytes += line.utf8.count
            rest = rest[rest.index(after: newline)...]
        }
        drop(rest)
    }

    /// Counts kept bytes in the last span when it is of the same kind (a plot's span is
    /// opened by `draw`, so two plots never share one).
    private func addSpan(_ kind: OutputSpan.Kind, bytes: Int) {
        guard bytes > 0 else { return }
        if let last = spans.last, last.kind == kind, kind != .plot || last.bytes == 0 {
            spans[spans.count - 1].bytes += bytes
        } else {
            spans.append(OutputSpan(kind: kind, bytes: bytes))
        }
    }

    private func drop(_ text: some StringProtocol) {
        guard !text.isEmpty else { return }
        droppedNewlines += newlines(in: text)
        endsMidLine = !text.hasSuffix("\n")
    }

    private func newlines(in text: some StringProtocol) -> Int {
        text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }
}
