import Engine

/// A compiled clause of a list comprehension.
enum ComprehensionStep {
    /// `for target in sequence`.
    case loop(Target, Node)
    /// `if condition`.
    case filter(Node)
}

/// `[element for x in xs if p(x)]`: a new list, built by running the clauses left to
/// right, each later clause inside the earlier ones, as Python does.
///
/// The loop variables do not leak (Python 3's rule, and unlike a `for` loop, whose
/// variable stays assigned). Inside a function each has a slot of its own (see
/// `Compiler.comprehension`); at a cell's top level they are globals, so the node notes
/// their values before it starts and puts them back when it ends, by error and Ctrl-C
/// too: a name used outside keeps its value and a new one stays unassigned. That keeps
/// the element as fast as a loop body. Inside a function, a loop variable that a function
/// made in the comprehension uses lives in a box the closures keep, so after the end they
/// see its last value, as in Python (`[x -> x * k for k in ks]`). Where this differs from
/// Python: at a cell's top level such a function does not see `k` once the comprehension
/// has ended (calling one inside it, as `map(ys, y -> y * k)` does, works everywhere).
///
/// Every item counts a tick (so Ctrl-C stops a long one, filtered items included), and
/// the list may hold at most `Builtins.maxRangeItems` items, the limit on listing a
/// range, so `[i for i in 0..1e9]` is an error rather than a list that eats the memory.
final class ComprehensionNode: Node {
    let element: Node
    let steps: [ComprehensionStep]
    /// Every variable the loops bind, restored when the comprehension ends.
    let variables: [Variable]

    init(_ element: Node, _ steps: [ComprehensionStep], variables: [Variable], _ range: SourceRange) {
        self.element = element
        self.steps = steps
        self.variables = variables
        super.init(range)
    }

    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        let saved = variables.map { f.read($0) }
        var items: [Value] = []
        do {
            try run(0, &items, &f)
        } catch {
            restore(saved, &f)
            throw error
        }
        restore(saved, &f)
        return .list(items)
    }

    private func restore(_ saved: [Value?], _ f: inout Frame) {
        for (variable, value) in zip(variables, saved) {
            if let value { f.write(variable, value) } else { _ = f.take(variable) }
        }
    }

    /// Runs the clauses from `index` on, appending an element where they all hold.
    private func run(_ index: Int, _ items: inout [Value], _ f: inout Frame) throws(Unwind) {
        guard index < steps.count else {
            let item = try element.eval(&f)
            if item.isContainer { try Self.requireRoom(for: item, range, f.source) }
            guard items.count < Builtins.maxRangeItems else { throw tooMany(f) }
            items.append(item)
            return
        }
        switch steps[index] {
        case let .filter(condition):
            // The loop step that reached this filter has ticked for the item already.
            if try condition.condition(&f) { try run(index + 1, &items, &f) }
        case let .loop(target, sequence):
            try forEachItem(of: try sequence.eval(&f), sequence, &f) { item, f throws(Unwind) in
                try f.tick(range)
                try target.assign(item, &f)
                try run(index + 1, &items, &f)
                return false
            }
        }
    }

    private func tooMany(_ f: Frame) -> Unwind {
        let limit = ValueFormatter.groupedThousands(Builtins.maxRangeItems)
        return .failure(
            .other(
                "a list comprehension may make at most \(limit) items; make fewer (filter with 'if', or slice the input) or keep the data in a tensor"
            ), range, f.source)
    }
}
