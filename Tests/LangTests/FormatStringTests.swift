import Testing

@testable import Lang

/// f-strings: lexing into text and fields, parsing each field as an expression, and
/// formatting with Python's spec language; errors point into the string.
@Suite("f-strings")
struct FormatStringTests {
    @Test(arguments: [
        EvalCase("plain", #"e = 3; f"epoch {e}""#, #""epoch 3""#),
        EvalCase("spec", #"l = 0.123456; f"loss {l:.4f}""#, #""loss 0.1235""#),
        EvalCase("brief", #"e = 2; l = 0.5; a = 0.9876; f"epoch {e}: loss {l:.4f}, acc {a:.1%}""#, #""epoch 2: loss 0.5000, acc 98.8%""#),
        EvalCase("escapes", #"f"{{x}} {1 + 1} \t}}""#, #""{x} 2 \t}""#),
        EvalCase("calls and indexing", #"xs = [1, 2, 3]; f"{len(xs)} {xs[1]} {xs[-1] * 2:>4}""#, #""3 2    6""#),
        EvalCase("method", #"x = tensor([1, 2, 3]); f"{x.mean():.2f}""#, #""2.00""#),
        EvalCase("one-element tensor", #"x = tensor([0.5]); f"{x:.3e}""#, #""5.000e-01""#),
        EvalCase("other quote", #"name = "run"; f"{name + '-1':*^9}""#, #""**run-1**""#),
        EvalCase("single quotes", #"f'{"a"}{2}'"#, #""a2""#),
        EvalCase("record and colon inside brackets", #"r = {lr: 0.1}; f"{r.lr:.2f} {[1, 2][0:1]}""#, #""0.10 [1]""#),
        EvalCase("str of a list", #"f"{[1, 2]}""#, #""[1, 2]""#),
        EvalCase("bool padded", #"f"{true:>6}|""#, #""  true|""#),
        EvalCase("grouping", #"f"{1234567:,} {1234567.891:,.2f}""#, #""1,234,567 1,234,567.89""#),
        EvalCase("integer codes", #"f"{255:#x} {5:03d} {5:b}""#, #""0xff 005 101""#),
        EvalCase("empty f-string", #"f"""#, #""""#),
        EvalCase("no fields", #"f"plain""#, #""plain""#),
        EvalCase("unicode text", #"x = 1; f"ü {x} ö""#, #""ü 1 ö""#),
        EvalCase("format builtin", #"format(0.98765, ".1%")"#, #""98.8%""#),
        EvalCase("format builtin without spec", #"format(3)"#, #""3""#),
        EvalCase("a lambda in a field", #"f"{(x -> x * 2)(4)}""#, #""8""#),
        EvalCase("f is still a name", #"f = 3; f + 1"#, "4"),
    ])
    func evaluates(_ c: EvalCase) {
        #expect(evalCell(c.source) == c.expected)
    }

    @Test func parsesIntoTextAndFields() {
        #expect(parsed(#"f"a {x + 1:>4} b {{""#) == #"(f "a " {(+ x 1) :>4} " b {")"#)
        #expect(parsed(#"f"{g(x, lr: 1)}""#) == #"(f {(call g x (lr: 1))})"#)
    }

    @Test func badSpecPointsAtTheSpec() {
        #expect(
            evalCell(#"x = 1.5; f"x is {x:q}""#) == """
                error: unknown format code 'q' for a number (use one of f e g % d x o b, e.g. '.4f')
                 --> cell 1:1:20
                  |
                1 | x = 1.5; f"x is {x:q}"
                  |                    ^
                """)
    }

    @Test func wholeNumberCodeOnAFraction() {
        #expect(evalError(#"f"{2.5:d}""#) == "error: format code 'd' needs a whole number, got 2.5 (use '.0f' to round it, or int(x))")
    }

    @Test func bigTensorUnderANumberSpec() {
        #expect(
            evalError(#"x = tensor([1, 2, 3]); f"{x:.2f}""#)
                == "error: a tensor of shape (3,) is not a single number, so '.2f' cannot format it; use item() on a one-element tensor, or index it, e.g. x[0]"
        )
    }

    @Test func formatBuiltinErrorsNameIt() {
        #expect(evalError(#"format(2.5, "d")"#).hasPrefix("error: format: format code 'd' needs a whole number"))
    }

    @Test func unclosedField() {
        #expect(
            diagnostic(#"f"loss {l:.4f""#) == """
                error: '{' in an f-string is never closed: end the field with '}' (write '{{' for a brace)
                 --> cell 1:1:8
                  |
                1 | f"loss {l:.4f"
                  |        ^
                """)
    }

    @Test func emptyField() {
        #expect(
            diagnostic(#"f"a {} b""#).hasPrefix(
                "error: an empty field '{}' in an f-string: put a name or expression between the braces\n --> cell 1:1:5"))
    }

    @Test func loneClosingBrace() {
        #expect(parsed(#"f"a } b""#) == "error: a single '}' in an f-string: write '}}' for a brace")
    }

    @Test func fieldSyntaxErrorPointsInsideTheString() {
        #expect(diagnostic(#"f"{1 +}""#).hasPrefix("error: expected an expression, found end of input\n --> cell 1:1:7"))
        #expect(parsed(#"f"{x y}""#) == "error: expected '}' or ':' to end the f-string field, found 'y'")
    }

    /// A field is a nesting level: f-strings nested in fields stop at the parser's limit.
    @Test func nestedFieldsCountTowardTheDepthLimit() {
        var nested = "1"
        for _ in 0..<(Parser.maximumDepth + 5) { nested = "str(" + nested + ")" }
        #expect(parsed(#"f"{"# + nested + #"}""#) == "error: nesting is too deep (the limit is \(Parser.maximumDepth) levels)")
    }

    @Test func unterminatedFString() {
        #expect(parsed(#"f"abc"#) == "error: unterminated string")
    }
}
