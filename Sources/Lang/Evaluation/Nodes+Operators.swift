import Engine

/// `a op b`. Two numbers are combined inline (no allocation, no call); everything else
/// goes through `Operators`, whose error is placed at this whole operator expression.
final class BinaryNode: Node {
    let op: BinaryOperator
    let lhs: Node, rhs: Node
    init(_ op: BinaryOperator, _ lhs: Node, _ rhs: Node, _ range: SourceRange) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        super.init(range)
    }

    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        let a = try lhs.eval(&f)
        let b = try rhs.eval(&f)
        if case let .number(x) = a, case let .number(y) = b, let v = numberResult(op, x, y) { return v }
        return try slowBinary(op, a, b, range, f)
    }

    override func condition(_ f: inout Frame) throws(Unwind) -> Bool {
        let a = try lhs.eval(&f)
        let b = try rhs.eval(&f)
        if case let .number(x) = a, case let .number(y) = b, op.isComparison {
            return Operators.compareOrdered(op, x, y)
        }
        return try isTrue(try slowBinary(op, a, b, range, f), at: range, f)
    }
}

final class UnaryNode: Node {
    let op: UnaryOperator
    let operand: Node
    init(_ op: UnaryOperator, _ operand: Node, _ range: SourceRange) {
        self.op = op
        self.operand = operand
        super.init(range)
    }

    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        let v = try operand.eval(&f)
        switch (op, v) {
        case let (.negate, .number(x)): return .number(-x)
        case let (.not, .bool(b)): return .bool(!b)
        default:
            let result: Value
            do { result = try Operators.unary(op, v) } catch { throw Unwind.placing(error, range, f.source) }
            try f.checkCancellation(range)  // tensor work: see `slowBinary`
            return result
        }
    }
}

/// `a and b`, `a or b`. With a bool or number on the left they short-circuit and give a
/// bool; when either side is a tensor both are evaluated and combined elementwise into a
/// 0/1 mask, so `x[(x > 0) and (x < 1)]` works as NumPy's `&` does.
final class LogicalNode: Node {
    let op: LogicalOperator
    let lhs: Node, rhs: Node
    init(_ op: LogicalOperator, _ lhs: Node, _ rhs: Node, _ range: SourceRange) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        super.init(range)
    }

    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        let a = try lhs.eval(&f)
        if a.isTensor { return try elementwise(a, try rhs.eval(&f), f) }
        let left = try isTrue(a, at: lhs.range, f)
        switch op {
        case .and where !left: return .bool(false)
        case .or where left: return .bool(true)
        default:
            let b = try rhs.eval(&f)
            if b.isTensor { return try elementwise(a, b, f) }
            return .bool(try isTrue(b, at: rhs.range, f))
        }
    }

    private func elementwise(_ a: Value, _ b: Value, _ f: Frame) throws(Unwind) -> Value {
        let result: Value
        do { result = try Operators.logical(op, a, b) } catch { throw Unwind.placing(error, range, f.source) }
        try f.checkCancellation(range)  // tensor work: see `slowBinary`
        return result
    }
}
