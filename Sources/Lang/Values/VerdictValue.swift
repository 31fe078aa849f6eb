/// What one of the recipe's checks (`check_init`, `baselines`, `overfit`, `deps`, `peek`,
/// `health`, …) returns: a verdict that prints as one line starting with ✓ or ✗ and the
/// figures behind it, then details where they help, and that a program can read.
///
///     ✓ loss at init 2.31 vs ln(10) = 2.30
///
/// `.ok` is true or false, or none for a check that could not decide (its line starts
/// with `?` and says why), so a saved session can assert on it (`check_init(m, d).ok`)
/// and `recipe()` can tick the stage it belongs to. The figures are members too
/// (`v.loss`, `v.expected`), named by the check.
public final class VerdictValue: SproutObject {
    /// The three ways a check can end.
    public enum Outcome: Equatable, Sendable {
        case passed
        case failed
        /// The check could not decide; `headline` says why.
        case undecided

        /// The first character of the verdict's line.
        public var mark: String {
            switch self {
            case .passed: "✓"
            case .failed: "✗"
            case .undecided: "?"
            }
        }

        /// `.ok` as a value: true, false, or none when undecided.
        public var ok: Value {
            switch self {
            case .passed: .bool(true)
            case .failed: .bool(false)
            case .undecided: .none
            }
        }
    }

    /// The check's name, as called: "check_init".
    public let check: String
    public let outcome: Outcome
    /// The figures in words, after the mark: "loss at init 2.31 vs ln(10) = 2.30".
    public let headline: String
    /// Lines shown under the headline, indented (may be empty).
    public let details: [String]
    /// The figures a program reads as members (`v.loss`); `ok` and `check` are added.
    public let figures: Record
    public init(check: String, outcome: Outcome, headline: String, details: [String] = [], figures: Record = Record()) {
        self.check = check
        self.outcome = outcome
        self.headline = headline
        self.details = details
        self.figures = figures
    }

    public var kindName: String { "verdict" }

    /// The line a user reads first: `✓ loss at init 2.31 vs ln(10) = 2.30`.
    public var line: String { "\(outcome.mark) \(headline)" }

    public func formatted() -> String {
        ([line] + details.map { "  " + $0 }).joined(separator: "\n")
    }

    public var inlineText: String { "<\(check) \(outcome.mark)>" }

    public var memberNames: [String] { ["ok", "check", "line"] + figures.names }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "ok": outcome.ok
        case "check": .string(check)
        case "line": .string(line)
        default: figures[name]
        }
    }
}
