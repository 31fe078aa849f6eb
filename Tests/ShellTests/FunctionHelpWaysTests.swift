import Foundation
import Testing

@testable import Shell

/// `?f` of a user function shows the `#` comment block directly above its `fn`, the way
/// the stdlib's functions show theirs, whichever way the lines came in.
@Suite("Help of a user function, every way in")
struct FunctionHelpWaysTests {
    static let lines = ["# Squares a number,", "# twice over.", "fn sq(x) = x * x"]
    static let documented = "sq(x)\n  Squares a number,\n  twice over.\n  defined at "

    @Test func atThePrompt() {
        let r = scriptedSession(Self.lines + ["?sq"])
        #expect(r.output.contains(Self.documented + "cell 1:3\n"), "\(r.output)")
    }

    @Test func aCommentAboveOtherCodeIsStillANote() {
        let r = scriptedSession(["# Doubles.", "x = 2", "?x"])
        #expect(r.repl.cells.map(\.input) == ["# Doubles.", "x = 2"])
    }

    @Test func aBlankLineSeparatesACommentFromTheFunction() {
        let r = scriptedSession(["# Not about sq.", "", "fn sq(x) = x * x", "?sq"])
        #expect(r.output.contains("sq(x)\n  defined at cell 1:1\n"), "\(r.output)")
    }

    @Test func theCommentsAreStillSaved() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/doc.sprout"
        _ = scriptedSession(["# A note.", "", "# Squares.", "fn sq(x) = x * x", ":save \(path)"])
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved.contains("# A note.\n"), "\(saved)")
        #expect(saved.contains("# Squares.\nfn sq(x) = x * x\n"), "\(saved)")
    }

    @Test func piped() throws {
        let r = try runSprout([], input: (Self.lines + ["?sq", "help(sq)"]).joined(separator: "\n") + "\n")
        #expect(r.stdout == Self.documented + "<stdin>:3\n" + Self.documented + "<stdin>:3\n", "\(r.stdout)\(r.stderr)")
    }

    @Test func fromAFileWithEAndLoad() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/sq.sprout"
        try (Self.lines + ["help(sq)"]).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let file = try runSprout([path])
        #expect(file.stdout == Self.documented + "\(path):3\n", "\(file.stdout)\(file.stderr)")
        let e = try runSprout(["-e", (Self.lines + ["help(sq)"]).joined(separator: "\n")])
        #expect(e.stdout == Self.documented + "-e:3\n", "\(e.stdout)\(e.stderr)")
        let loaded = scriptedSession([":load \(path)", "?sq"])
        #expect(loaded.output.contains(Self.documented + "\(path):3\n"), "\(loaded.output)")
    }

    @Test func runCheckComparesItsHelp() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/sq.sprout"
        let shown = (Self.documented + "\(path):3").split(separator: "\n").map { "#> " + $0 }
        let session = (Self.lines + ["help(sq)"] + shown).joined(separator: "\n") + "\n"
        try session.write(toFile: path, atomically: true, encoding: .utf8)
        let check = try runSprout(["run", "--check", path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
