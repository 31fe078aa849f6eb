import Engine

/// One position inside `[...]`, compiled.
enum IndexItemNode {
    case value(Node)
    case slice(start: Node?, end: Node?, step: Node?, SourceRange)

    func evaluate(_ f: inout Frame) throws(Unwind) -> IndexKey {
        switch self {
        case let .value(node):
            return .value(try node.eval(&f), node.range)
        case let .slice(start, end, step, range):
            return .slice(
                start: try bound(start, "start", &f), end: try bound(end, "end", &f),
                step: try bound(step, "step", &f), range)
        }
    }

    private func bound(_ node: Node?, _ what: String, _ f: inout Frame) throws(Unwind) -> Int? {
        guard let node else { return nil }
        let v = try node.eval(&f)
        if case .none = v { return nil }
        return try wholeNumber(v, what: "a slice's \(what)", at: node.range, f.source)
    }
}

/// An evaluated index position.
enum IndexKey {
    case value(Value, SourceRange)
    /// Bounds are whole numbers below 2^53 in magnitude, so arithmetic on them cannot trap.
    case slice(start: Int?, end: Int?, step: Int?, SourceRange)
}

/// `x[i]`, `x[:, 1:3]`, `x[mask]`.
final class IndexNode: Node {
    let base: Node
    let items: [IndexItemNode]
    init(_ base: Node, _ items: [IndexItemNode], _ range: SourceRange) {
        self.base = base
        self.items = items
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        let v = try base.eval(&f)
        var keys: [IndexKey] = []
        keys.reserveCapacity(items.count)
        for item in items { keys.append(try item.evaluate(&f)) }
        let result = try Indexing.read(v, keys, range, f.source)
        if v.isTensor { try f.checkCancellation(range) }  // tensor work: see `slowBinary`
        return result
    }
}

/// Reading and writing by index for every indexable kind. Tensors are in
/// `Indexing+Tensor.swift`.
///
/// - Lists and strings: a whole number (negative counts from the end) or a slice
///   `start:end:step` with Python's rules. Strings index characters.
/// - Ranges: like the list of their numbers.
/// - Records: a field name string.
/// - Objects: their `item` hook, with numbers and slices resolved as for lists.
enum Indexing {
    static func read(_ v: Value, _ keys: [IndexKey], _ range: SourceRange, _ source: Source) throws(Unwind) -> Value {
        switch v {
        case let .tensor(t):
            return .tensor(try tensorRead(t, keys, range, source))
        case let .list(items):
            let key = try single(keys, of: v, range, source)
            if case let .slice(start, end, step, r) = key {
                let s = try sliceIndices(start, end, step, count: items.count, r, source)
                return .list(s.map { items[$0] })
            }
            return items[try position(key, count: items.count, of: v, source)]
        case let .string(s):
            let key = try single(keys, of: v, range, source)
            let characters = Array(s)
            if case let .slice(start, end, step, r) = key {
                let picked = try sliceIndices(start, end, step, count: characters.count, r, source)
                return .string(String(picked.map { characters[$0] }))
            }
            return .string(String(characters[try position(key, count: characters.count, of: v, source)]))
        case let .range(start, end):
            let key = try single(keys, of: v, range, source)
            let count = max(0, end - start)
            if case let .slice(s, e, st, r) = key {
                return .list(try sliceIndices(s, e, st, count: count, r, source).map { .number(Double(start + $0)) })
            }
            return .number(Double(start + (try position(key, count: count, of: v, source))))
        case let .record(record):
            let key = try single(keys, of: v, range, source)
            guard case let .value(.string(name), r) = key else {
                throw .failure(.index("a record is indexed by a field name string, e.g. r[\"lr\"]"), keyRange(key), source)
            }
            guard let field = record[name] else { throw .failure(.index(missingField(name, in: v)), r, source) }
            return field
        case let .object(object):
            let key = try single(keys, of: v, range, source)
            let resolved = try objectKey(key, count: object.count, of: v, source)
            do { return try object.item(resolved) } catch { throw Unwind.placing(error, keyRange(key), source) }
        default:
            throw .failure(.type("cannot index \(v.described)"), range, source)
        }
    }

