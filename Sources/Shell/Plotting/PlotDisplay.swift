import Foundation
import Glibc
import Lang

/// Turns plot descriptions into what a user sees, in the current `PlotMode`: owns the one
/// gnuplot process (started on first use) and chooses a terminal for each plot.
///
/// Two renderings matter. What the terminal shows (`shown`) follows the mode: text sized
/// to the terminal, sixel, an inline PNG, or a file. What a record keeps (`plainText`) is
/// always gnuplot's plain `dumb` text at 80×24 (images as shade characters), so a saved
/// session's `#> ` lines, a script's output and `run --check` compare the same text on
/// every machine; without gnuplot it is the plot's summary line.
///
/// When gnuplot is missing or stops, the user is told once, plots turn off (later ones
/// show their summary line), and the session goes on; `:plot dumb` tries again.
final class PlotDisplay {
    var mode: PlotMode
    /// ANSI colour in text plots (a terminal without `NO_COLOR`).
    let usesColour: Bool
    /// The text size for `dumb` at a terminal; nil for the fixed script size.
    let terminalSize: () -> (columns: Int, rows: Int)?
    /// The program started for gnuplot (tests name a missing one).
    let executable: String
    /// Where `png`/`svg` mode and the inline-image modes write their files.
    let folder: String
    private var process: GnuplotProcess?
    /// Set once gnuplot is found missing or stopped: no more attempts until `:plot` asks.
    private(set) var isUnavailable = false
    private var filesWritten = 0
    /// The plain text `plainText` just made for a record, which `shown` takes when the
    /// same plot is then shown as plain text (a script host and its record render one
    /// draw once); `shown` always clears it, so a later draw asks gnuplot again.
    private var lastPlain: (plot: PlotRequest, text: String, problem: String?)?
    /// Why gnuplot went away, until the user has been told.
    private var unreportedStop: String?

    init(
        mode: PlotMode, usesColour: Bool, executable: String = "gnuplot",
        terminalSize: @escaping () -> (columns: Int, rows: Int)? = { nil }
    ) {
        self.mode = mode
        self.usesColour = usesColour
        self.executable = executable
        self.terminalSize = terminalSize
        folder = NSTemporaryDirectory() + "sprout-plots-\(getpid())"
    }

    /// For scripts, pipes and replays: plain text at the fixed size.
    static func script(executable: String = "gnuplot") -> PlotDisplay {
        PlotDisplay(mode: .dumb, usesColour: false, executable: executable)
    }

    /// For the interactive shell: the mode its terminal supports, colour unless
    /// `NO_COLOR`, text sized to standard output's window.
    static func terminal(isTerminal: Bool, environment: [String: String]) -> PlotDisplay {
        PlotDisplay(
            mode: isTerminal ? PlotMode.detected(in: environment) : .dumb,
            usesColour: isTerminal && environment["NO_COLOR"] == nil,
            terminalSize: { isTerminal ? windowSize() : nil })
    }

    // MARK: - Rendering

    /// What to show for a plot: its text, and a message when something went wrong (then
    /// the text is the summary line, or nothing when gnuplot refused the plot).
    func shown(_ plot: PlotRequest) -> (text: String, problem: String?) {
        let recorded = lastPlain?.plot == plot ? lastPlain : nil
        lastPlain = nil
        if mode == .off || isUnavailable { return (plot.summary + "\n", takeUnreportedStop()) }
        let size = terminalSize()
        if mode == .dumb && size == nil && !usesColour {
            let plain = recorded.map { ($0.text, $0.problem) } ?? plainRendering(plot)
            return (plain.0, plain.1 ?? takeUnreportedStop())
        }
        do {
            switch mode {
            case .dumb:
                let columns = size?.columns ?? 80
                if let text = HalfBlockImage.render(plot, colour: usesColour, columns: columns) { return (text, nil) }
                let rows = min(max((size?.rows ?? 48) / 2, 12), 30)
                return (try text(plot, on: .text(width: columns - 1, height: rows, colour: usesColour)), nil)
            case .sixel:
                let picture = try gnuplot(
                    PlotScript.text(for: plot, on: .sixel(width: 640, height: ImageGridLayout.pictureHeight(for: plot))))
                return (String(decoding: picture, as: UTF8.self) + "\n", nil)
            case .kitty, .iterm:
                let png = try Data(contentsOf: URL(fileURLWithPath: try file(plot, extension: "png")))
                return (mode == .kitty ? InlineImage.kitty(png) : InlineImage.iterm(png), nil)
            case .png, .svg:
                return ("plot written to \(try file(plot, extension: mode.rawValue))\n", nil)
            case .off:
                return (plot.summary + "\n", nil)
            }
        } catch let error as GnuplotError {
            return error.endsProcess ? (plot.summary + "\n", takeUnreportedStop()) : ("", error.description)
        } catch {
            return (plot.summary + "\n", "cannot show the plot: \(error.localizedDescription)")
        }
    }

