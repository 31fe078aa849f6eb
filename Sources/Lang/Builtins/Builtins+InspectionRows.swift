import Engine

/// The row-finding inspections' reports: `dups`, `outliers` and `missing` name rows (and
/// columns), a screenful at a time, and say so in one line when there is nothing to show.
extension Builtins {
    static func duplicatesReport(_ ds: Dataset, width: Int) -> ReportValue {
        let groups = ds.duplicateGroups()
        let fields = Record([("groups", .list(groups.map { .list($0.map { .number(Double($0)) }) }))])
        guard !groups.isEmpty else {
            return ReportValue(
                title: "dups", header: ["no duplicate rows (\(rowsText(ds.rowCount)) compared in every column)"], tables: [], rows: [],
                fields: fields, width: width)
        }
        let copies = groups.reduce(0) { $0 + $1.count - 1 }
        let (shown, footer) = ReportValue.screenful(groups.count, limit: reportRows, noun: "group", all: "r.groups")
        let table = TextTable(
            headers: ["group", "rows", "copies"],
            rows: groups.prefix(shown).enumerated().map {
                [String($0.offset), $0.element.map(String.init).joined(separator: ", "), String($0.element.count)]
            },
            alignments: [.right, .left, .right], fixedColumns: 1)
        let header =
            "\(counted(groups.count, "group")) of identical rows (\(counted(copies, "copy", plural: "copies")) to drop):"
        let rows = groups.map { Record([("rows", .list($0.map { .number(Double($0)) }))]) }
        return ReportValue(title: "dups", header: [header], tables: [table], footer: footer, rows: rows, fields: fields, width: width)
    }

    static func leakReport(_ pairs: [(row: Int, otherRow: Int)], features: Int, width: Int) -> ReportValue {
        let fields = Record([
            ("pairs", .list(pairs.map { .list([.number(Double($0.row)), .number(Double($0.otherRow))]) })),
            ("rows", .list(pairs.map { .number(Double($0.otherRow)) })),
        ])
        guard !pairs.isEmpty else {
            return ReportValue(
                title: "dups", header: ["no rows shared: no row of other equals a row of ds in the \(features) feature columns"],
                tables: [], rows: [], fields: fields, width: width)
        }
        let leaked = Set(pairs.map(\.otherRow)).count
        let (shown, footer) = ReportValue.screenful(pairs.count, limit: reportRows, noun: "pair", all: "r.pairs")
        let table = TextTable(
            headers: ["row in ds", "row in other"], rows: pairs.prefix(shown).map { [String($0.row), String($0.otherRow)] },
            alignments: [.right, .right])
        let header = "\(rowsText(leaked)) of other \(leaked == 1 ? "is" : "are") also in ds (all \(features) feature columns equal): a leak"
        let rows = pairs.map { Record([("row", .number(Double($0.row))), ("other_row", .number(Double($0.otherRow)))]) }
        return ReportValue(title: "dups", header: [header], tables: [table], footer: footer, rows: rows, fields: fields, width: width)
    }

    /// `z:` or `iqr:` (not both; z 4 when neither), a positive finite number.
    static func outlierRule(_ args: Arguments) throws -> OutlierRule {
        if args.has("z"), args.has("iqr") {
            throw RuntimeError(.call(function: "outliers", problem: "give z: or iqr:, not both"))
        }
        let name = args.has("iqr") ? "iqr" : "z"
        let threshold = args.has(name) ? try args.number(name) : 4
        guard threshold.isFinite, threshold > 0 else {
            throw RuntimeError(.call(function: "outliers", problem: "\(name): must be a positive number, got \(formatNumber(threshold))"))
        }
        return name == "iqr" ? .iqr(threshold) : .z(threshold)
    }