    /// An index as an object receives it: with a count, numbers and slices resolved as a
    /// list resolves them (so `ds[-1]` and `ds[0:100:2]` mean what they mean on a list).
    private static func objectKey(_ key: IndexKey, count: Int?, of v: Value, _ source: Source) throws(Unwind) -> ObjectKey {
        switch key {
        case let .value(.string(name), _): return .name(name)
        case let .slice(start, end, step, r):
            guard let count else { throw .failure(.type("cannot slice \(v.described)"), r, source) }
            return .slice(try sliceBounds(start, end, step, count: count, r, source))
        case .value(.number, _) where count != nil:
            return .position(try position(key, count: count ?? 0, of: v, source))
        case let .value(other, _): return .value(other)
        }
    }

    /// Writes `value` at `keys` inside `container`, in place.
    ///
    /// `if case`, not `switch`: a switch keeps its subject alive through the case body,
    /// a second reference to the tensor or list that made every write copy all of it
    /// (2,000 writes into a 200,000-item list took 5.5 s).
    static func store(
        _ value: Value, into container: inout Value, _ keys: [IndexKey], _ range: SourceRange, _ source: Source
    ) throws(Unwind) {
        if case .tensor(var t) = container {
            container = .none
            defer { container = .tensor(t) }
            try tensorStore(value, into: &t, keys, range, source)
            return
        }
        if case .list(var items) = container {
            let key = try single(keys, of: container, range, source)
            if case let .slice(start, end, step, r) = key {
                guard step == nil || step == 1 else {
                    throw .failure(.index("assigning to a list slice needs a step of 1"), r, source)
                }
                guard case let .list(replacement) = value else {
                    throw .failure(.type("a list slice can only be replaced by a list, got \(value.described)"), range, source)
                }
                let picked = try sliceIndices(start, end, nil, count: items.count, r, source)
                let lo = picked.first ?? clampedStart(start, count: items.count)
                container = .none
                items.replaceSubrange(lo..<(lo + picked.count), with: replacement)
                container = .list(items)
                return
            }
            let i = try position(key, count: items.count, of: container, source)
            container = .none
            items[i] = value
            container = .list(items)
            return
        }
        if case .record(var record) = container {
            let key = try single(keys, of: container, range, source)
            guard case let .value(.string(name), _) = key else {
                throw .failure(.index("a record is indexed by a field name string, e.g. r[\"lr\"]"), keyRange(key), source)
            }
            container = .none
            record[name] = value
            container = .record(record)
            return
        }
        switch container {
        case .string:
            throw .failure(.type("cannot assign into a string: strings cannot be changed in place (build a new one with +)"), range, source)
        default:
            throw .failure(.type("cannot assign by index into \(container.described)"), range, source)
        }
    }

    /// Runs `body` on the element at `keys`, then stores it back. A list element or a
    /// record field is moved out first so an update does not copy it.
    static func modifyElement(
        _ container: inout Value, _ keys: [IndexKey], _ range: SourceRange, _ source: Source,
        _ body: (inout Value) throws(Unwind) -> Void
    ) throws(Unwind) {
        if case .list(var items) = container, keys.count == 1, case .value = keys[0] {
            let i = try position(keys[0], count: items.count, of: container, source)
            container = .none
            var element = items[i]
            items[i] = .none
            defer {
                items[i] = element
                container = .list(items)
            }
            try body(&element)
            return
        }
        var element = try read(container, keys, range, source)
        try body(&element)
        try store(element, into: &container, keys, range, source)
    }

