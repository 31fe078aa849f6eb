/// f-strings: `f"epoch {e}: loss {l:.4f}"`.
///
/// The lexer splits an f-string into text and fields and leaves each field's expression
/// as a range of the source, which the parser lexes and parses on its own (so a field
/// holds any expression, and its tokens keep their places for carets). A field ends at
/// the first `}` or `:` outside brackets and strings; a string inside a field uses the
/// other quote, as in Python before 3.12, since the f-string's own quote ends it. The
/// spec after `:` is plain text, read by `FormatSpec` when the f-string is compiled.
extension Lexer {
    /// The tokens of a source followed by those of every f-string field in it (fields of
    /// fields too), each with its range in the source: for a tool that looks at tokens
    /// without parsing, such as the shell renumbering `_N` in a loaded file.
    /// - Throws: `SyntaxError`, as `tokenize` does.
    public static func tokenizeWithFields(_ source: Source) throws -> [Token] {
        var all = try tokenize(source)
        var next = 0
        while next < all.count {
            if case let .formatString(pieces) = all[next].kind {
                for case let .field(range, _, _) in pieces { all += try tokenize(source, in: range) }
            }
            next += 1
        }
        return all
    }

    /// Reads an f-string; `start` is the `f`, the position is at the opening quote.
    mutating func formatString(start: Int) throws {
        let quote = bytes[position]
        position += 1
        var pieces: [FormatPiece] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty { pieces.append(.text(String(decoding: text, as: UTF8.self))) }
            text.removeAll()
        }
        while true {
            guard let byte = byte(at: position), byte != UInt8(ascii: "\n") else {
                throw SyntaxError.unterminatedString(range: SourceRange(start, start + 2), source: source)
            }
            switch byte {
            case quote:
                position += 1
                flush()
                tokens.append(Token(.formatString(pieces), SourceRange(start, position)))
                return
            case UInt8(ascii: "\\"):
                try escape(into: &text, stringStart: start)
            case UInt8(ascii: "{") where self.byte(at: position + 1) == UInt8(ascii: "{"),
                UInt8(ascii: "}") where self.byte(at: position + 1) == UInt8(ascii: "}"):
                text.append(byte)
                position += 2
            case UInt8(ascii: "{"):
                flush()
                pieces.append(try formatField(quote: quote))
            case UInt8(ascii: "}"):
                throw fieldError("a single '}' in an f-string: write '}}' for a brace", SourceRange(position, position + 1))
            default:
                text.append(byte)
                position += 1
            }
        }
    }

    /// One `{expression:spec}`, at its `{`.
    private mutating func formatField(quote: UInt8) throws -> FormatPiece {
        let open = position
        position += 1
        var depth = 0
        let expressionStart = position
        var expressionEnd: Int?
        var specStart = 0
        while true {
            guard let byte = byte(at: position), byte != quote, byte != UInt8(ascii: "\n") else {
                throw fieldError(
                    "'{' in an f-string is never closed: end the field with '}' (write '{{' for a brace)",
                    SourceRange(open, open + 1))
            }
            if expressionEnd == nil {
                switch byte {
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: ")"), UInt8(ascii: "]"): depth -= 1
                case UInt8(ascii: "}") where depth > 0: depth -= 1
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    try skipFieldString(quote: byte, open: open)
                    continue
                case UInt8(ascii: ":") where depth <= 0, UInt8(ascii: "}") where depth <= 0:
                    expressionEnd = position
                    specStart = position + 1
                default: break
                }
            } else if byte == UInt8(ascii: "{") {
                throw fieldError(
                    "a format spec cannot hold another field; build the spec first and call format(x, spec)",
                    SourceRange(position, position + 1))
            }
            if byte == UInt8(ascii: "}"), let end = expressionEnd, depth <= 0 {
                let expression = SourceRange(expressionStart, end)
                guard source.bytes[expressionStart..<end].contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else {
                    throw fieldError(
                        "an empty field '{}' in an f-string: put a name or expression between the braces",
                        SourceRange(open, position + 1))
                }
                let specRange = SourceRange(min(specStart, position), position)
                position += 1
                return .field(expression: expression, spec: source.text(of: specRange), specRange: specRange)
            }
            position += 1
        }
    }

    /// Skips a string inside a field (one in the other quote), escapes included.
    private mutating func skipFieldString(quote: UInt8, open: Int) throws {
        position += 1
        while let byte = byte(at: position), byte != UInt8(ascii: "\n") {
            position += byte == UInt8(ascii: "\\") ? 2 : 1
            if byte == quote { return }
        }
        throw fieldError(
            "'{' in an f-string is never closed: end the field with '}' (write '{{' for a brace)",
            SourceRange(open, open + 1))
    }

    private func fieldError(_ problem: String, _ range: SourceRange) -> SyntaxError {
        .formatString(problem: problem, range: range, source: source)
    }
}
