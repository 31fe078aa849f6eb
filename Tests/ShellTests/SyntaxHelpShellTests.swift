import Foundation
import Lang
import Testing

@testable import Shell

/// The syntax screens reached the ways a user asks: `?for` at the prompt, `:help
/// language`, `help("for")` in a script.
@Suite("Syntax help in the shell")
struct SyntaxHelpShellTests {
    @Test(arguments: ["?for", "?if", "?fn", "?while", "?f\"", "?[", ":help language", ":help for", "?comprehension"])
    func aScreenAtThePrompt(_ line: String) throws {
        let name = line.hasPrefix(":help ") ? String(line.dropFirst(6)) : String(line.dropFirst())
        let topic = try #require(SyntaxHelp.topic(named: name))
        let r = scriptedSession([line])
        #expect(r.output == topic.rendered + "\n", "\(r.output)")
    }

    @Test func aUserFunctionNamedFIsNotTheFStringScreen() {
        let r = scriptedSession(["fn f(x) = x", "?f"])
        #expect(r.output.hasPrefix("f(x)\n"), "\(r.output)")
    }

    @Test func theCommandListPointsAtTheSyntax() {
        #expect(scriptedSession([":help"]).output.contains(":help language"))
    }

    @Test func fromAScriptAndAPipe() throws {
        let screen = try #require(SyntaxHelp.topic(named: "while")).rendered
        let e = try runSprout(["-e", "help(\"while\")"])
        #expect(e.stdout == screen + "\n", "\(e.stdout)\(e.stderr)")
        let piped = try runSprout([], input: "?while\n")
        #expect(piped.stdout == screen + "\n", "\(piped.stdout)\(piped.stderr)")
    }
}
