import Foundation

/// One cell as the shell ran it: what was typed, what it produced, how long it took.
/// The journal stores these one per line; `:save` renders them as a session file.
struct CellRecord: Codable, Equatable, Sendable {
    /// The cell's number in its session (1, 2, …).
    var number: Int
    /// The source as typed, without a trailing newline.
    var input: String
    /// What the cell printed (warnings included, as shown), then its shown value
    /// formatted by `ValueFormatter` and a newline, capped as `CellOutput` keeps it; empty
    /// when it showed nothing.
    var output: String
    /// The rendered error (`CellOutput.plainText(of:)`); nil on success.
    var error: String?
    /// Wall-clock time the cell took.
    var seconds: Double
    /// For a failed cell, what it had changed before its error (`StateSnapshot`): nil
    /// when it succeeded or changed nothing.
    var changedBeforeFailing: [String]? = nil
    /// What kind each stretch of `output` is (printed, warning, value, plot), for
    /// `:export`; nil in records from before exports (then it is all printed text).
    var spans: [OutputSpan]? = nil

    var succeeded: Bool { error == nil }

    /// The output as lines: the text split at newlines, without the empty piece after a
    /// final newline. Empty output has no lines; a cell that printed one empty line has `[""]`.
    static func lines(of output: String) -> [String] {
        guard !output.isEmpty else { return [] }
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if output.hasSuffix("\n") { lines.removeLast() }
        return lines
    }
}
