import Foundation
import Lang

/// The `Host` for a terminal or pipe: program output to standard output, warnings to
/// standard error (their control characters escaped: a warning can quote a path).
/// Plots are drawn by `plots` (gnuplot, in the shell's plot mode; plain text at a fixed
/// size for scripts); a problem drawing one is a warning and the program goes on.
/// Progress uses the `Host` defaults (its final line, on standard output).
final class TerminalHost: Lang.Host {
    let plots: PlotDisplay

    init(plots: PlotDisplay = .script()) {
        self.plots = plots
    }

    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func warn(_ text: String) {
        FileHandle.standardError.write(Data("warning: \(VisibleText.escaping(text))\n".utf8))
    }

    func note(_ text: String) {
        FileHandle.standardError.write(Data("note: \(VisibleText.escaping(text))\n".utf8))
    }

    func draw(_ plot: PlotRequest) {
        let shown = plots.shown(plot)
        write(shown.text)
        if let problem = shown.problem { warn(problem) }
    }

    func save(_ plot: PlotRequest, to path: String) throws {
        try plots.save(plot, to: path)
    }

    /// The terminal's width when standard output is one, else 80, so piped and recorded
    /// output never depends on a window.
    var displayWidth: Int {
        PlotDisplay.windowSize()?.columns ?? 80
    }
}
