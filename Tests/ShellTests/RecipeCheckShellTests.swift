import Foundation
import Testing

@testable import Shell

/// The recipe's checks the ways a user runs them: at the prompt (the scripted REPL),
/// piped input, `sprout FILE`, `sprout -e`, `:load`, and `sprout run --check` of a
/// saved session. Each check's line starts with its mark; the session goes on after a ✗.
@Suite("Recipe checks through the shell")
struct RecipeCheckShellTests {
    static let cells = """
        seed(1)
        m = seq(linear(4, 16), relu(), linear(16, 3))
        b = {x: randn(8, 4), y: tensor([0, 1, 2, 0, 1, 2, 0, 1])}
        check_init(m, b)
        overfit(m, b, steps: 300, lr: 0.01).ok
        deps(x -> m(x - mean(x, axis: 0)), b.x)
        deps(m, b.x).ok
        peek(b.x * 10)
        recipe()
        """

    /// Whether `output` shows each check's verdict and the ticked checklist.
    static func showsTheChecks(_ output: String) -> Bool {
        [
            "✓ loss at init ", " vs ln(3) = 1.10\n", "\ntrue\n", "✗ backprop dependency check: samples mix across the batch: 56 of 56",
            "✗ features not normalised: ", "   ✓ verify the loss at init: check_init: loss at init 1.17 vs ln(3) = 1.10\n",
            "   ✓ overfit one batch: overfit: loss ",
            "   ✓ use backprop to chart dependencies: deps: backprop dependency check: no mixing across the batch\n",
            "   ✗ visualize what enters the net: peek: features not normalised: ", "; fix it and run it again\n",
        ].allSatisfy(output.contains)
    }

    @Test func atThePrompt() {
        let (status, output, _, _) = scriptedSession(Self.cells.split(separator: "\n").map(String.init))
        #expect(status == 0)
        #expect(Self.showsTheChecks(output), "\(output)")
    }

    @Test func pipedFileAndExpression() throws {
        let piped = try runSprout([], input: Self.cells + "\n", environment: ["NO_COLOR": "1"])
        #expect(Self.showsTheChecks(piped.stdout), "\(piped.stdout)\(piped.stderr)")

        let path = try writeSproutFile(Self.cells + "\n")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = try runSprout([path], environment: ["NO_COLOR": "1"])
        #expect(Self.showsTheChecks(file.stdout), "\(file.stdout)\(file.stderr)")

        let expression = try runSprout(["-e", "deps(seq(linear(2, 2)), randn(3, 2)).ok"], environment: ["NO_COLOR": "1"])
        #expect(expression.stdout.hasSuffix("true\n"), "\(expression.stdout)")
        let refused = try runSprout(["-e", "overfit(seq(linear(2, 2)), 3)"], environment: ["NO_COLOR": "1"])
        #expect(refused.status == 1 && refused.stderr.contains("error: overfit: batch expects a small dataset, or a record {x, y}"))
    }

    @Test func loadAndCheck() throws {
        let path = try writeSproutFile(Self.cells + "\n")
        let folder = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, output, _, _) = scriptedSession([":load \(path)", "recipe().passed"])
        #expect(Self.showsTheChecks(output), "\(output)")
        #expect(output.hasSuffix("3\n"), "\(output)")

        let saved = try runSprout([], input: Self.cells + "\n:save \(folder)/checks\n", environment: ["NO_COLOR": "1"])
        #expect(saved.status == 0, "\(saved.stderr)")
        let check = try runSprout(["run", "--check", "\(folder)/checks.sprout"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
