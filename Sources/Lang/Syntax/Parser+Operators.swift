/// Expressions from the loosest binding to the operands of `**`:
///
///     expression := lambda | operators ('|>' postfix)*
///     lambda     := (name | '(' parameters ')') '->' expression
///     operators  := the levels of `precedence`, whose tightest operands are `postfix`
///
/// A lambda's body extends as far as it can, so it takes any pipe after it: only an
/// expression that is not a lambda can be followed by `|>` here.
///
/// The operator levels are parsed by precedence climbing over the table rather than one
/// function per level: that is the same grammar with a third of the stack frames per
/// nested parenthesis, which is what bounds how deep input can go in a debug build.
extension Parser {
    /// How an operator token combines its operands.
    enum Operation {
        case binary(BinaryOperator)
        case logical(LogicalOperator)
        case range
        case prefix(UnaryOperator)
    }

    enum Fixity: Equatable {
        /// `not x`, `-x`: signs stack (`--x`); the operand holds the operators tighter
        /// than the prefix (`not a == b` is `not (a == b)`).
        case prefix
        /// `a - b - c` is `(a - b) - c`.
        case left
        /// `a ** b ** c` is `a ** (b ** c)`; the right operand may start with a prefix
        /// operator of the level just looser (`2 ** -1`).
        case right
        /// `a < b < c` is an error.
        case nonAssociative
    }

    struct PrecedenceLevel {
        let fixity: Fixity
        let operators: [(TokenKind, Operation)]
    }

    /// Every operator below the pipe and lambdas, loosest first. This table is the whole
    /// story of precedence and associativity; `operators(from:)` reads it.
    static let precedence: [PrecedenceLevel] = [
        PrecedenceLevel(fixity: .left, operators: [(.kwOr, .logical(.or))]),
        PrecedenceLevel(fixity: .left, operators: [(.kwAnd, .logical(.and))]),
        PrecedenceLevel(fixity: .prefix, operators: [(.kwNot, .prefix(.not))]),
        PrecedenceLevel(
            fixity: .nonAssociative,
            operators: [
                (.equalEqual, .binary(.equal)), (.bangEqual, .binary(.notEqual)),
                (.less, .binary(.less)), (.lessEqual, .binary(.lessEqual)),
                (.greater, .binary(.greater)), (.greaterEqual, .binary(.greaterEqual)),
            ]),
        PrecedenceLevel(fixity: .nonAssociative, operators: [(.dotDot, .range)]),
        PrecedenceLevel(fixity: .left, operators: [(.plus, .binary(.add)), (.minus, .binary(.subtract))]),
        PrecedenceLevel(
            fixity: .left,
            operators: [
                (.star, .binary(.multiply)), (.slash, .binary(.divide)), (.slashSlash, .binary(.floorDivide)),
                (.percent, .binary(.modulo)), (.at, .binary(.matmul)),
            ]),
        PrecedenceLevel(fixity: .prefix, operators: [(.minus, .prefix(.negate)), (.plus, .prefix(.plus))]),
        // Tighter than a sign on its left: -2 ** 2 is -(2 ** 2).
        PrecedenceLevel(fixity: .right, operators: [(.starStar, .binary(.power))]),
    ]

    /// The table indexed by token, for the prefix and the infix positions.
    static let prefixOperators = operatorIndex(prefix: true)
    static let infixOperators = operatorIndex(prefix: false)

    static func operatorIndex(prefix: Bool) -> [TokenKind: (Int, Operation)] {
        var index: [TokenKind: (Int, Operation)] = [:]
        for (level, row) in precedence.enumerated() where (row.fixity == .prefix) == prefix {
            for (kind, operation) in row.operators { index[kind] = (level, operation) }
        }
        return index
    }

