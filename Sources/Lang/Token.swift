/// The lexer's output: a kind and the range it spans. Literal values are read back from
/// the source text by the parser, so tokens stay small.
public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    public var range: SourceRange

    public init(_ kind: TokenKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum TokenKind: Sendable, Equatable, Hashable {
    case number(Double)
    /// A string literal with its escapes already resolved.
    case string(String)
    case identifier(String)
    /// `_N`, the value of cell N (plain `_` is an identifier).
    case cellReference(Int)

    // Keywords.
    case kwFn, kwIf, kwElse, kwFor, kwIn, kwWhile, kwBreak, kwContinue, kwReturn
    case kwTrue, kwFalse, kwNone, kwAnd, kwOr, kwNot

    // Punctuation and operators.
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, colon, semicolon, dot, dotDot
    case plus, minus, star, slash, slashSlash, starStar, at, percent
    case equal, plusEqual, minusEqual, starEqual, slashEqual
    case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    case arrow        // ->
    case pipe         // |>

    /// A line break that ends a statement (the lexer drops those inside brackets).
    case newline
    case endOfInput
}
