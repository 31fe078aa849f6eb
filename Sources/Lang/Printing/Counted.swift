/// A count with its noun, `1 row` or `1797 rows`: the one place Sprout's messages and
/// summaries pluralize, so none says `1 rows`.
/// - Parameter plural: for nouns not made plural by adding `s` (`copies`).
func counted(_ n: Int, _ noun: String, plural: String? = nil) -> String {
    n == 1 ? "1 \(noun)" : "\(n) \(plural ?? noun + "s")"
}