    /// `a, b = value`: exactly `count` items of a list, a range or a tensor's first axis.
    static func unpack(_ value: Value, count: Int, _ range: SourceRange, _ source: Source) throws(Unwind) -> [Value] {
        let items: [Value]
        switch value {
        case let .list(xs): items = xs
        case let .range(s, e):
            guard e - s == count else { throw wrongCount(max(0, e - s), count, range, source) }
            items = (s..<e).map { .number(Double($0)) }
        case let .tensor(t) where t.rank > 0:
            guard t.shape[0] == count else { throw wrongCount(t.shape[0], count, range, source) }
            var rows: [Value] = []
            for i in 0..<count {
                do { rows.append(.tensor(try t.slice([.index(i)]))) } catch { throw Unwind.placing(error, range, source) }
            }
            items = rows
        default:
            throw .failure(.type("cannot unpack \(value.described) into \(count) names"), range, source)
        }
        guard items.count == count else { throw wrongCount(items.count, count, range, source) }
        return items
    }

    private static func wrongCount(_ got: Int, _ want: Int, _ range: SourceRange, _ source: Source) -> Unwind {
        .failure(.type("cannot unpack \(got) value\(got == 1 ? "" : "s") into \(want) names"), range, source)
    }

    static func missingField(_ name: String, in v: Value) -> String {
        guard case let .record(r) = v else { return "\(v.described) has no field '\(name)'" }
        if r.names.isEmpty { return "the record has no field '\(name)' (it has no fields)" }
        let hint = closestName(to: name, among: r.names).map { "; did you mean '\($0)'?" } ?? ""
        return "the record has no field '\(name)' (its fields are \(r.names.joined(separator: ", "))\(hint))"
    }

    // MARK: - Helpers

    private static func single(_ keys: [IndexKey], of v: Value, _ range: SourceRange, _ source: Source) throws(Unwind) -> IndexKey {
        guard keys.count == 1 else {
            throw .failure(.index("\(v.described) takes one index, got \(keys.count)"), range, source)
        }
        return keys[0]
    }

    static func keyRange(_ key: IndexKey) -> SourceRange {
        switch key {
        case let .value(_, r), let .slice(_, _, _, r): return r
        }
    }

    /// A whole-number index into `count` items; negative counts from the end.
    private static func position(_ key: IndexKey, count: Int, of v: Value, _ source: Source) throws(Unwind) -> Int {
        guard case let .value(value, r) = key else { return 0 }
        let i = try wholeNumber(value, what: "an index into \(v.kindName == "string" ? "a string" : "a \(v.kindName)")", at: r, source)
        let j = i < 0 ? i + count : i
        guard j >= 0 && j < count else {
            throw .failure(
                .index(
                    "index \(i) is out of range for \(v.kindName == "string" ? "a string" : "a \(v.kindName)") of \(count) item\(count == 1 ? "" : "s")"
                ), r, source)
        }
        return j
    }

    /// The positions a Python slice picks out of `count` items.
    static func sliceIndices(
        _ start: Int?, _ end: Int?, _ step: Int?, count: Int, _ range: SourceRange, _ source: Source
    ) throws(Unwind) -> [Int] {
        Array(try sliceBounds(start, end, step, count: count, range, source).positions)
    }

    /// A Python slice's bounds over `count` items: where it starts, stops and its step.
    static func sliceBounds(
        _ start: Int?, _ end: Int?, _ step: Int?, count: Int, _ range: SourceRange, _ source: Source
    ) throws(Unwind) -> ObjectSlice {
        let st = step ?? 1
        guard st != 0 else { throw .failure(.index("a slice's step cannot be zero"), range, source) }
        func clamp(_ v: Int?, _ fallback: Int) -> Int {
            guard var v else { return fallback }
            if v < 0 { v += count }
            return st > 0 ? min(max(v, 0), count) : min(max(v, -1), count - 1)
        }
        let lo = clamp(start, st > 0 ? 0 : count - 1)
        let hi = clamp(end, st > 0 ? count : -1)
        return ObjectSlice(start: lo, end: hi, step: st)
    }

    private static func clampedStart(_ start: Int?, count: Int) -> Int {
        guard var s = start else { return 0 }
        if s < 0 { s += count }
        return min(max(s, 0), count)
    }
}
