/// List comprehensions and f-string fields: the two places where an expression is
/// followed by more of itself inside one literal.
///
///     comprehension := '[' expression ('for' names 'in' expression) ('for' … | 'if' expression)* ']'
///     fstring       := 'f"' (text | '{' expression (':' spec)? '}')* '"'
extension Parser {
    /// The clauses after `[element`, at the first `for`. Each clause is a level of
    /// nesting (the evaluator runs the later ones inside the earlier ones), so many
    /// clauses, or comprehensions nested in the element, hit `maximumDepth` rather than
    /// the stack.
    mutating func comprehension(_ element: Expr, open: Token) throws -> Expr {
        let outerDepth = depth
        defer { depth = outerDepth }
        var clauses: [ComprehensionClause] = []
        while true {
            if match(.kwFor) != nil {
                try enter()
                let (pattern, sequence) = try loopHead()
                clauses.append(.loop(pattern, sequence))
            } else if match(.kwIf) != nil {
                try enter()
                clauses.append(.filter(try expression()))
            } else if let close = match(.rightBracket) {
                return Expr(.comprehension(element: element, clauses), open.range.union(close.range))
            } else if current.kind == .endOfInput {
                throw unclosed(open, closer: "]", expected: "']'")
            } else {
                throw unclosed(open, closer: "]", expected: "'for', 'if' or ']'")
            }
        }
    }

    /// The parts of an f-string: each field's source, which the lexer left as a range,
    /// parsed as one expression at the current depth.
    mutating func formatParts(_ pieces: [FormatPiece]) throws -> [FormatPart] {
        try pieces.map { piece in
            switch piece {
            case let .text(text):
                return .text(text)
            case let .field(range, spec, specRange):
                return .field(try fieldExpression(range), spec: spec, specRange: specRange)
            }
        }
    }

    /// One field's expression. Everything is on one line inside the quotes, so running
    /// out of input is an error here, never a reason to read another line.
    private func fieldExpression(_ range: SourceRange) throws -> Expr {
        var parser = Parser(source: source, tokens: try Lexer.tokenize(source, in: range))
        parser.depth = depth
        do {
            try parser.enter()
            let value = try parser.expression()
            parser.skipNewlines()
            guard parser.current.kind == .endOfInput else {
                throw parser.fail(expected: "'}' or ':' to end the f-string field")
            }
            return value
        } catch let unfinished as Unfinished {
            throw unfinished.error
        }
    }
}
