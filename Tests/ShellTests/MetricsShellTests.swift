import Foundation
import Lang
import Testing

@testable import Shell

/// The metric builtins the ways a user runs them: at the prompt, piped, `sprout FILE`,
/// `sprout -e`, `:load`, and a saved session checked by `sprout run --check`; the
/// confusion heatmap's script names the classes on its axes.
@Suite("Metrics through the shell")
struct MetricsShellTests {
    /// The hand-checked classifier of `MetricsFixture` (Lang tests), one cell per line.
    static let setup = [
        #"ds = dataset({a: [1, 1, 0, 0, 0, 0, 1, 0, 1], b: [0, 0, 1, 1, 0, 0, 0, 1, 0], label: ["cat", "cat", "cat", "dog", "dog", "fox", "fox", "dog", "dog"]})"#,
        "m = linear(2, 3)",
        #"set_param(m, "weight", tensor([[1, 0], [0, 1], [0, 0]])); set_param(m, "bias", tensor([0, 0, 0.5]))"#,
    ]
    static let cells = setup + ["confusion(m, ds)", "f1(m, ds)", "worst(m, ds, k: 1).rows", "accuracy(m, ds.x)"]

    static let confusionTable = """
        true \\ predicted  cat  dog  fox
        cat                 2    1    0
        dog                 1    2    1
        fox                 1    0    1
        5 of 9 rows on the diagonal (accuracy 0.556)
        """
    static let lastError = "error: accuracy: a tensor of shape (9, 2) has no targets to compare with"

    /// The table, the macro F1 and the worst row, in order.
    static func isShown(_ output: String) -> Bool {
        guard let table = output.range(of: confusionTable), let f1 = output.range(of: "0.547619\n"),
            let worst = output.range(of: "[2]\n")
        else { return false }
        return table.upperBound <= f1.lowerBound && f1.upperBound <= worst.lowerBound
    }

    @Test func atThePrompt() {
        let (_, output, _, repl) = scriptedSession(Self.cells)
        #expect(Self.isShown(output), "\(output)")
        #expect(output.contains(Self.lastError), "\(output)")
        _ = repl
    }

    @Test func pipedFileAndExpression() throws {
        let input = Self.cells.joined(separator: "\n") + "\n"
        let piped = try runSprout([], input: input, environment: ["NO_COLOR": "1"])
        #expect(Self.isShown(piped.stdout), "\(piped.stdout)")
        #expect(piped.stderr.contains(Self.lastError), "\(piped.stderr)")

        let path = try writeSproutFile(input)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = try runSprout([path], environment: ["NO_COLOR": "1"])
        #expect(Self.isShown(file.stdout), "\(file.stdout)")
        #expect(file.stderr.contains(Self.lastError), "\(file.stderr)")

        let expression = try runSprout(["-e", (Self.setup + ["scores(m, ds).f1"]).joined(separator: "; ")], environment: ["NO_COLOR": "1"])
        #expect(expression.stdout == "0.547619\n", "\(expression.stdout)\(expression.stderr)")
    }

    @Test func loadAndASavedSessionChecks() throws {
        let body = (Self.setup + ["confusion(m, ds)", "ensemble([m, m], ds).line"]).joined(separator: "\n") + "\n"
        let path = try writeSproutFile(body)
        let folder = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, output, _, _) = scriptedSession([":load \(path)", "accuracy(m, ds, k: 2)"])
        #expect(output.contains(Self.confusionTable), "\(output)")
        #expect(output.contains("? ensemble of 2 models: accuracy 0.556 ties every member's"), "\(output)")
        #expect(output.hasSuffix("0.666667\n"), "\(output)")

        let saved = try runSprout([], input: body + ":save \(folder)/metrics\n", environment: ["NO_COLOR": "1"])
        #expect(saved.status == 0, "\(saved.stderr)")
        let text = try String(contentsOfFile: "\(folder)/metrics.sprout", encoding: .utf8)
        #expect(text.contains("#> cat                 2    1    0"), "\(text)")
        let check = try runSprout(["run", "--check", "\(folder)/metrics.sprout"], environment: ["NO_COLOR": "1"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test func theConfusionHeatmapNamesTheClassesOnBothAxes() {
        let plot = PlotRequest(
            .heatmap(width: 2, height: 2), series: [.init(y: [3, 1, 0, 4])], title: "confusion", xLabel: "predicted",
            yLabel: "true", labels: ["cat", "it's"])
        let lines = PlotScript.body(for: plot).split(separator: "\n").map(String.init)
        #expect(lines.contains("set xtics out nomirror ('cat' 0, 'it''s' 1)"), "\(lines)")
        #expect(lines.contains("set ytics out nomirror ('cat' 0, 'it''s' 1)"), "\(lines)")
        #expect(lines.contains("set xlabel 'predicted'") && lines.contains("set ylabel 'true'"))
        // Tics come after the image settings that unset them, before the plot.
        let tics = lines.firstIndex { $0.hasPrefix("set xtics") } ?? -1
        #expect(tics > (lines.firstIndex(of: "unset tics") ?? Int.max) && tics < (lines.firstIndex { $0.hasPrefix("plot ") } ?? -1))
        let unlabeled = PlotScript.body(for: PlotRequest(.heatmap(width: 1, height: 1), series: [.init(y: [5])]))
        #expect(!unlabeled.contains("xtics"))
    }
}
