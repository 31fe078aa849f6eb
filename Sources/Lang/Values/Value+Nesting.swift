/// How deep lists and records may nest, and the walks that must not recurse.
///
/// Swift compares, hashes and above all frees a nested `Value` recursively: freeing a
/// list nested 60,000 deep overflows the 8 MB main stack, and values are freed wherever
/// the last reference goes (on the main thread at `:reset` and at exit, not only on the
/// evaluator's big stack). A loop builds such a value (`for i in 0..60000 { x = [x] }`),
/// so no parse-depth limit helps. Every place that puts a value inside a list or record
/// therefore checks that the result nests at most `maximumNesting` levels, far more than
/// any real data needs and little enough that any walk fits in a few hundred KB of stack.
/// Models are not limited: their walks are iterative (see `Sequential`).
///
/// A value can hold the same list many times (`x = [x, x]` doubles it at each level
/// while its memory only grows by one list), so walks that would be exponential as a
/// tree visit each distinct list or record once, known by its storage.
extension Value {
    /// The most levels of lists and records a value may have: `[[1]]` has 2.
    public static let maximumNesting = 1_000

    /// Levels of lists and records: 0 for a number or tensor, 1 for `[]` or `[1, 2]`.
    /// - Complexity: O(items), each distinct list or record walked once, without recursion.
    public var nesting: Int {
        fold(leaf: { _ in 0 }, open: { _ in 1 }, add: { depth, item in depth = max(depth, item + 1) })
    }

    /// A hash of the value's contents: `leaf` hashes each item that is not a list or
    /// record; lists and records combine their kind, field names and items' hashes.
    /// - Complexity: O(items), each distinct list or record hashed once, without recursion.
    public func structuralHash(leaf: (Value) -> Int) -> Int {
        fold(
            leaf: leaf,
            open: { value in
                var hasher = Hasher()
                hasher.combine(value.kindName)
                if case let .record(record) = value { hasher.combine(record.names) }
                return hasher.finalize()
            },
            add: { hash, item in
                var hasher = Hasher()
                hasher.combine(hash)
                hasher.combine(item)
                hash = hasher.finalize()
            })
    }

    /// Whether this is a list or record (something that adds a level of nesting).
    var isContainer: Bool {
        switch self {
        case .list, .record: return true
        default: return false
        }
    }

    /// Throws unless the value, placed `levels` levels down inside a list or record (1 for
    /// an item of a new list), keeps within `maximumNesting`.
    func requireRoom(below levels: Int) throws(RuntimeError) {
        guard isContainer else { return }
        // A list or record of plain items (the common case: a row, a history entry) is one
        // level, known without a walk.
        let depth = Self.plainItems(of: self) ? 1 : nesting
        let total = levels + depth
        guard total <= Self.maximumNesting else { throw Self.tooDeep(total) }
    }

    /// Throws unless `items`, as the items of a new list or record, keep within the limit.
    /// Items that are not lists or records cost one check each.
    static func requireRoom(forItems items: [Value]) throws(RuntimeError) {
        for item in items where item.isContainer { try item.requireRoom(below: 1) }
    }

    /// Whether a list or record holds no list or record.
    private static func plainItems(of value: Value) -> Bool {
        switch value {
        case let .list(items): return !items.contains(where: \.isContainer)
        case let .record(record): return !record.values.contains(where: \.isContainer)
        default: return true
        }
    }

    static func tooDeep(_ levels: Int) -> RuntimeError {
        RuntimeError(
            .other(
                "a list or record may nest at most \(maximumNesting) levels deep (this one would be \(levels)); keep deep data flat, e.g. a list of records"
            ))
    }

    /// Folds the value bottom-up: `leaf` for each item that is not a list or record; for
    /// each list or record, `open` starts its result and `add` takes in each item's.
    /// Each distinct list or record is folded once (its result is reused where it is
    /// shared), and the walk keeps its own stack, so neither sharing nor depth is a cost.
    func fold<R>(leaf: (Value) -> R, open: (Value) -> R, add: (inout R, R) -> Void) -> R {
        guard let root = FoldFrame<R>(self, open) else { return leaf(self) }
        var known: [StorageKey: R] = [:]
        var stack = [root]
        while true {
            let top = stack.count - 1
            if stack[top].next < stack[top].items.count {
                let item = stack[top].items[stack[top].next]
                stack[top].next += 1
                if let frame = FoldFrame<R>(item, open) {
                    stack[top].holdsContainers = true
                    if let result = known[frame.key] { add(&stack[top].result, result) } else { stack.append(frame) }
                } else {
                    add(&stack[top].result, leaf(item))
                }
                continue
            }
            let done = stack.removeLast()
            // Only a list that holds lists can be costly to fold again: remember those (a
            // long list of flat rows then costs no hashing at all).
            if done.holdsContainers { known[done.key] = done.result }
            guard !stack.isEmpty else { return done.result }
            add(&stack[stack.count - 1].result, done.result)
        }
    }
}

extension Node {
    /// Throws, at `range`, unless `value` fits `levels` levels down in a list or record.
    static func requireRoom(for value: Value, below levels: Int = 1, _ range: SourceRange, _ source: Source) throws(Unwind) {
        do { try value.requireRoom(below: levels) } catch { throw .failure(error.kind, range, source) }
    }
}

/// A list or record being folded: its items, how many are done, the result so far.
struct FoldFrame<R> {
    let items: [Value]
    let key: StorageKey
    var next = 0
    var result: R
    /// Whether an item seen so far is a list or record.
    var holdsContainers = false

    /// nil for anything but a list or record.
    init?(_ value: Value, _ open: (Value) -> R) {
        switch value {
        case let .list(items):
            self.items = items
            key = StorageKey(items, isRecord: false)
        case let .record(record):
            items = record.values
            key = StorageKey(items, isRecord: true)
        default:
            return nil
        }
        result = open(value)
    }
}

/// A list's or record's storage, which names it while it is alive: the same storage
/// means the same items.
struct StorageKey: Hashable {
    let storage: UnsafeRawPointer?
    let count: Int
    let isRecord: Bool

    init(_ items: [Value], isRecord: Bool) {
        storage = items.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        count = items.count
        self.isRecord = isRecord
    }
}
