import Engine

/// Compiled code: the AST turned, once per cell or function, into a tree of nodes whose
/// names are already resolved to slots (see `Compiler`). Each node evaluates itself
/// against a `Frame`; control flow leaves through the typed `Unwind` error.
///
/// Subclasses live beside the concern they implement: `Nodes+Operators.swift`,
/// `Nodes+Assignment.swift`, `Nodes+Control.swift`, `Nodes+Calls.swift`, `Closure.swift`.
class Node {
    let range: SourceRange

    init(_ range: SourceRange) {
        self.range = range
    }

    func eval(_ f: inout Frame) throws(Unwind) -> Value {
        .none
    }

    /// The node's value as a condition (see `Operators.condition`). Comparisons override
    /// it to answer without making a bool.
    func condition(_ f: inout Frame) throws(Unwind) -> Bool {
        try isTrue(try eval(&f), at: range, f)
    }
}

/// Where a resolved name lives.
enum Variable: Equatable {
    /// An uncaptured local of the running function.
    case local(Int)
    /// A local of the running function that a nested function captures.
    case box(Int)
    /// A variable of an enclosing function, through the running closure's captures.
    case capture(Int)
    /// A global, by its index in the `GlobalTable`.
    case global(Int)
}

extension Frame {
    @inline(__always)
    func read(_ variable: Variable) -> Value? {
        switch variable {
        case let .local(i): return slots[i]
        case let .box(i): return box(i)?.value ?? nil
        case let .capture(i): return capture(i)?.value ?? nil
        case let .global(i): return state.pointee.globals[i]
        }
    }

    @inline(__always)
    func write(_ variable: Variable, _ value: Value) {
        switch variable {
        case let .local(i): slots[i] = value
        case let .box(i): box(i)?.value = value
        case let .capture(i): capture(i)?.value = value
        case let .global(i): state.pointee.globals[i] = value
        }
    }

    /// Moves the value out, leaving the variable unassigned until it is written back, so
    /// that an in-place update of a list or tensor does not copy it because the variable
    /// still holds a reference.
    func take(_ variable: Variable) -> Value? {
        switch variable {
        case let .local(i):
            let v = slots[i]
            slots[i] = nil
            return v
        case let .box(i):
            let v = box(i)?.value ?? nil
            box(i)?.value = nil
            return v
        case let .capture(i):
            let v = capture(i)?.value ?? nil
            capture(i)?.value = nil
            return v
        case let .global(i):
            let v = state.pointee.globals[i]
            state.pointee.globals[i] = nil
            return v
        }
    }

    /// The error for reading a variable that has no value.
    func unassigned(_ name: String, _ variable: Variable, _ range: SourceRange) -> Unwind {
        switch variable {
        case .global:
            let known = machine.globals.assigned.map(\.name)
            return .failure(.undefined(name: name, suggestion: closestName(to: name, among: known)), range, source)
        case .local, .box, .capture:
            return .failure(
                .other(
                    "'\(name)' has no value yet: it is assigned in this function, which makes it local here (a function cannot reassign a global; return the new value instead)"
                ), range, source)
        }
    }
}

// MARK: - Literals and names

final class ConstantNode: Node {
    let value: Value
    init(_ value: Value, _ range: SourceRange) {
        self.value = value
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value { value }
}

final class NameNode: Node {
    let name: String
    let variable: Variable
    init(_ name: String, _ variable: Variable, _ range: SourceRange) {
        self.name = name
        self.variable = variable
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        guard let v = f.read(variable) else { throw f.unassigned(name, variable, range) }
        return v
    }
}

/// `_N`: the value cell N showed (the file's cell N, in a file being replayed).
final class CellValueNode: Node {
    let cell: Int
    let file: FileCells?
    init(_ cell: Int, _ range: SourceRange, file: FileCells? = nil) {
        self.cell = cell
        self.file = file
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        if let file { return try file.value(of: cell, range, f.source) }
        if let v = f.machine.cellValues[cell] { return v }
        let problem = f.machine.cellValues.whyMissing(cell, next: f.machine.nextCell, ofFile: false)
        throw .failure(.other(problem), range, f.source)
    }
}

final class ListNode: Node {
    let items: ContiguousArray<Node>
    init(_ items: [Node], _ range: SourceRange) {
        self.items = ContiguousArray(items)
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        var out: [Value] = []
        out.reserveCapacity(items.count)
        var i = 0
        while i < items.count {
            let item = try items[i].eval(&f)
            if item.isContainer { try Self.requireRoom(for: item, range, f.source) }
            out.append(item)
            i += 1
        }
        return .list(out)
    }
}

final class RecordNode: Node {
    let names: [String]
    let values: [Node]
    init(_ names: [String], _ values: [Node], _ range: SourceRange) {
        self.names = names
        self.values = values
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        var record = Record()
        for (name, node) in zip(names, values) {
            let item = try node.eval(&f)
            if item.isContainer { try Self.requireRoom(for: item, range, f.source) }
            record[name] = item
        }
        return .record(record)
    }
}

/// `a..b`: both ends whole numbers.
final class RangeNode: Node {
    let start: Node, end: Node
    init(_ start: Node, _ end: Node, _ range: SourceRange) {
        self.start = start
        self.end = end
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        let s = try wholeNumber(try start.eval(&f), what: "a range's start", at: start.range, f.source)
        let e = try wholeNumber(try end.eval(&f), what: "a range's end", at: end.range, f.source)
        return .range(start: s, end: e)
    }
}

/// A whole number small enough to count with (|x| < 2^53), from a number or a
/// one-element tensor.
func wholeNumber(_ v: Value, what: String, at range: SourceRange, _ source: Source) throws(Unwind) -> Int {
    let x: Double
    switch v {
    case let .number(n): x = n
    case let .tensor(t) where t.count == 1: x = Double(t[flat: 0])
    default: throw .failure(.type("\(what) must be a whole number, got \(v.described)"), range, source)
    }
    guard x.isFinite, x == x.rounded(), abs(x) < 9_007_199_254_740_992 else {
        throw .failure(.type("\(what) must be a whole number, got \(formatNumber(x))"), range, source)
    }
    return Int(x)
}

// MARK: - Blocks and if

final class BlockNode: Node {
    let body: ContiguousArray<Node>
    init(_ body: [Node], _ range: SourceRange) {
        self.body = ContiguousArray(body)
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        var last = Value.none
        var i = 0
        while i < body.count {
            last = try body[i].eval(&f)
            i += 1
        }
        return last
    }
}

final class IfNode: Node {
    let condition: Node, then: Node, otherwise: Node?
    init(_ condition: Node, _ then: Node, _ otherwise: Node?, _ range: SourceRange) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        if try condition.condition(&f) { return try then.eval(&f) }
        return try otherwise?.eval(&f) ?? .none
    }
}
