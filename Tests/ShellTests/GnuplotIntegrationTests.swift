import Foundation
import Glibc
import Lang
import Testing

@testable import Shell

/// A host that draws through a `PlotDisplay` as the terminal host does, but keeps what it
/// shows: the drawn text as output, gnuplot's problems as warnings.
final class PlottingHost: Lang.Host {
    let plots: PlotDisplay
    private(set) var output = ""
    private(set) var warnings: [String] = []

    init(plots: PlotDisplay = .script()) {
        self.plots = plots
    }

    func write(_ text: String) { output += text }
    func warn(_ text: String) { warnings.append(text) }
    func draw(_ plot: PlotRequest) {
        let shown = plots.shown(plot)
        output += shown.text
        if let problem = shown.problem { warn(problem) }
    }
    func save(_ plot: PlotRequest, to path: String) throws { try plots.save(plot, to: path) }
}

/// A PNG's width and height from its IHDR chunk (bytes 16–23), nil for anything that is
/// not a PNG.
func pngSize(_ path: String) -> (width: Int, height: Int)? {
    guard let data = FileManager.default.contents(atPath: path), data.count > 24 else { return nil }
    let bytes = [UInt8](data)
    guard bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[12..<16] == [0x49, 0x48, 0x44, 0x52] else {
        return nil
    }
    let word = { (at: Int) in bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (word(16), word(20))
}

/// The real gnuplot process: text pictures with axes and bars, PNG files of the asked
/// size, gnuplot's own errors shown, and a gnuplot killed mid-session turning plots off
/// while the session goes on.
@Suite("gnuplot, driven for real", .serialized)
struct GnuplotIntegrationTests {
    /// Whether `pid` has exited and waits to be reaped (state Z in /proc).
    static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    @Test func aHistogramInTextHasAxesAndBars() throws {
        let display = PlotDisplay.script()
        let text = display.plainText(PlotRequest(.histogram(bins: 4), series: [.init(y: [1, 2, 2, 3, 3, 3, 4, 4, 4, 4])], title: "counts"))
        let lines = text.split(separator: "\n")
        #expect(lines.count <= 24 && lines.count > 12, "\(text)")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines.first?.trimmingCharacters(in: .whitespaces) == "counts")
        #expect(lines.contains { $0.contains("+-----") }, "the x axis")
        #expect(lines.filter { $0.contains("|") }.count > 5, "the y axis")
        #expect(lines.contains { $0.hasPrefix("    4 +") }, "the y axis reaches the tallest bar (4)")
        #expect(lines.contains { $0.contains("****") }, "bar tops")
        #expect(!text.contains("\u{0C}") && !text.contains("\u{1B}"))
    }

    @Test func barLabelsAreTheXAxisTics() {
        let text = PlotDisplay.script().plainText(PlotRequest(.bar, series: [.init(y: [3, 5])], labels: ["cats", "dogs"]))
        let last = text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.contains("cats") && last.contains("dogs"), "\(text)")
    }

    @Test func colourTextAtATerminalUsesANSIEscapes() {
        let display = PlotDisplay(mode: .dumb, usesColour: true, terminalSize: { (100, 40) })
        let shown = display.shown(PlotRequest(.lines, series: [.init(y: [1, 3, 2])]))
        #expect(shown.problem == nil)
        #expect(shown.text.contains("\u{1B}["))
        #expect(shown.text.split(separator: "\n").count == 20)
    }

    @Test func savedPNGsAreValidImagesOfTheAskedSize() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let display = PlotDisplay.script()
        let plot = PlotRequest(.scatter, series: [.init(y: [1, 2], x: [3, 4])], title: "s")
        try display.save(plot, to: folder + "/a.png")
        #expect(try #require(pngSize(folder + "/a.png")) == (640, 400))
        _ = try display.gnuplot(PlotScript.text(for: plot, on: .png(path: folder + "/b.png", width: 123, height: 77)))
        #expect(try #require(pngSize(folder + "/b.png")) == (123, 77))
        try display.save(PlotRequest(.images(width: 2, height: 2), series: [.init(y: [0, 1, 2, 3], label: "7")]), to: folder + "/c.svg")
        let svg = try String(contentsOfFile: folder + "/c.svg", encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains(">7<"))
        #expect(throws: PlotSaveError.self) { try display.save(plot, to: folder + "/d.pdf") }
    }

    @Test func gnuplotsOwnErrorsComeBackAsMessagesAndItGoesOn() throws {
        let display = PlotDisplay.script()
        do {
            _ = try display.gnuplot("set frobnicate 3")
            Issue.record("gnuplot took a bad set")
        } catch {
            #expect(error == .refused("unrecognized option - see 'help set'."))
        }
        let logOfNegative = display.shown(PlotRequest(.lines, series: [.init(y: [-1, -2])], logY: true))
        #expect(logOfNegative.problem?.hasPrefix("gnuplot: ") == true, "\(logOfNegative)")
        #expect(logOfNegative.problem?.contains("undefined") == true, "\(logOfNegative)")
        #expect(logOfNegative.text == "")
        // The same process draws the next plot.
        #expect(display.shown(PlotRequest(.lines, series: [.init(y: [1, 2])])).text.contains("+---"))
        #expect(!display.isUnavailable)
    }

    @Test func aTitleCannotRunAShellCommand() throws {
        let marker = NSTemporaryDirectory() + "sprout-injected-" + UUID().uuidString
        let display = PlotDisplay.script()
        for title in ["x' ; system 'touch \(marker)", "`touch \(marker)`", "x\nsystem 'touch \(marker)'"] {
            let shown = display.shown(PlotRequest(.lines, series: [.init(y: [1, 2])], title: title))
            #expect(shown.problem == nil, "\(shown)")
        }
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func aMissingGnuplotIsOneMessageThenSummaries() {
        let display = PlotDisplay.script(executable: "no-such-gnuplot-here")
        let first = display.shown(PlotRequest(.lines, series: [.init(y: [1])]))
        #expect(first.text == "<plot: line of 1 point>\n")
        #expect(first.problem == GnuplotError.notFound.description)
        let second = display.shown(PlotRequest(.bar, series: [.init(y: [1])]))
        #expect(second == ("<plot: bar chart of 1 value>\n", nil))
        // Images need no gnuplot in text mode.
        #expect(display.plainText(PlotRequest(.image(width: 1, height: 1), series: [.init(y: [1])])) == "▒▒\n")
    }

    /// A session whose gnuplot is killed between cells: one message, plots off (summary
    /// lines), every variable kept, and `:plot dumb` starting a new gnuplot.
    @Test func killingGnuplotMidSessionTurnsPlotsOffAndTheSessionGoesOn() throws {
        let display = PlotDisplay.script()
        let host = PlottingHost(plots: display)
        let killer = Builtin("kill_gnuplot", [], summary: "", example: "") { _, _ in
            // Not reaped here: the display reaps its own child, and a pid reaped twice may
            // name another process by then (a parallel test's tmux server was killed so).
            if let pid = try? display.processID(), pid > 0 {
                kill(pid, SIGKILL)
                while kill(pid, 0) == 0, !Self.isZombie(pid) { usleep(1000) }
            }
            return .none
        }
        let reader = ScriptedLineReader(lines: [
            "kept = 42", "hist([1, 2, 3])", "kill_gnuplot()", "hist([1, 2, 3])", "bar([1, 2])", "kept + 1", ":plot dumb", "hist([4, 5])",
        ])
        let repl = REPL(reader: reader, host: host, isTerminal: false, plots: display) {
            Interpreter(host: $0, seed: $1, builtins: [killer])
        }
        #expect(repl.run() == 0)
        #expect(host.warnings == [GnuplotError.stopped.description], "\(host.warnings)")
        let shown = host.output
        #expect(shown.contains("<plot: histogram of 3 values, 10 bins>\n<plot: bar chart of 2 values>\n43\nplots: dumb\n"), "\(shown)")
        #expect(shown.components(separatedBy: "+-----").count > 3, "drawn before the kill and after :plot dumb")
        #expect(repl.cells.last?.output.contains("+-----") == true)
    }

    /// The banner's version: asked once (the process is kept for the first plot), then
    /// read from the state folder while gnuplot is unchanged; nil without gnuplot.
    @Test func theBannersVersionIsAskedOnceThenCached() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let environment = ProcessInfo.processInfo.environment
        let display = PlotDisplay.script()
        let first = GnuplotVersion.banner(stateFolder: folder, environment: environment, display: display)
        #expect(first?.wholeMatch(of: /gnuplot [0-9]+\.[0-9]+\.[0-9]+/) != nil, "\(first ?? "nil")")
        #expect(try display.processID() > 0)
        // A display that cannot start gnuplot still gets the cached answer.
        let cached = GnuplotVersion.banner(stateFolder: folder, environment: environment, display: .script(executable: "no-such-gnuplot"))
        #expect(cached == first)
        #expect(GnuplotVersion.banner(stateFolder: folder, environment: ["PATH": "/nonexistent"], display: display) == nil)
    }

    /// The graphic modes: sixel is gnuplot's own escape; kitty and iTerm2 wrap the PNG
    /// gnuplot drew (base64 of a PNG starts `iVBORw0KGgo`).
    @Test func graphicModesWriteTheirTerminalsEscapes() {
        let plot = PlotRequest(.images(width: 2, height: 2), series: [.init(y: [0, 1, 2, 3], label: "7")])
        let display = PlotDisplay(mode: .sixel, usesColour: true, terminalSize: { (80, 24) })
        let sixel = display.shown(plot)
        #expect(sixel.problem == nil && sixel.text.hasPrefix("\u{1B}P"), "\(sixel.text.prefix(20).debugDescription)")
        display.switchMode(to: .kitty)
        #expect(display.shown(plot).text.hasPrefix("\u{1B}_Gf=100,a=T,m=0;iVBORw0KGgo"))
        display.switchMode(to: .iterm)
        #expect(display.shown(plot).text.hasPrefix("\u{1B}]1337;File=inline=1;size="))
    }

    /// A gnuplot that never answers (here `cat`, which echoes the script's stdout tag but
    /// never writes the stderr one) is stopped after the timeout, not waited on forever.
    @Test func aWedgedGnuplotIsStoppedAfterTheTimeout() throws {
        let process = try GnuplotProcess(executable: "cat")
        process.timeout = 0.3
        #expect(throws: GnuplotError.timedOut(seconds: 0.3)) { try process.run("plot x") }
        #expect(throws: GnuplotError.stopped) { try process.run("plot x") }
        #expect(GnuplotError.timedOut(seconds: 20).description.hasPrefix("gnuplot did not answer within 20 s and was stopped"))
    }
}
