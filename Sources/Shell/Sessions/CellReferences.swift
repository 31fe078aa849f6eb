import Lang

/// `_N` in a cell, renumbered. A file loaded into a session (`:load`) means its own cells by
/// `_N`, while the session numbers them on from its prompt; the session's record of such a
/// cell (its history, journal and saved file) says `_M`, the session's number for that
/// cell, so a saved session or a recovered journal replays the same values.
enum CellReferences {
    /// `text` with every `_N` whose N is in `numbers` written as `_numbers[N]`; the rest of
    /// the text (spacing, comments, strings) as it was. Text that does not lex is kept as
    /// it is (the cell reports the error when run).
    static func renumbered(_ text: String, _ numbers: [Int: Int]) -> String {
        // Most cells hold no `_N` at all: lex only those with an underscore.
        guard !numbers.isEmpty, text.utf8.contains(UInt8(ascii: "_")),
            let tokens = try? Lexer.tokenizeWithFields(Source(name: "cell", text: text))
        else { return text }
        var bytes = Array(text.utf8)
        // From the end, so earlier ranges stay valid when a number's width changes (an
        // f-string's field tokens come after the string's: order them by place).
        for token in tokens.sorted(by: { $0.range.start < $1.range.start }).reversed() {
            guard case let .cellReference(cell) = token.kind, let session = numbers[cell], session != cell,
                token.range.start >= 0, token.range.end <= bytes.count
            else { continue }
            bytes.replaceSubrange(token.range.start..<token.range.end, with: Array("_\(session)".utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
