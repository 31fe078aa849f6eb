import Testing

@testable import Lang

/// A test-only kind of value, added the way an embedder adds one: a tiny table of numbers
/// with named columns. It overrides every `SproutObject` hook, so tests can see each
/// reached through the language.
final class TableObject: SproutObject {
    let columns: [String]
    let rows: [[Double]]

    init(columns: [String], rows: [[Double]]) {
        self.columns = columns
        self.rows = rows
    }

    var kindName: String { "table" }
    var memberNames: [String] { ["rows", "columns"] }
    var count: Int? { rows.count }
    var sizeDescription: String? { "\(rows.count) rows × \(columns.count) columns" }
    var inlineText: String { "<table \(rows.count) × \(columns.count)>" }

    func formatted() -> String {
        ([columns.joined(separator: " ")] + rows.map { $0.map { formatNumber($0) }.joined(separator: " ") })
            .joined(separator: "\n")
    }

    func member(_ name: String) throws -> Value? {
        switch name {
        case "rows": return .number(Double(rows.count))
        case "columns": return .list(columns.map(Value.string))
        default: return nil
        }
    }

    func item(_ key: ObjectKey) throws -> Value {
        switch key {
        case let .position(i):
            return .record(Record(zip(columns, rows[i]).map { ($0, .number($1)) }))
        case let .slice(slice):
            return .object(TableObject(columns: columns, rows: slice.positions.map { rows[$0] }))
        case let .name(column):
            guard let c = columns.firstIndex(of: column) else {
                throw RuntimeError(.index("a table has no column '\(column)' (its columns are \(columns.joined(separator: ", ")))"))
            }
            return .list(rows.map { .number($0[c]) })
        case let .value(other):
            throw RuntimeError(.index("a table is indexed by a row number, a slice or a column name, not \(other.described)"))
        }
    }

    /// `table(n)`: n rows of columns a and b (row i is i, 10·i); `first(t, n)`: its first
    /// n rows. Handed to the interpreter as an embedder's builtins.
    static var builtins: [Builtin] {
        [
            Builtin(
                "table", [ParameterSpec("n", "a whole number")], summary: "A test table of n rows.", example: "t = table(3)",
                topic: "data"
            ) { args, _ in
                let n = try args.integer("n")
                return .object(TableObject(columns: ["a", "b"], rows: (0..<max(0, n)).map { [Double($0), Double($0 * 10)] }))
            },
            Builtin(
                "first", [ParameterSpec("t", "a table"), ParameterSpec("n", "a whole number", default: "1")],
                summary: "The first n rows of a table.", example: "first(table(3), 2)", topic: "tables"
            ) { args, _ in
                guard case let .object(t as TableObject)? = args.value("t") else { throw args.mismatch("t", args.value("t") ?? .none) }
                return .object(TableObject(columns: t.columns, rows: Array(t.rows.prefix(max(0, try args.integer("n"))))))
            },
        ]
    }
}
