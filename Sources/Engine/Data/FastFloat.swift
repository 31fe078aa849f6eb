import Glibc

/// Decimal text to the nearest double, as `strtod` gives it, without allocating.
///
/// Most numbers in a CSV file have a few digits and a small exponent. Those take Clinger's
/// fast path: the digits gathered into a 64-bit integer `m` and a decimal exponent `e`;
/// when `m < 2^53` and `|e| ≤ 22`, both `m` and `10^|e|` are exact doubles, so one
/// IEEE multiply or divide rounds once and gives the correctly rounded result. Anything
/// else (more than 19 digits, a large exponent, a big mantissa) is copied, NUL-terminated,
/// to a small buffer and handed to `strtod`, which is correctly rounded in glibc. Either
/// way the value is bit-for-bit what `strtod` returns; a test checks that on many
/// generated strings.
public enum FastFloat {
    /// The exact double 10^`e` for `e` in 0…22 (5^22 < 2^53, so each is representable).
    /// A switch, not an array: a literal table needs no lazy initialisation or bounds
    /// check in the hot loop.
    @inline(__always)
    private static func exactPower(_ e: Int) -> Double {
        switch e {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// Reads the longest number `[+-]digits[.digits][(e|E)[+-]digits]` (at least one
    /// mantissa digit) starting at `start`, stopping at `end` or at the first byte that
    /// cannot continue it. Returns the value (±infinity when it overflows a double) and
    /// where the number ended, or nil when no number starts at `start`. An `e` with no
    /// digits after it is not part of the number (the number ends before it).
    @inline(__always)
    public static func scan(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> (value: Double, end: Int)? {
        var p = start
        var isNegative = false
        if p < end, bytes[p] == UInt8(ascii: "-") || bytes[p] == UInt8(ascii: "+") {
            isNegative = bytes[p] == UInt8(ascii: "-")
            p += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var isTruncated = false
        var sawDigit = false
        while p < end, case let d = bytes[p] &- UInt8(ascii: "0"), d < 10 {
            sawDigit = true
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                if mantissa != 0 { significant += 1 }
            } else {
                exponent += 1
                if d != 0 { isTruncated = true }
            }
            p += 1
        }
        if p < end, bytes[p] == UInt8(ascii: ".") {
            p += 1
            while p < end, case let d = bytes[p] &- UInt8(ascii: "0"), d < 10 {
                sawDigit = true
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    if mantissa != 0 { significant += 1 }
                    exponent -= 1
                } else if d != 0 {
                    isTruncated = true
                }
                p += 1
            }
        }
        guard sawDigit else { return nil }
        if p < end, bytes[p] == UInt8(ascii: "e") || bytes[p] == UInt8(ascii: "E") {
            var q = p + 1
            var isExponentNegative = false
            if q < end, bytes[q] == UInt8(ascii: "-") || bytes[q] == UInt8(ascii: "+") {
                isExponentNegative = bytes[q] == UInt8(ascii: "-")
                q += 1
            }
            var written = 0
            var sawExponentDigit = false
            while q < end, case let d = bytes[q] &- UInt8(ascii: "0"), d < 10 {
                sawExponentDigit = true
                // Past a million the value is 0 or infinity whatever the mantissa; the
                // cap keeps the sum from overflowing.
                if written < 1_000_000 { written = written * 10 + Int(d) }
                q += 1
            }
            if sawExponentDigit {
                exponent += isExponentNegative ? -written : written
                p = q
            }
        }
        if mantissa == 0 { return (isNegative ? -0.0 : 0.0, p) }
        if !isTruncated, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let m = Double(mantissa)
            let magnitude = exponent >= 0 ? m * exactPower(exponent) : m / exactPower(-exponent)
            return (isNegative ? -magnitude : magnitude, p)
        }
        return (slowPath(bytes, from: start, to: p), p)
    }

    /// The whole of `start..<end` as a number, or nil when it is not exactly one.
    public static func parse(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Double? {
        guard let (value, stop) = scan(bytes, from: start, to: end), stop == end else { return nil }
        return value
    }

    /// `text` as a number, or nil when it is not exactly one (for tests and short strings).
    public static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return parse(base, from: 0, to: buffer.count)
        }
    }

    /// `strtod` on a NUL-terminated copy of a number already checked by `scan`.
    private static func slowPath(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Double {
        let length = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Double in
            guard let copy = buffer.baseAddress else { return .nan }
            for i in 0..<length { copy[i] = CChar(bitPattern: bytes[start + i]) }
            copy[length] = 0
            return strtod(copy, nil)
        }
    }
}
