import Foundation
import Testing

@testable import Shell

/// The repository root (with stdlib/), from this file's path.
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A cell whose shown value holds inf or nan says so on one line after the value, every
/// way a cell runs, and a saved session records the line and checks against it.
@Suite("A shown value holding inf or nan gets a note")
struct NonFiniteNoteTests {
    private static let environment = ["SPROUT_HOME": repositoryRoot, "NO_COLOR": "1"]

    /// Cells and what they show, note lines included.
    static let cells = "1 / 0\nx = tensor([0.0, 1.0, 0.0]) / 0\nx\nlog(0)\ntensor([1.0, 2.0])\n"
    static let shown = """
        inf
        note: the result is inf
        tensor (3,) float32
        [nan, inf, nan]
        note: the result holds 2 nan and 1 inf (of 3 elements)
        -inf
        note: the result is -inf
        tensor (2,) float32
        [1., 2.]

        """

    @Test func atThePrompt() {
        let lines = Self.cells.split(separator: "\n").map(String.init)
        let session = scriptedSession(lines)
        #expect(session.output == Self.shown)
    }

    @Test func piped() throws {
        let r = try runSprout([], input: Self.cells, environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == Self.shown)
    }

    @Test func aScriptFile() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.cells.write(toFile: folder + "/cells.sprout", atomically: true, encoding: .utf8)
        let r = try runSprout([folder + "/cells.sprout"], environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == Self.shown)
    }

    @Test func anExpression() throws {
        let r = try runSprout(["-e", "tensor([0.0]) / 0"], environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "tensor (1,) float32\n[nan]\nnote: the result holds 1 nan (of 1 element)\n")
    }

    /// `:load` replays the file's cells with their notes; the session saved afterwards
    /// records each note as a `#> ` line and `run --check` accepts it.
    @Test func loadedThenSavedAndChecked() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.cells.write(toFile: folder + "/cells.sprout", atomically: true, encoding: .utf8)
        let r = try runSprout([], input: ":load \(folder)/cells.sprout\n:save \(folder)/saved\n", environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        // The replay shows each cell's input as typed (`[n]> …`) before its output.
        #expect(replayedOutputs(r.stdout).hasPrefix(Self.shown), "\(r.stdout)")
        #expect(r.stdout.hasPrefix("[1]> 1 / 0\ninf\nnote: the result is inf\n[2]> x = "), "\(r.stdout)")
        let saved = try String(contentsOfFile: folder + "/saved.sprout", encoding: .utf8)
        #expect(saved.contains("#> [nan, inf, nan]\n#> note: the result holds 2 nan and 1 inf (of 3 elements)\n"), "\(saved)")
        let check = try runSprout(["run", "--check", folder + "/saved.sprout"], environment: Self.environment)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    /// A recorded note that the replay no longer shows is a mismatch, as any lost line is.
    @Test func aMissingNoteFailsTheCheck() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let recorded = "1 / 1\n#> 1\n#> note: the result is inf\n"
        try recorded.write(toFile: folder + "/wrong.sprout", atomically: true, encoding: .utf8)
        let check = try runSprout(["run", "--check", folder + "/wrong.sprout"], environment: Self.environment)
        #expect(check.status != 0)
    }
}
