import Testing

@testable import Lang

@Suite("Lexer")
struct LexerTests {
    /// The tokens of `text` as written, `⊣` (end of input) left off.
    static func lexed(_ text: String) -> String {
        let source = Source(name: "cell 1", text: text)
        do {
            let tokens = try Lexer.tokenize(source)
            return tokens.dropLast().map { SExpression.print($0, in: source) }.joined(separator: " ")
        } catch let error as SyntaxError {
            return "error: \(error.message) at \(error.range.map(\.description) ?? "?")"
        } catch {
            return "unexpected error type: \(error)"
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let id: String
        let text: String
        let tokens: String
        init(_ id: String, _ text: String, _ tokens: String) {
            self.id = id
            self.text = text
            self.tokens = tokens
        }
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        // Numbers.
        Case("integer", "3", "3"),
        Case("decimal", "3.5", "3.5"),
        Case("exponent", "3e-4", "0.0003"),
        Case("exponent with plus and capital", "2E+3", "2000"),
        Case("underscores", "1_000_000", "1000000"),
        Case("leading dot", ".5", "0.5"),
        Case("decimal exponent", "1.5e2", "150"),
        Case("range of integers", "0..10", "0 .. 10"),
        Case("method on an integer", "3.abs()", "3 . abs ( )"),
        Case("number then name", "2 x", "2 x"),
        // Strings.
        Case("double quotes", #""hi there""#, #""hi there""#),
        Case("single quotes", "'hi'", #""hi""#),
        Case("escapes", #""a\nb\tc\\d\"e\'f""#, #""a\nb\tc\\d\"e\'f""#),
        Case("quote of the other kind", #"'say "hi"'"#, #""say \"hi\"""#),
        Case("unicode escape", #""\u{e9}\u{1F600}""#, "\"é😀\""),
        Case("return and nul escapes", #""\r\0""#, #""\r\0""#),
        Case("utf-8 inside a string", "\"naïve 🌱\"", "\"naïve 🌱\""),
        Case("empty string", "''", #""""#),
        Case("hash inside a string", "\"#not a comment\"", "\"#not a comment\""),
        // Names.
        Case("identifiers", "x foo_bar x1 camelCase", "x foo_bar x1 camelCase"),
        Case("unicode identifiers", "αβ = λ", "αβ = λ"),
        Case("underscore alone", "_", "_"),
        Case("cell reference", "_7 + _12", "_7 + _12"),
        Case("underscore names", "_x _7a __", "_x _7a __"),
        Case(
            "keywords", "fn if else for in while break continue return true false none and or not",
            "fn if else for in while break continue return true false none and or not"),
        Case("keyword prefixes are names", "iffy format nothing", "iffy format nothing"),
        // Operators.
        Case("arithmetic", "+ - * / ** @ %", "+ - * / ** @ %"),
        Case("comparisons", "== != < <= > >=", "== != < <= > >="),
        Case("assignments", "= += -= *= /=", "= += -= *= /="),
        Case("arrows and pipe", "x -> x |> f", "x -> x |> f"),
        Case("punctuation", ", : ; . ..", ", : ; . .."),
        Case("no spaces", "a+=b**-2", "a += b ** - 2"),
        Case("star star star", "a***b", "a ** * b"),
        // Comments and line breaks.
        Case("comment", "x # the rest\ny", "x ⏎ y"),
        Case("comment only", "# nothing", ""),
        Case("line breaks collapse", "a\n\n\n  b", "a ⏎ b"),
        Case("leading line breaks are dropped", "\n\na", "a"),
        Case("crlf", "a\r\nb", "a ⏎ b"),
        Case("dropped inside parentheses", "f(1,\n 2)", "f ( 1 , 2 )"),
        Case("dropped inside brackets", "[1,\n2\n]", "[ 1 , 2 ]"),
        Case("kept inside braces", "{\na\n}", "{ ⏎ a ⏎ }"),
        Case("braces inside parentheses", "f({\na\n})", "f ( { ⏎ a ⏎ } )"),
        Case("parentheses inside braces", "{(a\n)\nb}", "{ ( a ) ⏎ b }"),
        Case("whitespace kinds", "a\tb\u{00A0}c\u{FEFF}", "a b c"),
    ]

    @Test(arguments: cases)
    func tokens(_ c: Case) {
        #expect(LexerTests.lexed(c.text) == c.tokens)
    }

    static let errors: [Case] = [
        Case("unterminated double", "x = \"abc", "error: unterminated string at 4..<5"),
        Case("unterminated single", "'abc\nd'", "error: unterminated string at 0..<1"),
        Case("backslash at end", "\"abc\\", "error: unterminated string at 0..<1"),
        Case("unknown escape", #""a\qb""#, #"error: invalid escape '\q' in a string at 2..<4"#),
        Case("unicode escape without braces", #""\u41""#, #"error: invalid escape '\u' in a string at 1..<3"#),
        Case("empty unicode escape", #""\u{}""#, #"error: invalid escape '\u{}' in a string at 1..<5"#),
        Case("surrogate escape", #""\u{D800}""#, #"error: invalid escape '\u{D800}' in a string at 1..<9"#),
        Case("too large escape", #""\u{110000}""#, #"error: invalid escape '\u{110000}' in a string at 1..<11"#),
        Case("too many hex digits", #""\u{0000041}""#, #"error: invalid escape '\u{0000041}' in a string at 1..<12"#),
        Case("dollar", "a $ b", "error: unexpected character '$' at 2..<3"),
        Case("bang", "!x", "error: unexpected character '!' at 0..<1"),
        Case("bar", "a | b", "error: unexpected character '|' at 2..<3"),
        Case("question mark", "x?", "error: unexpected character '?' at 1..<2"),
        Case("control character", "a \u{7} b", "error: unexpected character U+0007 at 2..<3"),
        Case("emoji outside a string", "x = 🌱", "error: unexpected character '🌱' at 4..<8"),
        Case("double underscore", "1__0", "error: invalid number '1__0' at 0..<4"),
        Case("trailing underscore", "1_", "error: invalid number '1_' at 0..<2"),
        Case("underscore before point", "1_.5", "error: invalid number '1_.5' at 0..<4"),
        Case("letters after digits", "3x", "error: invalid number '3x' at 0..<2"),
        Case("exponent without digits", "3e", "error: invalid number '3e' at 0..<2"),
        Case("overflow", "1e999", "error: invalid number '1e999' at 0..<5"),
        Case("huge cell number", "_99999999999999999999", "error: invalid number '_99999999999999999999' at 0..<21"),
    ]

    @Test(arguments: errors)
    func lexicalErrors(_ c: Case) {
        #expect(LexerTests.lexed(c.text) == c.tokens)
    }

    @Test func tokensCarryByteRanges() throws {
        let source = Source(name: "t", text: "ab  \"é\" 1_0\n# c\n(x)")
        let tokens = try Lexer.tokenize(source)
        #expect(
            tokens.map(\.range) == [
                SourceRange(0, 2), SourceRange(4, 8), SourceRange(9, 12), SourceRange(12, 13),
                SourceRange(17, 18), SourceRange(18, 19), SourceRange(19, 20), SourceRange(20, 20),
            ])
        #expect(tokens.last?.kind == .endOfInput)
    }

    @Test func emptyInputIsJustTheEnd() throws {
        let tokens = try Lexer.tokenize(Source(name: "t", text: ""))
        #expect(tokens == [Token(.endOfInput, SourceRange(0, 0))])
    }
}
