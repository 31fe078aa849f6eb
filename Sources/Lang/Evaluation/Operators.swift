import Engine
import Glibc

/// What the operators mean for each kind of value. Nodes try numbers inline first and
/// come here for everything else; errors come back without a range (the operator node
/// adds its own).
///
/// - Numbers: IEEE arithmetic (`1 / 0` is `inf`); `//` rounds the quotient down and `%`
///   takes the sign of the divisor, as in Python (but `1 // 0` is `inf` and `1 % 0` is
///   `nan`, as NumPy gives); `**` is `pow`.
/// - Tensors: `+ - * / **` broadcast; a number, a bool or a list of numbers on the other
///   side is turned into a tensor first; `//` and `%` mean what they mean on numbers,
///   elementwise; `@` is the matrix product.
/// - Strings and lists: `+` concatenates.
/// - Comparisons: numbers and strings give a bool; with a tensor on either side they
///   give a 0/1 mask tensor; `==` and `!=` on anything else compare values (`Value ==`).
enum Operators {
    static func binary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        switch op {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            return try compare(op, a, b)
        default:
            break
        }
        switch (a, b) {
        case let (.number(x), .number(y)):
            return .number(arithmetic(op, x, y))
        case let (.string(x), .string(y)) where op == .add:
            return .string(x + y)
        case let (.list(x), .list(y)) where op == .add:
            return .list(x + y)
        default:
            break
        }
        guard a.isTensor || b.isTensor,
            let x = try tensorOperand(a), let y = try tensorOperand(b)
        else {
            throw RuntimeError(.type("cannot \(phrase(op, a.described, b.described))"))
        }
        return .tensor(try tensorArithmetic(op, x, y))
    }

    @inline(__always)
    static func arithmetic(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Double {
        switch op {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide: return x / y
        case .power: return pow(x, y)
        case .modulo: return FloorDivision.remainder(x, y)
        case .floorDivide: return FloorDivision.quotient(x, y)
        default: return .nan
        }
    }

    static func tensorArithmetic(_ op: BinaryOperator, _ x: Tensor, _ y: Tensor) throws -> Tensor {
        switch op {
        case .add: return try x + y
        case .subtract: return try x - y
        case .multiply: return try x * y
        case .divide: return try x / y
        case .power: return try x.pow(y)
        case .floorDivide: return try x.floorDivided(by: y)
        case .modulo: return try x.remainder(dividingBy: y)
        case .matmul: return try x.matmul(y)
        default: throw RuntimeError(.type("'\(op.rawValue)' is not defined on tensors"))
        }
    }

    /// A tensor operand: tensors as they are; numbers, bools and lists of numbers
    /// converted; nil for anything else.
    static func tensorOperand(_ v: Value) throws -> Tensor? {
        switch v {
        case .tensor, .number, .bool, .list: return try v.asTensor()
        default: return nil
        }
    }

    static func compare(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case let (.number(x), .number(y)):
            return .bool(compareOrdered(op, x, y))
        case let (.string(x), .string(y)):
            return .bool(compareOrdered(op, x, y))
        default:
            break
        }
        if a.isTensor || b.isTensor, let x = try? tensorOperand(a), let y = try? tensorOperand(b) {
            return .tensor(try x.compare(y, comparison(op)))
        }
        switch op {
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        default: throw RuntimeError(.type("cannot compare \(a.described) and \(b.described) with '\(op.rawValue)'"))
        }
    }

    /// A comparison operator on two numbers or two strings (IEEE for numbers: every
    /// comparison with nan is false but `!=`). Generic so both share one table; inlined,
    /// so the number case stays a plain `Double` comparison on the hot path.
    @inline(__always)
    static func compareOrdered<T: Comparable>(_ op: BinaryOperator, _ x: T, _ y: T) -> Bool {
        switch op {
        case .equal: return x == y
        case .notEqual: return x != y
        case .less: return x < y
        case .lessEqual: return x <= y
        case .greater: return x > y
        default: return x >= y
        }
    }

    static func comparison(_ op: BinaryOperator) -> Tensor.Comparison {
        switch op {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        default: return .greaterEqual
        }
    }

    static func unary(_ op: UnaryOperator, _ v: Value) throws -> Value {
        switch (op, v) {
        case let (.negate, .number(x)): return .number(-x)
        case let (.negate, .tensor(t)): return .tensor(try -t)
        case (.plus, .number), (.plus, .tensor): return v
        case let (.not, .tensor(t)): return .tensor(try t.compare(Tensor(0), .equal))
        case (.not, _): return .bool(!(try condition(v)))
        default:
            throw RuntimeError(.type("cannot apply unary '\(op.rawValue)' to \(v.described)"))
        }
    }

    /// Elementwise `and` / `or` of two masks (non-zero is true), giving a 0/1 mask.
    static func logical(_ op: LogicalOperator, _ a: Value, _ b: Value) throws -> Value {
        guard let x = try tensorOperand(a), let y = try tensorOperand(b) else {
            throw RuntimeError(.type("cannot combine \(a.described) and \(b.described) with '\(op.rawValue)'"))
        }
        let mx = try x.compare(Tensor(0), .notEqual), my = try y.compare(Tensor(0), .notEqual)
        return .tensor(op == .and ? try mx * my : try mx.maximum(my))
    }

    /// Truthiness. A condition is a bool, a number (true when non-zero) or a one-element
    /// tensor (true when non-zero); anything else is an error rather than a guess, so
    /// `if mask { … }` with a many-element mask does not silently mean something.
    static func condition(_ v: Value) throws -> Bool {
        switch v {
        case let .bool(b): return b
        case let .number(x): return x != 0
        case let .tensor(t) where t.count == 1: return t[flat: 0] != 0
        case let .tensor(t):
            throw RuntimeError(
                .type(
                    "a condition must be a bool, a number or a one-element tensor, got a tensor of shape \(Shape.describe(t.shape)) (use any(...) or all(...))"
                ))
        default:
            throw RuntimeError(.type("a condition must be a bool, a number or a one-element tensor, got \(v.described)"))
        }
    }

    /// "add a string and a tensor", "divide the number 1 by a string".
    static func phrase(_ op: BinaryOperator, _ a: String, _ b: String) -> String {
        switch op {
        case .add: return "add \(a) and \(b)"
        case .subtract: return "subtract \(b) from \(a)"
        case .multiply: return "multiply \(a) by \(b)"
        case .divide: return "divide \(a) by \(b)"
        case .power: return "raise \(a) to the power of \(b)"
        case .floorDivide: return "floor-divide \(a) by \(b)"
        case .modulo: return "take the remainder of \(a) divided by \(b)"
        case .matmul: return "matrix-multiply \(a) and \(b) ('@' works on tensors)"
        default: return "compare \(a) and \(b)"
        }
    }
}

