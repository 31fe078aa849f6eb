import ArgumentParser
import Engine
import Foundation
import Lang

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
            sprout -e 'EXPR' prints the value of the last expression. sprout FILE.sprout runs a \
            script cell by cell, as the shell reads it, and prints the value each cell shows. \
            Piped input (sprout < FILE, or a pipe) runs through the shell without prompts, so \
            :commands work there; its first error ends it with exit status 1.
            """,
        version: SproutVersion.full,
        subcommands: [DemoCommand.self, RunCommand.self, ExportCommand.self]
    )

    /// `.unconditional`: the next argument is the program whatever it starts with, so
    /// `sprout -e '-1 + 2'` runs it instead of taking `-1 + 2` for an option.
    @Option(
        name: .customShort("e"), parsing: .unconditional,
        help: ArgumentHelp("Evaluate a Sprout program and print its value.", valueName: "program"))
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
        // Standard input decides: a terminal is a session with prompts, even when standard
        // output is redirected (`sprout | tee log`); anything else is piped input.
        if isatty(STDIN_FILENO) == 0 {
            return try finish(Self.pipedSession())
        }
        try finish(Self.startShell())
    }

    /// Piped standard input (`sprout < FILE`, `... | sprout`): the shell's own loop, so
    /// `:commands` and `?name` work, without prompts, banner or escape codes
    /// (`REPL.isPiped`: errors on standard error, the first one ends it with status 1).
    /// No journal: the input is already kept by whatever piped it. No Ctrl-C handler:
    /// Ctrl-C ends the process, as for a script.
    static func pipedSession() -> Int32 {
        let reader = PipedLineReader()
        let repl = REPL(
            reader: reader, host: TerminalHost(), isTerminal: false,
            makeInterpreter: interpreterMaker(cancellation: Cancellation()))
        repl.isPiped = true
        // Every cell on one big-stack thread, as for `sprout FILE`, not a thread per cell.
        guard let status = ScriptRunner.onOneThread({ repl.run() }) else { return 1 }
        if let error = reader.error {
            printError("\(error)")
            return 1
        }
        return status
    }

    /// Builds the session's interpreters (at start and on `:reset`): the stdlib loaded,
    /// stopped by `cancellation`.
    private static func interpreterMaker(cancellation: Cancellation) -> (Lang.Host, UInt64) -> Interpreter {
        let stdlib = Resources.stdlibFolder { TerminalHost().warn($0) }
        return { host, seed in
            let interpreter = Interpreter(host: host, seed: seed, cancellation: cancellation)
            if let stdlib {
                do {
                    try interpreter.loadStdlib(directory: stdlib)
                } catch {
                    ScriptRunner.report(error)
                }
            }
            return interpreter
        }
    }

    /// The interactive shell (standard input is a terminal): the stdlib loaded, seed 0,
    /// libedit for editing, history and Tab, and Ctrl-C stopping the running cell (one
    /// `Cancellation` shared by every interpreter, even after `:reset`). Colours only
    /// when standard output is a terminal too.
    static func startShell() -> Int32 {
        let cancellation = Cancellation()
        Interrupts.install(cancellation: cancellation)
        weak var session: REPL?
        let reader = LibeditLineReader { line, cursor in session?.completionCandidates(line: line, cursor: cursor) ?? [] }
        let isTerminal = isatty(STDOUT_FILENO) != 0
        let plots = PlotDisplay.terminal(isTerminal: isTerminal, environment: ProcessInfo.processInfo.environment)
        let repl = REPL(
            reader: reader, host: TerminalHost(plots: plots), isTerminal: isTerminal,
            makeInterpreter: interpreterMaker(cancellation: cancellation))
        // Lines are typed (standard input is a terminal) even when the output is not one.
        repl.oneLineIfWaitsForElse = false
        session = repl
        let environment = ProcessInfo.processInfo.environment
        let gnuplot = GnuplotVersion.banner(stateFolder: Journal.defaultFolder, environment: environment, display: plots)
        reader.echo.write(Data("\(SproutVersion.summary)\(gnuplot.map { " · \($0)" } ?? "") · :help for help\n".utf8))
        if let notice = repl.startJournal(in: Journal.defaultFolder) { reader.echo.write(Data((notice + "\n").utf8)) }
        let status = repl.run()
        repl.finishJournal()
        return status
    }

    private func finish(_ status: Int32) throws {
        if status != 0 { throw ExitCode(status) }
    }
}
