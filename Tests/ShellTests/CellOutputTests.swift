import Foundation
import Lang
import Testing

@testable import Shell

@Suite("What a cell's record keeps of its output")
struct CellOutputTests {
    @Test func everythingIsKeptUnderTheLimits() {
        let shown = RecordingHost()
        let output = CellOutput(downstream: shown)
        output.write("a\nb")
        output.write("c\n")
        output.warn("careful")
        #expect(output.captured == "a\nbc\nwarning: careful\n")
        #expect(shown.output == "a\nbc\n")
        #expect(shown.warnings == ["careful"])
        output.beginCell()
        #expect(output.captured == "")
    }

    @Test("a plot and a finished progress go on to the real host as values and are kept as their lines")
    func plotsAndProgress() {
        let shown = RecordingHost()
        let output = CellOutput(downstream: shown)
        let plot = PlotRequest(.bar, series: [.init(y: [1, 2])])
        output.draw(plot)
        output.beginProgress(Lang.Progress(label: "train", total: 2))
        output.updateProgress(Lang.Progress(label: "train", done: 1, total: 2))
        output.endProgress(Lang.Progress(label: "train", done: 2, total: 2, metric: "loss 0.5"))
        #expect(shown.plots == [plot])
        #expect(shown.progress.count == 3)
        #expect(shown.output == "")
        #expect(output.captured == "<plot: bar chart of 2 values>\ntrain: 2/2, loss 0.5\n")
    }

    @Test func longOutputIsShownButKeptOnlyUpToTheLineLimit() {
        let shown = RecordingHost()
        let output = CellOutput(downstream: shown)
        let total = CellOutput.lineLimit + 500
        for i in 0..<total { output.write("line \(i)\n") }
        let kept = output.captured.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(kept.count == CellOutput.lineLimit + 2)  // the lines, the note, the final ""
        #expect(kept[CellOutput.lineLimit - 1] == "line \(CellOutput.lineLimit - 1)")
        #expect(kept[CellOutput.lineLimit] == "… 500 more lines not kept")
        #expect(shown.output.split(separator: "\n").count == total)
        // One write that crosses the limit keeps its whole lines up to it.
        output.beginCell()
        output.write((0..<total).map { "row \($0)\n" }.joined() + "tail")
        #expect(output.captured.hasSuffix("row \(CellOutput.lineLimit - 1)\n… 501 more lines not kept\n"))
    }

    @Test func aHugeLineIsCountedNotKept() {
        let output = CellOutput(downstream: RecordingHost())
        output.write("start\n")
        output.write(String(repeating: "x", count: CellOutput.byteLimit + 1))
        output.write("\nend\n")
        #expect(output.captured == "start\n… 2 more lines not kept\n")
    }

    /// The REPL and a replay cap the same way, so a saved session with a long cell checks.
    @Test func aCappedCellStillReplaysTheSame() throws {
        let lines = ["for i in 0..\(CellOutput.lineLimit + 10) { print(i) }", "\"after\""]
        let host = RecordingHost()
        let repl = REPL(reader: ScriptedLineReader(lines: lines), host: host, isTerminal: false)
        _ = repl.run()
        #expect(repl.cells[0].output.hasSuffix("… 10 more lines not kept\n"))
        let header = SessionHeader(date: Date(), seed: 0, sproutVersion: "0", blasVersion: "b")
        let text = SessionFile.render(repl.cells, header: header, includeFailed: false)
        let replay = try SessionReplay(seed: 0)
        let cells = ScriptCells.split(text)
        #expect(cells.count == 2)
        for (cell, record) in zip(cells, repl.cells) {
            let result = replay.run(cell, name: "s")
            #expect(result.output == record.output)
            #expect(ReplayCheck.compare(expected: cell.expected, actual: CellRecord.lines(of: result.output)))
        }
    }
}
