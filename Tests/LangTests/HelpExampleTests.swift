import Testing

@testable import Lang

/// Runs help examples as a user would type them: every line in order in a fresh session
/// (seed 0, stdlib loaded), comparing what each line shows with the result the example
/// gives after its `#` (see `HelpExample`).
enum ExampleRunner {
    /// What went wrong running `text`: one line per problem, empty when all is well.
    static func problems(running text: String) throws -> [String] {
        let session = try StdlibSession()
        var problems: [String] = []
        for step in HelpExample(text).steps {
            let before = session.host.output.count
            let shown: String
            do {
                let value = try session.run(step.code)
                let printed = String(session.host.output.dropFirst(before))
                shown = printed + value
            } catch let error as SproutError {
                problems.append("\(step.code): fails: \(error.message)")
                break
            }
            guard let expected = step.shows else { continue }
            let actual = shown.hasSuffix("\n") ? String(shown.dropLast()) : shown
            if actual != expected.joined(separator: "\n") {
                problems.append(
                    "\(step.code): shows \(actual.debugDescription), the example says \(expected.joined(separator: "\n").debugDescription)")
            }
        }
        return problems
    }
}

@Suite("Help examples")
struct HelpExampleTests {
    @Test func examplesSplitIntoLinesAndShownResults() {
        let example = HelpExample("x = [1, 2]   \nlen(x)   # 2\nprint(\"# not a comment\")\neye(2)\n# line 1\n# line 2")
        #expect(
            example.steps == [
                .init(code: "x = [1, 2]", shows: nil),
                .init(code: "len(x)", shows: ["2"]),
                .init(code: "print(\"# not a comment\")", shows: nil),
                .init(code: "eye(2)", shows: ["line 1", "line 2"]),
            ])
    }

    @Test func aWrongShownResultIsCaught() throws {
        #expect(try ExampleRunner.problems(running: "len([1, 2])   # 2") == [])
        #expect(try ExampleRunner.problems(running: "len([1, 2])   # 3") == ["len([1, 2]): shows \"2\", the example says \"3\""])
        #expect(try ExampleRunner.problems(running: "nope(1)").count == 1)
    }

    /// Every builtin's example runs, and shows what it says it shows.
    @Test func everyBuiltinExampleRunsAndShowsWhatItSays() throws {
        for b in Builtins.all() {
            let problems = try ExampleRunner.problems(running: b.example)
            #expect(problems == [], "\(b.name): \(problems.joined(separator: "; "))")
        }
    }
}
