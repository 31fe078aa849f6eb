import Engine
import Testing

@testable import Lang

/// The plotting builtins hand the host one `PlotRequest` each, with the data and labels
/// they were given, and refuse sizes they cannot draw with a message saying what to give.
@Suite("Plotting builtins: what they ask the host to draw, and their argument errors")
struct PlotBuiltinTests {
    /// The plots a cell asked for, and what it showed.
    private func plots(_ text: String) -> (plots: [PlotRequest], shown: String) {
        let session = EvalSession()
        let shown = session.run(text)
        return (session.host.plots, shown)
    }

    @Test func histogramTakesEveryValueAndItsBins() {
        let (drawn, shown) = plots("hist([[1, 2], [2, 3]], bins: 3, title: \"h\")")
        #expect(shown == "")
        #expect(drawn == [PlotRequest(.histogram(bins: 3), series: [.init(y: [1, 2, 2, 3])], title: "h")])
    }

    @Test func plotTakesOneSeriesSeveralOrNamedOnesWithALegend() {
        #expect(plots("plot([3, 2, 1])").plots.first?.series == [.init(y: [3, 2, 1])])
        let several = plots("plot([[1, 2], [3, 4]], x: [10, 20])").plots.first
        #expect(several?.series == [.init(y: [1, 2], x: [10, 20]), .init(y: [3, 4], x: [10, 20])])
        #expect(several?.showsLegend == false)
        let named = plots("plot({train: [1.0, 0.5], val: [1.2, 0.8]}, log: true, xlabel: \"step\")").plots.first
        #expect(named?.series.map(\.label) == ["train", "val"])
        #expect(named?.showsLegend == true)
        #expect(named?.logY == true && named?.logX == false)
        #expect(named?.xLabel == "step")
    }

    @Test func scatterMakesOneSeriesPerLabelInOrderOfFirstAppearance() {
        let plot = plots("scatter([1, 2, 3, 4], [5, 6, 7, 8], by: [\"b\", \"a\", \"b\", \"a\"])").plots.first
        #expect(plot?.kind == .scatter)
        #expect(plot?.series == [.init(y: [5, 7], x: [1, 3], label: "b"), .init(y: [6, 8], x: [2, 4], label: "a")])
        #expect(plot?.showsLegend == true)
        let numeric = plots("scatter([1, 2], [3, 4], by: tensor([0, 1]))").plots.first
        #expect(numeric?.series.map(\.label) == ["0", "1"])
    }

