import Foundation
import Lang
import Testing

@testable import Shell

/// `else` on its own line at the prompt: after a cell whose last statement is an `if`
/// closed by `}`, the prompt waits (a continuation prompt) for a possible `else`, so the
/// typed cell is the same as the file's and a branch not taken never runs.
@Suite("else on its own line at the prompt")
struct REPLElseTests {
    private static let ifElse = ["if true {", "v = 1", "}", "else {", "v = 2", "}", "v"]

    @Test func elseOnItsOwnLineContinuesTheIf() {
        let r = scriptedSession(Self.ifElse)
        #expect(r.output == "1\n", "\(r.output)")
        #expect(r.reader.prompts == ["[1]> ", "...> ", "...> ", "...> ", "...> ", "...> ", "[2]> ", "[3]> "])
        #expect(r.repl.cells.map(\.input) == ["if true {\nv = 1\n}\nelse {\nv = 2\n}", "v"])
    }

    @Test func theSameTextInAFileGivesTheSameResult() throws {
        let path = try makeTemporaryFolder() + "/ifelse.sprout"
        try (Self.ifElse.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        // Shown as it was typed: the same prompts as above.
        #expect(
            scriptedSession([":load \(path)"]).output
                == "[1]> if true {\n...> v = 1\n...> }\n...> else {\n...> v = 2\n...> }\n[2]> v\n1\n")
        let piped = try runSprout([], input: Self.ifElse.joined(separator: "\n") + "\n")
        #expect(piped.stdout == "1\n", "\(piped.stderr)")
        #expect(try runSprout([path]).stdout == "1\n")
    }

    /// Any other line ends the `if` cell and is read as it would have been: a new cell, a
    /// command, or (a blank line) nothing; it is neither lost nor run twice.
    @Test func anyOtherLineEndsTheIfAndIsReadOnItsOwn() {
        let r = scriptedSession(["x = 0", "if false {", "x = 1", "}", "x = x + 5", "x"])
        #expect(r.output == "5\n", "\(r.output)")
        #expect(r.repl.cells.map(\.input) == ["x = 0", "if false {\nx = 1\n}", "x = x + 5", "x"])
        #expect(r.reader.prompts == ["[1]> ", "[2]> ", "...> ", "...> ", "...> ", "[4]> ", "[5]> "])
        let command = scriptedSession(["if true { 3 }", ":vars", "if true { 4 }", "", "_"])
        #expect(command.output == "3\nno variables yet\n4\n4\n", "\(command.output)")
        #expect(command.repl.cells.map(\.number) == [1, 2, 3])
        // The end of input runs the waiting cell.
        #expect(scriptedSession(["if true { 9 }"]).output == "9\n")
    }

    /// At a terminal a one-line `if` runs at once (no extra Enter for an `else` nobody
    /// types on a new line); an `else` typed after it is rejected whole, its block unrun.
    @Test func atATerminalAOneLineIfRunsAtOnce() {
        let r = scriptedSession([
            "v = 0", "if true { v = 1 }", "else {", "v = 2", "}", "v", "if true {", "v = 3", "}", "else { v = 4 }", "v",
        ]) {
            $0.oneLineIfWaitsForElse = false
        }
        #expect(r.reader.prompts.prefix(3) == ["[1]> ", "[2]> ", "[3]> "], "\(r.reader.prompts)")
        #expect(r.repl.cells.map(\.input).prefix(4) == ["v = 0", "if true { v = 1 }", "else {\nv = 2\n}", "v"])
        #expect(r.output.contains("\n1\n"), "\(r.output)")
        // A multi-line `if` still waits, and takes its `else`.
        #expect(r.output.hasSuffix("\n3\n"), "\(r.output)")
    }

    /// An `else` block that follows no `if` (after a blank line) is rejected as one unit:
    /// its body never runs as cells of its own.
    @Test func anElseWithoutItsIfIsRejectedWhole() {
        let r = scriptedSession(["v = 0", "if true {", "v = 1", "}", "", "else {", "v = 2", "}", "v"])
        #expect(r.output.hasSuffix("\n1\n"), "\(r.output)")
        #expect(r.repl.cells.map(\.input).contains("else {\nv = 2\n}"))
    }
}
