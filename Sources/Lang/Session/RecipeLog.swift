/// What the recipe's checks showed in this session, in the order they ran, for
/// `recipe()`: each stage of the recipe is ticked by a check that passed (at which cell),
/// marked by one that failed, and left open when nothing has shown it yet.
///
/// Checks record themselves through `Runtime.record(_:)`; the log lives as long as the
/// session's runtime, so `:reset` (a new interpreter) starts it empty.
public struct RecipeLog: Sendable {
    /// One check's result.
    public struct Entry: Equatable, Sendable {
        /// The check's name as called ("check_init").
        public let check: String
        public let outcome: VerdictValue.Outcome
        /// The line the verdict printed.
        public let line: String
        /// The cell it ran in, or nil outside a numbered cell (a function called from Swift).
        public let cell: Int?
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    public mutating func append(_ entry: Entry) { entries.append(entry) }

    /// The latest result of `check`, or nil when it has not run.
    public func latest(_ check: String) -> Entry? { latest(anyOf: [check]) }

    /// The latest result of any of `checks` (an item of `recipe()` ticked by several).
    public func latest(anyOf checks: [String]) -> Entry? { entries.last { checks.contains($0.check) } }
}

extension Runtime {
    /// Logs a check's verdict for `recipe()` and gives it back, so a check ends with
    /// `return .object(runtime.record(verdict))`.
    @discardableResult
    public func record(_ verdict: VerdictValue) -> VerdictValue {
        recipe.append(.init(check: verdict.check, outcome: verdict.outcome, line: verdict.line, cell: cell))
        return verdict
    }

    /// Logs that `name` ran, for a step of the recipe done by running a command rather
    /// than by passing a check (`counts`, `dups`, a fit with dropout): `what` says what
    /// was done, e.g. "counts"; by default the name.
    public func noteDone(_ name: String, _ what: String = "") {
        recipe.append(.init(check: name, outcome: .passed, line: what, cell: cell))
    }
}
