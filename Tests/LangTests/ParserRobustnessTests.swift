import Testing

@testable import Lang

/// Nothing a user types may crash the process: deep nesting is an error (not a stack
/// overflow), and random or mangled input either parses or is a `SyntaxError`.
@Suite("Parser robustness")
struct ParserRobustnessTests {
    static let deep = 100_000
    static let lessDeep = 10_000

    static func repeated(_ text: String, _ count: Int = deep) -> String {
        String(repeating: text, count: count)
    }

    /// An input too long to print as a test's name.
    struct Input: CustomTestStringConvertible, Sendable {
        let id: String
        let text: String
        init(_ id: String, _ text: String) {
            self.id = id
            self.text = text
        }
        var testDescription: String { id }
    }

    /// Each way to nest and each left-leaning chain, far past the limit: 100,000 levels
    /// of the commonest, 10,000 of the rest (the lexer reads all of it first, and a debug
    /// build lexes about a million tokens a second).
    static let deepInputs: [Input] = [
        Input("parentheses", repeated("(") + "1" + repeated(")")),
        Input("open parentheses", repeated("(")),
        Input("brackets", repeated("[")),
        Input("braces", repeated("{")),
        Input("records", repeated("{a: ", lessDeep)),
        Input("calls inside calls", repeated("f(", lessDeep)),
        Input("minus signs", repeated("-") + "x"),
        Input("nots", repeated("not ", lessDeep) + "x"),
        Input("sum", "a" + repeated("+a")),
        Input("product on lines", "a" + repeated("*\na", lessDeep)),
        Input("ors", "a" + repeated(" or a", lessDeep)),
        Input("calls", "f" + repeated("()", lessDeep)),
        Input("members", "x" + repeated(".a", lessDeep)),
        Input("indexes", "x" + repeated("[0]", lessDeep)),
        Input("pipes", "x" + repeated(" |> f", lessDeep)),
        Input("lambdas", repeated("x -> ", lessDeep) + "x"),
        Input("lambdas in parentheses", repeated("(x) -> ", lessDeep) + "x"),
        Input("else ifs", repeated("if c {} else ", lessDeep) + "{}"),
        Input("powers", "2" + repeated("**2", lessDeep)),
        Input("returns", repeated("return ", lessDeep)),
        Input("definitions", repeated("fn f() = ", lessDeep) + "1"),
        Input("blocks in ifs", repeated("if c { ", lessDeep) + repeated("}", lessDeep)),
        Input("loops", repeated("while c { for x in xs { ", lessDeep) + repeated("} }", lessDeep)),
        Input("slices", repeated("x[1:", lessDeep) + repeated("]", lessDeep)),
        Input("assignments in blocks", repeated("{ x = ", lessDeep) + "1" + repeated(" }", lessDeep)),
    ]

    @Test(arguments: deepInputs)
    func deepNestingIsTooDeepNotACrash(_ input: Input) {
        #expect(parsed(input.text) == "error: nesting is too deep (the limit is 256 levels)")
    }

    /// Wide is not deep: long lists, argument lists, programs and targets are fine.
    @Test func wideInputIsFine() throws {
        let n = 20_000
        func body(_ text: String) throws -> [Expr] {
            guard case let .complete(program) = try Parser.parse(Source(name: "t", text: text)) else { return [] }
            return program.body
        }
        guard case let .list(items)? = try body("[" + ParserRobustnessTests.repeated("1, ", n) + "]").first?.kind,
            case let .call(_, arguments)? = try body("f(" + ParserRobustnessTests.repeated("x, ", n) + ")").first?.kind,
            case let .assign(.tuple(targets, _), _)? = try body("a" + ParserRobustnessTests.repeated(", a", n) + " = b").first?.kind
        else {
            Issue.record("wrong shape")
            return
        }
        #expect(items.count == n)
        #expect(arguments.count == n)
        #expect(targets.count == n + 1)
        #expect(try body(ParserRobustnessTests.repeated("a = 1\n", n)).count == n)
    }

    /// Just inside the limit everything parses, and the tree stays about as tall as the
    /// limit, which is what the evaluator's recursion relies on.
    @Test(arguments: [
        Input("parentheses", "(" + repeated("(", 240) + "1" + repeated(")", 240) + ")"),
        Input("minus signs", repeated("-", 240) + "x"),
        Input("sum", "a" + repeated("+a", 240)),
        Input("calls", "f" + repeated("()", 240)),
        Input("lambdas", repeated("x -> ", 240) + "x"),
        Input("pipes", "x" + repeated(" |> f", 240)),
        Input("sums in parentheses", repeated("(", 100) + "a" + repeated("+a", 100) + repeated(")", 100)),
        Input("mixed", repeated("[", 80) + repeated("-", 80) + "x" + repeated("[0]", 80) + repeated("]", 80)),
        Input("blocks", repeated("{ x = ", 120) + "1" + repeated(" }", 120)),
    ])
    func nearTheLimitParsesWithABoundedTree(_ input: Input) throws {
        guard case let .complete(program) = try Parser.parse(Source(name: "t", text: input.text)) else {
            Issue.record("incomplete")
            return
        }
        for statement in program.body {
            #expect(statement.treeHeight <= Parser.maximumDepth + 2)
        }
    }