    @Test func barTakesLabelsOrARecordsNames() {
        #expect(
            plots("bar({cats: 12, dogs: 30})").plots.first == PlotRequest(.bar, series: [.init(y: [12, 30])], labels: ["cats", "dogs"]))
        #expect(plots("bar([1, 2], labels: [\"x\", \"y\"])").plots.first?.labels == ["x", "y"])
    }

    @Test func imageAndHeatmapTakeA2DTensorRowByRow() {
        #expect(
            plots("image([[1, 2, 3], [4, 5, 6]])").plots.first
                == PlotRequest(.image(width: 3, height: 2), series: [.init(y: [1, 2, 3, 4, 5, 6])]))
        #expect(plots("heatmap(eye(2))").plots.first?.kind == .heatmap(width: 2, height: 2))
    }

    @Test func showDrawsADatasetsRowsCaptionedByTheirLabels() throws {
        let pixels = (0..<4).map { i in DataColumn.numeric("pixel_\(i / 2)_\(i % 2)", [Double(i), 10 + Double(i), 20 + Double(i)]) }
        let dataset = try Dataset(
            name: "tiny", columns: pixels + [.categorical("label", ["cat", "dog", "cat"])], target: "label",
            imageShape: .init(height: 2, width: 2))
        let session = EvalSession()
        session.interpreter.define("ds", .object(DatasetValue(dataset)))
        #expect(session.run("show(ds, [2, 1])") == "")
        #expect(
            session.host.plots == [
                PlotRequest(
                    .images(width: 2, height: 2),
                    series: [.init(y: [20, 21, 22, 23], label: "cat"), .init(y: [10, 11, 12, 13], label: "dog")])
            ])
        #expect(session.run("show(ds)") == "")
        #expect(session.host.plots.last?.series.count == 3)
        #expect(session.run("show(ds, 3)").contains("show: row 3 is out of range: there are 3 rows (0 to 2)"))
        let plain = try Dataset(name: "plain", columns: [.numeric("a", [1])])
        session.interpreter.define("p", .object(DatasetValue(plain)))
        #expect(session.run("show(p, 0)").contains("dataset plain has no image shape"))
    }

    @Test func showDrawsATensorAsOnePictureOrSeveral() {
        #expect(plots("show(ones([2, 3]))").plots.first?.kind == .image(width: 3, height: 2))
        let grid = plots("show(zeros([3, 2, 2]), 1..3)").plots.first
        #expect(grid?.kind == .images(width: 2, height: 2))
        #expect(grid?.series.map(\.label) == ["1", "2"])
    }

    @Test(
        "wrong sizes and kinds are refused with what to give instead",
        arguments: [
            ("hist([1, 2], bins: 0)", "error: hist: bins must be from 1 to 1000, got 0"),
            ("hist([1, 2], bins: 5000)", "error: hist: bins must be from 1 to 1000, got 5000"),
            ("hist([])", "error: hist: x is empty: give at least one value"),
            ("hist(\"abc\")", "error: hist: x expects a tensor or list of numbers, got a string"),
            ("scatter([1, 2, 3], [1, 2])", "error: scatter: x has 3 values but y has 2: give one y per x"),
            ("scatter([1, 2], [1, 2], by: [\"a\"])", "error: scatter: by has 1 labels for 2 values: give one each"),
            ("plot([1, 2, 3], x: [1, 2])", "error: plot: x has 2 values but a series in y has 3: give one y per x"),
            (
                "scatter(arange(101), arange(101), by: arange(101))",
                "error: scatter: by has 101 different labels, more than the 100 colours can tell apart"
            ),
            ("plot({})", "error: plot: y is empty: give at least one value"),
            ("bar([1, 2], labels: [\"a\"])", "error: bar: labels has 1 labels for 2 values: give one each"),
            ("image([1, 2, 3])", "error: image: t expects a 2-D tensor, got a list of 3"),
            (
                "show(ones([2, 2, 2, 2]))",
                "error: show: cannot draw a tensor of shape (2, 2, 2, 2): give a 2-D tensor (one picture) or a 3-D one (pictures)"
            ),
            ("savefig(\"a.png\")", "error: savefig: there is no plot yet: draw one first (hist, plot, scatter, bar, image, show)"),
        ])
    func argumentErrors(source: String, expected: String) {
        #expect(evalError(source) == expected)
    }

    /// A host that keeps text only, as a host written before plots could be saved.
    private final class TextOnlyHost: Host {
        func write(_ text: String) {}
        func warn(_ text: String) {}
    }

    @Test func savefigHandsTheLastPlotToTheHostWhichByDefaultCannotSave() throws {
        let session = EvalSession()
        #expect(session.run("hist([1, 2])\nsavefig(\"/tmp/x.png\")") == "")
        #expect(session.host.savedPaths == ["/tmp/x.png"])
        let interpreter = Interpreter(host: TextOnlyHost())
        #expect(throws: RuntimeError.self) { try interpreter.run(Source(name: "cell 1", text: "bar([1])\nsavefig(\"/tmp/x.png\")")) }
        do {
            _ = try interpreter.run(Source(name: "cell 2", text: "savefig(\"/tmp/x.png\")"))
        } catch let error as RuntimeError {
            #expect(error.message == "savefig: cannot save plots here (only the sprout shell and scripts can)")
        }
    }
}
