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
}
