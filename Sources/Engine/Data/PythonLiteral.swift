/// The few Python literals a `.npy` header is written in: `{'descr': '<f4',
/// 'fortran_order': False, 'shape': (2, 3), }`. NumPy writes the header with `repr` and
/// reads it with `ast.literal_eval`; this reads the same subset of Python (strings,
/// whole numbers, True/False/None, tuples, lists and dicts) and nothing more, so a header
/// is data, never code.
indirect enum PythonLiteral: Equatable, Sendable {
    case string(String)
    /// A whole number as written (digits, an optional sign, Python 2's `L` dropped); `value`
    /// is nil when it does not fit an `Int`.
    case integer(text: String, value: Int?)
    case bool(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dict([(key: PythonLiteral, value: PythonLiteral)])

    static func == (a: PythonLiteral, b: PythonLiteral) -> Bool { a.repr == b.repr }

    /// The literal as Python's `repr` writes it, for messages: `('x', '<f4')`.
    var repr: String {
        switch self {
        case let .string(s):
            var quoted = "'"
            for c in s {
                if c == "\\" || c == "'" { quoted.append("\\") }
                quoted.append(c)
            }
            return quoted + "'"
        case let .integer(text, _): return text
        case let .bool(b): return b ? "True" : "False"
        case .none: return "None"
        case let .tuple(items): return items.count == 1 ? "(\(items[0].repr),)" : "(" + items.map(\.repr).joined(separator: ", ") + ")"
        case let .list(items): return "[" + items.map(\.repr).joined(separator: ", ") + "]"
        case let .dict(pairs): return "{" + pairs.map { "\($0.key.repr): \($0.value.repr)" }.joined(separator: ", ") + "}"
        }
    }

    /// Parses `bytes` as one literal, surrounded by nothing but spaces and newlines.
    /// - Throws: the `detail` of a malformed header: what was expected, at which character.
    static func parse(_ bytes: [UInt8]) throws(PythonLiteralError) -> PythonLiteral {
        var parser = Parser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipSpaces()
        guard parser.position == bytes.count else { throw parser.expected("the end of the header") }
        return value
    }
}

/// Where and why a header is not a Python literal: `expected ',' or ')' at character 56, found '}'`.
struct PythonLiteralError: Error, Equatable {
    var detail: String
}

extension PythonLiteral {
    /// Recursive descent over bytes; `position` is the next byte to read.
    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        /// Nesting past this is refused: a header of 64 dimensions nests two levels, and a
        /// bound keeps a hostile header from exhausting the stack.
        static let maxDepth = 32

        mutating func value(depth: Int) throws(PythonLiteralError) -> PythonLiteral {
            skipSpaces()
            guard depth < Self.maxDepth else { throw PythonLiteralError(detail: "nested more than \(Self.maxDepth) deep") }
            guard let byte = peek else { throw expected("a value") }
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""): return try string()
            case UInt8(ascii: "("): return .tuple(try sequence(closing: ")", depth: depth))
            case UInt8(ascii: "["): return .list(try sequence(closing: "]", depth: depth))
            case UInt8(ascii: "{"): return try dict(depth: depth)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try integer()
            default:
                for (word, literal) in [("True", PythonLiteral.bool(true)), ("False", .bool(false)), ("None", .none)] where matches(word) {
                    position += word.utf8.count
                    return literal
                }
                throw expected("a value")
            }
        }

        /// `( … )` or `[ … ]`: items separated by commas, a trailing comma allowed.
        private mutating func sequence(closing: Unicode.Scalar, depth: Int) throws(PythonLiteralError) -> [PythonLiteral] {
            position += 1
            var items: [PythonLiteral] = []
            while true {
                skipSpaces()
                if peek == UInt8(ascii: closing) {
                    position += 1
                    return items
                }
                items.append(try value(depth: depth + 1))
                skipSpaces()
                if peek == UInt8(ascii: ",") {
                    position += 1
                } else if peek != UInt8(ascii: closing) {
                    throw expected("',' or '\(closing)'")
                }
            }
        }

        private mutating func dict(depth: Int) throws(PythonLiteralError) -> PythonLiteral {
            position += 1
            var pairs: [(key: PythonLiteral, value: PythonLiteral)] = []
            while true {
                skipSpaces()
                if peek == UInt8(ascii: "}") {
                    position += 1
                    return .dict(pairs)
                }
                let key = try value(depth: depth + 1)
                skipSpaces()
                guard peek == UInt8(ascii: ":") else { throw expected("':'") }
                position += 1
                pairs.append((key, try value(depth: depth + 1)))
                skipSpaces()
                if peek == UInt8(ascii: ",") {
                    position += 1
                } else if peek != UInt8(ascii: "}") {
                    throw expected("',' or '}'")
                }
            }
        }

        /// A quoted string with backslash escapes of the quote and the backslash; any other
        /// escape is kept as written (a dtype never needs one).
        private mutating func string() throws(PythonLiteralError) -> PythonLiteral {
            let quote = bytes[position]
            let start = position
            position += 1
            var text: [UInt8] = []
            while let byte = peek {
                position += 1
                if byte == quote { return .string(String(decoding: text, as: UTF8.self)) }
                if byte == UInt8(ascii: "\\"), let next = peek, next == quote || next == UInt8(ascii: "\\") {
                    text.append(next)
                    position += 1
                } else {
                    text.append(byte)
                }
            }
            position = start
            throw PythonLiteralError(detail: "the string at character \(start + 1) is not closed")
        }

        /// Digits with an optional minus sign and Python 2's `L` suffix.
        private mutating func integer() throws(PythonLiteralError) -> PythonLiteral {
            let start = position
            if peek == UInt8(ascii: "-") { position += 1 }
            let digitsStart = position
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
            guard position > digitsStart else { throw expected("a digit") }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            if peek == UInt8(ascii: "L") || peek == UInt8(ascii: "l") { position += 1 }
            return .integer(text: text, value: Int(text))
        }

        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        private func matches(_ word: String) -> Bool {
            let word = Array(word.utf8)
            return bytes.count - position >= word.count && Array(bytes[position..<position + word.count]) == word
        }

        mutating func skipSpaces() {
            while let byte = peek,
                byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            {
                position += 1
            }
        }

        /// `expected X at character N, found 'c'` (or `found the end of the header`).
        func expected(_ what: String) -> PythonLiteralError {
            let found = peek.map { "'" + String(decoding: [$0], as: UTF8.self) + "'" } ?? "the end of the header"
            return PythonLiteralError(detail: "expected \(what) at character \(position + 1), found \(found)")
        }
    }
}
