/// Python's format-spec mini-language, the part after `:` in `f"{loss:.4f}"` and the
/// second argument of `format(x, spec)`:
///
///     spec := [[fill]align][sign]["z"]["#"]["0"][width][grouping]["." precision][type]
///     align := "<" | ">" | "^" | "="      sign := "+" | "-" | " "
///     grouping := "," | "_"               type := f F e E g G % d x X o b s
///
/// Kept as Python has it, so a spec copied from a PyTorch script prints the same text.
/// Sprout's numbers are all doubles, so the integer codes (`d`, `x`, `o`, `b`) take a
/// number that is whole and refuse one that is not, where Python refuses every float.
/// Without a type code a number prints as Sprout prints it (`3`, `0.1`), not as
/// Python's `repr` would (`3.0`); with a precision and no type it follows Python's
/// general format with at least one digit after the point.
///
/// Parsing and rendering are separate so an f-string parses its specs once, when it is
/// compiled; rendering is in `FormatSpec+Rendering.swift`.
struct FormatSpec: Equatable, Sendable {
    enum Alignment: Character, Sendable {
        case left = "<", right = ">", center = "^", afterSign = "="
    }

    enum Sign: Character, Sendable {
        case plus = "+", minus = "-", space = " "
    }

    /// The character that pads to `width`; nil when the spec names none.
    var fill: Character?
    var alignment: Alignment?
    var sign: Sign = .minus
    /// `z`: a negative zero (after rounding) prints as zero.
    var coercesNegativeZero = false
    /// `#`: keeps trailing zeros in `g`, the point in `.0f`, the prefix in `x`/`o`/`b`.
    var alternate = false
    /// `0` before the width: pad with zeros between the sign and the digits.
    var zeroPadding = false
    var width = 0
    /// `,` or `_` between groups of three digits (four for `x`, `o`, `b`).
    var grouping: Character?
    var precision: Int?
    /// The type code; nil when the spec has none.
    var type: Character?
    /// The spec as written, for messages.
    var text = ""

    /// Width and precision above this are refused: they only make huge strings, and a
    /// typo such as `{x:10000000000}` should not exhaust memory.
    static let maximumWidth = 10_000

    /// The type codes for numbers; `s` is the one for strings.
    static let numberTypes: Set<Character> = ["f", "F", "e", "E", "g", "G", "%", "d", "x", "X", "o", "b"]

    /// An empty spec: the value prints as `str` would print it.
    var isEmpty: Bool { text.isEmpty }

    /// Whether the spec asks for something only a number has: a number type, a sign,
    /// `z`, `#`, zero padding, grouping, a precision, or `=` alignment.
    var isNumeric: Bool {
        if let type { return type != "s" }
        return sign != .minus || coercesNegativeZero || alternate || zeroPadding || grouping != nil
            || precision != nil || alignment == .afterSign
    }

    /// Reads a spec.
    /// - Throws: `FormatSpecError` naming the first character that does not fit the
    ///   grammar, or a width or precision over `maximumWidth`.
    init(_ text: String) throws(FormatSpecError) {
        self.text = text
        let chars = Array(text)
        var i = 0
        func peek(_ offset: Int = 0) -> Character? { i + offset < chars.count ? chars[i + offset] : nil }

        if let second = peek(1), let align = Alignment(rawValue: second) {
            fill = chars[i]
            alignment = align
            i += 2
        } else if let first = peek(), let align = Alignment(rawValue: first) {
            alignment = align
            i += 1
        }
        if let c = peek(), let s = Sign(rawValue: c) { sign = s; i += 1 }
        if peek() == "z" { coercesNegativeZero = true; i += 1 }
        if peek() == "#" { alternate = true; i += 1 }
        if peek() == "0" { zeroPadding = true; i += 1 }
        width = try Self.digits(chars, &i, what: "width", spec: text) ?? 0
        if let c = peek(), c == "," || c == "_" { grouping = c; i += 1 }
        if peek() == "." {
            i += 1
            guard let p = try Self.digits(chars, &i, what: "precision", spec: text) else {
                throw FormatSpecError("the format spec '\(text)' has a '.' without a precision after it (write e.g. '.4f')")
            }
            precision = p
        }
        if let c = peek(), c.isLetter || c == "%" { type = c; i += 1 }
        guard i == chars.count else {
            throw FormatSpecError(
                "invalid format spec '\(text)': '\(chars[i])' does not fit [[fill]align][sign][#][0][width][,][.precision][type], e.g. '>8.3f'"
            )
        }
    }

    /// A run of decimal digits at `i`, or nil when there is none.
    private static func digits(_ chars: [Character], _ i: inout Int, what: String, spec: String) throws(FormatSpecError) -> Int? {
        var value = 0
        var count = 0
        while i < chars.count, let digit = chars[i].wholeNumberValue, chars[i].isASCII {
            value = min(value * 10 + digit, maximumWidth + 1)
            count += 1
            i += 1
        }
        guard count > 0 else { return nil }
        guard value <= maximumWidth else {
            throw FormatSpecError("the \(what) in the format spec '\(spec)' is too large (at most \(maximumWidth))")
        }
        return value
    }
}

/// A spec that cannot be read, or that does not apply to the value it formats. The
/// message is complete; the caller places it (at the spec inside an f-string, or at the
/// call of `format`).
struct FormatSpecError: Error, Equatable {
    let message: String
    init(_ message: String) {
        self.message = message
    }
}