extension Value {
    var isTensor: Bool {
        if case .tensor = self { return true }
        return false
    }
}

/// A condition's truth, with the failure placed at the condition.
@inline(__always)
func isTrue(_ v: Value, at range: SourceRange, _ f: Frame) throws(Unwind) -> Bool {
    if case let .bool(b) = v { return b }
    return try slowTruth(v, at: range, f)
}

@inline(never)
private func slowTruth(_ v: Value, at range: SourceRange, _ f: Frame) throws(Unwind) -> Bool {
    do { return try Operators.condition(v) } catch { throw Unwind.placing(error, range, f.source) }
}

extension Unwind {
    /// Turns any error a builtin, the Engine or an operator threw into a failure at
    /// `range`, keeping a range the error already has (one from deeper inside).
    static func placing(_ error: any Error, _ range: SourceRange, _ source: Source) -> Unwind {
        var e: RuntimeError
        switch error {
        case let r as RuntimeError: e = r
        case let t as TensorError: e = RuntimeError(engine: t)
        case let s as SproutError:
            e = RuntimeError(.other(s.message), range: s.range, source: s.source)
        default: e = RuntimeError(.other(String(describing: error)))
        }
        if e.range == nil || e.source == nil {
            e.range = range
            e.source = source
        }
        return .error(ErrorBox(e))
    }
}
