/// Number and string literals.
extension Lexer {
    /// `3`, `3.5`, `.5`, `3e-4`, `1_000`. An underscore must sit between two digits; a
    /// number running into letters (`3x`) or too large for a double (`1e999`) is an error.
    mutating func number() throws {
        let start = position
        skipDigits()
        if byte(at: position) == UInt8(ascii: "."), byte(at: position + 1).map(Lexer.isDigit) == true {
            position += 1
            skipDigits()
        }
        if let e = byte(at: position), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var next = position + 1
            if let sign = byte(at: next), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { next += 1 }
            if byte(at: next).map(Lexer.isDigit) == true {
                position = next
                skipDigits()
            }
        }
        var malformed = false
        // Letters, digits or underscores glued to the number make it one bad token.
        while let byte = byte(at: position) {
            if Lexer.isASCIILetter(byte) || Lexer.isDigit(byte) || byte == UInt8(ascii: "_") {
                position += 1
            } else if byte >= 0x80, let (scalar, length) = scalar(at: position), scalar.properties.isXIDContinue {
                position += length
            } else {
                break
            }
            malformed = true
        }
        let range = SourceRange(start, position)
        let text = source.text(of: range)
        guard !malformed, Lexer.underscoresAreBetweenDigits(text),
            let value = Double(text.filter { $0 != "_" }), value.isFinite
        else {
            throw SyntaxError.invalidNumber(text, range: range, source: source)
        }
        tokens.append(Token(.number(value), range))
    }

    mutating func skipDigits() {
        while let byte = byte(at: position), Lexer.isDigit(byte) || byte == UInt8(ascii: "_") {
            position += 1
        }
    }

    static func underscoresAreBetweenDigits(_ text: String) -> Bool {
        let characters = Array(text.utf8)
        for (i, byte) in characters.enumerated() where byte == UInt8(ascii: "_") {
            guard i > 0, i + 1 < characters.count,
                isDigit(characters[i - 1]), isDigit(characters[i + 1])
            else { return false }
        }
        return true
    }

    /// A string in double or single quotes, on one line, with escapes resolved.
    mutating func string() throws {
        let start = position
        let quote = bytes[position]
        position += 1
        var content: [UInt8] = []
        while true {
            guard let byte = byte(at: position), byte != UInt8(ascii: "\n") else {
                throw SyntaxError.unterminatedString(range: SourceRange(start, start + 1), source: source)
            }
            if byte == quote {
                position += 1
                break
            }
            if byte == UInt8(ascii: "\\") {
                try escape(into: &content, stringStart: start)
            } else {
                content.append(byte)
                position += 1
            }
        }
        tokens.append(Token(.string(String(decoding: content, as: UTF8.self)), SourceRange(start, position)))
    }

    /// One escape sequence, starting at the backslash.
    mutating func escape(into content: inout [UInt8], stringStart: Int) throws {
        let start = position
        position += 1
        guard let letter = byte(at: position), letter != UInt8(ascii: "\n") else {
            throw SyntaxError.unterminatedString(range: SourceRange(stringStart, stringStart + 1), source: source)
        }
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "n"): 0x0A, UInt8(ascii: "t"): 0x09, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "0"): 0,
            UInt8(ascii: "\\"): UInt8(ascii: "\\"), UInt8(ascii: "\""): UInt8(ascii: "\""),
            UInt8(ascii: "'"): UInt8(ascii: "'"),
        ]
        if let resolved = simple[letter] {
            content.append(resolved)
            position += 1
            return
        }
        if letter == UInt8(ascii: "u") {
            position += 1
            if let scalar = unicodeEscapeBody() {
                content.append(contentsOf: Array(String(Character(scalar)).utf8))
                return
            }
        } else {
            position += scalar(at: position)?.1 ?? 1
        }
        let range = SourceRange(start, position)
        throw SyntaxError.invalidEscape(source.text(of: range), range: range, source: source)
    }

    /// `{1F600}` after `\u`: one to six hex digits naming a valid scalar. Leaves the
    /// position after what it read, so an error's range covers the bad part.
    mutating func unicodeEscapeBody() -> Unicode.Scalar? {
        guard byte(at: position) == UInt8(ascii: "{") else { return nil }
        position += 1
        var value: UInt32 = 0
        var digits = 0
        while let byte = byte(at: position), let digit = Lexer.hexValue(byte) {
            position += 1
            digits += 1
            if digits <= 6 { value = value * 16 + digit }
        }
        guard byte(at: position) == UInt8(ascii: "}") else { return nil }
        position += 1
        guard (1...6).contains(digits) else { return nil }
        return Unicode.Scalar(value)
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