    static func outliersReport(_ found: [OutlierRow], rule: OutlierRule, ds: Dataset, all: Bool, width: Int) -> ReportValue {
        let fields = Record([("rows", .list(found.map { .number(Double($0.row)) }))])
        let ruleText: String
        switch rule {
        case let .z(z): ruleText = "robust z over \(formatNumber(z))"
        case let .iqr(k): ruleText = "over \(formatNumber(k)) IQR outside the quartiles"
        }
        let pooled = ds.imageShape.map { " (the \($0.height)×\($0.width) pixels compared as one distribution)" } ?? ""
        guard !found.isEmpty else {
            return ReportValue(
                title: "outliers", header: ["no outliers: no value is \(ruleText)\(pooled)"], tables: [], rows: [], fields: fields,
                width: width)
        }
        let target = ds.targetColumn
        let (shown, footer) = all ? (found.count, []) : ReportValue.screenful(found.count, limit: reportRows, noun: "row", all: "all: true")
        var table = TextTable(
            headers: ["row"] + (target.map { [$0.name] } ?? []) + ["score", "columns (value, score)"], rows: [],
            alignments: [.right] + (target == nil ? [] : [.left]) + [.right, .left], fixedColumns: 1)
        for flagged in found.prefix(shown) {
            let cells = flagged.cells.prefix(4).map { "\($0.column)=\(formatNumber($0.value)) (\(ReportValue.cell($0.score.rounded())))" }
            let more = flagged.cells.count > 4 ? ", … \(flagged.cells.count - 4) more" : ""
            table.rows.append(
                [String(flagged.row)] + (target.map { [$0.text(at: flagged.row).map(captionText) ?? "—"] } ?? [])
                    + [ReportValue.cell(flagged.score), cells.joined(separator: ", ") + more])
        }
        let header = "\(rowsText(found.count)) with a value \(ruleText)\(pooled), worst first:"
        let rows = found.map { flagged in
            Record([
                ("row", .number(Double(flagged.row))), ("score", .number(flagged.score)),
                ("columns", .list(flagged.cells.map { .string($0.column) })), ("values", .list(flagged.cells.map { .number($0.value) })),
            ])
        }
        return ReportValue(title: "outliers", header: [header], tables: [table], footer: footer, rows: rows, fields: fields, width: width)
    }

    static func missingReport(_ cells: MissingCells, ds: Dataset, width: Int) -> ReportValue {
        let fields = Record([
            ("rows", .list(cells.rows.map { .number(Double($0.row)) })),
            ("columns", .record(Record(cells.columns.map { ($0.name, .number(Double($0.count))) }))),
        ])
        guard !cells.isEmpty else {
            return ReportValue(
                title: "missing", header: ["no missing cells (\(rowsText(ds.rowCount)) × \(ds.columns.count) columns)"], tables: [],
                rows: [],
                fields: fields, width: width)
        }
        let perColumn = TextTable(
            headers: ["column", "missing", "share"],
            rows: cells.columns.map {
                [$0.name, String($0.count), formatFixed(100 * Double($0.count) / Double(max(ds.rowCount, 1)), digits: 1) + "%"]
            },
            alignments: [.left, .right, .right], fixedColumns: 1)
        let (shown, footer) = ReportValue.screenful(cells.rows.count, limit: reportRows, noun: "row", all: "r.rows")
        let perRow = TextTable(
            headers: ["row", "missing in"], rows: cells.rows.prefix(shown).map { [String($0.row), $0.columns.joined(separator: ", ")] },
            alignments: [.right, .left], fixedColumns: 1)
        let count = cells.cellCount
        let header = "\(count == 1 ? "1 missing cell" : "\(count) missing cells") in \(rowsText(cells.rows.count)):"
        let rows = cells.rows.map { Record([("row", .number(Double($0.row))), ("columns", .list($0.columns.map(Value.string)))]) }
        return ReportValue(
            title: "missing", header: [header], tables: [perColumn, perRow], footer: footer, rows: rows, fields: fields, width: width)
    }
}
