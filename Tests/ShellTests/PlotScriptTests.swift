import Lang
import Testing

@testable import Shell

/// A plot description as gnuplot script text, checked without gnuplot: what each kind
/// sends, and that text a user typed cannot end a command.
@Suite("PlotScript: plot descriptions as gnuplot script text")
struct PlotScriptTests {
    private func lines(_ plot: PlotRequest, on terminal: GnuplotTerminal = .scriptText) -> [String] {
        PlotScript.text(for: plot, on: terminal).split(separator: "\n").map(String.init)
    }

    @Test func aHistogramSendsItsBinsNotItsValues() {
        let script = lines(PlotRequest(.histogram(bins: 2), series: [.init(y: [0, 1, 1, 3, 4])], title: "h"))
        #expect(script.first == "set terminal dumb size 80,24 nofeed noenhanced mono")
        #expect(script.contains("set title 'h'"))
        let data = script.drop { $0 != "$sprout0 << EOD" }.dropFirst().prefix { $0 != "EOD" }
        #expect(Array(data) == ["1 3", "3 2"])
        #expect(script.contains("set boxwidth 2 absolute"))
        #expect(script.last == "plot $sprout0 using 1:2 with boxes notitle")
    }

    @Test func binsSpanTheFiniteRangeAndTheLastTakesTheMaximum() {
        let h = Histogram([0, 10, .nan, .infinity, 5], bins: 2)
        #expect(h.bins == [.init(center: 2.5, count: 1), .init(center: 7.5, count: 2)])
        #expect(Histogram([7, 7], bins: 1).bins == [.init(center: 7, count: 2)])
        #expect(Histogram([], bins: 3).bins.map(\.count) == [0, 0, 0])
        // A range wider than a Float holds is binned, not trapped on.
        #expect(Histogram([-3e38, 3e38, 0], bins: 2).bins.map(\.count) == [1, 2])
        #expect(
            HalfBlockImage.render([.init(width: 2, height: 1, pixels: [-3e38, 3e38], caption: "")], colour: true, columns: 80).contains(
                "255m"))
    }

    @Test func linesSendOneDatablockPerSeriesWithALegendAndLogScales() {
        let plot = PlotRequest(
            .lines, series: [.init(y: [1, 0.5], label: "train"), .init(y: [2, 1], x: [10, 20], label: "val")],
            xLabel: "step", logY: true, showsLegend: true)
        let script = lines(plot)
        #expect(script.contains("set logscale y") && !script.contains("set logscale x"))
        #expect(script.contains("set xlabel 'step'"))
        #expect(script.contains("0 1") && script.contains("1 0.5") && script.contains("10 2") && script.contains("20 1"))
        #expect(script.contains("plot $sprout0 using 1:2 with lines title 'train', \\"))
        #expect(script.contains("     $sprout1 using 1:2 with lines title 'val'"))
        #expect(!script.contains("unset key"))
        let single = lines(PlotRequest(.lines, series: [.init(y: [1])]))
        #expect(single.contains("unset key") && single.last == "plot $sprout0 using 1:2 with lines notitle")
    }

    @Test func scatterDrawsPointsOneSeriesPerClass() {
        let plot = PlotRequest(.scatter, series: [.init(y: [1], x: [2], label: "a"), .init(y: [3], x: [4], label: "b")], showsLegend: true)
        let script = lines(plot)
        #expect(script.contains("plot $sprout0 using 1:2 with points pointtype 1 title 'a', \\"))
        #expect(script.contains("     $sprout1 using 1:2 with points pointtype 2 title 'b'"))
    }

    @Test func barsCarryTheirCategoryNamesAsTics() {
        let script = lines(PlotRequest(.bar, series: [.init(y: [3, 1.5])], labels: ["cats", "dogs"]))
        #expect(script.contains("set xtics ('cats' 0, 'dogs' 1)"))
        #expect(script.contains("0 3") && script.contains("1 1.5"))
        #expect(script.contains("set yrange [0:*]"))
        #expect(lines(PlotRequest(.bar, series: [.init(y: [-1, 2])])).contains("set yrange [*:*]"))
    }

    @Test func imagesAreMatricesRowZeroAtTheTopWithAPalette() {
        let image = lines(
            PlotRequest(.image(width: 2, height: 2), series: [.init(y: [0, 1, 2, .nan])]),
            on: .png(path: "/tmp/a.png", width: 64, height: 64))
        #expect(image.first == "set terminal pngcairo size 64,64 noenhanced")
        #expect(image.contains("0 1") && image.contains("2 NaN"))
        #expect(image.contains("set yrange [2-0.5:-0.5]"))
        // Low values light and high ones dark, as `image` promises and the text drawing
        // shows: a digit's ink dark on a light ground, in a PNG as in the terminal.
        #expect(image.contains("set palette gray negative"))
        #expect(image.last == "unset output")
        let heat = lines(PlotRequest(.heatmap(width: 1, height: 1), series: [.init(y: [5])]))
        #expect(heat.contains { $0.hasPrefix("set palette defined") })
        let grid = lines(PlotRequest(.images(width: 1, height: 1), series: [.init(y: [1], label: "7"), .init(y: [2], label: "it's")]))
        #expect(grid.contains("set multiplot layout 1,2 margins 0.02,0.98,0.0200,0.9000 spacing 0.02,0.1000"))
        #expect(grid.contains("set palette gray negative"))
        #expect(grid.contains("set title '7'") && grid.contains("set title 'it''s'"))
        #expect(grid.contains("plot $sprout1 matrix with image notitle") && grid.last == "unset multiplot")
    }

    @Test(
        "typed text is a single-quoted string: quotes doubled, line breaks and control characters made spaces",
        arguments: [
            ("loss", "'loss'"),
            ("it's", "'it''s'"),
            ("a' ; system 'touch /tmp/x", "'a'' ; system ''touch /tmp/x'"),
            ("two\nlines\r\t", "'two lines  '"),
            ("`date` \\n \"q\" @GPVAL", "'`date` \\n \"q\" @GPVAL'"),
        ])
    func quoting(text: String, expected: String) {
        #expect(PlotScript.quoted(text) == expected)
    }

    @Test func aTitleCannotAddACommandLine() {
        let script = PlotScript.text(for: PlotRequest(.lines, series: [.init(y: [1])], title: "x\nset output '/tmp/evil'"), on: .scriptText)
        #expect(script.contains("set title 'x set output ''/tmp/evil'''\n"))
        #expect(!script.split(separator: "\n").contains { $0.hasPrefix("set output '") })
    }

    @Test func numbersAreShortAndMissingOnesAreNaN() {
        #expect(PlotScript.number(3) == "3")
        #expect(PlotScript.number(-0.25) == "-0.25")
        #expect(PlotScript.number(1e-8) == "1e-08")
        #expect(PlotScript.number(.nan) == "NaN" && PlotScript.number(-.infinity) == "NaN")
    }

    @Test func filesAreChosenByExtension() {
        #expect(GnuplotTerminal.file("/tmp/a.PNG") == .png(path: "/tmp/a.PNG", width: 640, height: 400))
        #expect(GnuplotTerminal.file("b.svg") == .svg(path: "b.svg", width: 640, height: 400))
        #expect(GnuplotTerminal.file("c.pdf") == nil)
        #expect(
            GnuplotTerminal.text(width: 100, height: 30, colour: true).setup.hasPrefix(
                "set terminal dumb size 100,30 nofeed noenhanced ansi256"))
    }

    @Test func dumbTextLosesItsFormFeedTrailingSpacesAndBlankEdges() {
        let raw = Array("\u{0C}\n   \n  title  \n |  *  \r\n +--+\n   \n".utf8)
        #expect(PlotDisplay.trimmedText(raw) == "  title\n |  *\n +--+\n")
        #expect(PlotDisplay.trimmedText([]) == "")
    }
}
