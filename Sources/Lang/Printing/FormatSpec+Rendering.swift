import Glibc

/// Rendering a number or a string under a `FormatSpec`, with Python's rules.
///
/// The digits of `f`, `e` and `g` come from the C library's `%.*f`, `%.*e` and `%.*g`,
/// which round the double's exact binary value half-to-even as CPython does (CPython's
/// own formatter gives the same digits); sign, `%`, grouping, padding and alignment are
/// applied here, as Python's `format` applies them.
extension FormatSpec {
    /// A number under the spec.
    /// - Throws: `FormatSpecError` for a code numbers do not have (`s`, `q`), an integer
    ///   code on a number that is not whole, or options Python refuses together.
    func format(number x: Double) throws(FormatSpecError) -> String {
        guard let type else { return try pad(body(untyped: x), number: x) }
        guard FormatSpec.numberTypes.contains(type) else {
            throw FormatSpecError("unknown format code '\(type)' for a number (use one of f e g % d x o b, e.g. '.4f')")
        }
        if "dxXob".contains(type) { return try pad(integerBody(x, type), number: x) }
        return try pad(floatBody(x, type), number: x)
    }

    /// A string under the spec: `s` or no code, fill, alignment, width and a precision
    /// that cuts the text.
    /// - Throws: `FormatSpecError` for a number code or a number-only option.
    func format(text: String) throws(FormatSpecError) -> String {
        if let type, type != "s" {
            throw FormatSpecError("unknown format code '\(type)' for a string (a string takes 's' or none)")
        }
        guard sign == .minus, !coercesNegativeZero, !alternate, grouping == nil, alignment != .afterSign else {
            throw FormatSpecError(
                "the format spec '\(self.text)' is for numbers: a string takes only fill, alignment, width and a precision")
        }
        var shown = text
        if let precision, shown.count > precision { shown = String(shown.prefix(precision)) }
        return Self.aligned(shown, width: width, fill: fill ?? (zeroPadding ? "0" : " "), alignment: alignment ?? .left)
    }

    // MARK: Bodies: the sign, a prefix and the digits, before padding

    /// A sign, a prefix (`0x`), the digits and what follows them (`.5`, `e+03`, `%`).
    struct Body {
        var sign = ""
        var prefix = ""
        var integer = ""
        var rest = ""
    }

    /// No type code: Sprout's own printing of the number, or with a precision Python's
    /// general format: like `g`, but scientific from an exponent of precision - 1 on,
    /// and a fixed result keeps one digit after the point (`format(3.0, '.3')` is `3.0`).
    private func body(untyped x: Double) throws(FormatSpecError) -> Body {
        let negative = x.sign == .minus && !x.isNaN
        guard let precision else { return split(formatNumber(abs(x)), negative: negative) }
        let p = max(precision, 1)
        let scientific = Self.c("e", p - 1, abs(x), alternate: alternate)
        guard x.isFinite, let exponent = scientific.split(separator: "e").last.flatMap({ Int($0) }) else {
            return split(scientific, negative: negative)
        }
        if exponent >= -4 && exponent < p - 1 {
            var fixed = Self.c("f", p - 1 - exponent, abs(x), alternate: alternate)
            if !alternate { fixed = Self.trimmingZeros(fixed) }
            if !fixed.contains(".") { fixed += ".0" } else if fixed.hasSuffix(".") { fixed += "0" }
            return split(fixed, negative: negative)
        }
        guard !alternate, let e = scientific.firstIndex(of: "e") else { return split(scientific, negative: negative) }
        return split(Self.trimmingZeros(String(scientific[..<e])) + scientific[e...], negative: negative)
    }

    /// `1.500` as `1.5`, `2.000` as `2`: trailing zeros after a point, and the point.
    static func trimmingZeros(_ digits: String) -> String {
        guard digits.contains(".") else { return digits }
        var text = Substring(digits)
        while text.hasSuffix("0") { text = text.dropLast() }
        if text.hasSuffix(".") { text = text.dropLast() }
        return String(text)
    }

    private func floatBody(_ x: Double, _ type: Character) throws(FormatSpecError) -> Body {
        let p = precision ?? 6
        let magnitude = type == "%" ? abs(x) * 100 : abs(x)
        let letter: Character = type == "%" ? "f" : Character(type.lowercased())
        var digits = Self.c(letter, letter == "g" ? max(p, 1) : p, magnitude, alternate: alternate)
        if type.isUppercase { digits = digits.uppercased() }
        if type == "%" { digits += "%" }
        var negative = x.sign == .minus && !x.isNaN
        if negative, coercesNegativeZero, x.isFinite, digits.allSatisfy({ !("1"..."9").contains($0) }) { negative = false }
        return split(digits, negative: negative)
    }

