import Testing

@testable import Lang

/// `.incomplete` is what lets the shell read another line. Each unfinished cell here must
/// come back incomplete, and then parse once the next line arrives (so a line break where
/// the input used to end must be acceptable there).
@Suite("Incomplete input")
struct IncompleteTests {
    struct Continuation: CustomTestStringConvertible, Sendable {
        let id: String
        let first: String
        let next: String
        let expected: String
        init(_ id: String, _ first: String, _ next: String, _ expected: String) {
            self.id = id
            self.first = first
            self.next = next
            self.expected = expected
        }
        var testDescription: String { id }
    }

    static let continuations: [Continuation] = [
        Continuation("open call", "f(1, 2", ", 3)", "(call f 1 2 3)"),
        Continuation("open call after a comma", "f(1,", "2)", "(call f 1 2)"),
        Continuation("open parenthesis", "(", "1)", "1"),
        Continuation("open list", "[1,", "2]", "(list 1 2)"),
        Continuation("open index", "x[", "0]", "(index x 0)"),
        Continuation("open slice", "x[1:", "]", "(index x (: 1 ~))"),
        Continuation("open block", "{", "a }", "(block a)"),
        Continuation("open block with a line", "{\n  a", "}", "(block a)"),
        Continuation("open record", "{a: 1,", "b: 2}", "(record (a: 1) (b: 2))"),
        Continuation("record field value", "{a:", "1}", "(record (a: 1))"),
        Continuation("named argument value", "f(lr:", "1)", "(call f (lr: 1))"),
        Continuation("trailing plus", "1 +", "2", "(+ 1 2)"),
        Continuation("trailing plus and line break", "1 +\n", "2", "(+ 1 2)"),
        Continuation("trailing power", "2 **", "3", "(** 2 3)"),
        Continuation("trailing and", "a and", "b", "(and a b)"),
        Continuation("trailing comparison", "a <", "b", "(< a b)"),
        Continuation("trailing range", "0..", "5", "(.. 0 5)"),
        Continuation("trailing not", "not", "a", "(not a)"),
        Continuation("trailing minus sign", "x = -", "1", "(= x (- 1))"),
        Continuation("trailing =", "x =", "1", "(= x 1)"),
        Continuation("trailing +=", "x +=", "1", "(+= x 1)"),
        Continuation("destructuring without =", "a, b", "= pair", "(= (a b) pair)"),
        Continuation("trailing comma", "a,", "b = pair", "(= (a b) pair)"),
        Continuation("destructuring without a value", "a, b =", "pair", "(= (a b) pair)"),
        Continuation("trailing arrow", "x ->", "x", "(-> (x) x)"),
        Continuation("trailing arrow of two", "(a, b) ->", "a", "(-> (a b) a)"),
        Continuation("trailing arrow of none", "() ->", "1", "(-> () 1)"),
        Continuation("open lambda parameters", "(a,", "b) -> a", "(-> (a b) a)"),
        Continuation("trailing pipe", "x |>", "f", "(call f x)"),
        Continuation("trailing dot", "x.", "mean()", "(call (. x mean))"),
        Continuation("if without a body", "if c", "{ a }", "(if c (block a))"),
        Continuation("if with an open body", "if c {", "a }", "(if c (block a))"),
        Continuation("if without a condition", "if", "c { a }", "(if c (block a))"),
        Continuation("else without a body", "if c { a } else", "{ b }", "(if c (block a) (block b))"),
        Continuation("else on a later line", "if c {\n  a\n}\nelse", "{ b }", "(if c (block a) (block b))"),
        Continuation("else if without a body", "if c { a } else if d", "{ b }", "(if c (block a) (if d (block b)))"),
        Continuation("while without a body", "while c", "{ a }", "(while c (block a))"),
        Continuation("for without a variable", "for", "x in xs {}", "(for x xs (block))"),
        Continuation("for without in", "for x", "in xs {}", "(for x xs (block))"),
        Continuation("for without a sequence", "for x in", "xs {}", "(for x xs (block))"),
        Continuation("for without a body", "for x in xs", "{}", "(for x xs (block))"),
        Continuation("fn without a name", "fn", "f() = 1", "(fn f () 1)"),
        Continuation("fn without parameters", "fn f", "(x) = x", "(fn f (x) x)"),
        Continuation("fn with open parameters", "fn f(x,", "y) = x", "(fn f (x y) x)"),
        Continuation("fn without a body", "fn f(x)", "{ x }", "(fn f (x) (block x))"),
        Continuation("fn without a body expression", "fn f(x) =", "x", "(fn f (x) x)"),
        Continuation("return with an open value", "return (", "1)", "(return 1)"),
        Continuation("multi-line list", "x = [\n  1,\n  2,", "]", "(= x (list 1 2))"),
    ]

    @Test(arguments: continuations)
    func incompleteThenComplete(_ c: Continuation) {
        #expect(parsed(c.first) == "<incomplete>")
        #expect(parsed(c.first + "\n") == "<incomplete>")
        #expect(parsed(c.first + "\n" + c.next) == c.expected)
    }

    @Test(arguments: [
        "f(1)", "x", "if c { a }", "if c { a }\n", "return", "break", "x;", "", "  \n", "# a comment",
        "{}", "fn f(x) = x", "a\n", "x = [1, 2]", "while c { }",
    ])
    func complete(_ text: String) {
        let result = parsed(text)
        #expect(result != "<incomplete>")
        #expect(!result.hasPrefix("error"))
    }

    @Test(arguments: [
        "f(1))", "1 2", "(a, b)", "x = = 1", "if c { a } else else", "\"abc", "f(\"abc", "[1, 2 3",
        "a < b <", "}", "for x in xs { } }", "f(a: 1, 2", "x[1 2", "fn f(1",
    ])
    func errorsAreNotIncomplete(_ text: String) {
        #expect(parsed(text).hasPrefix("error: "))
    }

    @Test func finishedInputReportsWhatIsMissing() {
        let source = Source(name: "f", text: "foo(1, 2")
        #expect(throws: SyntaxError.self) { try Parser.parseProgram(source) }
        do {
            _ = try Parser.parseProgram(source)
        } catch let error as SyntaxError {
            #expect(error.message == "expected ')' (to close '(' at 1:4)")
            #expect(error.range == SourceRange(8, 8))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
