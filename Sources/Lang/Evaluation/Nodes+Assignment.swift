import Engine

/// Something a value can be stored into: a variable, an element (`x[i]`) or a field
/// (`r.f`) of another place. Index expressions are evaluated first (`resolve`), before
/// the variable is touched, so `xs[len(xs) - 1] = 0` reads `xs` normally.
indirect enum Place {
    case variable(Variable, name: String, SourceRange)
    case element(Place, [IndexItemNode], SourceRange)
    case field(Place, String, SourceRange)

    func resolve(_ f: inout Frame) throws(Unwind) -> ResolvedPlace {
        switch self {
        case let .variable(v, name, range): return .variable(v, name: name, range)
        case let .element(base, items, range):
            let b = try base.resolve(&f)
            var keys: [IndexKey] = []
            keys.reserveCapacity(items.count)
            for item in items { keys.append(try item.evaluate(&f)) }
            return .element(b, keys, range)
        case let .field(base, name, range): return .field(try base.resolve(&f), name, range)
        }
    }
}

/// A place whose index expressions have been evaluated.
indirect enum ResolvedPlace {
    case variable(Variable, name: String, SourceRange)
    case element(ResolvedPlace, [IndexKey], SourceRange)
    case field(ResolvedPlace, String, SourceRange)

    /// Why `x.name = …` cannot be: only records have fields; an object's members are
    /// read-only (a dataset's `label` is computed, not stored).
    static func unsettable(_ name: String, of container: Value) -> String {
        let what = if case .object = container { "member" } else { "field" }
        return "cannot set \(what) '\(name)' of \(container.described): only records have fields"
    }

    func store(_ value: Value, _ f: inout Frame) throws(Unwind) {
        let source = f.source
        if value.isContainer, case let .element(_, _, range) = self {
            try Node.requireRoom(for: value, below: levels, range, source)
        } else if value.isContainer, case let .field(_, _, range) = self {
            try Node.requireRoom(for: value, below: levels, range, source)
        }
        switch self {
        case let .variable(v, _, _):
            f.write(v, value)
        case let .element(base, keys, range):
            try base.modify(&f) { (container: inout Value) throws(Unwind) in
                try Indexing.store(value, into: &container, keys, range, source)
            }
            if value.isTensor { try f.checkCancellation(range) }  // tensor work: see `slowBinary`
        case let .field(base, name, range):
            try base.modify(&f) { (container: inout Value) throws(Unwind) in
                guard case .record(var record) = container else {
                    throw .failure(.type(Self.unsettable(name, of: container)), range, source)
                }
                container = .none
                record[name] = value
                container = .record(record)
            }
        }
    }

    /// How many lists or records down from its variable a value stored here sits:
    /// 0 for the variable itself, 1 for `x[i]` or `r.f`, 2 for `x[i][j]`.
    var levels: Int {
        var count = 0
        var place = self
        while true {
            switch place {
            case .variable: return count
            case let .element(base, _, _), let .field(base, _, _):
                count += 1
                place = base
            }
        }
    }

    /// Runs `body` on the value stored here, moved out of its variable (so lists and
    /// tensors are updated without a copy), and writes the result back.
    func modify(_ f: inout Frame, _ body: (inout Value) throws(Unwind) -> Void) throws(Unwind) {
        let source = f.source
        switch self {
        case let .variable(v, name, range):
            guard var current = f.take(v) else { throw f.unassigned(name, v, range) }
            do {
                try body(&current)
            } catch {
                f.write(v, current)
                throw error
            }
            f.write(v, current)
        case let .element(base, keys, range):
            try base.modify(&f) { (container: inout Value) throws(Unwind) in
                try Indexing.modifyElement(&container, keys, range, source, body)
            }
        case let .field(base, name, range):
            try base.modify(&f) { (container: inout Value) throws(Unwind) in
                if case .object = container { throw .failure(.type(Self.unsettable(name, of: container)), range, source) }
                guard case .record(var record) = container, var field = record[name] else {
                    throw .failure(.index(Indexing.missingField(name, in: container)), range, source)
                }
                container = .none
                record[name] = Value.none
                defer { container = .record(record) }
                do throws(Unwind) { try body(&field) } catch {
                    record[name] = field
                    throw error
                }
                record[name] = field
            }
        }
    }
}

/// What an assignment or a `for` loop binds: a place, or `a, b` unpacking a sequence.
indirect enum Target {
    case place(Place)
    case tuple([Target], SourceRange)

    @inline(__always)
    func assign(_ value: Value, _ f: inout Frame) throws(Unwind) {
        switch self {
        case let .place(.variable(v, _, _)):
            f.write(v, value)
        case let .place(place):
            try place.resolve(&f).store(value, &f)
        case let .tuple(targets, range):
            let parts = try Indexing.unpack(value, count: targets.count, range, f.source)
            for (target, part) in zip(targets, parts) { try target.assign(part, &f) }
        }
    }
}

/// `target = value`; its own value is none.
final class AssignNode: Node {
    let target: Target
    let value: Node
    init(_ target: Target, _ value: Node, _ range: SourceRange) {
        self.target = target
        self.value = value
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        try target.assign(try value.eval(&f), &f)
        return .none
    }
}

/// `name = value`, the common case, without going through `Target`.
final class AssignVariableNode: Node {
    let variable: Variable
    let value: Node
    init(_ variable: Variable, _ value: Node, _ range: SourceRange) {
        self.variable = variable
        self.value = value
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        f.write(variable, try value.eval(&f))
        return .none
    }
}

/// `place op= value`: the right side is evaluated first, then the place is read,
/// combined and written back.
final class CompoundAssignNode: Node {
    let op: BinaryOperator
    let place: Place
    let value: Node
    init(_ op: BinaryOperator, _ place: Place, _ value: Node, _ range: SourceRange) {
        self.op = op
        self.place = place
        self.value = value
        super.init(range)
    }

    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        let rhs = try value.eval(&f)
        if case let .variable(v, name, nameRange) = place {
            guard let current = f.read(v) else { throw f.unassigned(name, v, nameRange) }
            if case let .number(x) = current, case let .number(y) = rhs {
                f.write(v, .number(Operators.arithmetic(op, x, y)))
                return .none
            }
        }
        let source = f.source
        let resolved = try place.resolve(&f)
        let levels = rhs.isContainer ? resolved.levels : 0
        try resolved.modify(&f) { (current: inout Value) throws(Unwind) in
            let combined: Value
            do { combined = try Operators.binary(op, current, rhs) } catch { throw Unwind.placing(error, range, source) }
            // `x[i] += [v]` nests no deeper than x[i] (already in place) or rhs does.
            if levels > 0, combined.isContainer { try Node.requireRoom(for: rhs, below: levels, range, source) }
            current = combined
        }
        try f.checkCancellation(range)  // tensor work: see `slowBinary`
        return .none
    }
}