    private func integerBody(_ x: Double, _ type: Character) throws(FormatSpecError) -> Body {
        guard x.isFinite, x == x.rounded() else {
            throw FormatSpecError("format code '\(type)' needs a whole number, got \(formatNumber(x)) (use '.0f' to round it, or int(x))")
        }
        if precision != nil {
            throw FormatSpecError("format code '\(type)' takes no precision (use '.\(precision ?? 0)f' for decimals)")
        }
        if grouping == ",", type != "d" {
            throw FormatSpecError("',' cannot be used with format code '\(type)' (use '_')")
        }
        var body = split("", negative: x < 0)
        if type == "d" {
            body.integer = Self.c("f", 0, abs(x), alternate: false)
        } else {
            guard abs(x) < 9.2e18 else {
                throw FormatSpecError("format code '\(type)' takes numbers below 2^63 in size, got \(formatNumber(x))")
            }
            let radix = type == "o" ? 8 : type == "b" ? 2 : 16
            body.integer = String(Int(abs(x)), radix: radix, uppercase: type == "X")
            if alternate { body.prefix = "0" + (type == "X" ? "X" : String(type)) }
        }
        return body
    }

    /// Splits printed digits into their integer digits and the rest, adding the sign.
    private func split(_ digits: String, negative: Bool) -> Body {
        let integer = digits.prefix { $0.isASCII && $0.isNumber }
        let signText = negative ? "-" : sign == .plus ? "+" : sign == .space ? " " : ""
        return Body(sign: signText, integer: String(integer), rest: String(digits.dropFirst(integer.count)))
    }

    // MARK: Grouping and padding

    /// Groups the digits, then pads to `width`: zeros (with `0` or `=`) go between the
    /// sign and the digits and are grouped as digits, as Python does (`'010,'` gives
    /// `00,001,234`).
    private func pad(_ body: Body, number x: Double) throws(FormatSpecError) -> String {
        let groupSize = type.map { "xXob".contains($0) } == true ? 4 : 3
        let fillCharacter = fill ?? (zeroPadding ? "0" : " ")
        let align = alignment ?? (zeroPadding ? .afterSign : .right)
        var integer = body.integer
        if let grouping, !integer.isEmpty {
            integer = Self.grouped(integer, by: grouping, size: groupSize)
            let room = width - body.sign.count - body.prefix.count - body.rest.count
            if align == .afterSign, fillCharacter == "0", fill == nil || zeroPadding {
                // The fewest digits whose grouped text fills the room (d digits group
                // into d + (d - 1) / size characters), found without building each.
                var count = body.integer.count
                while count + (count - 1) / groupSize < room { count += 1 }
                let digits = String(repeating: "0", count: count - body.integer.count) + body.integer
                integer = Self.grouped(digits, by: grouping, size: groupSize)
            }
        }
        if align == .afterSign {
            let inner = integer + body.rest
            let room = width - body.sign.count - body.prefix.count - inner.count
            let padding = room > 0 ? String(repeating: fillCharacter, count: room) : ""
            return body.sign + body.prefix + padding + inner
        }
        return Self.aligned(body.sign + body.prefix + integer + body.rest, width: width, fill: fillCharacter, alignment: align)
    }

    /// `1234567` as `1,234,567` (groups of `size`, counted from the right).
    static func grouped(_ digits: String, by separator: Character, size: Int) -> String {
        var out: [Character] = []
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % size == 0 { out.append(separator) }
            out.append(c)
        }
        return String(out.reversed())
    }

    /// `text` padded with `fill` to `width` characters; centring puts the odd one right.
    static func aligned(_ text: String, width: Int, fill: Character, alignment: Alignment) -> String {
        let room = width - text.count
        guard room > 0 else { return text }
        switch alignment {
        case .left: return text + String(repeating: fill, count: room)
        case .right, .afterSign: return String(repeating: fill, count: room) + text
        case .center:
            return String(repeating: fill, count: room / 2) + text + String(repeating: fill, count: room - room / 2)
        }
    }

    /// A non-negative double through C's `%.*f`, `%.*e` or `%.*g` (with `#` for the
    /// alternate form); infinity and nan as Python writes them.
    static func c(_ letter: Character, _ precision: Int, _ x: Double, alternate: Bool) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return "inf" }
        return cFormat("%" + (alternate ? "#" : "") + ".*" + String(letter), precision, x)
    }
}
