import Foundation

/// `:save NAME [--all]`: the session so far as `sessions/NAME.sprout` (SessionFile.swift).
/// A NAME with a `/` in it is a path of its own (`:save /tmp/try1`, `:save ./runs/a.sprout`),
/// quoted when it has spaces; `SessionPath` resolves it as `:load` does.
extension REPL {
    static var saveCommand: ShellCommand {
        ShellCommand(
            name: "save", usage: ":save NAME [--all]",
            summary: "write sessions/NAME.sprout, or a path when NAME has a / (--all keeps failed cells, commented out)"
        ) { repl, argument in
            repl.save(argument)
        }
    }

    /// Saves the cells since the start (or the last `:reset`); a failure is a message and
    /// the session goes on.
    func save(_ argument: String) {
        guard let words = words(of: argument, for: "save") else { return }
        let includeFailed = words.contains("--all")
        let names = words.filter { $0 != "--all" }
        guard names.count == 1, let name = names.first, !name.isEmpty, !name.hasPrefix("-") else {
            return failUsage(of: "save")
        }
        guard !name.hasSuffix("/") else { return failUsage(of: "save", because: "\(name) is a folder: add a file name") }
        let target = SessionPath.resolve(name, sessionsFolder: sessionsFolder, environment: environment)
        let path = target.file
        if target.isInSessionsFolder {
            do {
                try FileManager.default.createDirectory(atPath: sessionsFolder, withIntermediateDirectories: true)
            } catch {
                return fail("error: cannot create the folder \(sessionsFolder): \(plainReason(of: error))")
            }
        }
        let text = SessionFile.render(cells, header: .current(seed: seed, dataFiles: interpreter.dataFiles), includeFailed: includeFailed)
        let verb = FileManager.default.fileExists(atPath: path) ? "replaced" : "saved"
        do {
            try SessionFile.write(text, to: path)
        } catch {
            return fail("error: \(error)")
        }
        let code = cells.filter { !ScriptCells.isNote($0.input) }
        let failed = code.filter { !$0.succeeded }.map { "[\($0.number)]" }
        // The cells that replay, as `sprout run --check` counts them: a failed cell is left
        // out or, with --all, commented out, so it is not among them either way.
        var summary = counted(code.count - failed.count, "cell")
        // Each plot as a PNG beside the file (sessions/NAME/cell-5.png).
        let (plotCount, plotProblem) = savePlots(of: code.filter(\.succeeded), besides: path)
        if plotCount > 0 { summary += ", " + counted(plotCount, "plot") }
        if !failed.isEmpty {
            // What a failed cell changed before its error is not replayed: say which they are.
            let which = failed.count == 1 ? "failed cell" : "failed cells"
            summary +=
                includeFailed
                ? "; \(which) \(failed.joined(separator: " ")) commented out"
                : "; left out \(which) \(failed.joined(separator: " "))"
        }
        say("\(verb) \(path) (\(summary))")
        if let plotProblem { say("warning: plots not saved: \(plotProblem)") }
        // A failed cell that changed things before its error does not replay: say so now,
        // not when `sprout run --check` finds later outputs differ.
        for cell in code where !cell.succeeded {
            guard let changed = cell.changedBeforeFailing, !changed.isEmpty else { continue }
            say(
                "warning: cell [\(cell.number)] failed after changing \(Self.list(changed)); the saved session does not replay that, so later outputs can differ"
            )
        }
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
}
