/// `recipe()`: the recipe's six stages as a checklist, each item ticked by what this
/// session's checks showed (the `RecipeLog`); each row's `cell` says where:
///
///     2. skeleton and dumb baselines
///        ✓ verify the loss at init: check_init: loss at init 2.37 vs ln(10) = 2.30
///        ✗ overfit one batch: overfit: cannot memorise 16 examples: …; fix it and run it again
///        · not yet: use backprop to chart dependencies: deps(m, train.take(8).x)
///
/// An item is ticked by the latest result of its check: a later pass replaces an earlier
/// failure, as the recipe is worked through by fixing what failed. Checks other builtins
/// record (`baselines`, `health`, `search`, `ensemble`) tick their items when they run;
/// stage 1 ("become one with the data") has no verdict to record, since looking is the
/// point: its item names the builtins to look with and stays open.
struct RecipeChecklist {
    /// One thing to do, the checks whose verdicts tick it (empty: nothing does), and the
    /// command to run. A `looked` item is done by running a command at all (the
    /// inspection builtins and fit note themselves): looking is the point, there is no
    /// verdict to pass.
    struct Item {
        let text: String
        let checks: [String]
        let command: String
        var looked = false

        init(text: String, check: String, command: String) {
            (self.text, checks, self.command) = (text, [check], command)
        }

        init(text: String, lookedAt checks: [String], command: String) {
            (self.text, self.checks, self.command, looked) = (text, checks, command, true)
        }
    }

    static let stages: [(title: String, items: [Item])] = [
        (
            "become one with the data",
            [
                Item(text: "scan the examples", lookedAt: ["show", "head", "find"], command: "show(ds, 0..16)"),
                Item(
                    text: "distributions and class balance", lookedAt: ["describe", "counts", "hist"],
                    command: "describe(ds), counts(ds.label)"),
                Item(text: "duplicates and outliers", lookedAt: ["dups", "outliers"], command: "dups(ds), outliers(ds)"),
            ]
        ),
        (
            "skeleton and dumb baselines",
            [
                Item(text: "visualize what enters the net", check: "peek", command: "peek(train)"),
                Item(text: "verify the loss at init", check: "check_init", command: "check_init(m, train)"),
                Item(text: "beat the dumb baselines", check: "baselines", command: "baselines(train, val)"),
                Item(text: "overfit one batch", check: "overfit", command: "overfit(m, train.take(16))"),
                Item(text: "use backprop to chart dependencies", check: "deps", command: "deps(m, train.take(8).x)"),
            ]
        ),
        ("overfit", [Item(text: "a model that trains healthily", check: "health", command: "health(run)")]),
        (
            "regularize",
            [
                Item(
                    text: "dropout, weight decay, early stopping", lookedAt: ["regularize"],
                    command: "fit(m, train, adamw(m, weight_decay: 0.05), val: val, patience: 3)")
            ]
        ),
        ("tune", [Item(text: "random search over hyperparameters", check: "search", command: "search(space, score, trials: 20)")]),
        ("squeeze", [Item(text: "an ensemble", check: "ensemble", command: "ensemble(models, val)")]),
    ]

    /// The builtins whose running ticks a `looked` item of stage 1.
    static let looks: Set<String> = Set(stages[0].items.flatMap(\.checks))

    /// `builtin`, noting in the recipe log that it ran when it succeeds, if it is one of
    /// the looks of stage 1; otherwise unchanged.
    static func notingLooks(_ builtin: Builtin) -> Builtin {
        guard looks.contains(builtin.name) else { return builtin }
        let (body, name) = (builtin.body, builtin.name)
        return Builtin(builtin) { args, runtime in
            let value = try body(args, runtime)
            runtime.noteDone(name)
            return value
        }
    }

    /// The checklist as a report: one header line per stage and one per item, each item
    /// a row (stage, item, status, cell) a program can read.
    /// Cells are the session's numbers: a file replayed after typed cells (`:load`)
    /// shows its checks at the numbers its prompts showed, not the file's own.
    static func report(_ log: RecipeLog, width: Int) -> ReportValue {
        var lines: [String] = []
        var rows: [Record] = []
        var (passed, done) = (0, 0)
        for (number, stage) in stages.enumerated() {
            lines.append("\(number + 1). \(stage.title)")
            for item in stage.items {
                let entry = log.latest(anyOf: item.checks)
                let cell = entry?.cell
                let (mark, status, line) = describe(item, entry)
                if entry?.outcome == .passed {
                    done += 1
                    if !item.looked { passed += 1 }
                }
                lines.append("   \(mark) \(line)")
                rows.append(
                    Record([
                        ("stage", .number(Double(number + 1))), ("item", .string(item.text)), ("status", .string(status)),
                        ("cell", cell.map { .number(Double($0)) } ?? .none),
                    ]))
            }
        }
        let items = stages.reduce(0) { $0 + $1.items.count }
        let checks = stages.reduce(0) { $0 + $1.items.filter { !$0.looked }.count }
        lines.append("\(done) of \(items) items done; \(passed) of \(checks) checks passed")
        return ReportValue(
            title: "recipe", header: lines, tables: [], rows: rows,
            fields: Record([
                ("passed", .number(Double(passed))), ("checks", .number(Double(checks))), ("done", .number(Double(done))),
                ("items", .number(Double(items))),
            ]), width: width)
    }

    /// The mark, a status word and the line for one item: what the check showed (its
    /// verdict's line without the mark), or what was run. The cell it ran in is a member
    /// of the item's row, not printed: a session replayed with `:load` after other cells
    /// numbers its cells differently, and what it shows must not depend on that.
    private static func describe(_ item: Item, _ entry: RecipeLog.Entry?) -> (String, String, String) {
        guard let entry else {
            return ("·", "open", "not yet: \(item.text): \(item.command)")
        }
        if item.looked {
            return ("✓", "done", "\(item.text): \(entry.line.isEmpty ? entry.check : entry.line)")
        }
        let marks = ["✓ ", "✗ ", "? "]
        let shown = marks.contains { entry.line.hasPrefix($0) } ? String(entry.line.dropFirst(2)) : entry.line
        let what = shown.isEmpty ? entry.check : "\(entry.check): \(shown)"
        switch entry.outcome {
        case .passed: return ("✓", "passed", "\(item.text): \(what)")
        case .failed: return ("✗", "failed", "\(item.text): \(what); fix it and run it again")
        case .undecided: return ("?", "undecided", "\(item.text): \(what)")
        }
    }
}
