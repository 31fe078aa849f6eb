import Engine

/// The recipe's first stage, "become one with the data", made loud: `describe`,
/// `counts`, `dups`, `outliers` and `missing` each turn an Engine computation
/// (`ColumnStatistics`, `ClassCounts`, `Dataset.duplicateGroups`, `Dataset.outliers`,
/// `MissingCells`) into a `ReportValue`: a table fitted to the display that a program
/// can also read.
extension Builtins {
    static func inspection() -> [Builtin] {
        [
            Builtin(
                "describe", [arg("data", "a dataset, a tensor or a list")],
                summary:
                    "Per column: count, mean, std, min, quartiles, max, missing and distinct values (categories: count, unique, top, missing).",
                example: "describe(dataset({a: [1, 2, 3, 4]}))[\"a\"].std   # 1.29099"
            ) { args, runtime in
                let data = try inspected(args, "data")
                return .object(describeReport(data.describe(), width: runtime.host.displayWidth))
            },
            Builtin(
                "counts", [arg("data", "a dataset (its target), a tensor or a list")],
                summary:
                    "Class balance: each class's rows and share, as a table and a bar chart; a class under a tenth of the largest is flagged.",
                example: "counts([\"a\", \"b\", \"a\"]).counts   # [2, 1]"
            ) { args, runtime in
                let column: DataColumn
                if case let .object(object)? = args.value("data"), let ds = object as? DatasetValue {
                    guard let target = ds.dataset.targetColumn else {
                        throw RuntimeError(
                            .call(function: "counts", problem: DatasetError.noTarget(columns: ds.dataset.columnNames).description))
                    }
                    column = target
                } else {
                    column = try inspected(args, "data").columns.first ?? .numeric("value", [])
                }
                return .object(countsReport(ClassCounts(column), runtime.host))
            },
            Builtin(
                "dups", [arg("ds", "a dataset"), arg("other", "a dataset", "none")],
                summary:
                    "Exact duplicate rows with their row numbers; with `other`, the rows of other equal to rows of ds in the feature columns (a leak), with both row numbers.",
                example: "len(dups(dataset({a: [1, 2, 1], b: [5, 6, 5]})))   # 1"
            ) { args, runtime in
                let ds = try args.dataset("ds").dataset
                guard args.has("other") else { return .object(duplicatesReport(ds, width: runtime.host.displayWidth)) }
                let other = try args.dataset("other").dataset
                let pairs = try dataError("dups") { () throws(DatasetError) in try ds.sharedRows(with: other) }
                return .object(leakReport(pairs, features: ds.featureColumns.count, width: runtime.host.displayWidth))
            },
            Builtin(
                "outliers",
                [
                    arg("ds", "a dataset"), arg("z", "a number", "none"), arg("iqr", "a number", "none"),
                    arg("all", "true or false", "false"),
                ],
                summary:
                    "Rows with extreme values, worst first, and which columns: robust z (median and IQR-based scale; an image's pixels pooled) over `z` (4 when neither is given), or beyond `iqr` interquartile ranges.",
                example: "outliers(dataset({a: [1, 2, 3, 2, 1, 2, 3, 90]})).rows   # [7]"
            ) { args, runtime in
                let ds = try args.dataset("ds").dataset
                let rule = try outlierRule(args)
                return .object(
                    outliersReport(ds.outliers(rule), rule: rule, ds: ds, all: try args.bool("all"), width: runtime.host.displayWidth))
            },
            Builtin(
                "missing", [arg("ds", "a dataset")],
                summary: "Which rows and columns hold missing cells: a count per column and the rows, or one line saying there are none.",
                example: "missing(dataset({a: [1, none, 3]})).rows   # [1]"
            ) { args, runtime in
                let ds = try args.dataset("ds").dataset
                return .object(missingReport(MissingCells(ds), ds: ds, width: runtime.host.displayWidth))
            },
        ]
    }

    /// The rows shown of a long report before "… N more".
    static let reportRows = 20

