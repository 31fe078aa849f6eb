import Foundation
import Lang

/// The `Host` for a terminal or pipe: program output to standard output, warnings to
/// standard error (their control characters escaped: a warning can quote a path).
/// Plots and progress use the `Host` defaults for now (a plot's summary line, progress's
/// final line, on standard output); drawing with gnuplot comes in its own step.
final class TerminalHost: Lang.Host {
    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func warn(_ text: String) {
        FileHandle.standardError.write(Data("warning: \(VisibleText.escaping(text))\n".utf8))
    }

    func note(_ text: String) {
        FileHandle.standardError.write(Data("note: \(VisibleText.escaping(text))\n".utf8))
    }

    /// The terminal's width when standard output is one (TIOCGWINSZ), else 80, so piped
    /// and recorded output never depends on a window.
    var displayWidth: Int {
        var size = winsize()
        guard isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
