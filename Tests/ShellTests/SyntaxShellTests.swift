import Foundation
import Testing

@testable import Shell

/// f-strings and list comprehensions at the prompt and through `sprout -e`; the other
/// ways (a file, a pipe, `:load`, `run --check`) replay `sessions/syntax.sprout` in
/// `ReplayWaysTests`.
@Suite("f-strings and comprehensions in the shell")
struct SyntaxShellTests {
    /// An open `[` keeps the cell open: the comprehension continues on the next lines.
    @Test func comprehensionContinuesOnTheNextLine() {
        let r = scriptedSession(["[x * 2 for x in", "  0..4", "  if x > 0]"])
        #expect(r.reader.prompts == ["[1]> ", "...> ", "...> ", "[2]> "])
        #expect(r.output == "[2, 4, 6]\n")
        #expect(r.reader.history == ["[x * 2 for x in\n  0..4\n  if x > 0]"])
    }

    @Test func fStringAtThePrompt() {
        let r = scriptedSession(["l = 0.5", #"f"loss {l:.3f} {[i for i in 0..2]}""#])
        #expect(r.output == "\"loss 0.500 [0, 1]\"\n")
    }

    /// A bad spec is an error with a caret under the spec, and the session carries on.
    @Test func badSpecAtThePromptPointsAtTheSpec() {
        let r = scriptedSession([#"f"{1.5:q}""#, "1 + 1"])
        #expect(r.output.contains("error: unknown format code 'q' for a number"))
        #expect(r.output.contains("1 | f\"{1.5:q}\"\n  |        ^\n"), "\(r.output)")
        #expect(r.output.hasSuffix("2\n"))
    }

    /// An unclosed field is an error, not a cell waiting for more lines.
    @Test func unclosedFieldIsNotIncomplete() {
        let r = scriptedSession([#"f"{x""#, "3"])
        #expect(r.reader.prompts.prefix(2) == ["[1]> ", "[2]> "])
        #expect(r.output.contains("error: '{' in an f-string is never closed"))
    }

    @Test func commandLineExpression() throws {
        let r = try runSprout(["-e", #"print(f"{2:03d}|{0.5:>6.1%}"); [c for c in "ab"]"#])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "002| 50.0%\n[\"a\", \"b\"]\n")
    }

    @Test func commandLineErrorShowsTheSpec() throws {
        let r = try runSprout(["-e", #"f"{[1, 2]:.2f}""#])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: the format spec '.2f' needs a number, got a list"), "\(r.stderr)")
    }
}