    /// A dataset, or a tensor (1-D: one column `value`; 2-D: columns `0`, `1`, …) or a
    /// list (one column) as a dataset to inspect.
    static func inspected(_ args: Arguments, _ name: String) throws -> Dataset {
        guard let value = args.value(name) else { throw args.missing(name) }
        if case let .object(object) = value, let ds = object as? DatasetValue { return ds.dataset }
        let columns: [DataColumn]
        if case let .tensor(t) = value, t.shape.count == 2 {
            let (rows, width) = (t.shape[0], t.shape[1])
            let scalars = t.scalars
            columns = (0..<width).map { j in .numeric(String(j), (0..<rows).map { Double(scalars[$0 * width + j]) }) }
        } else {
            do {
                columns = [try column(named: "value", from: value)]
            } catch {
                throw args.mismatch(name, value)
            }
        }
        return try dataError(args.function) { () throws(DatasetError) in try Dataset(name: "data", columns: columns) }
    }

    static func describeReport(_ stats: [ColumnStatistics], width: Int) -> ReportValue {
        let headers = ["column", "count", "mean", "std", "min", "25%", "50%", "75%", "max", "missing", "unique", "top"]
        let hasCategories = stats.contains { !$0.isNumeric }
        var table = TextTable(
            headers: hasCategories ? headers : Array(headers.dropLast()),
            rows: [], alignments: [.left] + Array(repeating: .right, count: 10) + [.left], fixedColumns: 1)
        var rows: [Record] = []
        for s in stats {
            let q = s.quartiles
            let numbers: [Double?] = [s.mean, s.std, s.min, q?[0], q?[1], q?[2], s.max]
            let top = s.top.map { "\($0) (\(s.topCount ?? 0))" } ?? ""
            table.rows.append(
                [s.name, ReportValue.cell(Double(s.count))] + numbers.map(ReportValue.cell)
                    + [ReportValue.cell(Double(s.missing)), ReportValue.cell(Double(s.unique))] + (hasCategories ? [top] : []))
            var fields: [(String, Value)] = [("column", .string(s.name)), ("count", .number(Double(s.count)))]
            if s.isNumeric {
                fields += zip(["mean", "std", "min", "q25", "median", "q75", "max"], numbers.map(ReportValue.number)).map { ($0, $1) }
            } else {
                fields += [("top", s.top.map(Value.string) ?? .none), ("freq", .number(Double(s.topCount ?? 0)))]
            }
            fields += [("missing", .number(Double(s.missing))), ("unique", .number(Double(s.unique)))]
            rows.append(Record(fields))
        }
        return ReportValue(
            title: "describe", tables: [table], rows: rows, fields: Record([("columns", .list(stats.map { .string($0.name) }))]),
            width: width)
    }

    static func countsReport(_ counts: ClassCounts, _ host: Host) -> ReportValue {
        let total = max(counts.total, 1)
        var table = TextTable(
            headers: ["class", "count", "share", ""], rows: [], alignments: [.left, .right, .right, .left], fixedColumns: 1)
        for entry in counts.entries {
            let share = formatFixed(100 * Double(entry.count) / Double(total), digits: 1) + "%"
            table.rows.append([entry.label, String(entry.count), share, entry.isRare ? "← rare: under a tenth of the largest" : ""])
        }
        let footer = counts.missing > 0 ? ["\(counts.missing) missing (no class)"] : []
        if let largest = counts.largest {
            for entry in counts.entries where entry.isRare {
                host.warn(
                    "class \(entry.label) has \(rowsText(entry.count)), under a tenth of the largest (class \(largest.label), \(rowsText(largest.count)))"
                )
            }
        }
        host.draw(
            PlotRequest(
                .bar, series: [PlotRequest.Series(y: counts.entries.map { Float($0.count) })], title: "class balance", xLabel: "class",
                yLabel: "rows", labels: counts.entries.map(\.label)))
        let rows = counts.entries.map { entry in
            Record([
                ("class", .string(entry.label)), ("count", .number(Double(entry.count))),
                ("share", .number(Double(entry.count) / Double(total))), ("rare", .bool(entry.isRare)),
            ])
        }
        return ReportValue(
            title: "counts", tables: [table], footer: footer, rows: rows,
            fields: Record([
                ("classes", .list(counts.entries.map { .string($0.label) })),
                ("counts", .list(counts.entries.map { .number(Double($0.count)) })),
                ("rare", .list(counts.entries.filter(\.isRare).map { .string($0.label) })),
            ]), width: host.displayWidth)
    }

    /// `1 row`, `180 rows`.
    static func rowsText(_ n: Int) -> String { counted(n, "row") }
}
