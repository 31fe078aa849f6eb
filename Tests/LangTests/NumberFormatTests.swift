import Foundation
import Testing

@testable import Lang

/// A number prints so that it never reads as a different number it could be mistaken
/// for: whole numbers up to 2^53 (every one a Double holds exactly) in all their digits,
/// and a number whose short form would read as another whole number with enough digits
/// to tell them apart.
@Suite("Number printing")
struct NumberFormatTests {
    struct Case: CustomStringConvertible, Sendable {
        let id: String
        let value: Double
        let text: String
        var description: String { id }
    }

    static let cases: [Case] = [
        Case(id: "sum of 0..<1e8", value: 4_999_999_950_000_000, text: "4999999950000000"),
        Case(id: "2^53", value: 9_007_199_254_740_992, text: "9007199254740992"),
        Case(id: "-2^53", value: -9_007_199_254_740_992, text: "-9007199254740992"),
        Case(id: "5e15", value: 5e15, text: "5000000000000000"),
        Case(id: "1e15", value: 1e15, text: "1000000000000000"),
        Case(id: "small whole", value: 42, text: "42"),
        Case(id: "negative zero", value: -0.0, text: "0"),
        Case(id: "past 2^53, exact in short form", value: 1e20, text: "1e+20"),
        Case(id: "past 2^53, short form another number", value: 1_152_921_504_606_846_976, text: "1.152921504606847e+18"),
        Case(id: "fraction that rounds to a whole", value: 123_456.7, text: "123456.7"),
        Case(id: "just above one", value: 1.0000001, text: "1.0000001"),
        Case(id: "just below one", value: 0.99999999, text: "0.99999999"),
        Case(id: "large fraction", value: 1_234_567.5, text: "1234567.5"),
        Case(id: "fraction keeps six digits", value: 2.302585092994046, text: "2.30259"),
        Case(id: "tiny", value: 1e-8, text: "1e-08"),
        Case(id: "float32 value", value: Double(Float(0.1)), text: "0.1"),
        Case(id: "nan", value: .nan, text: "nan"),
        Case(id: "-inf", value: -.infinity, text: "-inf"),
    ]

    @Test(arguments: cases)
    func printed(_ c: Case) {
        #expect(formatNumber(c.value) == c.text)
    }

    /// Whatever a whole number prints as reads back as the same number; a fraction
    /// never prints as a whole number.
    @Test func neverReadsAsAnotherWholeNumber() {
        // Magnitudes from 1 to 1e17 in half-decades, each with a different fraction.
        for i in 0..<2_000 {
            let x = (i.isMultiple(of: 2) ? 1 : -1) * pow(10, Double(i % 35) / 2) * (1 + Double(i) / 2_001)
            for value in [x, x.rounded()] {
                let text = formatNumber(value)
                guard let read = Double(text) else { Issue.record("\(text) does not read as a number"); continue }
                #expect(read == value || read != read.rounded(), "\(value) printed as \(text)")
            }
        }
    }

    /// What the issue reported: the loop's sum printed as 5e+15, and `s == 5e15` is false.
    @Test func loopSumPrintsItsDigits() {
        #expect(evalCell("s = 0\nfor i in 0..10000 { s += i * 100000000 }\ns") == "4999500000000000")
        #expect(evalCell("2**53") == "9007199254740992")
        #expect(evalCell("str(2**53 - 1)") == "\"9007199254740991\"")
    }
}
