/// What an inspection builtin (`describe`, `counts`, `dups`, `outliers`, `missing`)
/// returns: a value that prints as an aligned table fitted to the display, and that a
/// program can read, so a check can be written over it (`d = describe(ds)`,
/// `d["pixel_3_4"].mean`, `len(dups(ds))`, `outliers(ds).rows`).
///
/// One kind for all five rather than one per builtin: they share everything but their
/// columns and members. Its items are the table's rows as records (`r[0]`, `len(r)`,
/// `r["column"]` by the first field), and its members are named results (`rows`,
/// `columns`, `groups`, …) chosen by the builtin. The display width is taken when the
/// report is made, since printing has no host to ask.
public final class ReportValue: SproutObject {
    /// What the report is of, for `kind(r)` and messages: "describe", "counts", …
    public let title: String
    /// The lines shown before the table (may be empty).
    public let header: [String]
    /// The tables as shown (a long one already cut by the builtin), a blank line apart.
    public let tables: [TextTable]
    /// The lines shown after the table ("… 12 more rows").
    public let footer: [String]
    /// Every row as a record, including those the shown table leaves out.
    public let rows: [Record]
    /// The named results.
    public let fields: Record
    public let width: Int

    public init(
        title: String, header: [String] = [], tables: [TextTable], footer: [String] = [], rows: [Record], fields: Record,
        width: Int
    ) {
        self.title = title
        self.header = header
        self.tables = tables
        self.footer = footer
        self.rows = rows
        self.fields = fields
        self.width = width
    }

    public var kindName: String { "report" }

    public func formatted() -> String {
        let shown = tables.map { $0.render(width: width) }.joined(separator: "\n\n")
        return (header + (shown.isEmpty ? [] : [shown]) + footer).joined(separator: "\n")
    }

    public var inlineText: String { "<\(title): \(counted(rows.count, "row"))>" }

    public var memberNames: [String] { fields.names }

    public func member(_ name: String) throws -> Value? { fields[name] }

    public var count: Int? { rows.count }

    public var sizeDescription: String? { counted(rows.count, "row") }

    public func item(_ key: ObjectKey) throws -> Value {
        switch key {
        case let .position(i):
            return .record(rows[i])
        case let .slice(slice):
            return .list(slice.positions.map { .record(rows[$0]) })
        case let .name(name):
            if let row = rows.first(where: { $0.values.first == .string(name) }) { return .record(row) }
            let names = rows.compactMap { row -> String? in
                if case let .string(s)? = row.values.first { return s }
                return nil
            }
            let close = closestName(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
            throw RuntimeError(.index("the \(title) report has no row '\(name)'\(close)"))
        case let .value(other):
            throw RuntimeError(.index("a report is indexed by a row number or a name, not \(other.described)"))
        }
    }
}

extension ReportValue {
    /// A number in a report's table: whole numbers in full, others to 4 significant
    /// digits (a table of means shows what matters, and its columns stay narrow), a
    /// missing one as `—`.
    static func cell(_ x: Double?) -> String {
        guard let x else { return "" }
        if x.isNaN { return "—" }
        if x == x.rounded(), x.magnitude < 1e15 { return formatNumber(x) }
        return formatGeneral(x, significant: 4)
    }

    /// `value` as a Sprout number, or none when absent.
    static func number(_ x: Double?) -> Value { x.map(Value.number) ?? .none }

    /// The rows a report shows of `total` when at most `limit` fit: all, or the first
    /// `limit` with a line saying how many more and how to see them.
    static func screenful(_ total: Int, limit: Int, noun: String, all: String) -> (shown: Int, footer: [String]) {
        guard total > limit else { return (total, []) }
        let more = total - limit
        return (limit, ["… \(more) more \(more == 1 ? noun : noun + "s"); \(all) shows every one"])
    }
}
