import Foundation
import Lang
import Testing

@testable import Shell

/// What an export is made of: each cell's output cut into its kinds (`OutputSpan`), a
/// saved file read into notes, cells and failed cells (`SessionLayout`), and the three
/// sources of an `ExportedSession`.
@Suite("export sources")
struct ExportSourcesTests {
    @Test func aCellsRecordSaysWhichTextWasPrintedAWarningAPlotOrTheValue() throws {
        // Hiding the builtin `full` gets a note (said after the cell's own output), the one
        // kind of warning a bare session gives.
        let r = scriptedSession([
            "fn full(x) = x; print(\"hello\"); hist([1, 2, 2, 3]); hist([5, 6]); 7",
            "print(\"x\"); 1 + 2",
        ])
        let first = r.repl.cells[0], second = r.repl.cells[1]
        let kinds = OutputSpan.pieces(of: first.output, spans: first.spans ?? []).map(\.kind)
        #expect(kinds == [.printed, .plot, .plot, .warning, .value], "\(first.output) \(first.spans ?? [])")
        let pieces = OutputSpan.pieces(of: second.output, spans: second.spans ?? [])
        #expect(pieces.map(\.kind) == [.printed, .value])
        #expect(pieces.map(\.text) == ["x\n", "3\n"])
    }

    @Test func piecesCutByBytesAndLeaveWhatNoSpanCoversAsPrinted() {
        let pieces = OutputSpan.pieces(
            of: "é1\n2\nmore\n",
            spans: [OutputSpan(kind: .value, bytes: 4), OutputSpan(kind: .plot, bytes: 0), OutputSpan(kind: .warning, bytes: 2)])
        #expect(pieces.map(\.kind) == [.value, .plot, .warning, .printed])
        #expect(pieces.map(\.text) == ["é1\n", "", "2\n", "more\n"])
        // A span past the end is cut short there.
        #expect(OutputSpan.pieces(of: "ab", spans: [OutputSpan(kind: .value, bytes: 10)]).map(\.text) == ["ab"])
    }

    static let saved = """
        # Sprout session saved 2026-12-05T18:27:40Z
        # seed: 3
        # Sprout 0.1.0, OpenBLAS 0.3.21 (Zen)

        # A note
        # on two lines.

        # Above a cell: a note of its own.
        x = 1 + 1
        #> 2

        # x +
        #! error: expected an expression
        #!  --> cell 2:1:4

        # [3]
        # Adds one.
        fn inc(a) {
            a + 1
        }

        inc(x)
        #> 3
        """

    @Test func aSavedSessionIsReadAsHeaderNotesCellsAndFailedCells() {
        let layout = SessionLayout(Self.saved)
        #expect(layout.headerLines.count == 3)
        #expect(
            layout.items == [
                .note("A note\non two lines."), .note("Above a cell: a note of its own."), .cell(0),
                .failed(source: "x +", error: "error: expected an expression\n --> cell 2:1:4"), .cell(1), .cell(2),
            ])
        #expect(layout.code(of: layout.cells[0]) == "x = 1 + 1")
        // A function keeps its documentation in its source.
        #expect(layout.code(of: layout.cells[1]).hasPrefix("# Adds one.\nfn inc(a) {"))
    }

    @Test func aRecordingGivesItsLinesAndThePicturesBesideIt() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let png = Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3])
        try png.write(to: URL(fileURLWithPath: folder + "/cell-3.png"))
        try png.write(to: URL(fileURLWithPath: folder + "/cell-3-2.png"))
        let session = ExportedSession.fromRecording(Self.saved, title: "s", pictureFolder: folder)
        let cells = session.codeCells
        #expect(cells.map(\.number) == [1, 2, 3, 4])
        #expect(cells[0].outputs == [.printed("2\n")])
        #expect(cells[1].failed && cells[1].source == "x +")
        #expect(cells[3].outputs.first == .printed("3\n"))
        // inc(x) is cell 4: no pictures; the function's cell 3 has two.
        #expect(cells[2].outputs.compactMap { if case let .plot(p) = $0 { p.fileName } else { nil } } == ["cell-3.png", "cell-3-2.png"])
        #expect(session.plots.allSatisfy { $0.png == png })
    }

    @Test func aReplayShowsWhatTheCellsShowNowAndSaysWhichDiffer() throws {
        let text = "a = 2\n\n# a note\n\na * 3\n#> 6\n\na * 4\n#> 9\n\nnope(1)\n"
        let replay = try SessionReplay(seed: 0)
        let result = ExportedSession.fromReplay(text, name: "t.sprout", title: "t", replay: replay)
        #expect(result.differing == [3, 4], "\(result)")
        #expect(result.failed == [4])
        let cells = result.session.codeCells
        #expect(cells.map(\.number) == [1, 2, 3, 4])
        #expect(cells[1].outputs == [.value("6\n")])
        #expect(cells[2].outputs == [.value("8\n")])
        #expect(cells[3].failed)
        #expect(result.session.items[1] == .note("a note"))
    }

    @Test func theShellsCellsJoinNoteLinesAndKeepErrorsAfterWhatWasPrinted() {
        let cells = [
            CellRecord(number: 1, input: "# one", output: "", error: nil, seconds: 0),
            CellRecord(number: 1, input: "# two", output: "", error: nil, seconds: 0),
            CellRecord(
                number: 1, input: "print(1); hist(x)", output: "1\nPLOT\n", error: nil, seconds: 0,
                spans: [OutputSpan(kind: .printed, bytes: 2), OutputSpan(kind: .plot, bytes: 5)]),
            CellRecord(number: 2, input: "print(2); y", output: "2\n", error: "error: unknown name y", seconds: 0, spans: nil),
        ]
        let plot = PlotRequest(.histogram(bins: 3), series: [PlotRequest.Series(y: [1, 2])])
        let session = ExportedSession.fromShell(
            title: "t", header: nil, cells: cells, plotsByCell: [1: [plot]], picture: { _ in Data([1, 2]) })
        #expect(session.items.first == .note("one\ntwo"))
        #expect(
            session.codeCells[0].outputs == [
                .printed("1\n"), .plot(ExportedPlot(png: Data([1, 2]), summary: plot.summary, text: "PLOT\n", fileName: "cell-1.png")),
            ])
        #expect(session.codeCells[1].outputs == [.printed("2\n"), .error("error: unknown name y")])
    }
}
