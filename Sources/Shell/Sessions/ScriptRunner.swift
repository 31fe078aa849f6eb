import Foundation
import Lang

/// `sprout -e 'EXPR'`, `sprout FILE` and `sprout run FILE`: run Sprout code without the
/// interactive shell (piped standard input goes through the shell: `Sprout.pipedSession`).
///
/// - `-e` runs its argument as one cell and prints the value it shows (nothing for
///   none or a value hidden by a trailing `;`).
/// - A file runs cell by cell, split exactly as the shell reads typed lines
///   (`ScriptCells`): each cell prints the value it shows, as it runs; `# [N]` lines number
///   the next cell, so `_N` in a saved session means the cell it meant when it was saved;
///   `#> ` lines (recorded output) are skipped; the seed is the one in a saved session's
///   header (0 without one). So a saved session shows what it recorded, whichever way it
///   is run. A file is a plain Sprout program: a `:command` line in it is a syntax error.
///
/// Errors are rendered with the source line and a caret on standard error, and the exit
/// status is 1; a script stops at its first error.
enum ScriptRunner {
    /// Runs `-e`'s argument; returns the exit status.
    static func runExpression(_ text: String) -> Int32 {
        guard let interpreter = makeInterpreter(seed: 0) else { return 1 }
        return run(Source(name: "-e", text: text), in: interpreter) ? 0 : 1
    }

    /// Runs a script's text cell by cell (all on one big-stack thread); returns the exit status.
    /// - Parameter echo: show each cell as it would have looked typed at the prompt
    ///   (`[n]> ` before its code) above its output, as `sprout run --echo` and
    ///   `sprout demo` do, so a replay reads as the session it was.
    static func runScript(_ text: String, name: String, echo: Bool = false) -> Int32 {
        guard let interpreter = makeInterpreter(seed: ReplayCheck.seed(in: text) ?? 0) else { return 1 }
        let cells = ScriptCells.split(text)
        let status: Int32? = onOneThread {
            for cell in cells {
                if let number = cell.number { interpreter.numberNextCell(number) }
                if echo { write(transcript(of: cell, number: interpreter.nextCellNumber)) }
                guard run(Source(name: name, text: cell.input, firstLine: cell.firstLine), parsed: cell.parsed, in: interpreter) else {
                    return 1
                }
            }
            return 0
        }
        return status ?? 1
    }

    /// Runs `body`, which runs cells, on one evaluation thread: each cell would otherwise
    /// start and free a big-stack thread of its own (~100 µs, fifty times what a small
    /// cell costs). Nil, with the reason reported, when the evaluation thread itself
    /// failed. `sprout FILE`, piped input, `:load` and `run --check` all go through it.
    static func onOneThread<T>(_ body: () -> T?) -> T? {
        do {
            return try Interpreter.runningCells(body)
        } catch {
            report(error)
            return nil
        }
    }

    /// Runs one cell, printing the value it shows or reporting its error; false after an error.
    private static func run(_ source: Source, parsed: ParsedCell? = nil, in interpreter: Interpreter) -> Bool {
        do {
            if let value = try interpreter.run(source, parsed: parsed) { printValue(value) }
            return true
        } catch {
            report(error)
            return false
        }
    }

    /// Reads a script file, or reports why it cannot be read.
    static func readFile(_ path: String) -> String? {
        do {
            return try ScriptFile.read(path)
        } catch {
            printError("\(error)")
            return nil
        }
    }

    /// An interpreter with the standard library loaded. A missing `stdlib/`
    /// folder is a warning, not a failure: the builtins still work.
    private static func makeInterpreter(seed: UInt64) -> Interpreter? {
        let interpreter = Interpreter(host: TerminalHost(), seed: seed)
        guard let stdlib = Resources.stdlibFolder(warn: { TerminalHost().warn($0) }) else { return interpreter }
        do {
            try interpreter.loadStdlib(directory: stdlib)
        } catch {
            report(error)
            return nil
        }
        return interpreter
    }

    /// A cell as `--echo` shows it: the notes above its code as they are written, then the
    /// code as typed at the prompt (`[n]> `, `...> `).
    private static func transcript(of cell: ScriptCell, number: Int) -> String {
        let lines = cell.input.split(separator: "\n", omittingEmptySubsequences: false)
        let notes = min(max(cell.codeLine - cell.firstLine, 0), lines.count)
        let code = lines[notes...].joined(separator: "\n")
        return lines[..<notes].map { VisibleText.escaping(String($0)) + "\n" }.joined() + REPL.transcript(of: code, cell: number)
    }

    /// Writes text to standard output as it comes, so an echoed cell shows before it runs.
    private static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// The value as a cell shows it, with its inf/nan note (`ValueFormatter.shown`), as the
    /// shell shows it, so a script and a replay of it print the same lines.
    private static func printValue(_ value: Value) {
        write(ValueFormatter.shown(value, width: TerminalHost().displayWidth) + "\n")
    }

    /// Renders a Sprout error with its source line on standard error.
    static func report(_ error: any Error) {
        if let error = error as? SproutError {
            let colour = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            FileHandle.standardError.write(Data((DiagnosticRenderer.render(error, colour: colour) + "\n").utf8))
        } else {
            printError("\(error)")
        }
    }
}
