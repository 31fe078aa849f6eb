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
    /// `f"loss {l:.4f}"`: literal text and `{…}` fields, each field's expression still
    /// source text that the parser reads (see `Lexer+FormatString.swift`).
    case formatString([FormatPiece])
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
    case arrow  // ->
    case pipe  // |>

    /// A line break that ends a statement (the lexer drops those inside brackets).
    case newline
    case endOfInput
}

/// One piece of an f-string as the lexer splits it.
public enum FormatPiece: Sendable, Equatable, Hashable {
    /// Text outside the braces, with escapes and `{{` `}}` resolved.
    case text(String)
    /// `{expression}` or `{expression:spec}`: where the expression's source is, and the
    /// spec with its range (an empty spec, at the closing brace, when there is none).
    case field(expression: SourceRange, spec: String, specRange: SourceRange)
}
