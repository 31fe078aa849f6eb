import Testing

@testable import Lang

/// `?for`, `?if`, `?fn`, `?while`, `?f"`, `?[` and `:help language`: a screen each,
/// whose example runs and shows what it says.
@Suite("Help: syntax")
struct SyntaxHelpTests {
    @Test(arguments: ["for", "if", "fn", "while", "f\"", "[", "comprehension", "language", "else", "break", "return"])
    func everyConstructHasAScreen(_ name: String) throws {
        let topic = try #require(SyntaxHelp.topic(named: name), "\(name)")
        let lines = topic.rendered.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count <= 24, "\(name): \(lines.count) lines")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(name): a line is wider than 80 columns")
        #expect(topic.rendered.contains("example:"))
    }

    @Test func namesFindOneTopicEach() {
        let names = SyntaxHelp.topics.flatMap(\.names)
        #expect(Set(names).count == names.count, "\(names)")
    }

    @Test(arguments: SyntaxHelp.topics.map(\.names[0]))
    func examplesRunAndShowWhatTheySay(_ title: String) throws {
        let topic = try #require(SyntaxHelp.topic(named: title))
        let problems = try ExampleRunner.problems(running: topic.example)
        #expect(problems == [], "\(title): \(problems.joined(separator: "; "))")
    }

    @Test func theLanguageScreenListsEveryConstruct() throws {
        let screen = try #require(SyntaxHelp.topic(named: "language")).rendered
        for name in ["?if", "?for", "?while", "?fn", "?f\"", "?["] {
            #expect(screen.contains(name), "\(name)")
        }
    }

    @Test func helpOfAKeywordShowsItsScreen() throws {
        let s = try StdlibSession(stdlib: false)
        try s.run("help(\"for\")")
        #expect(s.host.output == (SyntaxHelp.topic(named: "for")?.rendered ?? "-") + "\n")
    }
}
