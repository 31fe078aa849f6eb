import Testing

@testable import Lang

/// The typed callbacks a host gets for what only it can show (a plot, progress), and
/// their plain-text defaults for hosts that cannot draw (scripts, tests).
@Suite("Host: plots and progress as typed values, with text defaults")
struct HostCallbackTests {
    /// A host that implements only text, as a script's or an old host does.
    final class TextOnlyHost: Host {
        var output = ""
        func write(_ text: String) { output += text }
        func warn(_ text: String) {}
    }

    static let histogram = PlotRequest(.histogram(bins: 17), series: [.init(y: Array(repeating: 0.5, count: 1000))])

    @Test("a host without its own draw writes the plot's one-line summary as output")
    func defaultDraw() {
        let host = TextOnlyHost()
        host.draw(Self.histogram)
        #expect(host.output == "<plot: histogram of 1000 values, 17 bins>\n")
    }

    @Test("by default progress shows nothing while it runs and one final line when it ends")
    func defaultProgress() {
        let host = TextOnlyHost()
        host.beginProgress(Progress(label: "train", total: 100))
        host.updateProgress(Progress(label: "train", done: 50, total: 100, metric: "loss 0.5"))
        #expect(host.output == "")
        host.endProgress(Progress(label: "train", done: 100, total: 100, metric: "loss 0.231"))
        #expect(host.output == "train: 100/100, loss 0.231\n")
        host.endProgress(Progress(label: "epoch", done: 3))
        #expect(host.output.hasSuffix("\nepoch: 3\n"))
    }

    @Test(
        "each kind of plot says what it shows, its title included",
        arguments: [
            (PlotRequest(.lines, series: [.init(y: [1, 2, 3])]), "<plot: line of 3 points>"),
            (PlotRequest(.lines, series: [.init(y: [1]), .init(y: [2])], title: "loss"), "<plot: 2 lines, \"loss\">"),
            (PlotRequest(.scatter, series: [.init(y: [1, 2], x: [0, 1]), .init(y: [3])]), "<plot: scatter of 3 points>"),
            (PlotRequest(.bar, series: [.init(y: [4])]), "<plot: bar chart of 1 value>"),
            (PlotRequest(.image(width: 28, height: 28), series: [.init(y: Array(repeating: 0, count: 784))]), "<plot: image 28×28>"),
            (PlotRequest(.histogram(bins: 1), series: []), "<plot: histogram of 0 values, 1 bin>"),
        ])
    func summaries(plot: PlotRequest, expected: String) {
        #expect(plot.summary == expected)
    }

    @Test("a recording host keeps plots and progress as values, not text, in order")
    func recording() {
        let host = RecordingHost()
        let plot = PlotRequest(
            .lines, series: [.init(y: [3, 2, 1], label: "train")], title: "loss", xLabel: "step", yLabel: "loss",
            logY: true, showsLegend: true)
        host.draw(plot)
        host.beginProgress(Progress(label: "train", total: 2))
        host.updateProgress(Progress(label: "train", done: 1, total: 2))
        host.endProgress(Progress(label: "train", done: 2, total: 2))
        #expect(host.plots == [plot])
        #expect(host.plots.first?.logY == true && host.plots.first?.logX == false)
        #expect(
            host.progress == [
                .begin(Progress(label: "train", total: 2)), .update(Progress(label: "train", done: 1, total: 2)),
                .end(Progress(label: "train", done: 2, total: 2)),
            ])
        #expect(host.output == "")
    }

    @Test("a builtin reaches the plot callback through the runtime's host")
    func throughRuntime() throws {
        let host = RecordingHost()
        let interpreter = Interpreter(host: host)
        interpreter.runtime.host.draw(Self.histogram)
        #expect(host.plots == [Self.histogram])
    }
}
