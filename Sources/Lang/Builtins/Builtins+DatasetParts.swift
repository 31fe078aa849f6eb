import Engine

/// Operations that cut a dataset into parts: some of its columns (`select`, `drop`), a
/// training and a validation part (`split`), and minibatches (`batches`), as pandas and
/// scikit-learn's `train_test_split` do. Random orders draw from the session's one seeded
/// stream, so the same seed gives the same split and batches, bit for bit.
extension Builtins {
    static func datasetParts() -> [Builtin] {
        [
            columnPicking(
                "select", summary: "A dataset with only the named columns, in the order named; the target stays if it is among them.",
                example: "ds = dataset({a: [1], b: [2], c: [3]})\nds.select(\"c\", \"a\").columns   # [\"c\", \"a\"]"
            ) { named, _ in named },
            columnPicking(
                "drop", summary: "A dataset without the named columns; dropping the target leaves the dataset without one.",
                example: "ds = dataset({a: [1], b: [2], c: [3]})\nds.drop([\"a\", \"b\"]).columns   # [\"c\"]"
            ) { named, all in all.filter { !named.contains($0) } },
            Builtin(
                "split", [arg("ds", "a dataset"), arg("fraction", "a number between 0 and 1", "0.8"), arg("stratify", "a bool", "false")],
                summary:
                    "[train, val]: the rows in a random order (seeded), fraction of them in train and the rest in val; stratify: true keeps each class's share in both.",
                example: "ds = dataset({a: [1, 2, 3, 4, 5], label: [0, 1, 0, 1, 0]})\ntrain, val = ds.split(0.6)\nlen(train)   # 3"
            ) { args, runtime in
                let ds = try args.dataset("ds")
                let fraction = try args.number("fraction")
                guard fraction > 0 && fraction < 1 else {
                    throw RuntimeError(
                        .call(
                            function: "split",
                            problem: "fraction is \(formatNumber(fraction)); give the training share, between 0 and 1, e.g. 0.8"))
                }
                let stratify = try args.bool("stratify")
                if stratify, ds.dataset.targetKind == .values {
                    throw RuntimeError(
                        .call(
                            function: "split",
                            problem: "stratify: true needs a target of classes; '\(ds.dataset.target ?? "")' holds values"))
                }
                let (train, val) = try dataError("split") { () throws(DatasetError) in
                    try ds.dataset.splitRows(fraction: fraction, stratify: stratify, random: runtime.random)
                }
                return .list([.object(ds.picking(train)), .object(ds.picking(val))])
            },
            Builtin(
                "batches", [arg("ds", "a dataset"), arg("size", "a whole number ≥ 1"), arg("drop_last", "a bool", "false")],
                summary:
                    "Minibatches of a dataset in a random order (seeded): a list of records {x, y} of at most size rows (y is none without a target); drop_last: true leaves out a last, smaller batch.",
                example: "ds = dataset({a: [1, 2, 3, 4, 5], label: [0, 1, 0, 1, 0]})\nlen(batches(ds, 2))   # 3"
            ) { args, runtime in
                let ds = try args.dataset("ds")
                let size = try args.integer("size")
                guard size >= 1 else {
                    throw RuntimeError(.call(function: "batches", problem: "size is \(size); a batch holds at least 1 row"))
                }
                let dropLast = try args.bool("drop_last")
                let order = runtime.random.permutation(ds.dataset.rowCount)
                var result: [Value] = []
                var start = 0
                while start < order.count {
                    let end = min(order.count, start + size)
                    if end - start < size && dropLast { break }
                    let part = ds.dataset.picking(Array(order[start..<end]))
                    let x = try DatasetValue.lift { try part.features() }
                    let y = part.target == nil ? Value.none : .tensor(try DatasetValue.lift { try part.targets() })
                    result.append(.record(Record([("x", .tensor(x)), ("y", y)])))
                    start = end
                }
                return .list(result)
            },
        ]
    }

    /// `select` and `drop`: the dataset with the columns `kept` picks from the names given
    /// and all the names.
    private static func columnPicking(
        _ name: String, summary: String, example: String, kept: @escaping ([String], [String]) -> [String]
    ) -> Builtin {
        Builtin(name, [arg("ds", "a dataset"), variadic("columns", "column names, or a list of them")], summary: summary, example: example)
        {
            args, _ in
            let ds = try args.dataset("ds")
            let names = kept(try columnNames(args, ds), ds.dataset.columnNames)
            return .object(DatasetValue(try dataError(name) { () throws(DatasetError) in try ds.dataset.selecting(names) }))
        }
    }

    /// The names `select` or `drop` was given, each a column of `ds`.
    private static func columnNames(_ args: Arguments, _ ds: DatasetValue) throws -> [String] {
        var items = args.rest
        if items.count == 1, case let .list(names) = items[0] { items = names }
        guard !items.isEmpty else {
            throw RuntimeError(.call(function: args.function, problem: "needs at least one column name"))
        }
        return try items.map { item in
            guard case let .string(name) = item else { throw args.mismatch("columns", item) }
            _ = try ds.column(name)
            return name
        }
    }
}
