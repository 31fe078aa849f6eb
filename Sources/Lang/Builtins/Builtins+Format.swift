import Engine

/// `format(x, spec)` and the value formatting it shares with f-string fields.
extension Builtins {
    static func formatting() -> [Builtin] {
        [
            Builtin(
                "format", [arg("x", "any value"), arg("spec", "a format spec string", "\"\"")],
                summary:
                    "x as text under a Python format spec ([[fill]align][sign][#][0][width][,][.precision][type], types f e g % d x o b s), as f\"{x:spec}\" does. Sprout's numbers are all doubles: with no type a number prints as Sprout prints it (3, not 3.0), and d x o b take whole numbers.",
                example: "format(0.98765, \".1%\")   # \"98.8%\""
            ) { args, _ in
                let value = args.value("x") ?? .none
                let spec: FormatSpec
                do {
                    spec = try FormatSpec(try args.string("spec"))
                    return .string(try formatted(value, spec))
                } catch let error as FormatSpecError {
                    throw RuntimeError(.call(function: "format", problem: error.message))
                }
            }
        ]
    }

    /// A value's text under a spec: an empty spec gives what `str` gives; a number, or a
    /// tensor of one element, follows the spec's number rules; a string its string rules;
    /// any other value (a bool, a list) pads its `str` text, but takes no number options.
    /// - Throws: `FormatSpecError` for a spec that does not fit the value, such as
    ///   `.4f` on a tensor of several elements (the message says to use item() or index).
    static func formatted(_ value: Value, _ spec: FormatSpec) throws(FormatSpecError) -> String {
        if spec.isEmpty { return ValueFormatter.plain(value) }
        switch value {
        case let .number(x):
            return try spec.format(number: x)
        case let .string(s):
            return try spec.format(text: s)
        case let .tensor(t) where t.count == 1:
            return try spec.format(number: Double(t[flat: 0]))
        case let .tensor(t) where spec.isNumeric:
            throw FormatSpecError(
                "a tensor of shape \(Shape.describe(t.shape)) is not a single number, so '\(spec.text)' cannot format it; use item() on a one-element tensor, or index it, e.g. x[0]"
            )
        default:
            guard !spec.isNumeric else {
                throw FormatSpecError("the format spec '\(spec.text)' needs a number, got \(value.described)")
            }
            return try spec.format(text: ValueFormatter.plain(value))
        }
    }
}
