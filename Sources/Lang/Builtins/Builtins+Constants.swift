/// The named numbers a NumPy or PyTorch user reaches for: `nan`, `inf` and `pi` (so
/// `-inf` is a mask value and `x != x` finds `nan`). They are ordinary globals the
/// interpreter defines at start, like the builtins: a program may assign the same name,
/// which then means the program's value for the rest of the session.
public struct Constant: Sendable {
    public let name: String
    public let value: Double
    /// One line: what it is.
    public let summary: String
    /// A line of Sprout that uses it, with its result.
    public let example: String
}

extension Builtins {
    public static let constants: [Constant] = [
        Constant(
            name: "nan", value: .nan, summary: "Not a number: the result of 0/0; it equals nothing, itself included.",
            example: "nan == nan   # false"),
        Constant(
            name: "inf", value: .infinity, summary: "Positive infinity; -inf is its negative, as a mask value before softmax.",
            example: "-inf < -1e300   # true"),
        Constant(
            name: "pi", value: .pi, summary: "The ratio of a circle's circumference to its diameter.",
            example: "pi   # 3.14159"),
    ]

    /// What `help("pi")` writes: the value, then the summary and example.
    static func help(for constant: Constant) -> String {
        "\(constant.name) = \(formatNumber(constant.value))\n  \(constant.summary)\n  example: \(constant.example)"
    }
}
