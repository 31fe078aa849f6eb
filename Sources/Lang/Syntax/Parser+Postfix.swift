/// Calls, indexing and member access, which bind tightest of all:
///
///     postfix   := primary ('(' arguments ')' | '[' indexes ']' | '.' name)*
///     arguments := (argument (',' argument)* ','?)?
///     argument  := (name ':')? expression
///     indexes   := index (',' index)* ','?
///     index     := expression | expression? ':' expression? (':' expression?)?
extension Parser {
    mutating func postfix() throws -> Expr {
        var value = try primary()
        var height: Int?
        while true {
            let token = current
            let next: Expr
            let partsHeight: Int
            switch token.kind {
            case .leftParen:
                let (arguments, range) = try argumentList()
                next = Expr(.call(value, arguments), value.range.union(range))
                partsHeight = arguments.map(\.value.treeHeight).max() ?? 0
            case .leftBracket:
                let (items, range) = try indexList()
                next = Expr(.index(value, items), value.range.union(range))
                partsHeight = items.map(\.treeHeight).max() ?? 0
            case .dot, .newline:
                guard matchContinuing(.dot) != nil else { return value }
                let (name, nameRange) = try expectName("a name after '.'")
                next = Expr(.member(value, name: name, nameRange: nameRange), value.range.union(nameRange))
                partsHeight = 0
            default:
                return value
            }
            let newHeight = max(height ?? value.treeHeight, partsHeight) + 1
            try checkHeight(newHeight, at: token)
            height = newHeight
            value = next
        }
    }

    /// `(a, b, lr: 3e-4)`: positional arguments, then named ones, each name once.
    /// - Returns: the arguments and the range of the parentheses.
    mutating func argumentList() throws -> ([Argument], SourceRange) {
        let open = advance()
        openBrackets += 1
        defer { openBrackets -= 1 }
        var arguments: [Argument] = []
        var names: Set<String> = []
        while current.kind != .rightParen {
            if current.kind == .endOfInput { throw unclosed(open, closer: ")", expected: "')'") }
            let start = current
            if case let .identifier(name) = start.kind, peek(1).kind == .colon {
                advance()
                advance()
                let value = try expression()
                guard names.insert(name).inserted else {
                    throw SyntaxError.duplicateName(name, kind: .argument, range: start.range, source: source)
                }
                arguments.append(Argument(label: name, value: value, range: start.range.union(value.range)))
            } else {
                let value = try expression()
                if !names.isEmpty {
                    throw SyntaxError.positionalAfterNamed(range: value.range, source: source)
                }
                arguments.append(Argument(label: nil, value: value, range: value.range))
            }
            if match(.comma) == nil { break }
        }
        guard let close = match(.rightParen) else {
            throw unclosed(open, closer: ")", expected: "',' or ')'")
        }
        return (arguments, open.range.union(close.range))
    }

    /// `[0]`, `[:, 1:3]`, `[::2]`, `[-1]`, `[mask]`.
    mutating func indexList() throws -> ([IndexItem], SourceRange) {
        let open = advance()
        openBrackets += 1
        defer { openBrackets -= 1 }
        var items: [IndexItem] = []
        repeat {
            if current.kind == .rightBracket && !items.isEmpty { break }
            if current.kind == .endOfInput { throw unclosed(open, closer: "]", expected: "']'") }
            items.append(try indexItem())
        } while match(.comma) != nil
        guard let close = match(.rightBracket) else {
            throw unclosed(open, closer: "]", expected: "',' or ']'")
        }
        return (items, open.range.union(close.range))
    }

    mutating func indexItem() throws -> IndexItem {
        let first = current
        var start: Expr?
        if first.kind != .colon {
            let value = try expression()
            guard current.kind == .colon else { return .value(value) }
            start = value
        }
        advance()
        var end: Expr?
        var step: Expr?
        if !endsSlicePart { end = try expression() }
        if match(.colon) != nil, !endsSlicePart { step = try expression() }
        return .slice(start: start, end: end, step: step, range: first.range.union(previous.range))
    }

    /// Whether a slice's bound is left out here (`x[1:]`, `x[::2]`, `x[:, 0]`).
    var endsSlicePart: Bool {
        switch current.kind {
        case .comma, .rightBracket, .colon, .endOfInput: return true
        default: return false
        }
    }
}

extension IndexItem {
    var treeHeight: Int {
        var tallest = 0
        forEachSubexpression { tallest = max(tallest, $0.treeHeight) }
        return tallest
    }
}
