import Lang

/// A cell being read line by line, and whether it is complete: the rule the REPL uses at
/// the prompt and `ScriptCells` uses on a file, so both cut cells in the same places.
///
/// A cell is complete when the parser no longer says "incomplete" (open brackets or
/// blocks, a trailing operator). Asking means parsing the whole cell again after every
/// line, which for a long cell (a 20,000-line list literal) would be quadratic; so past
/// `quickLines` lines, while the brackets counted line by line are still open, the answer
/// is "incomplete" without a parse. Strings end on their line, so each line lexes alone.
struct PendingCell {
    static let quickLines = 64

    private(set) var text = ""
    private(set) var lineCount = 0
    /// Brackets opened and not yet closed by the lines so far; nil once a line would not
    /// lex (then every answer comes from the parser).
    private var openBrackets: Int? = 0

    var isEmpty: Bool { lineCount == 0 }

    mutating func append(_ line: String) {
        if lineCount > 0 { text += "\n" }
        text += line
        lineCount += 1
        if let open = openBrackets {
            openBrackets = Self.bracketBalance(of: line).map { open + $0 }
        }
    }

    mutating func removeAll() {
        self = PendingCell()
    }

    /// Whether the parser wants more lines. A syntax error is not "incomplete": the cell
    /// ends and reports it when run.
    var isIncomplete: Bool {
        if lineCount > Self.quickLines, let open = openBrackets, open > 0 { return true }
        guard let outcome = try? Parser.parse(Source(name: "cell", text: text)) else { return false }
        if case .incomplete = outcome { return true }
        return false
    }

    /// Openers minus closers on one line; nil when the line does not lex.
    private static func bracketBalance(of line: String) -> Int? {
        guard let tokens = try? Lexer.tokenize(Source(name: "line", text: line)) else { return nil }
        return tokens.reduce(0) { balance, token in
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace: balance + 1
            case .rightParen, .rightBracket, .rightBrace: balance - 1
            default: balance
            }
        }
    }
}
