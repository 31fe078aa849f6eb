import Foundation
import Lang
import Testing

@testable import Shell

/// The repository root (with stdlib/), from this file's path.
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A user definition that hides a builtin or a stdlib function gets a one-line note, once
/// per name per session, every way a cell can run; the stdlib's own definitions get none.
@Suite("A definition that hides a builtin gets a note")
struct HiddenNameNoteTests {
    private static let environment = ["SPROUT_HOME": repositoryRoot, "NO_COLOR": "1"]
    static let fullNote = "note: full now means your function; the builtin is hidden until :reset"

    /// The lines of `text` that are notes.
    static func notes(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("note: ") }
    }

    @Test func atThePromptOncePerNameAndSavedAsTheCellsOutput() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = scriptedSession(["fn full(x) = x", "full(3)", "fn full(x) = 2 * x", "mean = 1", "x = 2", ":save \(folder)/s"])
        let saved = try String(contentsOfFile: folder + "/s.sprout", encoding: .utf8)
        #expect(saved.contains("fn full(x) = x\n#> \(Self.fullNote)\n"), "\(saved)")
        #expect(saved.contains("mean = 1\n\n"), "a value over a builtin is not noted: \(saved)")
        #expect(saved.components(separatedBy: "#> note:").count == 2, "\(saved)")
        let check = try runSprout(["run", "--check", folder + "/s.sprout"], environment: Self.environment)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test func startingWithTheStdlibGivesNoNote() throws {
        let r = try runSprout(["-e", "1 + 1"], environment: Self.environment)
        #expect(r.status == 0)
        #expect(r.stderr == "")
    }

    @Test func redefiningAStdlibFunctionIsNoted() throws {
        let r = try runSprout([], input: "fn init_loss(a, b) = 1\ninit_loss(1, 2)\n", environment: Self.environment)
        #expect(
            Self.notes(r.stderr) == ["note: init_loss now means your function; the stdlib function is hidden until :reset"], "\(r.stderr)")
        #expect(r.stdout == "1\n")
    }

    @Test func pipedInput() throws {
        let r = try runSprout([], input: "fn full(x) = x\nfn full(x) = 2 * x\nfull(4)\n", environment: Self.environment)
        #expect(Self.notes(r.stderr) == [Self.fullNote], "\(r.stderr)")
        #expect(r.stdout == "8\n")
    }

    @Test func scriptFileAndDashE() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/hide.sprout"
        try "fn full(x) = x\nfull(5)\nfn full(x) = x\n".write(toFile: path, atomically: true, encoding: .utf8)
        let file = try runSprout([path], input: "", environment: Self.environment)
        #expect(Self.notes(file.stderr) == [Self.fullNote], "\(file.stderr)")
        #expect(file.stdout == "5\n")
        let dashE = try runSprout(["-e", "fn full(x) = x"], environment: Self.environment)
        #expect(Self.notes(dashE.stderr) == [Self.fullNote], "\(dashE.stderr)")
        let loaded = try runSprout([], input: ":load \(path)\n", environment: Self.environment)
        #expect(Self.notes(loaded.stderr) == [Self.fullNote], "\(loaded.stderr)")
    }

    @Test func aLocalDefinitionHidesNothing() throws {
        let r = try runSprout([], input: "fn f() {\n  fn full(x) = x\n  full(1)\n}\nf()\nfn full(x) = 2\n", environment: Self.environment)
        #expect(Self.notes(r.stderr) == [Self.fullNote], "\(r.stderr)")
    }
}
