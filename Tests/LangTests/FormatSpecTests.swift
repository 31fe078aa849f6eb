import Testing

@testable import Lang

/// The format-spec mini-language against Python's own `format`, from a table python3
/// generated (`FormatSpecTable.swift` says how), and Sprout's own rules where it differs.
@Suite("Format specs give Python's text")
struct FormatSpecTests {
    @Test func numbersMatchPython() throws {
        var mismatches: [String] = []
        for row in pythonFormatTable {
            let x = try #require(Double(row.value))
            do {
                let got = try FormatSpec(row.spec).format(number: x)
                if got != row.expected { mismatches.append("format(\(row.value), '\(row.spec)'): \(got) != \(row.expected)") }
            } catch {
                mismatches.append("format(\(row.value), '\(row.spec)') threw \(error.message)")
            }
        }
        #expect(pythonFormatTable.count > 900)
        #expect(mismatches.isEmpty, "\(mismatches.count) differ:\n\(mismatches.prefix(40).joined(separator: "\n"))")
    }

    @Test func stringsMatchPython() throws {
        var mismatches: [String] = []
        for row in pythonStringFormatTable {
            let got = try FormatSpec(row.spec).format(text: row.text)
            if got != row.expected { mismatches.append("format('\(row.text)', '\(row.spec)'): '\(got)' != '\(row.expected)'") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    /// No type code: Sprout's printing of the number (Python's repr would give `3.0`).
    @Test(arguments: [
        (3.0, "", "3"), (0.1, "", "0.1"), (3.0, ">5", "    3"), (1234567.0, ",", "1,234,567"),
        (-2.5, "+", "-2.5"), (2.5, "+", "+2.5"), (7.0, "05", "00007"), (1e20, "", "1e+20"),
    ])
    func untypedNumbersPrintAsSprout(_ x: Double, _ spec: String, _ expected: String) throws {
        #expect(try FormatSpec(spec).format(number: x) == expected)
    }

    /// The widest zero padding with grouping: the zeros are grouped too, as in Python.
    @Test func widestGroupedZeroPadding() throws {
        let text = try FormatSpec("010000,").format(number: 1)
        // Python: len(format(1, '010000,')) == 10001, a group never starting with ','.
        #expect(text.count == 10_001)
        #expect(text.hasSuffix("0,000,001") && text.hasPrefix("0,000,"))
    }

    @Test(arguments: [
        (2.5, "d", "format code 'd' needs a whole number, got 2.5 (use '.0f' to round it, or int(x))"),
        (1.0, "q", "unknown format code 'q' for a number (use one of f e g % d x o b, e.g. '.4f')"),
        (1.0, "s", "unknown format code 's' for a number (use one of f e g % d x o b, e.g. '.4f')"),
        (3.0, ".2d", "format code 'd' takes no precision (use '.2f' for decimals)"),
        (3.0, ",x", "',' cannot be used with format code 'x' (use '_')"),
    ])
    func numberErrors(_ x: Double, _ spec: String, _ message: String) {
        #expect(throws: FormatSpecError(message)) { try FormatSpec(spec).format(number: x) }
    }

    @Test(arguments: [
        (".4q2", "invalid format spec '.4q2': '2' does not fit [[fill]align][sign][#][0][width][,][.precision][type], e.g. '>8.3f'"),
        ("10.f", "the format spec '10.f' has a '.' without a precision after it (write e.g. '.4f')"),
        ("99999999999", "the width in the format spec '99999999999' is too large (at most 10000)"),
        (".20000f", "the precision in the format spec '.20000f' is too large (at most 10000)"),
    ])
    func badSpecs(_ spec: String, _ message: String) {
        #expect(throws: FormatSpecError(message)) { try FormatSpec(spec) }
    }

    @Test func stringErrors() {
        #expect(throws: FormatSpecError("unknown format code 'f' for a string (a string takes 's' or none)")) {
            try FormatSpec(".2f").format(text: "a")
        }
        #expect(throws: FormatSpecError("the format spec '+5' is for numbers: a string takes only fill, alignment, width and a precision"))
        {
            try FormatSpec("+5").format(text: "a")
        }
    }
}
