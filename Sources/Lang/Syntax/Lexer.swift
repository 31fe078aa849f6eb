/// Turns a source's UTF-8 bytes into tokens, each with its byte range.
///
/// Line breaks are tokens, because they end statements, but the lexer drops the ones
/// inside `( )` and `[ ]` so argument lists and lists can span lines; inside `{ }` they
/// stay, since blocks are sequences of statements. Runs of line breaks (and comment-only
/// lines) become one newline token. The token list always ends with `endOfInput`.
public struct Lexer {
    let source: Source
    let bytes: [UInt8]
    /// Where lexing stops: the end of the source, or of an f-string's field.
    let end: Int
    var position = 0
    var tokens: [Token] = []
    /// The open brackets, innermost last, as their opening bytes.
    var openBrackets: [UInt8] = []

    init(_ source: Source, range: SourceRange? = nil) {
        self.source = source
        self.bytes = source.bytes
        self.end = min(range?.end ?? bytes.count, bytes.count)
        self.position = range?.start ?? 0
    }

    /// The tokens of a whole source, ending with `endOfInput`.
    /// - Throws: `SyntaxError` for an unterminated string, a bad escape, a malformed
    ///   number or a character that starts no token.
    /// - Complexity: O(n) in the length of the source.
    public static func tokenize(_ source: Source) throws -> [Token] {
        var lexer = Lexer(source)
        try lexer.scanAll()
        return lexer.tokens
    }

    /// The tokens of part of a source (an f-string's `{…}` field), with ranges in the
    /// whole source, ending with `endOfInput` at the end of the part.
    static func tokenize(_ source: Source, in range: SourceRange) throws -> [Token] {
        var lexer = Lexer(source, range: range)
        try lexer.scanAll()
        return lexer.tokens
    }

    static let keywords: [String: TokenKind] = [
        "fn": .kwFn, "if": .kwIf, "else": .kwElse, "for": .kwFor, "in": .kwIn,
        "while": .kwWhile, "break": .kwBreak, "continue": .kwContinue, "return": .kwReturn,
        "true": .kwTrue, "false": .kwFalse, "none": .kwNone,
        "and": .kwAnd, "or": .kwOr, "not": .kwNot,
    ]

