import Engine

/// Operations that pick a dataset's rows, as pandas' `head`, `sample`, `query` and
/// `sort_values` do. Each returns a new dataset (the one given is left as it was) and
/// works as a method too: `ds.head(3)` is `head(ds, 3)`. Random picks draw from the
/// session's one seeded stream, so the same seed gives the same rows.
///
/// `where` and `shuffle` already exist for tensors and lists; they take a dataset in
/// their own builtins (`rowsWhere`, `shuffledRows` below).
extension Builtins {
    static func datasetRows() -> [Builtin] {
        [
            firstRows(
                "head", default: "5", summary: "The first n rows of a dataset (fewer when it has fewer).",
                example: "ds = dataset({a: [1, 2, 3, 4, 5, 6, 7]})\nlen(ds.head(3))   # 3"),
            Builtin(
                "tail", [arg("ds", "a dataset"), arg("n", "a whole number", "5")],
                summary: "The last n rows of a dataset (fewer when it has fewer).",
                example: "ds = dataset({a: [1, 2, 3, 4, 5, 6, 7]})\nlist(ds.tail(2).a)   # [6, 7]"
            ) { args, _ in
                let ds = try args.dataset("ds")
                let rows = ds.dataset.rowCount
                return .object(ds.picking(Array(max(0, rows - (try rowCount(args, "n")))..<rows)))
            },
            firstRows(
                "take", default: nil, summary: "The first n rows of a dataset, e.g. to try a model on a small part first.",
                example: "ds = dataset({a: [1, 2, 3, 4]})\nlen(take(ds, 2))   # 2"),
            Builtin(
                "sample", [arg("ds", "a dataset"), arg("n", "a whole number", "5")],
                summary: "n different rows of a dataset picked at random (seeded by the session's seed), in the order picked.",
                example: "ds = dataset({a: [1, 2, 3, 4, 5, 6]})\nlen(ds.sample(3))   # 3"
            ) { args, runtime in
                let ds = try args.dataset("ds")
                let n = try rowCount(args, "n")
                guard n <= ds.dataset.rowCount else {
                    throw RuntimeError(
                        .call(function: "sample", problem: "cannot pick \(n) different rows from \(ds.dataset.rowCount); ask for fewer"))
                }
                return .object(ds.picking(try engine { try runtime.random.sample(n, from: ds.dataset.rowCount, replacing: false) }))
            },
            Builtin(
                "sort", [arg("ds", "a dataset"), arg("by", "a column name"), arg("desc", "a bool", "false")],
                summary:
                    "A dataset's rows in order of a column (decreasing with desc: true); ties keep their order and missing cells go last. For a list, use sorted.",
                example: "ds = dataset({a: [3, 1, 2]})\nlist(ds.sort(\"a\").a)   # [1, 2, 3]"
            ) { args, _ in
                guard case let .object(object)? = args.value("ds"), let ds = object as? DatasetValue else {
                    if case .list? = args.value("ds") {
                        throw RuntimeError(.call(function: "sort", problem: "sorts a dataset's rows; for a list use sorted(items)"))
                    }
                    throw args.mismatch("ds", args.value("ds") ?? .none)
                }
                let name = try args.string("by")
                _ = try ds.column(name)
                let descending = try args.bool("desc")
                let rows = try dataError("sort") { () throws(DatasetError) in try ds.dataset.sortedRows(by: name, descending: descending) }
                return .object(ds.picking(rows))
            },
            Builtin(
                "find", [arg("ds", "a dataset"), arg("column", "a column name"), arg("value", "a number or a string")],
                summary:
                    "The rows whose column equals a number, or whose text contains a string (numbers are read as they print).",
                example: "ds = dataset({name: [\"setosa\", \"virginica\"], n: [1, 2]})\nlen(ds.find(\"name\", \"vir\"))   # 1"
            ) { args, _ in
                let ds = try args.dataset("ds")
                let name = try args.string("column")
                _ = try ds.column(name)
                let rows: [Int]
                switch args.value("value") ?? .none {
                case let .number(x):
                    rows = try dataError("find") { () throws(DatasetError) in try ds.dataset.rows(where: name, equals: x) }
                case let .string(text):
                    rows = try dataError("find") { () throws(DatasetError) in
                        try ds.dataset.rows(where: name, contains: text, numberText: formatNumber)
                    }
                case let other: throw args.mismatch("value", other)
                }
                return .object(ds.picking(rows))
            },
        ]
    }

    /// `head` and `take`: the first n rows (all of them when there are fewer).
    private static func firstRows(_ name: String, default n: String?, summary: String, example: String) -> Builtin {
        Builtin(name, [arg("ds", "a dataset"), arg("n", "a whole number", n)], summary: summary, example: example) { args, _ in
            let ds = try args.dataset("ds")
            return .object(ds.picking(Array(0..<min(try rowCount(args, "n"), ds.dataset.rowCount))))
        }
    }

    /// A whole number of rows, at least 0.
    private static func rowCount(_ args: Arguments, _ name: String) throws -> Int {
        let n = try args.integer(name)
        guard n >= 0 else {
            throw RuntimeError(.call(function: args.function, problem: "\(name) is \(n); a number of rows is at least 0"))
        }
        return n
    }

    /// `where(ds, pred)`: the rows for which `pred(row)` is true, each row a record.
    static func rowsWhere(_ ds: DatasetValue, _ args: Arguments, _ runtime: Runtime) throws -> Value {
        guard case let .function(predicate)? = args.value("a") else {
            throw RuntimeError(
                .call(function: "where", problem: "on a dataset takes a function of a row, e.g. ds.where(r -> r.label == 3)"))
        }
        guard !args.has("b") else {
            throw RuntimeError(.call(function: "where", problem: "on a dataset takes one function, not a third argument"))
        }
        let data = ds.dataset
        let names = data.columnNames
        var kept: [Int] = []
        var cells = [Value](repeating: .none, count: names.count)
        for row in 0..<data.rowCount {
            for (j, column) in data.columns.enumerated() { cells[j] = DatasetValue.cell(column, row) }
            switch try runtime.callFunction(predicate, [.record(Record(names: names, values: cells))], []) {
            case let .bool(keep): if keep { kept.append(row) }
            case let other:
                throw RuntimeError(
                    .call(
                        function: "where", problem: "the function must give true or false for a row, got \(other.described) for row \(row)")
                )
            }
        }
        return .object(ds.picking(kept))
    }

    /// `shuffle(ds)`: the rows in a random order drawn from the session's stream.
    static func shuffledRows(_ ds: DatasetValue, _ runtime: Runtime) -> Value {
        .object(ds.picking(runtime.random.permutation(ds.dataset.rowCount)))
    }
}
