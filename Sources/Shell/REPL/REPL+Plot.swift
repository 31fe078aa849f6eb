import Foundation
import Lang

/// `:plot MODE` and the plots a saved session keeps.
extension REPL {
    static var plotCommand: ShellCommand {
        ShellCommand(
            name: "plot", usage: ":plot [\(PlotMode.words.joined(separator: "|"))]",
            summary: "where plots go: text, sixel, kitty or iTerm images, PNG or SVG files, or off (no word: the current one)"
        ) { repl, argument in
            repl.switchPlots(argument)
        }
    }

    /// Switches the plot mode, or says which it is.
    func switchPlots(_ argument: String) {
        guard let plots else { return fail("plots are not drawn in this session") }
        guard !argument.isEmpty else { return say("plots: \(plots.mode.rawValue)") }
        guard let mode = PlotMode(rawValue: argument.lowercased()) else {
            return failUsage(of: "plot", because: "\(argument) is not a plot mode")
        }
        plots.switchMode(to: mode)
        say("plots: \(mode.rawValue)")
    }

    /// Writes each plot of the saved cells as a PNG in a folder named after the session
    /// file (`sessions/NAME/cell-5.png`, `cell-5-2.png` for a cell's second plot).
    /// - Returns: how many were written, and why the rest were not.
    func savePlots(of saved: [CellRecord], besides path: String) -> (count: Int, problem: String?) {
        let drawn = saved.compactMap { cell in plotsByCell[cell.number].map { (cell.number, $0) } }
        guard !drawn.isEmpty else { return (0, nil) }
        guard let plots else { return (0, "this session has no plot renderer") }
        let folder = SessionPictures.folder(of: path)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var count = 0
            for (number, requests) in drawn {
                for (index, plot) in requests.enumerated() {
                    try plots.save(plot, to: folder + "/" + ExportedPlot.fileName(cell: number, index: index))
                    count += 1
                }
            }
            return (count, nil)
        } catch {
            return (0, "\(error)")
        }
    }
}
