/// A failure while reading source text: the lexer's and the parser's errors. Each case
/// says what was found, what was expected and, for brackets, where the opener was, and
/// carries the source so the renderer can show the line with a caret under the range.
///
/// "Found" strings are already phrased for a reader (`'else'`, `a string`, `end of
/// input`); the parser builds them with `Token.described(in:)`.
public enum SyntaxError: SproutError {
    /// `expected an expression, found ')'`.
    case unexpected(found: String, expected: String, range: SourceRange, source: Source)
    /// `expected ')' (to close '(' at 1:4)`; `found` is nil at the end of the input.
    case unclosed(
        opener: String, openerRange: SourceRange, expected: String, found: String?,
        range: SourceRange, source: Source)
    /// A closing bracket with no opener: `f(1))`.
    case unmatched(closer: String, range: SourceRange, source: Source)
    /// A string whose closing quote is missing on its line; the range is the opening quote.
    case unterminatedString(range: SourceRange, source: Source)
    /// `\q` or a malformed `\u{…}` inside a string.
    case invalidEscape(String, range: SourceRange, source: Source)
    /// A character that starts no token: `$`, `!`, `&`, `?` inside code.
    case invalidCharacter(String, range: SourceRange, source: Source)
    /// `1__0`, `3x`, `1e999`, `_99999999999999999999`.
    case invalidNumber(String, range: SourceRange, source: Source)
    /// Nesting deeper than the parser's limit (brackets, blocks, operators, chains).
    case tooDeep(limit: Int, range: SourceRange, source: Source)
    /// `f(x) = 1`, `1 = x`, `a + b += 1`.
    case invalidAssignmentTarget(range: SourceRange, source: Source)
    /// `=` (or `+=` …) where an expression continues: `if x = 1 { … }`, `f(x = 1)`.
    case assignmentInExpression(operator: String, range: SourceRange, source: Source)
    /// `a < b < c`, `0..5..10`.
    case nonAssociative(operator: String, range: SourceRange, source: Source)
    /// `f(lr: 1, 2)`.
    case positionalAfterNamed(range: SourceRange, source: Source)
    /// The same name twice in one argument list, parameter list or record.
    case duplicateName(String, kind: NameKind, range: SourceRange, source: Source)
    /// `(1, 2)` without `->`: parentheses group one expression, there are no tuples.
    case multipleValuesInParentheses(range: SourceRange, source: Source)

    /// An f-string whose braces do not pair up, or with an empty field; `problem` is the
    /// whole message.
    case formatString(problem: String, range: SourceRange, source: Source)

    /// What a duplicated name was.
    public enum NameKind: String, Sendable {
        case argument = "named argument", parameter, field
    }

    public var message: String {
        switch self {
        case let .unexpected(found, expected, _, _):
            return "expected \(expected), found \(found)"
        case let .unclosed(opener, openerRange, expected, found, _, source):
            let (line, column) = source.location(of: openerRange.start)
            let suffix = found.map { ", found \($0)" } ?? ""
            return "expected \(expected) (to close '\(opener)' at \(line):\(column))\(suffix)"
        case let .unmatched(closer, _, _):
            return "unmatched '\(closer)'"
        case .unterminatedString:
            return "unterminated string"
        case let .invalidEscape(text, _, _):
            return "invalid escape '\(text)' in a string"
        case let .invalidCharacter(text, _, _):
            return "unexpected character \(SyntaxError.quoted(character: text))"
        case let .invalidNumber(text, _, _):
            return "invalid number '\(text)'"
        case let .tooDeep(limit, _, _):
            return "nesting is too deep (the limit is \(limit) levels)"
        case .invalidAssignmentTarget:
            return "cannot assign to this expression"
        case let .assignmentInExpression(op, _, _):
            return "'\(op)' cannot be used inside an expression"
        case let .nonAssociative(op, _, _):
            return "'\(op)' cannot be chained"
        case .positionalAfterNamed:
            return "a positional argument cannot follow a named one"
        case let .duplicateName(name, kind, _, _):
            return "duplicate \(kind.rawValue) '\(name)'"
        case .multipleValuesInParentheses:
            return "parentheses hold a single expression"
        case let .formatString(problem, _, _):
            return problem
        }
    }

    public var range: SourceRange? {
        switch self {
        case let .unexpected(_, _, range, _), let .unclosed(_, _, _, _, range, _),
            let .unmatched(_, range, _), let .unterminatedString(range, _),
            let .invalidEscape(_, range, _), let .invalidCharacter(_, range, _),
            let .invalidNumber(_, range, _), let .tooDeep(_, range, _),
            let .invalidAssignmentTarget(range, _), let .assignmentInExpression(_, range, _),
            let .nonAssociative(_, range, _), let .positionalAfterNamed(range, _),
            let .duplicateName(_, _, range, _), let .multipleValuesInParentheses(range, _),
            let .formatString(_, range, _):
            return range
        }
    }

    public var source: Source? {
        switch self {
        case let .unexpected(_, _, _, source), let .unclosed(_, _, _, _, _, source),
            let .unmatched(_, _, source), let .unterminatedString(_, source),
            let .invalidEscape(_, _, source), let .invalidCharacter(_, _, source),
            let .invalidNumber(_, _, source), let .tooDeep(_, _, source),
            let .invalidAssignmentTarget(_, source), let .assignmentInExpression(_, _, source),
            let .nonAssociative(_, _, source), let .positionalAfterNamed(_, source),
            let .duplicateName(_, _, _, source), let .multipleValuesInParentheses(_, source),
            let .formatString(_, _, source):
            return source
        }
    }

    /// Hints: how to write what the user probably meant.
    public var notes: [String] {
        switch self {
        case .unterminatedString:
            return ["strings end on the line they start; write a line break as \\n"]
        case .invalidEscape:
            return ["the escapes are \\n \\t \\r \\0 \\\\ \\\" \\' and \\u{hex}"]
        case let .invalidCharacter(text, _, _):
            switch text {
            case "!": return ["use 'not' for negation and '!=' for inequality"]
            case "&": return ["use 'and'"]
            case "|": return ["use 'or'; '|>' is the pipe"]
            case "?": return ["'?name' shows help only at the start of a cell"]
            default: return []
            }
        case .invalidAssignmentTarget:
            return ["you can assign to a name, an element x[i], a field r.name, or several names a, b"]
        case .assignmentInExpression:
            return [
                "use '==' to compare; an assignment is a statement of its own",
                "named arguments and parameter defaults are written 'name: value'",
            ]
        case let .nonAssociative(op, _, _):
            return op == ".."
                ? ["put the first range in parentheses"]
                : ["write 'a \(op) b and b \(op) c'"]
        case .positionalAfterNamed:
            return ["put positional arguments first: f(x, y, lr: 0.1)"]
        case .multipleValuesInParentheses:
            return ["for a list write [a, b]; for a function of several parameters write (a, b) -> …"]
        case .tooDeep:
            return ["split the expression into smaller named parts"]
        default:
            return []
        }
    }

    /// `'$'`, or `U+0007` for a character that would not show.
    static func quoted(character text: String) -> String {
        guard let scalar = text.unicodeScalars.first else { return "''" }
        if scalar.properties.generalCategory == .control || scalar.properties.isWhitespace
            || scalar.properties.generalCategory == .format
        {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(text)'"
    }
}
