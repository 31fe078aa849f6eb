import Foundation
import Testing

@testable import Shell

/// `sprout run [--check]` through the built binary.
@Suite("sprout run")
struct RunCommandTests {
    /// A session rendered from real replayed cells, so its `#>` lines are what Sprout shows.
    static func recordedSession() throws -> String {
        let inputs = ["x = 1.5", "x * 2", "print(\"hi\"); x / 3", "seed(1); randn([2])"]
        let replay = try SessionReplay(seed: 0)
        let cells = inputs.enumerated().map { index, input in
            let result = replay.run(ScriptCell(input: input, firstLine: 1, codeLine: 1, lastLine: 1), name: "t")
            return CellRecord(number: index + 1, input: input, output: result.output, error: result.error, seconds: 0)
        }
        // This build's header, so `--record` finds the dependency lines current.
        var header = SessionHeader.current(seed: 0)
        header.date = Date(timeIntervalSince1970: 0)
        return SessionFile.render(cells, header: header, includeFailed: true)
    }

    func write(_ text: String) throws -> String {
        let path = try makeTemporaryFolder() + "/session.sprout"
        try SessionFile.write(text, to: path)
        return path
    }

    @Test func freshlyRenderedSessionPasses() throws {
        let text = try Self.recordedSession()
        #expect(text.contains("x * 2\n#> 3"))
        #expect(text.contains("print(\"hi\"); x / 3\n#> hi\n#> 0.5"))
        let path = try write(text)
        let r = try runSprout(["run", "--check", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "ok \(path) (4 cells)\n")
    }

    @Test func changedNumberFailsWithADiff() throws {
        let text = try Self.recordedSession().replacingOccurrences(of: "#> 0.5", with: "#> 0.6")
        let path = try write(text)
        let r = try runSprout(["run", "--check", path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("\(path):"))
        #expect(r.stderr.contains("cell 3: output differs"))
        #expect(r.stderr.contains("  - 0.6\n  + 0.5"))
        #expect(r.stdout.contains("FAIL \(path)"))
    }

    @Test func lastDigitChangeWithinTolerancePasses() throws {
        let text = try Self.recordedSession().replacingOccurrences(of: "#> 0.5", with: "#> 0.50001")
        let path = try write(text)
        let r = try runSprout(["run", "--check", path])
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func echoShowsEachCellAsTypedAboveItsOutputNumberedAsSaved() throws {
        let path = try write("x = 2\n# a note\nx * 3\n#> 6\n# [5]\nif x > 1 {\n  x\n}\n")
        let r = try runSprout(["run", "--echo", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "[1]> x = 2\n# a note\n[2]> x * 3\n6\n[5]> if x > 1 {\n...>   x\n...> }\n2\n")
    }

    @Test func echoDoesNotGoWithCheck() throws {
        let path = try write("1\n")
        let r = try runSprout(["run", "--echo", "--check", path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--echo"))
    }

    @Test func runWithoutCheckPrintsWhatCellsShow() throws {
        let path = try write(try Self.recordedSession())
        let r = try runSprout(["run", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("3\nhi\n0.5\n"))
    }

    /// --record rewrites only what differs, leaves code, comments and markers alone, fails
    /// when it rewrote something, and the file then checks.
    @Test func recordRewritesDifferingOutputAndThenChecks() throws {
        let original = try Self.recordedSession()
        let stale =
            original.replacingOccurrences(of: "#> 0.5", with: "#> 0.6")
            .replacingOccurrences(of: "#> 3\n", with: "#> 3.00001\n") + "\n# the end\n"
        let path = try write(stale)
        let r = try runSprout(["run", "--record", path])
        #expect(r.status == 1)
        #expect(r.stdout == "recorded \(path): 1 of 4 cells changed; review the diff, then run --check\n")
        let rewritten = try String(contentsOfFile: path, encoding: .utf8)
        // The change within the tolerance is kept as it was written.
        #expect(rewritten == original.replacingOccurrences(of: "#> 3\n", with: "#> 3.00001\n") + "\n# the end\n")
        #expect(try runSprout(["run", "--check", path]).status == 0)
        let again = try runSprout(["run", "--record", path])
        #expect(again.status == 0)
        #expect(again.stdout == "ok \(path) (4 cells, nothing to record)\n")
        #expect(try runSprout(["run", "--check", "--record", path]).status != 0)
    }

    @Test func missingFileFails() throws {
        let r = try runSprout(["run", "--check", "/nonexistent/s.sprout"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("cannot read /nonexistent/s.sprout"))
    }

    @Test func runIsNotTakenForAScriptName() {
        #expect(Sprout.normalized(["run", "x.sprout"]) == ["run", "x.sprout"])
    }
}
