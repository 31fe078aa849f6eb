import Lang

/// A cell being read line by line, and whether it is complete: the rule the REPL uses at
/// the prompt and `ScriptCells` uses on a file, so both cut cells in the same places.
///
/// A cell is complete when the parser no longer says "incomplete" (open brackets or
/// blocks, a trailing operator). Asking means parsing the whole cell again after every
/// line, which for a long cell (a 20,000-line list literal) would be quadratic; so past
/// `quickLines` lines, while the brackets counted line by line are still open, the answer
/// is "incomplete" without a parse. Strings end on their line, so each line lexes alone.
/// The parse that finds the cell complete is kept (`parsed`) and is the one that runs.
///
/// Two rules about `else`, so that a branch not taken never runs: a cell whose last
/// statement is an `if` without `else` may still go on (`awaitingElse`; `CellAssembler`
/// decides with the next line), and a cell that starts with `else` (its `if` is not in it)
/// is read whole, as if it followed its `if`, so its block is one cell that reports the
/// syntax error rather than lines that run one by one.
struct PendingCell {
    /// What the lines so far make.
    enum Completeness: Equatable {
        /// The parser wants more lines.
        case incomplete
        /// A cell (or a syntax error, which the cell reports when run).
        case complete
        /// A cell whose last statement is an `if` without `else`: complete, unless the
        /// next line starts with `else`.
        case awaitingElse
    }

    static let quickLines = 64

    private(set) var text = ""
    private(set) var lineCount = 0
    /// Brackets opened and not yet closed by the lines so far; nil once a line would not
    /// lex (then every answer comes from the parser).
    private var openBrackets: Int? = 0
    /// Whether a line of code has come yet (comments above a cell come first), and
    /// whether the first one starts with `else`.
    private var hasCode = false
    private var startsWithElse = false

    var isEmpty: Bool { lineCount == 0 }

    mutating func append(_ line: String) {
        parsed = nil
        if lineCount > 0 { text += "\n" }
        text += line
        lineCount += 1
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if !hasCode && !trimmed.isEmpty && !trimmed.hasPrefix("#") {
            hasCode = true
            startsWithElse = ScriptCells.startsWithElse(line)
        }
        if let open = openBrackets {
            openBrackets = Self.bracketBalance(of: line).map { open + $0 }
        }
    }

    mutating func removeAll() {
        self = PendingCell()
    }

    /// Whether the parser wants more lines. A syntax error is not "incomplete": the cell
    /// ends and reports it when run.
    var isIncomplete: Bool { completeness == .incomplete }

    /// The cell's text as the last `checkCompleteness()` parsed it, when that parse was
    /// a program and no line came after it; what the cell runs, so it is not parsed twice.
    private(set) var parsed: ParsedCell?

    /// Whether the cell is complete, parsing it once.
    var completeness: Completeness { assessed().completeness }

    /// Whether the cell is complete, keeping the parse as `parsed` for the run.
    mutating func checkCompleteness() -> Completeness {
        let (completeness, parsed) = assessed()
        self.parsed = parsed
        return completeness
    }

    private func assessed() -> (completeness: Completeness, parsed: ParsedCell?) {
        if lineCount > Self.quickLines, let open = openBrackets, open > 0 { return (.incomplete, nil) }
        let probe = startsWithElse ? Self.elseProbe + text : text
        guard let outcome = try? Parser.parse(Source(name: "cell", text: probe)) else { return (.complete, nil) }
        guard case let .complete(program) = outcome else { return (.incomplete, nil) }
        // A cell that starts with `else` was parsed after a probe: not its own program.
        let parsed = startsWithElse ? nil : ParsedCell(text: text, program: program)
        return (Self.endsWithIfWithoutElse(program) ? .awaitingElse : .complete, parsed)
    }

    /// What a cell starting with `else` is parsed after, to see where its block ends.
    private static let elseProbe = "if true {}\n"

    /// Whether the last statement is an `if` (or an `else if` chain) without a final
    /// `else`, and shows its value (a trailing `;` ends the statement).
    static func endsWithIfWithoutElse(_ program: Program) -> Bool {
        guard !program.hidesValue, var last = program.body.last else { return false }
        while case let .ifElse(_, _, otherwise) = last.kind {
            guard let otherwise else { return true }
            last = otherwise
        }
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
