import Engine

/// Specialized nodes for the shapes that dominate scalar code — a local or global name,
/// a number literal, `name op number`, a call of a global function — so that `n - 1`
/// is one node instead of three and a comparison in a condition never makes a bool.
/// Each falls back to the general path (and its errors) for anything but numbers.

final class NumberNode: Node {
    let number: Double
    init(_ number: Double, _ range: SourceRange) {
        self.number = number
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value { .number(number) }
}

final class LocalNode: Node {
    let slot: Int
    let name: String
    init(_ slot: Int, _ name: String, _ range: SourceRange) {
        self.slot = slot
        self.name = name
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        guard let v = f.slots[slot] else { throw f.unassigned(name, .local(slot), range) }
        return v
    }
}

final class GlobalNode: Node {
    let index: Int
    let name: String
    init(_ index: Int, _ name: String, _ range: SourceRange) {
        self.index = index
        self.name = name
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        guard let v = f.state.pointee.globals[index] else { throw f.unassigned(name, .global(index), range) }
        return v
    }
}

/// `a op 2`: the right side is a number literal.
final class BinaryConstantNode: Node {
    let op: BinaryOperator
    let lhs: Node
    let constant: Double
    init(_ op: BinaryOperator, _ lhs: Node, _ constant: Double, _ range: SourceRange) {
        self.op = op
        self.lhs = lhs
        self.constant = constant
        super.init(range)
    }

    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        let a = try lhs.eval(&f)
        if case let .number(x) = a, let v = numberResult(op, x, constant) { return v }
        return try slowBinary(op, a, .number(constant), range, f)
    }

    override func condition(_ f: inout Frame) throws(Unwind) -> Bool {
        let a = try lhs.eval(&f)
        if case let .number(x) = a, op.isComparison { return Operators.compareOrdered(op, x, constant) }
        return try isTrue(try slowBinary(op, a, .number(constant), range, f), at: range, f)
    }
}

/// `n op 2` with `n` a local of the running function.
final class LocalBinaryConstantNode: Node {
    let op: BinaryOperator
    let slot: Int
    let name: String
    let nameRange: SourceRange
    let constant: Double
    init(_ op: BinaryOperator, slot: Int, name: String, nameRange: SourceRange, _ constant: Double, _ range: SourceRange) {
        self.op = op
        self.slot = slot
        self.name = name
        self.nameRange = nameRange
        self.constant = constant
        super.init(range)
    }

    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        if case let .number(x)? = f.slots[slot], let v = numberResult(op, x, constant) { return v }
        return try slow(&f)
    }

    override func condition(_ f: inout Frame) throws(Unwind) -> Bool {
        if case let .number(x)? = f.slots[slot], op.isComparison { return Operators.compareOrdered(op, x, constant) }
        return try isTrue(try slow(&f), at: range, f)
    }

    @inline(never)
    private func slow(_ f: inout Frame) throws(Unwind) -> Value {
        guard let a = f.slots[slot] else { throw f.unassigned(name, .local(slot), nameRange) }
        if case let .number(x) = a, let v = numberResult(op, x, constant) { return v }
        return try slowBinary(op, a, .number(constant), range, f)
    }
}

/// `f(args)` where `f` names a global: the callee is read straight from the globals.
final class GlobalCallNode: Node {
    let index: Int
    let name: String
    let nameRange: SourceRange
    let arguments: ArgumentNodes
    init(_ index: Int, name: String, nameRange: SourceRange, _ arguments: ArgumentNodes, _ range: SourceRange) {
        self.index = index
        self.name = name
        self.nameRange = nameRange
        self.arguments = arguments
        super.init(range)
    }

    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        guard let fn = f.state.pointee.globals[index] else { throw f.unassigned(name, .global(index), nameRange) }
        if let v = try arguments.callDirectly(fn, &f, receiver: nil, site: range) { return v }
        switch fn {
        case .function, .layer, .object: break
        default:
            // `train = ds` then `train(m)`: say what the name hides and how to reach it.
            if f.machine.systemFunctions[name] != nil {
                throw .failure(
                    .type(
                        "cannot call \(fn.described): '\(name)' is your value now, which hides the function \(name) until :reset; "
                            + "call that as a method (x.\(name)(…)) or give your value another name"), nameRange, f.source)
            }
        }
        let args = try arguments.evaluate(&f)
        return try f.machine.invoke(fn, args, site: range, caller: f)
    }
}

/// The result of `x op y` on two numbers, nil for the operators that need the general path.
@inline(__always)
func numberResult(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Value? {
    switch op {
    case .add: return .number(x + y)
    case .subtract: return .number(x - y)
    case .multiply: return .number(x * y)
    case .divide: return .number(x / y)
    case .less: return .bool(x < y)
    case .lessEqual: return .bool(x <= y)
    case .greater: return .bool(x > y)
    case .greaterEqual: return .bool(x >= y)
    case .equal: return .bool(x == y)
    case .notEqual: return .bool(x != y)
    case .modulo: return .number(FloorDivision.remainder(x, y))
    case .floorDivide: return .number(FloorDivision.quotient(x, y))
    case .power, .matmul: return nil
    }
}

/// Any binary operator through `Operators`, its error placed at `range`. The stop flag
/// is read after it, as after a builtin: a tensor operator can run for seconds, and a
/// loop of them would otherwise wait `Machine.cancellationInterval` iterations.
@inline(never)
func slowBinary(_ op: BinaryOperator, _ a: Value, _ b: Value, _ range: SourceRange, _ f: Frame) throws(Unwind) -> Value {
    let result: Value
    do { result = try Operators.binary(op, a, b) } catch { throw Unwind.placing(error, range, f.source) }
    try f.checkCancellation(range)
    return result
}

extension BinaryOperator {
    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }
}