    /// Any expression; each nested one counts a level of depth.
    mutating func expression() throws -> Expr {
        try enter()
        defer { depth -= 1 }
        skipNewlines()
        if startsLambda { return try lambda() }
        var value = try operators(from: 0)
        // `x |> f(2)` is `f(x, 2)`; `x |> f` is `f(x)`.
        var height: Int?
        while let op = matchContinuing(.pipe) {
            skipNewlines()
            let target = try postfix()
            let newHeight = max(height ?? value.treeHeight, target.treeHeight) + 1
            try checkHeight(newHeight, at: op)
            height = newHeight
            let piped = Argument(label: nil, value: value, range: value.range)
            let range = value.range.union(target.range)
            if case let .call(callee, arguments) = target.kind {
                value = Expr(.call(callee, [piped] + arguments), range)
            } else {
                value = Expr(.call(target, [piped]), range)
            }
        }
        return value
    }

    /// Whether a lambda starts here: `x ->`, or a `(` whose `)` is followed by `->`.
    var startsLambda: Bool {
        switch current.kind {
        case .identifier: return peek(1).kind == .arrow
        case .leftParen:
            let close = matchingParen[index]
            return close >= 0 && close + 1 < tokens.count && tokens[close + 1].kind == .arrow
        default: return false
        }
    }

    /// `x -> e`, `(a, b: 1) -> e`, `() -> e`.
    mutating func lambda() throws -> Expr {
        let start = current
        let parameters: [ParameterDecl]
        if case let .identifier(name) = start.kind {
            advance()
            parameters = [ParameterDecl(name: name, defaultValue: nil, range: start.range)]
        } else {
            parameters = try parameterList()
        }
        _ = try expect(.arrow, "'->'")
        let body = try expression()
        return Expr(.lambda(parameters, body: body), start.range.union(body.range))
    }

    /// The operators of levels `minimum` and tighter, with their operands.
    mutating func operators(from minimum: Int) throws -> Expr {
        // Prefix operators, outermost first; each may be followed by one of its own
        // level or tighter. They nest, so each counts a level of depth.
        var prefixes: [(token: Token, operation: Operation, level: Int)] = []
        var floor = minimum
        while let (level, operation) = Parser.prefixOperators[current.kind], level >= floor {
            prefixes.append((advance(), operation, level))
            floor = level
            try enter()
        }
        defer { depth -= prefixes.count }
        var value = try postfix()
        for prefix in prefixes.reversed() {
            value = try infix(after: value, from: prefix.level + 1)
            value = combine(prefix.operation, prefix.token, nil, value)
        }
        return try infix(after: value, from: minimum)
    }

    /// Folds the infix operators of levels `minimum` and tighter onto `left`.
    mutating func infix(after left: Expr, from minimum: Int) throws -> Expr {
        var left = left
        var height: Int?
        var chained: Int?
        while let (level, operation) = Parser.infixOperators[current.kind], level >= minimum {
            let fixity = Parser.precedence[level].fixity
            if fixity == .nonAssociative && chained == level {
                throw SyntaxError.nonAssociative(
                    operator: source.text(of: current.range), range: current.range,
                    source: source)
            }
            let op = advance()
            skipNewlines()
            let right: Expr
            if fixity == .right {
                try enter()
                right = try operators(from: level - 1)
                depth -= 1
            } else {
                right = try operators(from: level + 1)
            }
            let newHeight = max(height ?? left.treeHeight, right.treeHeight) + 1
            try checkHeight(newHeight, at: op)
            height = newHeight
            left = combine(operation, op, left, right)
            chained = fixity == .nonAssociative ? level : nil
        }
        return left
    }

    func combine(_ operation: Operation, _ op: Token, _ left: Expr?, _ right: Expr) -> Expr {
        let range = (left?.range ?? op.range).union(right.range)
        switch (operation, left) {
        case let (.prefix(unary), _):
            return Expr(.unary(unary, right), range)
        case let (.binary(binary), left?):
            return Expr(.binary(binary, left, right), range)
        case let (.logical(logical), left?):
            return Expr(.logical(logical, left, right), range)
        case let (.range, left?):
            return Expr(.range(left, right), range)
        case (_, nil):
            // Infix operations always have a left operand; keep the right one regardless.
            return right
        }
    }
}
