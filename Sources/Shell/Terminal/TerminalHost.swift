import Foundation
import Lang

/// The `Host` for a terminal or pipe: program output to standard output, warnings to
/// standard error (their control characters escaped: a warning can quote a path).
/// Plots are drawn by `plots` (gnuplot, in the shell's plot mode; plain text at a fixed
/// size for scripts); a problem drawing one is a warning and the program goes on.
/// Progress is a live bar (`ProgressBar`) when standard output is a terminal, and
/// otherwise the `Host` default: its final line only.
final class TerminalHost: Lang.Host {
    let plots: PlotDisplay
    /// The live bar, when standard output is a terminal.
    private var bar: ProgressBar?

    init(plots: PlotDisplay = .script()) {
        self.plots = plots
        if isatty(STDOUT_FILENO) != 0 {
            let clock = ContinuousClock(), start = clock.now
            bar = ProgressBar(
                write: { FileHandle.standardOutput.write(Data($0.utf8)) },
                now: {
                    let d = clock.now - start
                    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
                }, width: { PlotDisplay.windowSize()?.columns ?? 80 })
        }
    }

    func write(_ text: String) {
        bar?.erase()
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func beginProgress(_ progress: Lang.Progress) { bar?.begin(progress) }
    func updateProgress(_ progress: Lang.Progress) { bar?.update(progress) }
    func endProgress(_ progress: Lang.Progress) {
        guard let bar else { return write(progress.finalLine + "\n") }
        bar.end(progress)
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
