/// The JSON a safetensors header is written in (RFC 8259, nothing more): objects, arrays,
/// strings, numbers, true/false/null. The Engine has no Foundation, and a header is a
/// small, hostile-until-checked input, so it is parsed here by a strict recursive descent
/// with a nesting limit, keeping each object's keys in order (a record shows tensors in
/// the order the file lists them) and each number's text (a size is checked as a whole
/// number by the caller, so `1e3`, `-1` and `2.5` each get their own message).
indirect enum JSONValue: Sendable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    /// The number as written; `integer` reads it when it is a whole number.
    case number(String)
    case bool(Bool)
    case null

    /// A whole number written without fraction or exponent that fits an `Int`; nil otherwise.
    var integer: Int? {
        guard case let .number(text) = self, !text.contains(where: { ".eE".contains($0) }) else { return nil }
        return Int(text)
    }

    /// What the value is, in words, for messages: "a string", "the number 2.5".
    var described: String {
        switch self {
        case .object: "an object"
        case .array: "a list"
        case let .string(s): "the string \"\(s.prefix(40))\""
        case let .number(text): "the number \(text.prefix(40))"
        case let .bool(b): b ? "true" : "false"
        case .null: "null"
        }
    }

    /// Parses `bytes` as one JSON value, surrounded by nothing but JSON whitespace.
    /// - Throws: `JSONError` saying what was expected at which byte, and what was found.
    static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipSpaces()
        guard parser.position == bytes.count else { throw parser.expected("the end of the header") }
        return value
    }
}

/// Where and why a header is not JSON: `expected ',' or '}' at byte 56, found 'x'`.
struct JSONError: Error, Equatable {
    var detail: String
}

/// Recursive descent over bytes; `position` is the next byte to read.
private struct JSONParser {
    let bytes: [UInt8]
    var position = 0

    /// Nesting past this is refused: a safetensors header nests three levels.
    static let maxDepth = 32

    mutating func skipSpaces() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    /// The error for something other than `what` at the current byte.
    func expected(_ what: String) -> JSONError {
        guard position < bytes.count else { return JSONError(detail: "expected \(what) at byte \(position), found the end of the header") }
        let byte = bytes[position]
        let found = (0x20..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16)
        return JSONError(detail: "expected \(what) at byte \(position), found \(found)")
    }

    mutating func value(depth: Int) throws(JSONError) -> JSONValue {
        guard depth < Self.maxDepth else { throw JSONError(detail: "nested more than \(Self.maxDepth) deep at byte \(position)") }
        skipSpaces()
        guard position < bytes.count else { throw expected("a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try word("true", .bool(true))
        case UInt8(ascii: "f"): return try word("false", .bool(false))
        case UInt8(ascii: "n"): return try word("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw expected("a value")
        }
    }

    private mutating func word(_ text: String, _ value: JSONValue) throws(JSONError) -> JSONValue {
        for byte in text.utf8 {
            guard position < bytes.count, bytes[position] == byte else { throw expected("'\(text)'") }
            position += 1
        }
        return value
    }

    private mutating func object(depth: Int) throws(JSONError) -> JSONValue {
        position += 1
        var pairs: [(key: String, value: JSONValue)] = []
        skipSpaces()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(pairs)
        }
        while true {
            skipSpaces()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw expected("a name in quotes") }
            let key = try string()
            skipSpaces()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw expected("':'") }
            position += 1
            pairs.append((key, try value(depth: depth + 1)))
            skipSpaces()
            guard position < bytes.count else { throw expected("',' or '}'") }
            if bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(pairs)
            }
            guard bytes[position] == UInt8(ascii: ",") else { throw expected("',' or '}'") }
            position += 1
        }
    }

    private mutating func array(depth: Int) throws(JSONError) -> JSONValue {
        position += 1
        var items: [JSONValue] = []
        skipSpaces()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(items)
        }
        while true {
            items.append(try value(depth: depth + 1))
            skipSpaces()
            guard position < bytes.count else { throw expected("',' or ']'") }
            if bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(items)
            }
            guard bytes[position] == UInt8(ascii: ",") else { throw expected("',' or ']'") }
            position += 1
        }
    }

    /// A number's text, checked against JSON's grammar: `-? (0 | [1-9][0-9]*) (. digits)? ([eE] [+-]? digits)?`.
    private mutating func number() throws(JSONError) -> JSONValue {
        let start = position
        func digits(_ parser: inout JSONParser) -> Int {
            let from = parser.position
            while parser.position < parser.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.position]) {
                parser.position += 1
            }
            return parser.position - from
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let whole = position
        guard digits(&self) > 0 else { throw expected("a digit") }
        if bytes[whole] == UInt8(ascii: "0"), position - whole > 1 { throw JSONError(detail: "a number starts with 0 at byte \(whole)") }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits(&self) > 0 else { throw expected("a digit") }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits(&self) > 0 else { throw expected("a digit") }
        }
        return .number(String(decoding: bytes[start..<position], as: UTF8.self))
    }

    /// A string's contents, escapes decoded; the opening quote is at `position`. The
    /// header was checked as UTF-8 as a whole, so the bytes between escapes decode as is.
    private mutating func string() throws(JSONError) -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var run = position
        func flush(_ parser: JSONParser, upTo end: Int) {
            scalars.append(contentsOf: String(decoding: parser.bytes[run..<end], as: UTF8.self).unicodeScalars)
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                flush(self, upTo: position)
                position += 1
                return String(scalars)
            }
            guard byte >= 0x20 else { throw expected("no control character in a string") }
            guard byte == UInt8(ascii: "\\") else {
                position += 1
                continue
            }
            flush(self, upTo: position)
            position += 1
            guard position < bytes.count else { throw expected("an escape") }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(Unicode.Scalar(escape))
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
            default:
                position -= 1
                throw expected("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)")
            }
            run = position
        }
        throw expected("'\"' to close the string")
    }

    /// The four hex digits after a `\u`, and a second `\u` escape when the first is the
    /// high half of a surrogate pair. Complete: a lone surrogate is an error.
    private mutating func unicodeEscape() throws(JSONError) -> Unicode.Scalar {
        let high = try hex4()
        if (0xD800..<0xDC00).contains(high), position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
            bytes[position + 1] == UInt8(ascii: "u")
        {
            position += 2
            let low = try hex4()
            if (0xDC00..<0xE000).contains(low), let scalar = Unicode.Scalar(0x10000 + (high - 0xD800) << 10 + (low - 0xDC00)) {
                return scalar
            }
        }
        guard let scalar = Unicode.Scalar(high) else { throw JSONError(detail: "a lone surrogate \\u escape before byte \(position)") }
        return scalar
    }

    private mutating func hex4() throws(JSONError) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard position < bytes.count, let digit = Character(Unicode.Scalar(bytes[position])).hexDigitValue else {
                throw expected("a hexadecimal digit")
            }
            code = code << 4 | UInt32(digit)
            position += 1
        }
        return code
    }
}
