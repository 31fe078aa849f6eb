/// Control flow and definitions, all of them expressions:
///
///     if         := 'if' expression block ('else' (if | block))?
///     for        := 'for' name (',' name)* 'in' expression block
///     while      := 'while' expression block
///     fn         := 'fn' name '(' parameters ')' ('=' expression | block)
///     parameters := (parameter (',' parameter)* ','?)?
///     parameter  := name (':' expression)?
///
/// Line breaks are allowed before a block's `{` and before `else`, so an unfinished
/// `if c` is incomplete rather than wrong.
extension Parser {
    mutating func ifExpression() throws -> Expr {
        let keyword = advance()
        // `else if` chains nest, so each link counts as a level.
        try enter()
        defer { depth -= 1 }
        let condition = try expression()
        let then = try block()
        var otherwise: Expr?
        if nextSignificant.kind == .kwElse {
            skipNewlines()
            advance()
            skipNewlines()
            otherwise = current.kind == .kwIf ? try ifExpression() : try block()
        }
        return Expr(
            .ifElse(condition: condition, then: then, else: otherwise),
            keyword.range.union((otherwise ?? then).range))
    }

    mutating func forLoop() throws -> Expr {
        let keyword = advance()
        let (variable, sequence) = try loopHead()
        let body = try block()
        return Expr(.forIn(variable: variable, sequence: sequence, body: body), keyword.range.union(body.range))
    }

    /// `a, b in sequence` after `for`, in a loop or a list comprehension.
    mutating func loopHead() throws -> (Pattern, Expr) {
        let (first, firstRange) = try expectName("a loop variable")
        var names = [(first, firstRange)]
        while match(.comma) != nil {
            names.append(try expectName("a loop variable"))
        }
        let variable: Pattern =
            names.count == 1
            ? .name(first, firstRange)
            : .tuple(names.map { Pattern.name($0.0, $0.1) }, firstRange.union(names[names.count - 1].1))
        _ = try expect(.kwIn, "'in'")
        return (variable, try expression())
    }

    mutating func whileLoop() throws -> Expr {
        let keyword = advance()
        let condition = try expression()
        let body = try block()
        return Expr(.whileLoop(condition: condition, body: body), keyword.range.union(body.range))
    }

    /// `fn sq(x) = x * x` or `fn f(x, lr: 0.1) { … }`.
    mutating func functionDefinition() throws -> Expr {
        let keyword = advance()
        let (name, _) = try expectName("a function name")
        skipNewlines()
        guard current.kind == .leftParen else { throw fail(expected: "'(' after the function name") }
        let parameters = try parameterList()
        skipNewlines()
        let body: Expr
        if match(.equal) != nil {
            body = try expression()
        } else if current.kind == .leftBrace {
            body = try block()
        } else {
            throw fail(expected: "'=' or '{'")
        }
        return Expr(.function(name: name, parameters, body: body), keyword.range.union(body.range))
    }

    /// `(a, b: 2)`, at a `(`: names, each with an optional default, each name once.
    mutating func parameterList() throws -> [ParameterDecl] {
        let open = advance()
        openBrackets += 1
        defer { openBrackets -= 1 }
        var parameters: [ParameterDecl] = []
        var names: Set<String> = []
        while current.kind != .rightParen {
            if current.kind == .endOfInput { throw unclosed(open, closer: ")", expected: "')'") }
            let (name, nameRange) = try expectName("a parameter name")
            var defaultValue: Expr?
            if match(.colon) != nil {
                defaultValue = try expression()
            }
            guard names.insert(name).inserted else {
                throw SyntaxError.duplicateName(name, kind: .parameter, range: nameRange, source: source)
            }
            parameters.append(
                ParameterDecl(
                    name: name, defaultValue: defaultValue,
                    range: nameRange.union(defaultValue?.range ?? nameRange)))
            if match(.comma) == nil { break }
        }
        guard match(.rightParen) != nil else {
            throw unclosed(open, closer: ")", expected: "',' or ')'")
        }
        return parameters
    }
}
