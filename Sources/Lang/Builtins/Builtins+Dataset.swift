import Engine

/// Making a dataset from values, as `pd.DataFrame({...})` does: `dataset({x: [1, 2],
/// label: [0, 1]})`. Files come in through `load`; this is the way in for data a program
/// already holds, for examples and for tests.
extension Builtins {
    static func datasets() -> [Builtin] {
        [
            Builtin(
                "dataset",
                [
                    arg("columns", "a record of column name to values (a 1-D tensor, or a list of numbers or strings)"),
                    arg("target", "a column name", "none"),
                ],
                summary:
                    "A dataset from columns: numbers become numeric columns, strings categorical ones (none is a missing cell); the target is `target`, else a column named label, target, class or y.",
                example: "len(dataset({a: [1, 2, 3], label: [\"x\", \"y\", \"x\"]}))   # 3"
            ) { args, _ in
                guard case let .record(record) = args.value("columns") ?? .none else {
                    throw args.mismatch("columns", args.value("columns") ?? .none)
                }
                let columns = try zip(record.names, record.values).map { try column(named: $0, from: $1) }
                let target = args.has("target") && !(args.value("target")?.isNone ?? true) ? try args.string("target") : nil
                let names = columns.map(\.name)
                let inferred = Dataset.inferredTarget(in: names)
                var ds = try dataError("dataset") { () throws(DatasetError) in
                    try Dataset(name: "dataset", columns: columns, target: target ?? inferred)
                }
                if let shape = Dataset.inferredImageShape(features: ds.featureColumns.map(\.name)) {
                    try dataError("dataset") { () throws(DatasetError) in try ds.setImageShape(shape) }
                }
                return .object(DatasetValue(ds))
            }
        ]
    }

    /// One column from a value: a 1-D tensor or a list of numbers is numeric (none is
    /// missing); a list holding a string is categorical (numbers kept as their text).
    static func column(named name: String, from value: Value) throws -> DataColumn {
        if case let .list(items) = value, items.contains(where: { if case .string = $0 { return true } else { return false } }) {
            return .categorical(
                name,
                items.map { item -> String? in
                    switch item {
                    case let .string(s): return s
                    case .none: return nil
                    default: return ValueFormatter.plain(item)
                    }
                })
        }
        // Lists of numbers keep their doubles (a tensor would round them to float32, and
        // the same number would then differ between two datasets made differently).
        if case let .list(items) = value, items.allSatisfy({ item in if case .number = item { return true } else { return item.isNone } }) {
            return .numeric(
                name,
                try items.map { item -> Double in
                    if item.isNone { return .nan }
                    guard case let .number(x) = item else { throw columnError(name, value) }
                    return x
                })
        }
        guard let t = try? value.asTensor(), t.shape.count <= 1 else { throw columnError(name, value) }
        return .numeric(name, t.scalars.map(Double.init))
    }

    private static func columnError(_ name: String, _ value: Value) -> RuntimeError {
        RuntimeError(
            .call(
                function: "dataset",
                problem: "column '\(name)' is \(value.described); a column is a 1-D tensor or a list of numbers or strings"))
    }

    /// Runs a Dataset operation for `function`, turning its error into the language's.
    static func dataError<T>(_ function: String, _ body: () throws(DatasetError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw RuntimeError(.call(function: function, problem: error.message))
        }
    }
}