    // MARK: Fuzzing

    static let vocabulary: [String] = [
        "x", "y", "f", "ds", "_", "_7", "αβ", "lr", "1", "3.5", "3e-4", ".5", "1_000", "\"s\"", "'t'",
        "\"\\n\"", "fn", "if", "else", "for", "in", "while", "break", "continue", "return", "true", "false",
        "none", "and", "or", "not", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "..", "+", "-", "*",
        "/", "**", "@", "%", "=", "+=", "-=", "*=", "/=", "==", "!=", "<", "<=", ">", ">=", "->", "|>",
        "\n", "\n", "\n", " ", " ", " ", "# c\n", "\t",
    ]

    static let rare: [String] = ["$", "!", "\"", "'", "\\", "🌱", "\u{0}", "\u{FEFF}", "1__0", "\"\\q\"", "é"]

    static let corpus: [String] = [
        "x = 1 + 2 * 3", "a, b = pair", "x[:, 1:3] += 1", "r.lr = 0.1",
        "fn f(x, lr: 0.1) {\n  y = x * lr\n  y\n}", "fn sq(x) = x * x",
        "ds.where(r -> r.label == 3).sort(\"p\", desc: true).head(5)",
        "if a { 1 } else if b { 2 } else { 3 }", "for i in 0..10 {\n  s += i\n}",
        "while i < 10 { i += 1; if i == 5 { break } }", "xs |> map((a, b) -> a + b) |> sum",
        "m = seq(linear(64, 128), relu(), linear(128, 10))", "{lr: 3e-4, wd: 0.1}",
        "x[::2][-1]", "not a and b or c", "-2**2**-1", "[1, [2, 3], {a: 'x'}]", "return _7",
        "opt = adam(m, lr: 3e-4);", "y = x -> { z = x\n z }",
    ]

    static func tokenSoup(_ rng: inout SeededGenerator) -> String {
        let count = Int.random(in: 1...40, using: &rng)
        var text = ""
        for _ in 0..<count {
            if Int.random(in: 0..<30, using: &rng) == 0 {
                text += rare.randomElement(using: &rng) ?? ""
            } else {
                text += vocabulary.randomElement(using: &rng) ?? ""
                if Bool.random(using: &rng) { text += " " }
            }
        }
        return text
    }

    static func mutated(_ rng: inout SeededGenerator) -> String {
        var characters = Array(corpus.randomElement(using: &rng) ?? "")
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let at = Int.random(in: 0...characters.count, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where !characters.isEmpty:
                let end = min(characters.count, at + Int.random(in: 1...4, using: &rng))
                characters.removeSubrange(min(at, end)..<end)
            case 1:
                let token = (Int.random(in: 0..<8, using: &rng) == 0 ? rare : vocabulary).randomElement(using: &rng)
                characters.insert(contentsOf: Array(token ?? ""), at: at)
            case 2 where at < characters.count:
                let end = min(characters.count, at + Int.random(in: 1...8, using: &rng))
                characters.insert(contentsOf: characters[at..<end], at: at)
            default:
                if at < characters.count, let other = characters.indices.randomElement(using: &rng) {
                    characters.swapAt(at, other)
                }
            }
        }
        return String(characters)
    }

    @Test func randomAndMutatedProgramsParseOrFailCleanly() {
        var rng = SeededGenerator(seed: 0x5EED_5EED)
        var complete = 0, incomplete = 0, failed = 0
        for i in 0..<3_000 {
            let text =
                i % 2 == 0
                ? ParserRobustnessTests.tokenSoup(&rng) : ParserRobustnessTests.mutated(&rng)
            let source = Source(name: "fuzz", text: text)
            do {
                switch try Parser.parse(source) {
                case let .complete(program):
                    complete += 1
                    #expect(program.body.allSatisfy { $0.treeHeight <= Parser.maximumDepth + 2 })
                case .incomplete:
                    incomplete += 1
                    // A file cannot be incomplete: the same input is an error there.
                    #expect(throws: SyntaxError.self) { try Parser.parseProgram(source) }
                }
            } catch let error as SyntaxError {
                failed += 1
                let rendered = DiagnosticRenderer.render(error, colour: i % 3 == 0)
                #expect(rendered.contains(error.message))
            } catch {
                Issue.record("\(text.debugDescription) threw \(error)")
            }
        }
        // The mix must exercise all three outcomes, or the generator has gone stale.
        #expect(complete > 300)
        #expect(incomplete > 50)
        #expect(failed > 300)
    }
}
