import Engine
import Glibc

/// The language's own builtins: printing, `help`, kinds and lengths, and a small set of
/// list helpers. Lists are values: `append(xs, x)` gives a new list and leaves `xs` alone.
/// `range(a, b)` gives a range value (`a..b`, half-open), which every list helper takes.
extension Builtins {
    static func core() -> [Builtin] {
        [
            Builtin(
                "print", [variadic("values", "any values")],
                summary:
                    "Writes the values separated by spaces and a newline (strings without quotes, a one-element tensor as its number).",
                example:
                    "x = randn(8, 4)\nm = mlp([4, 16, 3])\ny = tensor([0, 1, 2, 0, 1, 2, 0, 1])\nloss = cross_entropy(m(x), y)\nprint(\"loss\", loss)"
            ) { args, runtime in
                runtime.host.write(args.rest.map(ValueFormatter.plain).joined(separator: " ") + "\n")
                return .none
            },
            Builtin(
                "str", [arg("x", "any value")],
                summary:
                    "The text a value prints as (a string is left as it is; a one-element tensor, of any shape, is its number, as str(item(x))).",
                example: "\"loss \" + str(tensor([[0.25]]))   # \"loss 0.25\""
            ) { args, _ in
                .string(ValueFormatter.plain(args.value("x") ?? .none))
            },
            Builtin(
                "kind", [arg("x", "any value")],
                summary: "The kind of a value: \"number\", \"tensor\", \"list\", \"model\", …",
                example: "m = mlp([4, 3])\nkind(m)   # \"model\""
            ) { args, _ in
                .string((args.value("x") ?? .none).kindName)
            },
            Builtin(
                "len", [arg("x", "a list, string, record, range or tensor")],
                summary: "The number of items: of a list, characters of a string, fields of a record, rows of a tensor.",
                example: "len([1, 2, 3])   # 3"
            ) { args, _ in
                switch args.value("x") ?? .none {
                case let .list(items): return .number(Double(items.count))
                case let .string(s): return .number(Double(s.count))
                case let .record(r): return .number(Double(r.names.count))
                case let .range(s, e): return .number(Double(max(0, e - s)))
                case let .tensor(t) where t.rank > 0: return .number(Double(t.shape[0]))
                case let .object(o) where o.count != nil: return .number(Double(o.count ?? 0))
                case let other: throw args.mismatch("x", other)
                }
            },
            Builtin(
                "help", [arg("name", "a function or its name as a string", "none")],
                summary: "Shows a function's signature, what it does and an example; help() lists every builtin.",
                example: "help(adam)"
            ) { args, runtime in
                runtime.host.write(try helpText(args, runtime) + "\n")
                return .none
            },
            Builtin(
                "range", [arg("start", "a whole number"), arg("end", "a whole number", "none")],
                summary: "The whole numbers from start up to (not including) end, as a range value; range(n) is 0..n.",
                example: "for i in range(10) { print(i) }"
            ) { args, _ in
                let start = try args.integer("start")
                guard args.has("end") else { return .range(start: 0, end: start) }
                return .range(start: start, end: try args.integer("end"))
            },
            Builtin(
                "list", [arg("x", "a range, tensor, string or list")],
                summary: "The items as a list: the numbers of a range, the (nested) rows of a tensor, characters of a string.",
                example: "list(0..4)   # [0, 1, 2, 3]"
            ) { args, _ in
                switch args.value("x") ?? .none {
                case let .list(items): return .list(items)
                case .range: return .list(try args.list("x"))
                case let .string(s): return .list(s.map { .string(String($0)) })
                case let .tensor(t): return try nestedList(t)
                case let other: throw args.mismatch("x", other)
                }
            },
            Builtin(
                "map", [arg("items", "a list or range"), arg("fn", "a function")],
                summary: "A new list with fn applied to every item.",
                example: "map([1, 2, 3], x -> x * x)   # [1, 4, 9]"
            ) { args, runtime in
                let (items, fn) = (try args.list("items"), try args.function("fn"))
                // No stop check of its own: every call of fn reads the flag (a closure
                // every `Machine.cancellationInterval` calls, a builtin after each).
                let results = try items.map { try runtime.callFunction(fn, [$0], []) }
                try Value.requireRoom(forItems: results)
                return .list(results)
            },
            Builtin(
                "filter", [arg("items", "a list or range"), arg("fn", "a function giving true or false")],
                summary: "A new list of the items for which fn gives true.",
                example: "filter(0..10, i -> i % 2 == 0)   # [0, 2, 4, 6, 8]"
            ) { args, runtime in
                let (items, fn) = (try args.list("items"), try args.function("fn"))
                return .list(
                    try items.filter { item in
                        switch try runtime.callFunction(fn, [item], []) {
                        case let .bool(keep): return keep
                        case let other:
                            throw RuntimeError(.type("filter: fn must give true or false, got \(other.described)"))
                        }
                    })
            },
            Builtin(
                "append", [arg("items", "a list"), arg("value", "any value")],
                summary: "A new list with value added at the end (lists are values; the original is unchanged).",
                example: "losses = [0.5]\nlosses = append(losses, 0.25)\nlosses   # [0.5, 0.25]"
            ) { args, _ in
                let value = args.value("value") ?? .none
                try value.requireRoom(below: 1)
                return .list(try args.list("items") + [value])
            },
            Builtin(
                "sorted", [arg("items", "a list of numbers or strings"), arg("key", "a function", "none"), arg("desc", "a bool", "false")],
                summary: "A new list in increasing order (decreasing with desc: true), optionally by key(item); ties keep their order.",
                example: "runs = [{name: \"a\", val_loss: 0.3}, {name: \"b\", val_loss: 0.2}]\nsorted(runs, key: r -> r.val_loss)"
            ) { args, runtime in
                let items = try args.list("items")
                let descending = try args.bool("desc")
                var keys = items
                if args.has("key") {
                    let fn = try args.function("key")
                    keys = try items.map { try runtime.callFunction(fn, [$0], []) }
                }
                if let first = keys.first, let odd = keys.first(where: { !comparable(first, $0) }) {
                    throw RuntimeError(.type("sorted: cannot order \(first.described) and \(odd.described)"))
                }
                let order = keys.indices.sorted { i, j in
                    let (a, b) = descending ? (keys[j], keys[i]) : (keys[i], keys[j])
                    if precedes(a, b) { return true }
                    if precedes(b, a) { return false }
                    return i < j
                }
                return .list(order.map { items[$0] })
            },
            Builtin(
                "zip", [variadic("lists", "lists or ranges")],
                summary: "Pairs up the items of lists, position by position, as lists; stops at the shortest.",
                example: "zip([1, 2], [\"a\", \"b\"])   # [[1, \"a\"], [2, \"b\"]]"
            ) { args, _ in
                let lists = try args.rest.map { value -> [Value] in
                    switch value {
                    case let .list(items): return items
                    case let .range(s, e): return try rangeItems(s, e, function: "zip").map { .number(Double($0)) }
                    default: throw args.mismatch("lists", value)
                    }
                }
                let count = lists.map(\.count).min() ?? 0
                let pairs = (0..<count).map { i in lists.map { $0[i] } }
                for pair in pairs { for item in pair { try item.requireRoom(below: 2) } }
                return .list(pairs.map { .list($0) })
            },
            rounding(
                "round", [arg("digits", "a whole number", "0")],
                summary: "Rounds to the nearest (ties to even), or to a number of decimal digits; elementwise on tensors.",
                example: "round(3.14159, digits: 2)   # 3.14"
            ) { args in
                let scale = pow(10, Double(try args.integer("digits")))
                return { ($0 * scale).rounded(.toNearestOrEven) / scale }
            },
            rounding(
                "floor", [], summary: "The largest whole number not above x; elementwise on tensors.",
                example: "floor(7 / 2)   # 3"
            ) { _ in { $0.rounded(.down) } },
            Builtin(
                "int", [arg("x", "a number, bool, string or one-element tensor")],
                summary: "x as a whole number, cutting off any fraction (toward zero); strings are read as numbers.",
                example: "int(\"42\")   # 42"
            ) { args, _ in
                let x: Double
                switch args.value("x") ?? .none {
                case let .string(s):
                    guard let parsed = Double(s.trimmingSpacesAndTabs()) else {
                        throw RuntimeError(.call(function: "int", problem: "cannot read \(ValueFormatter.quoted(s)) as a number"))
                    }
                    x = parsed
                default: x = try args.number("x")
                }
                return .number(x.isFinite ? x.rounded(.towardZero) : x)
            },
        ]
    }

