/// The atoms of an expression:
///
///     primary := number | string | name | _N | true | false | none
///              | '(' expression ')' | list | record | block
///              | if | for | while | fn | break | continue | return expression?
///     list    := '[' (expression (',' expression)* ','?)? ']' | comprehension
///     record  := '{' (field ':' expression ((',' | newline) field ':' expression)* ','?)? '}'
///     field   := name | string
extension Parser {
    mutating func primary() throws -> Expr {
        skipNewlines()
        let token = current
        let leaf: ExprKind
        switch token.kind {
        case let .number(value): leaf = .number(value)
        case let .string(text): leaf = .string(text)
        case let .formatString(pieces): leaf = .formatString(try formatParts(pieces))
        case let .identifier(name): leaf = .name(name)
        case let .cellReference(cell): leaf = .cellValue(cell)
        case .kwTrue: leaf = .bool(true)
        case .kwFalse: leaf = .bool(false)
        case .kwNone: leaf = .none
        case .kwBreak: leaf = .breakLoop
        case .kwContinue: leaf = .continueLoop
        case .leftParen: return try parenthesized()
        case .leftBracket: return try list()
        case .leftBrace: return startsRecord ? try record() : try block()
        case .kwIf: return try ifExpression()
        case .kwFor: return try forLoop()
        case .kwWhile: return try whileLoop()
        case .kwFn: return try functionDefinition()
        case .kwReturn: return try returnExpression()
        default: throw fail(expected: "an expression")
        }
        advance()
        return Expr(leaf, token.range)
    }

    /// `(e)`. Its range includes the parentheses. Several values, or none, are an error
    /// unless `->` follows, which `lambda` has already looked for.
    mutating func parenthesized() throws -> Expr {
        let open = current
        if peek(1).kind == .rightParen {
            let close = peek(1)
            throw SyntaxError.unexpected(
                found: describe(close), expected: "an expression",
                range: close.range, source: source)
        }
        let (items, range) = try argumentList()
        guard items.count == 1, items[0].label == nil else {
            throw SyntaxError.multipleValuesInParentheses(range: open.range.union(range), source: source)
        }
        return Expr(items[0].value.kind, range)
    }

    mutating func list() throws -> Expr {
        let open = advance()
        openBrackets += 1
        defer { openBrackets -= 1 }
        var items: [Expr] = []
        while current.kind != .rightBracket {
            if current.kind == .endOfInput { throw unclosed(open, closer: "]", expected: "']'") }
            items.append(try expression())
            if items.count == 1, current.kind == .kwFor { return try comprehension(items[0], open: open) }
            if match(.comma) == nil { break }
        }
        guard let close = match(.rightBracket) else {
            throw unclosed(open, closer: "]", expected: "',' or ']'")
        }
        return Expr(.list(items), open.range.union(close.range))
    }

    /// `{` starts a record when `name :`, `"string" :` or `}` follows (after any line breaks);
    /// otherwise a block.
    var startsRecord: Bool {
        var i = index + 1
        while i < tokens.count - 1 && tokens[i].kind == .newline { i += 1 }
        switch tokens[i].kind {
        case .rightBrace: return true
        case .identifier, .string: return i + 1 < tokens.count && tokens[i + 1].kind == .colon
        default: return false
        }
    }

    /// `{lr: 3e-4, wd: 0.1}`: fields separated by commas or line breaks, each name once.
    /// A name that is not an identifier is written as a string, `{"0.weight": w}`, as a
    /// model's state prints.
    mutating func record() throws -> Expr {
        let open = advance()
        openBrackets += 1
        defer { openBrackets -= 1 }
        var fields: [RecordField] = []
        var names: Set<String> = []
        while true {
            skipNewlines()
            if let close = match(.rightBrace) {
                return Expr(.record(fields), open.range.union(close.range))
            }
            if current.kind == .endOfInput { throw unclosed(open, closer: "}", expected: "'}'") }
            let (name, nameRange) = try fieldName()
            _ = try expect(.colon, "':' after the field name")
            let value = try expression()
            guard names.insert(name).inserted else {
                throw SyntaxError.duplicateName(name, kind: .field, range: nameRange, source: source)
            }
            fields.append(RecordField(name: name, value: value, range: nameRange.union(value.range)))
            switch current.kind {
            case .comma: advance()
            case .newline, .rightBrace: continue
            default: throw unclosed(open, closer: "}", expected: "',' or '}'")
            }
        }
    }

    /// A record field's name: an identifier or a string literal.
    mutating func fieldName() throws -> (String, SourceRange) {
        skipNewlines()
        if case let .string(text) = current.kind { return (text, advance().range) }
        return try expectName("a field name")
    }

    /// `return` alone or `return e`; the value starts on the same line.
    mutating func returnExpression() throws -> Expr {
        let keyword = advance()
        guard startsExpression(current) else { return Expr(.returnValue(nil), keyword.range) }
        let value = try expression()
        return Expr(.returnValue(value), keyword.range.union(value.range))
    }

    func startsExpression(_ token: Token) -> Bool {
        switch token.kind {
        case .number, .string, .formatString, .identifier, .cellReference, .kwTrue, .kwFalse, .kwNone,
            .leftParen, .leftBracket, .leftBrace, .minus, .plus, .kwNot,
            .kwFn, .kwIf, .kwFor, .kwWhile, .kwBreak, .kwContinue, .kwReturn:
            return true
        default:
            return false
        }
    }
}
