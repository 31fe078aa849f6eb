/// What parsing a cell gives the shell: a program to run, or word that the input stops
/// in the middle of something (an open bracket or block, a trailing operator, an `if`
/// without its body) so the shell should read another line and parse again.
public enum ParseOutcome: Sendable {
    case complete(Program)
    case incomplete
}

/// The parser: recursive descent over the lexer's tokens, one function per grammar rule,
/// named after it (`statement`, `expression`, `lambda`, `operators` over the table
/// `Parser.precedence`, `postfix`, `primary`).
///
/// Three things it guarantees besides the tree:
/// - Running out of input where more is needed is not an error but `.incomplete`. The
///   parser signals it with `Unfinished`, which carries the error a finished file would
///   get; wherever the end of input means "incomplete", a line break is skipped, so the
///   next line the shell appends continues the same construct.
/// - Nesting is bounded: `depth` counts nested expressions, prefix operators and
///   `else if`s, and the loops that build left-leaning chains (`a + b + c`, `f()()`,
///   `x |> f |> g`) check the height of what they build, so neither the parser, nor the
///   evaluator walking the tree, nor the tree's deallocation can overflow the stack.
/// - Every node's range covers its source text, parentheses included.
public struct Parser {
    /// How deeply expressions may nest, counting brackets, blocks, operators and chains;
    /// no syntax tree is taller than this (give or take two).
    ///
    /// At the limit the parser itself needs about 3 MB of stack in a debug build and
    /// 0.6 MB in a release build, so parse on the main thread or another with 8 MB.
    public static let maximumDepth = 256

    let source: Source
    let tokens: [Token]
    var index = 0
    /// Nested expressions currently being parsed.
    var depth = 0
    /// Brackets and braces currently open; a closer with none open is "unmatched".
    var openBrackets = 0
    /// For each opening bracket, the index of the closer that balances it; -1 for none.
    /// `startsLambda` uses it to see whether a `(` starts a parameter list.
    let matchingParen: [Int]
    /// Where an error at the end of input points: just after the last real token.
    let endOfText: Int

    /// `tokens` must come from `Lexer.tokenize`, which ends it with `endOfInput`: the
    /// parser stops there and never reads past it. (Internal, not private, only so an
    /// f-string field gets a parser of its own: `Parser+Comprehension.swift`.)
    init(source: Source, tokens: [Token]) {
        self.source = source
        self.tokens = tokens
        matchingParen = Parser.matchParentheses(self.tokens)
        endOfText = self.tokens.last { $0.kind != .newline && $0.kind != .endOfInput }?.range.end ?? 0
    }

    /// Parses a cell: `.incomplete` when the input ends where more must follow, so the
    /// shell reads another line, appends it after a line break and parses again.
    /// - Throws: `SyntaxError` for input that is wrong before its end.
    /// - Complexity: O(n) in the length of the source, for bounded nesting.
    public static func parse(_ source: Source) throws -> ParseOutcome {
        counter?.add()
        var parser = Parser(source: source, tokens: try Lexer.tokenize(source))
        do {
            return .complete(try parser.program())
        } catch is Unfinished {
            return .incomplete
        }
    }

    /// Parses a whole file or `-e` argument, where nothing more will follow: unfinished
    /// input is an error (`expected ')' (to close '(' at 1:4)`).
    /// - Throws: `SyntaxError`.
    public static func parseProgram(_ source: Source) throws -> Program {
        counter?.add()
        var parser = Parser(source: source, tokens: try Lexer.tokenize(source))
        do {
            return try parser.program()
        } catch let unfinished as Unfinished {
            throw unfinished.error
        }
    }

    /// Thrown when the input ends where more is needed; carries the error to report if
    /// no more input will come.
    struct Unfinished: Error {
        let error: SyntaxError
    }

