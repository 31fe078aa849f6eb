import Engine
import Foundation
import Lang

/// A shell command: `:name argument`. The REPL keeps them in a table by name, so a later
/// piece adds one with `REPL.register` (`:save` from SessionFile, then `:export`, `:plot`).
struct ShellCommand {
    /// The name without the colon.
    let name: String
    /// How it is written, e.g. `:time EXPR`: the row of the usage table that `:help`
    /// lists and every wrong use of the command shows (`REPL.failUsage`).
    let usage: String
    /// One line for `:help`.
    let summary: String
    /// Runs the command with the rest of the line (trimmed; empty when none).
    let action: (REPL, String) -> Void

    /// Whether the usage has nothing after the name (`:reset`): then any word after it is
    /// an error, checked once for all such commands in `REPL.perform`.
    var takesNoArguments: Bool { usage == ":" + name }
}

extension REPL {
    /// The commands every session has.
    static var standardCommands: [ShellCommand] {
        [
            ShellCommand(name: "help", usage: ":help [topic]", summary: "this list, or help on a command or function") { repl, topic in
                repl.help(topic)
            },
            ShellCommand(name: "vars", usage: ":vars", summary: "your variables: name, kind, shape or size") { repl, _ in
                repl.say(repl.variablesTable())
            },
            ShellCommand(name: "history", usage: ":history", summary: "the inputs of this session, numbered") { repl, _ in
                repl.say(repl.historyText())
            },
            ShellCommand(name: "time", usage: ":time EXPR", summary: "run EXPR as a cell and print how long it took") { repl, expression in
                guard !expression.isEmpty else { return repl.failUsage(of: "time") }
                repl.runCell(expression, alwaysShowTime: true)
            },
            ShellCommand(
                name: "load", usage: ":load NAME",
                summary: "replay sessions/NAME.sprout, or a path as :save takes it, cell by cell (stops at an error)"
            ) { repl, argument in
                repl.load(argument)
            },
            ShellCommand(name: "reset", usage: ":reset", summary: "forget every variable and number cells from 1") { repl, _ in
                repl.reset()
                repl.say("session reset: no variables, cells numbered from 1")
            },
            ShellCommand(name: "quit", usage: ":quit", summary: "leave Sprout (also Ctrl-D)") { repl, _ in
                repl.isFinished = true
            },
        ]
    }

    /// Runs a command line (`:name args` or `?name`).
    func perform(_ line: String) {
        if line.hasPrefix("?") {
            return say(helpText(forName: String(line.dropFirst()).trimmingCharacters(in: .whitespaces)))
        }
        let body = line.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        let argument = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        guard let command = commands[name] else {
            return fail(
                name.isEmpty
                    ? "a command needs a name after ':' (:help lists them)"
                    : "unknown command :\(name) (:help lists the commands)")
        }
        if command.takesNoArguments && !argument.isEmpty {
            return fail(":\(name) takes nothing after it (found \"\(argument)\"); usage: \(command.usage)")
        }
        command.action(self, argument)
    }

    /// Says a command was given words it does not take, with its row of the usage table
    /// and, when there is one, what was wrong.
    func failUsage(of name: String, because detail: String? = nil) {
        let usage = commands[name]?.usage ?? ":" + name
        fail("usage: \(usage)" + (detail.map { " (\($0))" } ?? ""))
    }

    /// A command's words (quotes keep spaces), or nil after showing its usage when a
    /// quote is not closed.
    func words(of argument: String, for name: String) -> [String]? {
        do {
            return try CommandWords.split(argument)
        } catch {
            failUsage(of: name, because: "\(error)")
            return nil
        }
    }

    /// Writes a command's output, with a final newline. Control characters are shown
    /// escaped: what a command says can quote a typed path or cell (`:history`).
    func say(_ text: String) {
        let visible = VisibleText.escaping(text)
        output.downstream.write(visible.hasSuffix("\n") ? visible : visible + "\n")
    }

    /// Says why a command failed. From a pipe that is an error like a failed cell's: on
    /// standard error, and the session stops with status 1 (the lines after it were
    /// written expecting the command to work).
    func fail(_ text: String) {
        guard isPiped else { return say(text) }
        printError(text.hasPrefix("error: ") ? String(text.dropFirst(7)) : text)
        exitStatus = 1
        isFinished = true
    }

    // MARK: - :help and ?name

    func help(_ topic: String) {
        guard !topic.isEmpty else { return say(commandList()) }
        guard !topic.contains(where: \.isWhitespace) else { return failUsage(of: "help", because: "one topic at a time") }
        let name = topic.hasPrefix(":") ? String(topic.dropFirst()) : topic
        if let command = commands[name] {
            return say("\(command.usage)\n  \(command.summary)")
        }
        say(helpText(forName: topic))
    }

    /// Every command with its summary, aligned, and where to find more.
    func commandList() -> String {
        let sorted = commands.values.sorted { $0.name < $1.name }
        let width = sorted.map(\.usage.count).max() ?? 0
        let rows = sorted.map { "  " + $0.usage.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.summary }
        return
            (["commands:"] + rows + [
                "?name (or :help name) shows a function's signature and an example; help() lists the functions by topic.",
                ":help language (or ?for, ?if, ?fn, ?while, ?f\", ?[) explains the syntax.",
                "Ctrl-C clears the line or stops a running cell; Ctrl-D quits.",
                "After a multi-line if's closing }, the prompt waits for an else: an empty line ends it.",
                "Piped input (sprout < FILE) runs commands too, without prompts; its first error ends it (exit status 1).",
            ]).joined(separator: "\n")
    }

