import Foundation
import Testing

@testable import Shell

/// Issue 9's model state, random picks, constants and `requires_grad:` at the prompt and
/// through `sprout -e`. Piped input, `sprout FILE`, `:load` and `sprout run --check` replay
/// `sessions/weights.sprout` (see `ReplayWaysTests`).
@Suite("Weights, random picks and constants in the shell")
struct WeightsShellTests {
    static let setWeights = [
        "m = seq(linear(2, 1))", "load_state(m, {\"0.weight\": [[1, 2]], \"0.bias\": [0.5]})", "list(m(tensor([[1, 1]])))",
    ]

    @Test func atThePromptAWrongStateIsReportedAndTheSessionGoesOn() {
        let r = scriptedSession(
            Self.setWeights + [
                "state(m)", "load_state(m, {\"0.weight\": [[1, 2, 3]]})", "list(m(tensor([[1, 1]])))",
                "seed(0)", "sorted(list(randperm(3)))", "-inf", "x = ones(2, requires_grad: true)",
                "backward(sum(x * 3))", "list(grad(x))",
            ])
        #expect(r.status == 0)
        let lines = r.output.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0 == "[[3.5]]" }.count == 2, "\(r.output)")
        #expect(r.output.contains("{\"0.weight\": <tensor (1, 2)>, \"0.bias\": <tensor (1,)>}"), "\(r.output)")
        #expect(
            r.output.contains(
                "error: load_state: nothing was changed: '0.weight' has shape (1, 2); the value has shape (1, 3); the state lacks '0.bias'"),
            "\(r.output)")
        #expect(lines.contains("[0, 1, 2]") && lines.contains("-inf") && lines.contains("[3, 3]"), "\(r.output)")
    }

    @Test func throughDashE() throws {
        let r = try runSprout(["-e", Self.setWeights.joined(separator: "\n")], environment: ["NO_COLOR": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("[[3.5]]\n"), "\(r.stdout)")
        let bad = try runSprout(["-e", "m = seq(linear(2, 1))\nload_state(m, {})"], environment: ["NO_COLOR": "1"])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("error: load_state: nothing was changed: the state lacks '0.weight', '0.bias'"), "\(bad.stderr)")
    }
}
