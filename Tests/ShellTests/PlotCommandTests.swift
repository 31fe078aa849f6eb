import Foundation
import Lang
import Testing

@testable import Shell

/// `:plot` at the prompt, Tab after it, and what `:save` keeps of a session's plots.
@Suite("The :plot command and saved plots", .serialized)
struct PlotCommandTests {
    private func session(_ lines: [String], folder: String? = nil) -> (output: String, repl: REPL, host: PlottingHost) {
        let host = PlottingHost()
        let repl = REPL(reader: ScriptedLineReader(lines: lines), host: host, isTerminal: false, plots: host.plots) {
            Interpreter(host: $0, seed: $1)
        }
        if let folder { repl.sessionsFolder = folder }
        _ = repl.run()
        return (host.output, repl, host)
    }

    @Test func plotSwitchesModesAndSaysWhichItIs() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (output, repl, _) = session([":plot", ":plot off", "bar([1, 2])", ":plot SVG", "bar([1, 2])", ":plot dumb", ":plot"])
        let lines = output.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(3)) == ["plots: dumb", "plots: off", "<plot: bar chart of 2 values>"])
        #expect(lines[3] == "plots: svg")
        let written = try #require(lines[4].wholeMatch(of: /plot written to (.*\.svg)/)?.1)
        #expect(FileManager.default.fileExists(atPath: String(written)))
        #expect(lines.suffix(2) == ["plots: dumb", "plots: dumb"])
        #expect(repl.plots?.mode == .dumb)
    }

    @Test func aWrongModeShowsTheUsage() {
        let (output, _, _) = session([":plot pdf"])
        #expect(output == "usage: :plot [dumb|sixel|kitty|iterm|png|svg|off] (pdf is not a plot mode)\n")
    }

    @Test func tabAfterPlotOffersTheModes() {
        let (_, repl, _) = session([])
        #expect(repl.completionCandidates(line: ":plot s", cursor: 7) == ["sixel", "svg"])
        #expect(repl.completionCandidates(line: ":pl", cursor: 3) == [":plot"])
        #expect(repl.commandList().contains(":plot [dumb|sixel|kitty|iterm|png|svg|off]"))
    }

    @Test func saveKeepsEachPlotAsAPNGNamedByItsCellAndCountsThem() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (output, repl, _) = session(
            ["x = [1, 2, 3]", "hist(x)", "bar(x)\nscatter(x, x)", "oops()", ":save figs"], folder: folder)
        #expect(output.contains("saved \(folder)/figs.sprout (3 cells, 3 plots; left out failed cell [4])"), "\(output)")
        #expect(repl.plotsByCell.keys.sorted() == [2, 3])
        let size = try #require(pngSize("\(folder)/figs/cell-2.png"))
        #expect(size == (640, 400))
        #expect(pngSize("\(folder)/figs/cell-3.png") != nil)
        #expect(pngSize("\(folder)/figs/cell-3-2.png") != nil)
        // The text rendering is in the #> lines, so run --check compares it.
        let saved = try String(contentsOfFile: "\(folder)/figs.sprout", encoding: .utf8)
        #expect(saved.contains("#>     1 +-----"), "\(saved)")
    }

    @Test func aSessionWithoutPlotsSavesNoFolder() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (output, _, _) = session(["1 + 1", ":save plain"], folder: folder)
        #expect(output.hasSuffix("saved \(folder)/plain.sprout (1 cell)\n"))
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/plain"))
    }
}
