import Engine
import Glibc
import Testing

/// The float parser must give exactly what glibc's correctly rounded `strtod` gives, on
/// generated strings of every shape, not just on a few hand-picked values.
@Suite("FastFloat")
struct FastFloatTests {
    /// strtod's value for `text`, and whether it read all of it.
    static func strtodValue(_ text: String) -> Double? {
        text.withCString { start in
            var stop: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(start, &stop)
            guard let stop, stop - UnsafeMutablePointer(mutating: start) == text.utf8.count, !text.isEmpty else { return nil }
            return value
        }
    }

    /// A random decimal: up to 25 digits with a point anywhere (or none), a sign, and
    /// sometimes an exponent from -400 to 400, so every path (fast, truncated mantissa,
    /// big exponent, overflow, underflow) is taken.
    static func randomDecimal(_ generator: inout some RandomNumberGenerator) -> String {
        let digitCount = Int.random(in: 1...25, using: &generator)
        var digits = (0..<digitCount).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
        if Bool.random(using: &generator) {
            let point = Int.random(in: 0...digitCount, using: &generator)
            digits.insert(".", at: digits.index(digits.startIndex, offsetBy: point))
            if digits == "." { digits = "0." }
        }
        let sign = ["", "-", "+"][Int.random(in: 0...2, using: &generator)]
        var exponent = ""
        switch Int.random(in: 0...3, using: &generator) {
        case 0: exponent = "e\(Int.random(in: -25...25, using: &generator))"
        case 1: exponent = "E\(Int.random(in: -400...400, using: &generator))"
        default: break
        }
        return sign + digits + exponent
    }

    @Test("agrees with strtod bit for bit on 200,000 generated decimals")
    func agreesWithStrtod() {
        var generator = SeededGenerator(seed: 20_261_205)  // seeded, so a failure can be reproduced
        var mismatches: [String] = []
        for _ in 0..<200_000 {
            let text = Self.randomDecimal(&generator)
            let expected = Self.strtodValue(text)
            let got = FastFloat.parse(text)
            if got?.bitPattern != expected?.bitPattern { mismatches.append(text) }
        }
        #expect(mismatches.count == 0, "first mismatches: \(mismatches.prefix(10))")
    }

    @Test(
        "edge cases agree with strtod",
        arguments: [
            "0", "-0", "+0", "0.0", "00012", "1", "9007199254740992", "9007199254740993", "9007199254740995",
            "1e22", "1e23", "123456789e-22", "9999999999999999999", "18446744073709551615", "18446744073709551616",
            "0.1", "0.3", "2.2250738585072014e-308", "2.2250738585072011e-308", "4.9e-324", "2.4e-324", "1e-400",
            "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "-1e309",
            "3.14159265358979323846264338327950288", "0.000000000000000000000000000001", "1e-5", "7.", ".5",
            "123456789012345678901234567890e-10", "1e0000000000000000000000000000005", "5e-1000000000",
        ])
    func edgeCases(text: String) {
        #expect(FastFloat.parse(text)?.bitPattern == Self.strtodValue(text)?.bitPattern, "\(text)")
    }

    @Test(
        "what is not a whole number",
        arguments: ["", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1,5", " 1", "1 ", "nan", "inf", "0x10", "--1", "1e5x"])
    func notNumbers(text: String) {
        #expect(FastFloat.parse(text) == nil, "\(text)")
    }

    @Test("scan stops where the number stops")
    func scanStops() {
        var text = "1.5,2e,3e+"
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            #expect(FastFloat.scan(base, from: 0, to: buffer.count)?.end == 3)
            #expect(FastFloat.scan(base, from: 4, to: buffer.count).map { [$0.value, Double($0.end)] } == [2, 5])
            #expect(FastFloat.scan(base, from: 7, to: buffer.count).map { [$0.value, Double($0.end)] } == [3, 8])
            #expect(FastFloat.scan(base, from: 3, to: buffer.count) == nil)
        }
    }
}
