import Engine

/// Random whole numbers, orders and picks, NumPy and PyTorch style, all drawn from the
/// session's one seeded stream (`seed(n)` restarts it), so a seeded program gets the
/// same integers, permutations, shuffles and choices on every run.
///
/// Sprout values are not changed in place by builtins: `shuffle` returns a shuffled copy
/// (NumPy's shuffles in place, PyTorch has none); a user writes `xs = shuffle(xs)`.
extension Builtins {
    static func random() -> [Builtin] {
        [
            Builtin(
                "randint",
                [arg("low", "a whole number"), arg("high", "a whole number", "none"), arg("shape", "a list of whole numbers", "none")],
                summary:
                    "Random whole numbers in [low, high), high left out; randint(high, shape) starts at 0, as in PyTorch; no shape gives one number; bounds within ±2^24, which float32 holds exactly.",
                example: "seed(0); randint(0, 10, [5]).shape   # [5]"
            ) { args, runtime in
                let first = try args.integer("low")
                var shapeValue = args.value("shape")
                let bounds: (Int, Int)
                if case .list? = args.value("high"), !args.has("shape") {
                    // `randint(10, [3])`: PyTorch's randint(high, size).
                    (bounds, shapeValue) = ((0, first), args.value("high"))
                } else if let high = try args.optionalInteger("high") {
                    bounds = (first, high)
                } else {
                    bounds = (0, first)
                }
                guard let shapeValue, !shapeValue.isNone else {
                    let one = try engine { try runtime.random.integers([], low: bounds.0, high: bounds.1) }
                    return .number(Double(one[flat: 0]))
                }
                let shape = try Arguments.wholeNumbers(shapeValue, function: "randint", onError: args.mismatch("shape", shapeValue))
                return .tensor(try engine { try runtime.random.integers(shape, low: bounds.0, high: bounds.1) })
            },
            Builtin(
                "randperm", [arg("n", "a whole number ≥ 0")],
                summary:
                    "The whole numbers 0 … n-1 in a random order, as a tensor (PyTorch's randperm); n at most 2^24, which float32 holds exactly.",
                example: "sorted(list(randperm(4)))   # [0, 1, 2, 3]"
            ) { args, runtime in
                let n = try args.integer("n")
                return .tensor(try engine { try runtime.random.permutationTensor(n) })
            },
            Builtin(
                "shuffle", [arg("x", "a list, a range, a tensor or a dataset")],
                summary:
                    "A shuffled copy of a list or range (as a list), of a tensor's rows (axis 0) or of a dataset's rows; unlike NumPy's in-place shuffle, x is left as it was, since a call never changes a value it is given: write x = shuffle(x).",
                example: "x = arange(6)\nx = shuffle(x)"
            ) { args, runtime in
                let x = args.value("x") ?? .none
                switch x {
                case let .list(items):
                    return .list(runtime.random.permutation(items.count).map { items[$0] })
                case let .range(start, end):
                    let items = try rangeItems(start, end, function: "shuffle")
                    return .list(runtime.random.permutation(items.count).map { .number(Double(items.lowerBound + $0)) })
                case let .object(object as DatasetValue):
                    return shuffledRows(object, runtime)
                case let .tensor(t):
                    guard let rows = t.shape.first else { throw args.mismatch("x", x) }
                    return .tensor(
                        try engine { try t.indexSelect(axis: 0, indices: try runtime.random.permutationTensor(rows, op: "shuffle")) })
                default:
                    throw args.mismatch("x", x)
                }
            },
            Builtin(
                "choice", [arg("xs", "a list, a range or a tensor"), arg("k", "a whole number", "none"), arg("replace", "a bool", "true")],
                summary:
                    "Random picks from a list, a range or a tensor's rows: one item, or k of them (a list, or a tensor of k rows); replace: false picks k different ones. As NumPy's choice, repeats are allowed by default.",
                example: "choice([\"a\", \"b\", \"c\"], 5)"
            ) { args, runtime in
                try choose(args, runtime)
            },
        ]
    }

    /// `choice`: draws indices once, then picks them from whichever kind `xs` is.
    static func choose(_ args: Arguments, _ runtime: Runtime) throws -> Value {
        let xs = args.value("xs") ?? .none
        let count: Int
        switch xs {
        case let .list(items): count = items.count
        case let .range(start, end): count = max(0, end - start)
        case let .tensor(t) where t.rank > 0:
            count = t.shape[0]
            try engine { try RandomSource.requireIndexCount(count, op: "choice") }
        default: throw args.mismatch("xs", xs)
        }
        let k = try args.optionalInteger("k")
        if let k, k > maxRangeItems {
            throw RuntimeError(
                .call(
                    function: "choice",
                    problem:
                        "k is \(ValueFormatter.groupedThousands(k)); at most \(ValueFormatter.groupedThousands(maxRangeItems)) items can be chosen at once"
                ))
        }
        let replace = try args.bool("replace")
        let picks = try engine { try runtime.random.sample(k ?? 1, from: count, replacing: replace || k == nil) }
        func item(_ i: Int) throws -> Value {
            switch xs {
            case let .list(items): return items[i]
            case let .range(start, _): return .number(Double(start + i))
            case let .tensor(t): return .tensor(try engine { try t.indexSelect(axis: 0, indices: Tensor(Float(i))) })
            default: throw args.mismatch("xs", xs)
            }
        }
        guard k != nil else { return try item(picks[0]) }
        if case let .tensor(t) = xs {
            let indices = try engine { try Tensor(shape: [picks.count], scalars: picks.map(Float.init)) }
            return .tensor(try engine { try t.indexSelect(axis: 0, indices: indices) })
        }
        return .list(try picks.map(item))
    }
}