    /// The plot as a record keeps it: plain 80×24 text; the summary line without gnuplot.
    func plainText(_ plot: PlotRequest) -> String {
        let rendering = plainRendering(plot)
        lastPlain = (plot, rendering.text, rendering.problem)
        return rendering.text
    }

    /// Plain text and gnuplot's refusal, if it refused (nothing is kept then). A stopped
    /// gnuplot is left for `shown` to report, once.
    private func plainRendering(_ plot: PlotRequest) -> (text: String, problem: String?) {
        var rendering: (text: String, problem: String?)
        if let images = HalfBlockImage.render(plot, colour: false, columns: 80) {
            rendering = (images, nil)
        } else if isUnavailable || mode == .off {
            rendering = (plot.summary + "\n", nil)
        } else {
            do {
                rendering = (try text(plot, on: .scriptText), nil)
            } catch {
                rendering = error.endsProcess ? (plot.summary + "\n", nil) : ("", error.description)
            }
        }
        return rendering
    }

    /// The message for gnuplot missing or stopping, the first time it is asked for.
    private func takeUnreportedStop() -> String? {
        defer { unreportedStop = nil }
        return unreportedStop
    }

    /// Writes a plot to a PNG or SVG file (`savefig`, saved sessions).
    /// - Throws: a message for a path of another kind, or gnuplot's error.
    func save(_ plot: PlotRequest, to path: String) throws {
        guard let terminal = GnuplotTerminal.file(path, height: ImageGridLayout.pictureHeight(for: plot)) else {
            throw PlotSaveError.unknownExtension(path)
        }
        if isUnavailable { throw GnuplotError.notFound }
        _ = try gnuplot(PlotScript.text(for: plot, on: terminal))
    }

    /// `dumb` text without its trailing spaces and blank first and last lines, ending in a
    /// newline.
    private func text(_ plot: PlotRequest, on terminal: GnuplotTerminal) throws(GnuplotError) -> String {
        let output = try gnuplot(PlotScript.text(for: plot, on: terminal))
        return Self.trimmedText(output)
    }

    /// Lines without trailing spaces or form feeds (`dumb` may start a page with one),
    /// without blank first and last lines, each ending in a newline. Works on bytes: a
    /// walk over `Character`s cost more than gnuplot's own drawing.
    static func trimmedText(_ output: [UInt8]) -> String {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for index in 0...output.count where index == output.count || output[index] == UInt8(ascii: "\n") {
            var end = index
            while end > start && (output[end - 1] == UInt8(ascii: " ") || output[end - 1] == 0x0C || output[end - 1] == UInt8(ascii: "\r"))
            {
                end -= 1
            }
            var first = start
            while first < end && output[first] == 0x0C { first += 1 }
            lines.append(output[first..<end])
            start = index + 1
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(output.count + 1)
        for line in lines {
            bytes += line
            bytes.append(UInt8(ascii: "\n"))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Draws the plot into a new numbered file in `folder`; returns its path.
    private func file(_ plot: PlotRequest, extension ext: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        filesWritten += 1
        let path = "\(folder)/plot-\(filesWritten).\(ext)"
        try save(plot, to: path)
        return path
    }

    // MARK: - The process

    /// Runs a script, starting gnuplot when none runs. A missing or stopped gnuplot
    /// marks plots unavailable.
    func gnuplot(_ script: String) throws(GnuplotError) -> [UInt8] {
        do throws(GnuplotError) {
            if process == nil { process = try GnuplotProcess(executable: executable) }
            guard let process else { throw GnuplotError.notFound }
            return try process.run(script).output
        } catch {
            if error.endsProcess {
                process = nil
                isUnavailable = true
                unreportedStop = error.description
            }
            throw error
        }
    }

    /// The running gnuplot's process id (tests stop it), starting it if needed.
    func processID() throws(GnuplotError) -> pid_t {
        if process == nil { process = try GnuplotProcess(executable: executable) }
        return process?.pid ?? 0
    }

    /// `:plot MODE`: switches, and lets a later plot try gnuplot again.
    func switchMode(to mode: PlotMode) {
        self.mode = mode
        if mode != .off { isUnavailable = false }
    }

    /// Standard output's window size, from the terminal (TIOCGWINSZ); nil when it is not one.
    static func windowSize() -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }
}

/// `savefig` given a path that is neither `.png` nor `.svg`.
enum PlotSaveError: Error, CustomStringConvertible {
    case unknownExtension(String)

    var description: String {
        switch self {
        case let .unknownExtension(path): "cannot save a plot as \(path): give a path ending in .png or .svg"
        }
    }
}
