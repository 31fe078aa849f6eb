import Engine

/// `while c { … }`. Its value is none. Checks for a stop request on every iteration.
final class WhileNode: Node {
    let condition: Node, body: Node
    init(_ condition: Node, _ body: Node, _ range: SourceRange) {
        self.condition = condition
        self.body = body
        super.init(range)
    }

    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        while true {
            try f.tick(range)
            guard try condition.condition(&f) else { break }
            do {
                _ = try body.eval(&f)
            } catch {
                switch error {
                case .breakLoop: return .none
                case .continueLoop: continue
                default: throw error
                }
            }
        }
        return .none
    }
}

/// `for pattern in sequence { … }` over a range, list, tensor (its first axis) or string
/// (its characters). The loop variable stays assigned after the loop, as in Python.
final class ForNode: Node {
    let target: Target
    /// The loop variable when the target is a plain name (the common case).
    let variable: Variable?
    let sequence: Node, body: Node
    init(_ target: Target, _ sequence: Node, _ body: Node, _ range: SourceRange) {
        self.target = target
        if case let .place(.variable(v, _, _)) = target { variable = v } else { variable = nil }
        self.sequence = sequence
        self.body = body
        super.init(range)
    }

    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        try forEachItem(of: try sequence.eval(&f), sequence, &f) { item, f throws(Unwind) in try step(item, &f) }
        return .none
    }

    /// Binds one item and runs the body; true when the loop should stop (`break`).
    @inline(__always)
    private func step(_ item: Value, _ f: inout Frame) throws(Unwind) -> Bool {
        try f.tick(range)
        if let variable { f.write(variable, item) } else { try target.assign(item, &f) }
        do {
            _ = try body.eval(&f)
        } catch {
            switch error {
            case .breakLoop: return true
            case .continueLoop: return false
            default: throw error
            }
        }
        return false
    }
}

/// Calls `step` with each item a `for` loop takes from `items`, the value of `sequence`:
/// the numbers of a range, the items of a list, the rows of a tensor (its first axis),
/// the characters of a string, the items of an object with a count (`obj[0]`, `obj[1]`,
/// …). Stops early when `step` returns true. `for` loops and list comprehensions share
/// it, so both iterate the same things the same way; `step`
/// does the stop-flag check.
@inline(__always)
func forEachItem(
    of items: Value, _ sequence: Node, _ f: inout Frame,
    _ step: (Value, inout Frame) throws(Unwind) -> Bool
) throws(Unwind) {
    switch items {
    case let .range(start, end):
        var i = start
        while i < end {
            if try step(.number(Double(i)), &f) { return }
            i += 1
        }
    case let .list(values):
        for v in values where try step(v, &f) { return }
    case let .tensor(t):
        guard t.rank > 0 else {
            throw .failure(.type("cannot loop over a tensor with no axes (a single number); use item(x)"), sequence.range, f.source)
        }
        for i in 0..<t.shape[0] {
            let row: Tensor
            do { row = try t.slice([.index(i)]) } catch { throw Unwind.placing(error, sequence.range, f.source) }
            if try step(.tensor(row), &f) { return }
        }
    case let .string(s):
        for c in s where try step(.string(String(c)), &f) { return }
    case let .object(o) where o.count != nil:
        for i in 0..<max(0, o.count ?? 0) {
            let item: Value
            do { item = try o.item(.position(i)) } catch { throw Unwind.placing(error, sequence.range, f.source) }
            if try step(item, &f) { return }
        }
    default:
        throw .failure(
            .type("cannot loop over \(items.described): a for loop takes a range, a list, a tensor or a string"), sequence.range, f.source)
    }
}

final class BreakNode: Node {
    override func eval(_ f: inout Frame) throws(Unwind) -> Value { throw .breakLoop }
}

final class ContinueNode: Node {
    override func eval(_ f: inout Frame) throws(Unwind) -> Value { throw .continueLoop }
}

final class ReturnNode: Node {
    let value: Node?
    init(_ value: Node?, _ range: SourceRange) {
        self.value = value
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        throw .returned(try value?.eval(&f) ?? .none)
    }
}