    /// `round`/`floor`: on a number a number, on a tensor a new tensor (no gradient: these
    /// are step functions whose derivative is zero almost everywhere). `op` reads the extra
    /// arguments and gives the function applied to each number.
    static func rounding(
        _ name: String, _ extra: [ParameterSpec], summary: String, example: String,
        op: @escaping (Arguments) throws -> (Double) -> Double
    ) -> Builtin {
        Builtin(name, [arg("x", numeric)] + extra, summary: summary, example: example) { args, _ in
            let x = args.value("x") ?? .none
            let f = try op(args)
            if case let .number(n) = x { return .number(f(n)) }
            let t = try args.tensor("x")
            return .tensor(try engine { try t.mapped(op: name) { Float(f(Double($0))) } })
        }
    }

    /// Whether two values can be ordered against each other: two numbers or two strings.
    static func comparable(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.number, .number), (.string, .string): return true
        default: return false
        }
    }

    /// Whether `a` sorts before `b`: numbers with numbers, strings with strings. `sorted`
    /// has already refused keys that are not all `comparable`, so any other pair cannot
    /// reach here; it would count as neither before the other.
    static func precedes(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case let (.number(x), .number(y)): return x < y
        case let (.string(x), .string(y)): return x < y
        default: return false
        }
    }

    /// A tensor as nested lists of numbers; a 0-d tensor as its number.
    static func nestedList(_ t: Tensor) throws -> Value {
        guard t.rank > 0 else { return .number(Double(t[flat: 0])) }
        // One value per element and per sub-list: refuse what could not fit in memory
        // (a shape like (2^31, 0) holds no elements but 2^31 empty lists), before copying.
        let lists = (0..<t.rank).reduce(0) { $0 + Shape.count(Array(t.shape[..<$1])) }
        guard t.count + lists <= 50_000_000 else {
            throw RuntimeError(
                .call(function: "list", problem: "a tensor of shape \(Shape.describe(t.shape)) is too large to turn into a list"))
        }
        let scalars = t.scalars
        // Built bottom-up, one axis at a time, so no recursion depth depends on the rank.
        var level: [Value] = scalars.map { .number(Double($0)) }
        for axis in stride(from: t.rank - 1, through: 0, by: -1) {
            let size = t.shape[axis], groups = Shape.count(Array(t.shape[..<axis]))
            level = (0..<groups).map { g in .list(Array(level[(g * size)..<((g + 1) * size)])) }
        }
        return level.first ?? .list([])
    }
}
