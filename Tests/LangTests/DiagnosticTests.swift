import Foundation
import Testing

@testable import Lang

/// Every syntax error, checked as the text a user reads, so a regression in a message,
/// a range or the layout shows up as a diff.
@Suite("Diagnostics")
struct DiagnosticTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let id: String
        let text: String
        let rendered: String
        let final: Bool
        init(_ id: String, _ text: String, final: Bool = false, _ rendered: String) {
            self.id = id
            self.text = text
            self.rendered = rendered
            self.final = final
        }
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(
            "unclosed at the end of a file", "foo(1, 2", final: true,
            """
            error: expected ')' (to close '(' at 1:4)
             --> cell 1:1:9
              |
            1 | foo(1, 2
              |         ^
            """),
        Case(
            "unclosed before a final line break", "x = [1,\n  2\n", final: true,
            """
            error: expected ']' (to close '[' at 1:5)
             --> cell 1:2:4
              |
            2 |   2
              |    ^
            """),
        Case(
            "unclosed with something else found", "f(1 2)",
            """
            error: expected ',' or ')' (to close '(' at 1:2), found '2'
             --> cell 1:1:5
              |
            1 | f(1 2)
              |     ^
            """),
        Case(
            "unexpected", "x = 1 2",
            """
            error: expected a line break or ';', found '2'
             --> cell 1:1:7
              |
            1 | x = 1 2
              |       ^
            """),
        Case(
            "unexpected keyword", "x = else",
            """
            error: expected an expression, found 'else'
             --> cell 1:1:5
              |
            1 | x = else
              |     ^^^^
            """),
        Case(
            "unexpected end of a file", "x = 1 +", final: true,
            """
            error: expected an expression, found end of input
             --> cell 1:1:8
              |
            1 | x = 1 +
              |        ^
            """),
        Case(
            "unmatched", "f(1))",
            """
            error: unmatched ')'
             --> cell 1:1:5
              |
            1 | f(1))
              |     ^
            """),
        Case(
            "unterminated string", "x = \"abc",
            """
            error: unterminated string
             --> cell 1:1:5
              |
            1 | x = "abc
              |     ^
              = note: strings end on the line they start; write a line break as \\n
            """),
        Case(
            "invalid escape", #"s = "a\qb""#,
            #"""
            error: invalid escape '\q' in a string
             --> cell 1:1:7
              |
            1 | s = "a\qb"
              |       ^^
              = note: the escapes are \n \t \r \0 \\ \" \' and \u{hex}
            """#),
        Case(
            "invalid character", "a ! b",
            """
            error: unexpected character '!'
             --> cell 1:1:3
              |
            1 | a ! b
              |   ^
              = note: use 'not' for negation and '!=' for inequality
            """),
        Case(
            "invalid number", "x = 1__000",
            """
            error: invalid number '1__000'
             --> cell 1:1:5
              |
            1 | x = 1__000
              |     ^^^^^^
            """),
        Case(
            "invalid assignment target", "f(x) = 1",
            """
            error: cannot assign to this expression
             --> cell 1:1:1
              |
            1 | f(x) = 1
              | ^^^^
              = note: you can assign to a name, an element x[i], a field r.name, or several names a, b
            """),
        Case(
            "assignment in an expression", "if x = 1 { }",
            """
            error: '=' cannot be used inside an expression
             --> cell 1:1:6
              |
            1 | if x = 1 { }
              |      ^
              = note: use '==' to compare; an assignment is a statement of its own
              = note: named arguments and parameter defaults are written 'name: value'
            """),
        Case(
            "chained comparison", "a < b < c",
            """
            error: '<' cannot be chained
             --> cell 1:1:7
              |
            1 | a < b < c
              |       ^
              = note: write 'a < b and b < c'
            """),
        Case(
            "chained range", "0..5..10",
            """
            error: '..' cannot be chained
             --> cell 1:1:5
              |
            1 | 0..5..10
              |     ^^
              = note: put the first range in parentheses
            """),
        Case(
            "positional after named", "f(lr: 1, x)",
            """
            error: a positional argument cannot follow a named one
             --> cell 1:1:10
              |
            1 | f(lr: 1, x)
              |          ^
              = note: put positional arguments first: f(x, y, lr: 0.1)
            """),
        Case(
            "duplicate named argument", "f(a: 1, a: 2)",
            """
            error: duplicate named argument 'a'
             --> cell 1:1:9
              |
            1 | f(a: 1, a: 2)
              |         ^
            """),
        Case(
            "duplicate parameter", "fn f(x, x) = x",
            """
            error: duplicate parameter 'x'
             --> cell 1:1:9
              |
            1 | fn f(x, x) = x
              |         ^
            """),
        Case(
            "duplicate field", "{lr: 1, lr: 2}",
            """
            error: duplicate field 'lr'
             --> cell 1:1:9
              |
            1 | {lr: 1, lr: 2}
              |         ^^
            """),
        Case(
            "several values in parentheses", "x = (1, 2)",
            """
            error: parentheses hold a single expression
             --> cell 1:1:5
              |
            1 | x = (1, 2)
              |     ^^^^^^
              = note: for a list write [a, b]; for a function of several parameters write (a, b) -> …
            """),
        Case(
            "gutter grows with the line number", String(repeating: "a\n", count: 9) + "b = $",
            """
            error: unexpected character '$'
              --> cell 1:10:5
               |
            10 | b = $
               |     ^
            """),
        Case(
            "range spanning lines is cut at the line end", "f(1,\n  2) = 3",
            """
            error: cannot assign to this expression
             --> cell 1:1:1
              |
            1 | f(1,
              | ^^^^
              = note: you can assign to a name, an element x[i], a field r.name, or several names a, b
            """),
        Case(
            "tabs show as four spaces", "\tx = $",
            """
            error: unexpected character '$'
             --> cell 1:1:6
              |
            1 |     x = $
              |         ^
            """),
        Case(
            "columns count characters", "\"é🌱\" $",
            """
            error: unexpected character '$'
             --> cell 1:1:6
              |
            1 | "é🌱" $
              |      ^
            """),
        Case(
            "an error on a later line", "x = 1\ny = (2\nz",
            """
            error: expected ',' or ')' (to close '(' at 2:5), found 'z'
             --> cell 1:3:1
              |
            3 | z
              | ^
            """),
    ]

    @Test(arguments: cases)
    func rendered(_ c: Case) {
        #expect(diagnostic(c.text, final: c.final) == c.rendered)
    }

    @Test func sourceNameAppearsInTheArrow() {
        #expect(diagnostic("1 2", name: "train.sprout").contains(" --> train.sprout:1:3"))
    }

    @Test func tooDeepNamesTheLimit() {
        let text = String(repeating: "-", count: 300) + "x"
        let expected = """
            error: nesting is too deep (the limit is 256 levels)
             --> cell 1:1:257
              |
            1 | \(text)
              | \(String(repeating: " ", count: 256))^
              = note: split the expression into smaller named parts
            """
        #expect(diagnostic(text) == expected)
    }

    struct PlainError: SproutError {
        var message: String
        var range: SourceRange?
        var source: Source?
        var notes: [String]
    }

    @Test func errorsWithoutASourceAreOneLinePlusNotes() {
        let error = PlainError(message: "stopped", range: nil, source: nil, notes: ["in f, called at cell 2:1:1"])
        #expect(DiagnosticRenderer.render(error) == "error: stopped\n  = note: in f, called at cell 2:1:1")
        let bare = PlainError(message: "boom", range: nil, source: nil, notes: [])
        #expect(DiagnosticRenderer.render(bare) == "error: boom")
    }

    @Test func rangesPastTheTextStillGetACaret() {
        let source = Source(name: "c", text: "ab")
        let error = PlainError(message: "m", range: SourceRange(7, 9), source: source, notes: [])
        #expect(DiagnosticRenderer.render(error) == "error: m\n --> c:1:3\n  |\n1 | ab\n  |   ^")
    }

    @Test func colourOnlyWhenAsked() {
        let source = Source(name: "c", text: "a $")
        let error = PlainError(message: "m", range: SourceRange(2, 3), source: source, notes: ["n"])
        let red = "\u{1B}[1;31m", bold = "\u{1B}[1m", blue = "\u{1B}[1;34m", reset = "\u{1B}[0m"
        #expect(
            DiagnosticRenderer.render(error, colour: true) == """
                \(red)error\(reset)\(bold): m\(reset)
                 \(blue)-->\(reset) c:1:3
                  \(blue)|\(reset)
                \(blue)1 |\(reset) a $
                  \(blue)|\(reset)   \(red)^\(reset)
                  \(bold)= note\(reset): n
                """)
        #expect(!DiagnosticRenderer.render(error).contains("\u{1B}"))
    }

    /// Control characters from a user's source, file name or message would reach the
    /// terminal as commands (set the title, clear the screen): every one is shown escaped,
    /// and the carets stay under the escaped text.
    @Test func controlCharactersAreShownEscapedAndTheCaretFollows() {
        let line = "\"\u{1B}]0;t\u{07}\r\u{7F}\u{9B}\" + nope"
        let source = Source(name: "cell\u{1B}[2J", text: "a = 1\n" + line + "\n")
        let start = 6 + line.utf8.count - 4
        let error = PlainError(
            message: "bad \u{1B}[31m\u{85}thing\u{00}", range: SourceRange(start, start + 4),
            source: source, notes: ["from \u{1B}]8;;x\u{07}"])
        let shown = #""\u{1b}]0;t\u{7}\u{d}\u{7f}\u{9b}" + "#
        let rendered = DiagnosticRenderer.render(error)
        #expect(
            rendered == """
                error: bad \\u{1b}[31m\\u{85}thing\\u{0}
                 --> cell\\u{1b}[2J:2:15
                  |
                2 | \(shown)nope
                  | \(String(repeating: " ", count: shown.count))^^^^
                  = note: from \\u{1b}]8;;x\\u{7}
                """)
        #expect(!rendered.unicodeScalars.contains { VisibleText.isControl($0) && $0 != "\n" })
        // In colour, the only escapes left are the renderer's own styles.
        let coloured = DiagnosticRenderer.render(error, colour: true)
        let styles = ["\u{1B}[1;31m", "\u{1B}[1;34m", "\u{1B}[1m", "\u{1B}[0m"]
        let unstyled = styles.reduce(coloured) { $0.replacingOccurrences(of: $1, with: "") }
        #expect(!unstyled.unicodeScalars.contains { VisibleText.isControl($0) && $0 != "\n" })
        #expect(unstyled.contains(#"bad \u{1b}[31m\u{85}thing"#))
    }

    /// A string value shows the same escapes, C1 controls included.
    @Test func stringValuesEscapeTheSameControls() {
        #expect(ValueFormatter.quoted("\u{9B}2J\u{1B}\u{7F}é") == #""\u{9b}2J\u{1b}\u{7f}é""#)
    }
}
