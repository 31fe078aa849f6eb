import Foundation
import Lang

/// `sprout -e 'EXPR'`, `sprout FILE` and `sprout < FILE`: run Sprout code without the
/// interactive shell.
///
/// - `-e` runs its argument as one cell and prints the value it shows (nothing for
///   none or a value hidden by a trailing `;`).
/// - A file (or piped standard input) runs like a replayed notebook: every top-level
///   expression that a cell would show is printed as it runs (not assignments,
///   definitions or loops, nor a statement followed by `;`).
///
/// Errors are rendered with the source line and a caret on standard error, and the exit
/// status is 1; a script stops at its first error.
enum ScriptRunner {
    /// Runs `-e`'s argument; returns the exit status.
    static func runExpression(_ text: String) -> Int32 {
        guard let interpreter = makeInterpreter() else { return 1 }
        do {
            if let value = try interpreter.run(Source(name: "-e", text: text)) {
                printValue(value)
            }
            return 0
        } catch {
            report(error)
            return 1
        }
    }

    /// Runs a script's text; returns the exit status.
    static func runScript(_ text: String, name: String) -> Int32 {
        guard let interpreter = makeInterpreter() else { return 1 }
        do {
            try interpreter.runScript(Source(name: name, text: text)) { printValue($0) }
            return 0
        } catch {
            report(error)
            return 1
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

    /// Everything on standard input, bounded like a script file; nil after reporting an
    /// input that is too long.
    static func readStandardInput() -> String? {
        do {
            return try ScriptFile.read(FileHandle.standardInput, name: "standard input")
        } catch {
            printError("\(error)")
            return nil
        }
    }

    /// An interpreter with the standard library loaded (seed 0). A missing `stdlib/`
    /// folder is a warning, not a failure: the builtins still work.
    private static func makeInterpreter() -> Interpreter? {
        let interpreter = Interpreter(host: TerminalHost())
        guard let stdlib = Resources.stdlibFolder(warn: { TerminalHost().warn($0) }) else { return interpreter }
        do {
            try interpreter.loadStdlib(directory: stdlib)
        } catch {
            report(error)
            return nil
        }
        return interpreter
    }

    private static func printValue(_ value: Value) {
        FileHandle.standardOutput.write(Data((ValueFormatter.format(value) + "\n").utf8))
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