    /// The help of a builtin or a function (stdlib or user's); what a variable is otherwise.
    func helpText(forName name: String) -> String {
        guard !name.isEmpty else { return "usage: ?name (for example ?adam)" }
        switch interpreter.value(named: name) {
        case let .function(function)?:
            return Builtins.help(for: function)
        case let value?:
            return "\(name) is a \(value.kindName), not a function"
        case nil:
            if let topic = SyntaxHelp.topic(named: name) { return topic.rendered }
            return "nothing is named \(name) (help() lists the functions, :vars your variables, :help language the syntax)"
        }
    }

    // MARK: - :vars

    /// One aligned line per user variable: name, kind, shape or size.
    func variablesTable() -> String {
        let rows = interpreter.globals.map { [$0.name, $0.value.kindName, Self.size(of: $0.value)] }
        guard !rows.isEmpty else { return "no variables yet" }
        let nameWidth = rows.map { $0[0].count }.max() ?? 0
        let kindWidth = rows.map { $0[1].count }.max() ?? 0
        return rows.map { row in
            let line =
                row[0].padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                + row[1].padding(toLength: kindWidth, withPad: " ", startingAt: 0) + "  " + row[2]
            return String(line.reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
    }

    /// A value's shape or size as `:vars` shows it.
    static func size(of value: Value) -> String {
        switch value {
        case let .tensor(t): return t.shape.isEmpty ? "scalar" : t.shape.map(String.init).joined(separator: "×")
        case let .list(items): return counted(items.count, "item")
        case let .record(r): return counted(r.names.count, "field")
        case let .string(s): return counted(s.count, "character")
        case let .layer(layer): return counted(layer.parameterCount, "parameter")
        case let .function(f): return f.signature.rendered(name: f.name)
        case .number, .bool, .range, .none: return ValueFormatter.inline(value)
        case let .object(o): return o.sizeDescription ?? ""
        case .optimizer: return ""
        }
    }

    // MARK: - :history

    /// Each cell's number and input; continuation lines indented under the first. Notes
    /// have no number of their own, so they are indented like a continuation.
    func historyText() -> String {
        guard !cells.isEmpty else { return "no cells yet" }
        return cells.map { cell in
            let number = "[\(cell.number)] "
            let indent = String(repeating: " ", count: number.count)
            let label = ScriptCells.isNote(cell.input) ? indent : number
            return label
                + cell.input.split(separator: "\n", omittingEmptySubsequences: false)
                .joined(separator: "\n" + indent)
        }.joined(separator: "\n")
    }

    // MARK: - :load

    /// Replays a file into this session cell by cell, split as the REPL would have read it
    /// (`ScriptCells`). The file is named as `:save` names it (`SessionPath`): a bare name
    /// is `sessions/NAME.sprout` (or, when that does not exist, a file of that name here).
    /// Each cell is shown as it would have been typed (`[n]> input`), takes the next
    /// number, shows its value, is journaled and
    /// recorded (so `:save` keeps it), and errors point at the file's lines. The first
    /// error stops the file; the cells before it keep their effects. `#> ` lines are
    /// ignored. `_N` in the file means the file's cell N (counting its `# [N]` markers),
    /// whatever the session numbers it; the record keeps it in the session's numbers
    /// (`_12` becomes `_14`), so a session saved afterwards replays.
    func load(_ argument: String) {
        guard let words = words(of: argument, for: "load") else { return }
        guard words.count == 1, let name = words.first, !name.isEmpty else {
            return failUsage(of: "load", because: words.count > 1 ? "quote a path that has spaces" : nil)
        }
        let path = SessionPath.resolve(name, sessionsFolder: sessionsFolder, environment: environment).fileToRead
        let text: String
        do {
            text = try ScriptFile.read(path)
        } catch {
            return fail("error: \(error)")
        }
        let cells = ScriptCells.split(text)
        interpreter.beginFileCells()
        defer { interpreter.endFileCells() }
        // Every cell on one big-stack thread, as `sprout FILE` runs them (a thread per cell
        // cost ~0.3 ms each); a thread that cannot be had is reported, not ignored.
        _ = ScriptRunner.onOneThread { replay(cells, from: path) }
    }

    /// Runs a loaded file's cells in order; stops at Ctrl-C or the first error and says so.
    private func replay(_ cells: [ScriptCell], from path: String) {
        for (index, cell) in cells.enumerated() {
            let ran = index == 0 ? "no cell" : counted(index, "cell")
            if takeStopRequest() { return say("\(path): stopped (Ctrl-C) before line \(cell.codeLine); \(ran) ran") }
            if let number = cell.number { interpreter.numberNextFileCell(number) }
            let recorded = CellReferences.renumbered(cell.input, interpreter.fileCellNumbers)
            let record = runCell(
                cell.input, source: (name: path, firstLine: cell.firstLine), recordedInput: recorded,
                parsed: cell.parsed, isReplayed: true)
            if lastCellWasStopped { return say("\(path): stopped (Ctrl-C) at line \(cell.codeLine); \(ran) before it ran") }
            if record.error != nil {
                return say("\(path): stopped at the error on line \(cell.codeLine); \(ran) before it ran")
            }
        }
    }
}
