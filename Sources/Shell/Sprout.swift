import ArgumentParser
import Foundation
import Lang
import Engine

/// The root command, `sprout`. With `-e`, a file, or piped input it runs Sprout code
/// (see `ScriptRunner`); at a terminal with no arguments it starts the interactive shell
/// (`REPL`).
struct Sprout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sprout",
        abstract: "A notebook-style shell for training neural networks the careful way.",
        usage: """
            sprout [-e <program>] [<file>]
            sprout <subcommand>
            """,
        discussion: """
            sprout -e 'EXPR' prints the value of the last expression. sprout FILE.sprout \
            (or sprout < FILE.sprout) runs a script and prints the value of every top-level \
            expression that is not an assignment, a definition or a loop, and is not followed by ';'.
            """,
        version: SproutVersion.full,
        subcommands: [DemoCommand.self, RunCommand.self]
    )

    /// `.unconditional`: the next argument is the program whatever it starts with, so
    /// `sprout -e '-1 + 2'` runs it instead of taking `-1 + 2` for an option.
    @Option(name: .customShort("e"), parsing: .unconditional, help: ArgumentHelp("Evaluate a Sprout program and print its value.", valueName: "program"))
    var expression: String?

    /// `sprout FILE`: `main.swift` passes a leading argument that is neither an option nor
    /// a subcommand as `--file FILE` (a positional argument on a command with subcommands
    /// would swallow the subcommand's name).
    @Option(name: .customLong("file"), help: ArgumentHelp("A Sprout script to run (also: sprout FILE).", valueName: "file"))
    var file: String?

    /// The command line with `sprout FILE …` turned into `sprout --file FILE …`.
    static func normalized(_ arguments: [String]) -> [String] {
        guard let first = arguments.first, !first.hasPrefix("-") else { return arguments }
        let subcommands = configuration.subcommands.map { $0._commandName } + ["help"]
        guard !subcommands.contains(first) else { return arguments }
        return ["--file", first] + arguments.dropFirst()
    }

    func validate() throws {
        if expression != nil && file != nil {
            throw ValidationError("give either -e PROGRAM or a FILE, not both")
        }
    }

    func run() throws {
        if let expression {
            return try finish(ScriptRunner.runExpression(expression))
        }
        if let file {
            guard let text = ScriptRunner.readFile(file) else { throw ExitCode.failure }
            return try finish(ScriptRunner.runScript(text, name: file))
        }
        if isatty(STDIN_FILENO) == 0 {
            guard let text = ScriptRunner.readStandardInput() else { throw ExitCode.failure }
            return try finish(ScriptRunner.runScript(text, name: "<stdin>"))
        }
        try finish(Self.startShell())
    }

    /// The interactive shell at a terminal (stdin is one): the stdlib loaded, seed 0,
    /// libedit for editing, history and Tab, and Ctrl-C stopping the running cell (one
    /// `Cancellation` shared by every interpreter, even after `:reset`).
    static func startShell() -> Int32 {
        let stdlib = Resources.stdlibFolder { TerminalHost().warn($0) }
        let cancellation = Cancellation()
        Interrupts.install(cancellation: cancellation)
        weak var session: REPL?
        let reader = LibeditLineReader { line, cursor in session?.completionCandidates(line: line, cursor: cursor) ?? [] }
        let repl = REPL(reader: reader, host: TerminalHost(), isTerminal: true) { host, seed in
            let interpreter = Interpreter(host: host, seed: seed, cancellation: cancellation)
            DebugTrap.install(in: interpreter)
            if let stdlib {
                do {
                    try interpreter.loadStdlib(directory: stdlib)
                } catch {
                    ScriptRunner.report(error)
                }
            }
            return interpreter
        }
        session = repl
        print("\(SproutVersion.summary) · :help for help")
        if let notice = repl.startJournal(in: Journal.defaultFolder) { print(notice) }
        let status = repl.run()
        repl.finishJournal()
        return status
    }

    private func finish(_ status: Int32) throws {
        if status != 0 { throw ExitCode(status) }
    }
}
