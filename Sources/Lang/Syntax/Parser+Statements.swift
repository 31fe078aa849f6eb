/// Programs, blocks and statements: the places where assignment is allowed.
///
///     program    := (statement (newline | ';'))* statement?
///     block      := '{' (statement (newline | ';'))* statement? '}'
///     statement  := targets ('=' | '+=' | '-=' | '*=' | '/=') expression | expression
///     targets    := expression (',' expression)*
extension Parser {
    mutating func program() throws -> Program {
        var body: [Expr] = []
        while true {
            skipSeparators()
            if current.kind == .endOfInput { break }
            body.append(try statement())
            switch current.kind {
            case .newline, .semicolon, .endOfInput: continue
            default: throw fail(expected: "a line break or ';'")
            }
        }
        return Program(body: body, hidesValue: endsWithSemicolon)
    }

    /// A cell whose last token is `;` hides its value.
    var endsWithSemicolon: Bool {
        tokens.last { $0.kind != .newline && $0.kind != .endOfInput }?.kind == .semicolon
    }

    mutating func skipSeparators() {
        while current.kind == .newline || current.kind == .semicolon { advance() }
    }

    /// `{ … }`: statements separated by line breaks or `;`.
    mutating func block() throws -> Expr {
        let open = try expect(.leftBrace, "'{'")
        openBrackets += 1
        defer { openBrackets -= 1 }
        var body: [Expr] = []
        while true {
            skipSeparators()
            if let close = match(.rightBrace) {
                return Expr(.block(body), open.range.union(close.range))
            }
            if current.kind == .endOfInput { throw unclosed(open, closer: "}", expected: "'}'") }
            body.append(try statement())
            switch current.kind {
            case .newline, .semicolon, .rightBrace: continue
            case .endOfInput: throw unclosed(open, closer: "}", expected: "'}'")
            default: throw fail(expected: "a line break, ';' or '}'")
            }
        }
    }

    /// An expression, or an assignment to it: `x = e`, `a, b = e`, `x[i] = e`,
    /// `r.f = e`, `x += e`.
    mutating func statement() throws -> Expr {
        let first = try expression()
        if current.kind == .comma {
            var targets = [first]
            while match(.comma) != nil {
                targets.append(try expression())
            }
            _ = try expect(.equal, "'=' (to assign to several names)")
            skipNewlines()
            let value = try expression()
            let patterns = try targets.map(pattern)
            let range = first.range.union(targets[targets.count - 1].range)
            return Expr(.assign(.tuple(patterns, range), value), range.union(value.range))
        }
        if match(.equal) != nil {
            skipNewlines()
            let target = try pattern(first)
            let value = try expression()
            return Expr(.assign(target, value), first.range.union(value.range))
        }
        if let op = Parser.compoundAssignments.first(where: { $0.0 == current.kind })?.1 {
            advance()
            skipNewlines()
            let target = try pattern(first)
            let value = try expression()
            return Expr(.compoundAssign(op, target, value), first.range.union(value.range))
        }
        return first
    }

    static let compoundAssignments: [(TokenKind, BinaryOperator)] = [
        (.plusEqual, .add), (.minusEqual, .subtract), (.starEqual, .multiply), (.slashEqual, .divide),
    ]

    /// What an expression means on the left of `=`: a name, an element or a field.
    func pattern(_ target: Expr) throws -> Pattern {
        switch target.kind {
        case let .name(name): return .name(name, target.range)
        case let .index(base, items): return .index(base, items, target.range)
        case let .member(base, name, _): return .member(base, name, target.range)
        default: throw SyntaxError.invalidAssignmentTarget(range: target.range, source: source)
        }
    }
}