    static func matchParentheses(_ tokens: [Token]) -> [Int] {
        var matching = [Int](repeating: -1, count: tokens.count)
        var open: [Int] = []
        for (i, token) in tokens.enumerated() {
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace: open.append(i)
            case .rightParen, .rightBracket, .rightBrace:
                if let opener = open.popLast() { matching[opener] = i }
            default: break
            }
        }
        return matching
    }

    // MARK: Tokens

    var current: Token { tokens[index] }

    var previous: Token { tokens[max(index - 1, 0)] }

    /// The token `offset` places ahead (the end of input past the end).
    func peek(_ offset: Int) -> Token {
        tokens[min(index + offset, tokens.count - 1)]
    }

    /// Consumes the current token (never past the end of input) and returns it.
    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    mutating func match(_ kind: TokenKind) -> Token? {
        current.kind == kind ? advance() : nil
    }

    mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    /// The first token at or after the current one that is not a line break.
    var nextSignificant: Token {
        var i = index
        while tokens[i].kind == .newline && i < tokens.count - 1 { i += 1 }
        return tokens[i]
    }

    /// Matches `kind` here or at the start of the next line: `.` and `|>` may begin a
    /// continuation line, since no statement can start with them.
    mutating func matchContinuing(_ kind: TokenKind) -> Token? {
        if current.kind == .newline && nextSignificant.kind == kind { skipNewlines() }
        return match(kind)
    }

    /// Skips line breaks, then consumes a token of `kind` or fails.
    mutating func expect(_ kind: TokenKind, _ expected: String) throws -> Token {
        skipNewlines()
        guard let token = match(kind) else { throw fail(expected: expected) }
        return token
    }

    /// Skips line breaks, then consumes a name.
    mutating func expectName(_ expected: String) throws -> (String, SourceRange) {
        skipNewlines()
        guard case let .identifier(name) = current.kind else { throw fail(expected: expected) }
        return (name, advance().range)
    }

    // MARK: Errors

    /// How a token is named in a message: `'else'`, `a string`, `end of input`.
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .endOfInput: return "end of input"
        case .newline: return "a line break"
        case .string: return "a string"
        default:
            let text = source.text(of: token.range)
            return "'" + (text.count > 24 ? String(text.prefix(23)) + "…" : text) + "'"
        }
    }

    /// Where an error about `token` points; the end of input points just past the text.
    func errorRange(_ token: Token) -> SourceRange {
        token.kind == .endOfInput ? SourceRange(endOfText, endOfText) : token.range
    }

    /// The error for finding the current token where `expected` should be: unfinished at
    /// the end of input, a misplaced `=`, an unmatched closer, or plain unexpected.
    func fail(expected: String) -> Error {
        let token = current
        if let special = misplaced(token) { return special }
        let error = SyntaxError.unexpected(
            found: describe(token), expected: expected,
            range: errorRange(token), source: source)
        return token.kind == .endOfInput ? Unfinished(error: error) : error
    }

    /// The error for a bracket that should close here: `expected ')' (to close '(' at
    /// 1:4)`, with `expected` (say `',' or ')'`) when something else was found.
    func unclosed(_ opener: Token, closer: String, expected: String) -> Error {
        let token = current
        if token.kind == .endOfInput {
            return Unfinished(
                error: .unclosed(
                    opener: source.text(of: opener.range), openerRange: opener.range, expected: "'\(closer)'",
                    found: nil, range: errorRange(token), source: source))
        }
        if let special = misplaced(token) { return special }
        return SyntaxError.unclosed(
            opener: source.text(of: opener.range), openerRange: opener.range,
            expected: expected, found: describe(token), range: token.range, source: source)
    }

    /// `=` or `+=` inside an expression, or a closer with no opener.
    func misplaced(_ token: Token) -> SyntaxError? {
        switch token.kind {
        case .equal, .plusEqual, .minusEqual, .starEqual, .slashEqual:
            return .assignmentInExpression(operator: source.text(of: token.range), range: token.range, source: source)
        case .rightParen, .rightBracket, .rightBrace:
            guard openBrackets == 0 else { return nil }
            return .unmatched(closer: source.text(of: token.range), range: token.range, source: source)
        default:
            return nil
        }
    }

    // MARK: Depth

    /// Enters one level of nesting; pair with `defer { depth -= 1 }`.
    mutating func enter() throws {
        depth += 1
        if depth > Parser.maximumDepth {
            throw SyntaxError.tooDeep(limit: Parser.maximumDepth, range: errorRange(current), source: source)
        }
    }

    /// Checks a chain a loop has built: its height on top of the current nesting.
    func checkHeight(_ height: Int, at token: Token) throws {
        if depth + height > Parser.maximumDepth {
            throw SyntaxError.tooDeep(limit: Parser.maximumDepth, range: token.range, source: source)
        }
    }
}
