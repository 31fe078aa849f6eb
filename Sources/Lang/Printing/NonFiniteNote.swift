import Engine

/// The line a cell adds after a shown value that holds inf or nan, so a silent failure
/// (`1 / 0`, `log(0)`, a loss gone to nan) is loud without being an error, as NumPy warns
/// on `divide by zero`.
///
/// The rule is the shown value, always: a cell that shows a value holding inf or nan gets
/// the note, whether the cell made it or only shows a variable that holds it. That is
/// simple to predict, costs one pass over the shown value only, and stays right for a
/// value made by an assignment (which shows nothing) and looked at later; for a
/// summarized tensor it also counts the nan that the elided print hides.
///
/// What is counted: a number, a tensor's elements, or the numbers and tensor elements
/// directly inside a shown list or record (one level, so a deeply shared list cannot make
/// the count slow).
struct NonFiniteCount {
    var nan = 0
    var inf = 0
    var total = 0

    init(_ value: Value) {
        switch value {
        case let .list(items): items.forEach { add($0) }
        case let .record(r): r.values.forEach { add($0) }
        default: add(value)
        }
    }

    private mutating func add(_ value: Value) {
        switch value {
        case let .number(x):
            total += 1
            if x.isNaN { nan += 1 } else if x.isInfinite { inf += 1 }
        case let .tensor(t):
            total += t.count
            t.withUnsafeBufferPointer { buffer in
                for v in buffer where !v.isFinite {
                    if v.isNaN { nan += 1 } else { inf += 1 }
                }
            }
        default:
            break
        }
    }
}

extension ValueFormatter {
    /// What a cell shows for its value: `format`, then the note of `nonFiniteNote` on its
    /// own line when there is one. Every way a cell runs (the prompt, piped input, a file,
    /// `-e`, `:load`, a replay) shows values through here, so a saved session records the
    /// note as a `#> ` line and its replay shows it again.
    public static func shown(_ value: Value) -> String { shown(value, width: lineWidth) }

    /// As `shown(_:)`, a table in it (a dataset) fitted to `width` characters.
    public static func shown(_ value: Value, width: Int) -> String {
        let text = format(value, width: width)
        guard let note = nonFiniteNote(value) else { return text }
        return text + "\n" + note
    }

    /// `note: the result is inf` for a number; `note: the result holds 2 nan and 1 inf
    /// (of 12 elements)` for a tensor (numbers, for a list or record); nil when the value
    /// holds neither.
    /// - Complexity: O(n) in the elements of the shown value.
    public static func nonFiniteNote(_ value: Value) -> String? {
        if case let .number(x) = value {
            return x.isFinite ? nil : "note: the result is \(formatNumber(x))"
        }
        let count = NonFiniteCount(value)
        guard count.nan + count.inf > 0 else { return nil }
        let parts = [(count.nan, "nan"), (count.inf, "inf")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        let noun = if case .tensor = value { "element" } else { "number" }
        let of = "\(count.total) \(noun)" + (count.total == 1 ? "" : "s")
        return "note: the result holds \(parts.joined(separator: " and ")) (of \(of))"
    }
}
