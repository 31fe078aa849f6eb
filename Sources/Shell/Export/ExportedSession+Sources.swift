import Foundation
import Lang

/// Where an export's session comes from: the shell's own cells (`:export`), a replay of a
/// saved session (`sprout export FILE`), or a saved session's recorded lines and PNGs
/// (`sprout export FILE --no-run`).
extension ExportedSession {
    /// The shell's cells so far: notes (consecutive note lines as one), and each code
    /// cell's output cut into its kinds by the record's spans, its plots drawn by `picture`.
    static func fromShell(
        title: String, header: SessionHeader?, cells: [CellRecord], plotsByCell: [Int: [PlotRequest]],
        picture: (PlotRequest) -> Data?
    ) -> ExportedSession {
        var session = ExportedSession(title: title, header: header, items: [])
        for cell in cells {
            let input = cell.input.hasSuffix("\n") ? String(cell.input.dropLast()) : cell.input
            if ScriptCells.isNote(input) {
                session.addNote(
                    input.split(separator: "\n", omittingEmptySubsequences: false).map { SessionLayout.uncommented(String($0)) })
                continue
            }
            var outputs = outputs(
                of: cell.output, spans: cell.spans ?? [], plots: plotsByCell[cell.number] ?? [], cell: cell.number, picture: picture)
            if let error = cell.error { outputs.append(.error(error)) }
            session.items.append(.code(ExportedCell(number: cell.number, source: input, outputs: outputs)))
        }
        return session
    }

    /// A saved session replayed cell by cell in a fresh session with the file's seed, as
    /// `run --check` replays it: each cell's outputs are what it shows now. A failed cell
    /// kept commented out (`--all`) is not run: it shows its recorded error.
    /// - Returns: the session, and the numbers of the cells that failed in the replay or
    ///   whose output differs from the recorded one (`tolerance` as `run --check`).
    static func fromReplay(
        _ text: String, name: String, title: String, replay: SessionReplay, tolerance: Double = 1e-4
    ) -> (session: ExportedSession, failed: [Int], differing: [Int]) {
        let layout = SessionLayout(text)
        var failed: [Int] = [], differing: [Int] = []
        let session = walk(layout, title: title) { cell, _ in
            let result = replay.run(cell, name: name)
            var outputs = outputs(
                of: result.output, spans: replay.output.spans, plots: replay.output.cellPlots, cell: result.number,
                picture: { plot in replay.output.plots.flatMap { PlotPicture.png(of: plot, using: $0) } })
            if let error = result.error {
                outputs.append(.error(error))
                failed.append(result.number)
            }
            let shown = ReplayCheck.shownLines(output: result.output, error: result.error)
            if !ReplayCheck.compare(expected: cell.expected, actual: shown, tolerance: tolerance) { differing.append(result.number) }
            return ExportedCell(number: result.number, source: layout.code(of: cell), outputs: outputs)
        }
        return (session, failed, differing)
    }

    /// A saved session as it was recorded, without running it: each cell's `#> ` lines as
    /// its printed output (a record does not say which lines were a value or a plot's
    /// text), then the PNGs `:save` wrote beside it (`NAME/cell-5.png`, `cell-5-2.png`).
    static func fromRecording(_ text: String, title: String, pictureFolder: String) -> ExportedSession {
        let layout = SessionLayout(text)
        return walk(layout, title: title) { cell, lastNumber in
            let number = cell.number ?? lastNumber + 1
            var outputs: [ExportedOutput] = []
            if !cell.expected.isEmpty { outputs.append(.printed(cell.expected.joined(separator: "\n") + "\n")) }
            for index in 0... {
                let fileName = ExportedPlot.fileName(cell: number, index: index)
                guard let png = FileManager.default.contents(atPath: pictureFolder + "/" + fileName) else { break }
                let summary = "<plot \(index + 1) of cell \(number)>"
                outputs.append(.plot(ExportedPlot(png: png, summary: summary, text: "", fileName: fileName)))
            }
            return ExportedCell(number: number, source: layout.code(of: cell), outputs: outputs)
        }
    }

    /// A saved file's items in order: notes, the failed cells a `--all` save kept (shown
    /// with their recorded error, numbered on from the cell before), and each cell as
    /// `cell` makes it, given the number of the last cell before it.
    private static func walk(
        _ layout: SessionLayout, title: String, cell: (ScriptCell, _ lastNumber: Int) -> ExportedCell
    ) -> ExportedSession {
        var session = ExportedSession(title: title, header: nil, items: [])
        var lastNumber = 0
        for item in layout.items {
            switch item {
            case let .note(text):
                session.addNote(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
            case let .failed(source, error):
                lastNumber += 1
                session.items.append(.code(ExportedCell(number: lastNumber, source: source, outputs: [.error(error + "\n")])))
            case let .cell(index):
                let exported = cell(layout.cells[index], lastNumber)
                lastNumber = exported.number ?? lastNumber + 1
                session.items.append(.code(exported))
            }
        }
        return session
    }

    /// A cell's captured output as export outputs: each span's piece as its kind (empty
    /// pieces left out), the n-th plot span as the n-th plot with its picture.
    private static func outputs(
        of output: String, spans: [OutputSpan], plots: [PlotRequest], cell number: Int, picture: (PlotRequest) -> Data?
    ) -> [ExportedOutput] {
        var outputs: [ExportedOutput] = []
        var plotIndex = 0
        for piece in OutputSpan.pieces(of: output, spans: spans) {
            switch piece.kind {
            case .plot:
                guard plotIndex < plots.count else {
                    if !piece.text.isEmpty { outputs.append(.printed(piece.text)) }
                    continue
                }
                let plot = plots[plotIndex]
                outputs.append(
                    .plot(
                        ExportedPlot(
                            png: picture(plot), summary: plot.summary, text: piece.text,
                            fileName: ExportedPlot.fileName(cell: number, index: plotIndex))))
                plotIndex += 1
            case .printed where !piece.text.isEmpty: outputs.append(.printed(piece.text))
            case .warning where !piece.text.isEmpty: outputs.append(.warning(piece.text))
            case .value where !piece.text.isEmpty: outputs.append(.value(piece.text))
            default: continue
            }
        }
        return outputs
    }

    /// Adds note lines, joined to a note just before them (the shell records a note per line).
    private mutating func addNote(_ lines: [String]) {
        let text = lines.joined(separator: "\n")
        if case let .note(previous)? = items.last {
            items[items.count - 1] = .note(previous + "\n" + text)
        } else {
            items.append(.note(text))
        }
    }
}

/// A plot drawn as PNG bytes for an export, through the session's gnuplot.
enum PlotPicture {
    /// The PNG, or nil when gnuplot cannot draw it (missing, stopped, or it refused).
    static func png(of plot: PlotRequest, using display: PlotDisplay) -> Data? {
        let path = NSTemporaryDirectory() + "sprout-export-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).png"
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            try display.save(plot, to: path)
        } catch {
            return nil
        }
        return FileManager.default.contents(atPath: path)
    }
}