    mutating func scanAll() throws {
        while position < end {
            let first = bytes[position]
            switch first {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                position += 1
            case UInt8(ascii: "\n"):
                lineBreak()
            case UInt8(ascii: "#"):
                while position < end && bytes[position] != UInt8(ascii: "\n") { position += 1 }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                try number()
            case UInt8(ascii: "."):
                if byte(at: position + 1).map(Lexer.isDigit) == true {
                    try number()
                } else if byte(at: position + 1) == UInt8(ascii: ".") {
                    add(.dotDot, length: 2)
                } else {
                    add(.dot, length: 1)
                }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                try string()
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "_"):
                try identifier()
            case 0x80...:
                try nonASCII()
            default:
                try punctuation(first)
            }
        }
        tokens.append(Token(.endOfInput, SourceRange(end, end)))
    }

    // MARK: Helpers

    func byte(at offset: Int) -> UInt8? {
        offset < end ? bytes[offset] : nil
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    mutating func add(_ kind: TokenKind, length: Int) {
        tokens.append(Token(kind, SourceRange(position, position + length)))
        position += length
    }

    mutating func lineBreak() {
        let insideGroup = openBrackets.last.map { $0 != UInt8(ascii: "{") } ?? false
        let follows = tokens.last.map { $0.kind != .newline } ?? false
        if !insideGroup && follows {
            tokens.append(Token(.newline, SourceRange(position, position + 1)))
        }
        position += 1
    }

    /// The Unicode scalar starting at `offset` and its length in bytes; nil for a
    /// malformed sequence (which a Swift `String` never holds, but bytes are bytes).
    func scalar(at offset: Int) -> (Unicode.Scalar, Int)? {
        guard let lead = byte(at: offset) else { return nil }
        let length: Int
        var value: UInt32
        switch lead {
        case 0..<0x80: return Unicode.Scalar(UInt32(lead)).map { ($0, 1) }
        case 0xC0..<0xE0: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0..<0xF0: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0..<0xF8: length = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        for i in 1..<length {
            guard let next = byte(at: offset + i), next & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(next & 0x3F)
        }
        return Unicode.Scalar(value).map { ($0, length) }
    }

    // MARK: Names

    mutating func identifier() throws {
        let start = position
        while position < end {
            let byte = bytes[position]
            if Lexer.isASCIILetter(byte) || Lexer.isDigit(byte) || byte == UInt8(ascii: "_") {
                position += 1
            } else if byte >= 0x80, let (scalar, length) = scalar(at: position),
                scalar.properties.isXIDContinue
            {
                position += length
            } else {
                break
            }
        }
        let range = SourceRange(start, position)
        let text = source.text(of: range)
        if text == "f", let quote = byte(at: position), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            try formatString(start: start)
        } else if let keyword = Lexer.keywords[text] {
            tokens.append(Token(keyword, range))
        } else if text.count > 1, text.first == "_", text.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let cell = Int(text.dropFirst()) else {
                throw SyntaxError.invalidNumber(text, range: range, source: source)
            }
            tokens.append(Token(.cellReference(cell), range))
        } else {
            tokens.append(Token(.identifier(text), range))
        }
    }

    /// A letter from outside ASCII starts a name; Unicode spaces (and a byte-order mark)
    /// are skipped; anything else is an error.
    mutating func nonASCII() throws {
        guard let (scalar, length) = scalar(at: position) else {
            throw SyntaxError.invalidCharacter("\u{FFFD}", range: SourceRange(position, position + 1), source: source)
        }
        if scalar.properties.isXIDStart {
            try identifier()
        } else if scalar.properties.isWhitespace || scalar == "\u{FEFF}" {
            position += length
        } else {
            let range = SourceRange(position, position + length)
            throw SyntaxError.invalidCharacter(String(Character(scalar)), range: range, source: source)
        }
    }

    // MARK: Punctuation

    mutating func punctuation(_ byte: UInt8) throws {
        let next = self.byte(at: position + 1)
        let equals = next == UInt8(ascii: "=")
        let kind: TokenKind
        switch byte {
        case UInt8(ascii: "("): openBrackets.append(byte); kind = .leftParen
        case UInt8(ascii: "["): openBrackets.append(byte); kind = .leftBracket
        case UInt8(ascii: "{"): openBrackets.append(byte); kind = .leftBrace
        case UInt8(ascii: ")"): close(UInt8(ascii: "(")); kind = .rightParen
        case UInt8(ascii: "]"): close(UInt8(ascii: "[")); kind = .rightBracket
        case UInt8(ascii: "}"): close(UInt8(ascii: "{")); kind = .rightBrace
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: ":"): kind = .colon
        case UInt8(ascii: ";"): kind = .semicolon
        case UInt8(ascii: "@"): kind = .at
        case UInt8(ascii: "%"): kind = .percent
        case UInt8(ascii: "+"): kind = equals ? .plusEqual : .plus
        case UInt8(ascii: "-"): kind = equals ? .minusEqual : next == UInt8(ascii: ">") ? .arrow : .minus
        case UInt8(ascii: "*"): kind = equals ? .starEqual : next == UInt8(ascii: "*") ? .starStar : .star
        case UInt8(ascii: "/"): kind = equals ? .slashEqual : next == UInt8(ascii: "/") ? .slashSlash : .slash
        case UInt8(ascii: "="): kind = equals ? .equalEqual : .equal
        case UInt8(ascii: "<"): kind = equals ? .lessEqual : .less
        case UInt8(ascii: ">"): kind = equals ? .greaterEqual : .greater
        case UInt8(ascii: "!") where equals: kind = .bangEqual
        case UInt8(ascii: "|") where next == UInt8(ascii: ">"): kind = .pipe
        default:
            let text = String(decoding: [byte], as: UTF8.self)
            throw SyntaxError.invalidCharacter(text, range: SourceRange(position, position + 1), source: source)
        }
        add(kind, length: Lexer.twoCharacterTokens.contains(kind) ? 2 : 1)
    }

    static let twoCharacterTokens: Set<TokenKind> = [
        .plusEqual, .minusEqual, .arrow, .starEqual, .starStar, .slashEqual, .slashSlash, .equalEqual,
        .lessEqual, .greaterEqual, .bangEqual, .pipe,
    ]

    /// Pops the matching opener. A mismatched closer leaves the stack alone: the parser
    /// reports it, and until then newlines keep being dropped as the user intended.
    mutating func close(_ opener: UInt8) {
        if openBrackets.last == opener { openBrackets.removeLast() }
    }
}
