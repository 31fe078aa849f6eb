import Foundation
import Lang

/// The interactive shell: read, parse, evaluate, print, record, as separate steps.
///
/// - Read: lines come from a `LineReader` (libedit at a terminal, a pipe, or a script in
///   tests), with a numbered prompt `[n]> ` and, while the parser says the input is
///   incomplete (an open bracket or block, a trailing operator), or after an `if` that an
///   `else` line may continue, a continuation prompt `...> ` aligned under it. Cells are
///   cut by `CellAssembler`, as files are; a saved session's `#> ` lines are skipped and
///   its `# [N]` lines number the next cell, so pasting or piping one replays it.
/// - Evaluate and print: a cell runs in the interpreter; the value it shows is printed,
///   an error is rendered with its source line (in colour only at a terminal), and a
///   cell that took over a second says how long.
/// - Record: every cell becomes a `CellRecord` (input, captured output, error, time), so
///   the session can be saved and replayed.
///
/// A line starting with `:` or `?` at the main prompt is a shell command
/// (REPL+Commands.swift). Ctrl-C at the prompt drops what was typed; Ctrl-D quits.
/// From a pipe (`isPiped`) the same loop runs without prompts, as a script would.
final class REPL {
    let reader: LineReader
    /// The interpreter's host: shows everything and captures the running cell's output.
    let output: CellOutput
    /// Draws plots and renders them for records (`:plot` switches its mode); nil for a
    /// host that draws none itself (tests' recording host).
    let plots: PlotDisplay?
    /// The plots each cell drew, by cell number, for `:save` to write as PNGs.
    var plotsByCell: [Int: [PlotRequest]] = [:]
    /// Colour and other terminal niceties are used only when this is true.
    let isTerminal: Bool
    /// Errors are coloured at a terminal unless `NO_COLOR` is set.
    let usesColour: Bool
    /// Makes the interpreter at start and on `:reset` (with the start's seed and the stdlib).
    private let makeInterpreter: (Lang.Host, UInt64) -> Interpreter
    /// The seed the session started with (kept by `:reset`, written by `:save`).
    private(set) var seed: UInt64
    /// Where `:save NAME` writes `NAME.sprout`.
    var sessionsFolder = "sessions"
    /// The environment `~` in a typed path is expanded from (`$HOME`); tests set their own.
    var environment = ProcessInfo.processInfo.environment
    private(set) var interpreter: Interpreter
    /// The cells run this session (since the last `:reset`), in order.
    private(set) var cells: [CellRecord] = []
    /// Where finished cells are appended (REPL+Journal.swift); nil when not journaling.
    var journal: Journal?
    /// Where this session's journal is and crashed sessions' journals wait for `:recover`;
    /// nil before `startJournal(in:)`.
    var journalFolder: String?
    /// The shell commands, by name without the colon. `register` adds more (`:save`,
    /// later `:export` and `:plot`).
    private(set) var commands: [String: ShellCommand] = [:]
    /// Set by `:quit`.
    var isFinished = false
    /// Whether the last cell run was stopped by Ctrl-C (commands that run many cells stop).
    private(set) var lastCellWasStopped = false
    /// A session read from a pipe (`sprout < FILE`, `... | sprout`): no prompts (the
    /// reader shows none) and no timing notes, errors on standard error pointing at the
    /// input's lines, and the first failed cell ends it with exit status 1, as a script:
    /// the cells after it were written expecting it to work. A saved session's
    /// `# seed: N` header line (before any cell) sets the seed, as for `sprout FILE`.
    var isPiped = false
    /// What `run` returns: 1 once a piped session stopped at an error.
    var exitStatus: Int32 = 0
    /// The cell being read.
    private var assembler = CellAssembler()
    /// Whether a one-line `if` waits for an `else` line (see `CellAssembler`): in a pipe
    /// yes, as in a file; at a terminal no.
    var oneLineIfWaitsForElse: Bool {
        get { assembler.oneLineIfWaitsForElse }
        set { assembler.oneLineIfWaitsForElse = newValue }
    }
    /// Lines read so far, and the line the cell being read started on.
    private var lineNumber = 0
    private var cellFirstLine = 1
    /// Comment lines typed at the main prompt, held until the next line shows whether
    /// they document a function (`fn` follows at once: they become its cell's first
    /// lines, as `ScriptCells` does in a file, so `?f` shows them) or are notes.
    private var heldComments: [String] = []
    private var heldCommentsFirstLine = 1

    /// - Parameters:
    ///   - host: where everything the user sees is written.
    ///   - makeInterpreter: builds an interpreter writing to the host and with the seed
    ///     it is given; called now and again on `:reset`.
    init(
        reader: LineReader, host: Lang.Host, isTerminal: Bool, seed: UInt64 = 0, plots: PlotDisplay? = nil,
        makeInterpreter: @escaping (Lang.Host, UInt64) -> Interpreter
    ) {
        self.seed = seed
        self.reader = reader
        self.plots = plots ?? (host as? TerminalHost)?.plots
        self.output = CellOutput(downstream: host, plots: self.plots)
        self.isTerminal = isTerminal
        self.usesColour = isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        self.makeInterpreter = makeInterpreter
        self.interpreter = makeInterpreter(output, seed)
        assembler.oneLineIfWaitsForElse = !isTerminal
        for command in Self.standardCommands + [Self.saveCommand, Self.exportCommand, Self.recoverCommand, Self.plotCommand] {
            register(command)
        }
    }

    /// Adds (or replaces) a shell command.
    func register(_ command: ShellCommand) {
        commands[command.name] = command
    }

    /// Runs until `:quit` or the end of input.
    /// - Returns: the exit status: 0, or 1 when a piped session stopped at an error.
    func run() -> Int32 {
        while !isFinished {
            let prompt = Self.prompt(cell: interpreter.nextCellNumber, continuing: !assembler.isEmpty)
            let input = reader.readLine(prompt: prompt)
            // A Ctrl-C at the prompt also asked the interpreter to stop: forget it, so only
            // one pressed while this input runs counts.
            interpreter.cancellation.reset()
            switch input {
            case .end:
                // An `if` waiting for `else` is complete; so, from a pipe, is an unfinished
                // cell (it reports its syntax error, as in a file).
                if assembler.isAwaitingElse || isPiped, let cell = assembler.finish() { submit(cell) }
                recordHeldComments()
                return exitStatus
            case .interrupt:
                assembler.removeAll()
                recordHeldComments()
            case let .line(line):
                lineNumber += 1
                read(line)
            }
        }
        return exitStatus
    }

    /// Reads one line: into the cell being typed, or, at the main prompt, as a command, a
    /// saved session's `#> ` output (skipped) or `# [N]` marker (numbers the next cell),
    /// or the start of a cell; runs the cells it completes.
    private func read(_ line: String) {
        if !assembler.isEmpty {
            switch assembler.add(line) {
            case .reading: return
            case let .complete(cell): return submit(cell)
            case let .completeBefore(cell):
                submit(cell)
                if isFinished { return }
            }
        }
        let trimmed = ScriptCells.trimmedLine(line)
        // A saved session's header piped in: its seed, as `sprout FILE` uses it. (Only
        // from a pipe, which keeps no journal: a recovered session starts with its own seed.)
        if isPiped && interpreter.nextCellNumber == 1, let header = ReplayCheck.seed(in: String(trimmed)) {
            recordHeldComments()
            seed = header
            return reset()
        }
        let number = ScriptCells.numberMarker(trimmed)
        let isOutput = ScriptCells.recordedOutput(line) != nil
        if trimmed.hasPrefix("#") && !isOutput && number == nil {
            if heldComments.isEmpty { heldCommentsFirstLine = lineNumber }
            heldComments.append(line)
            return
        }
        let command = Self.commandText(line)
        if trimmed.isEmpty || command != nil || number != nil { recordHeldComments() }
        if let command {
            reader.addHistory(command)
            return perform(command)
        }
        if trimmed.isEmpty || isOutput { return }
        if let number { return interpreter.numberNextCell(number) }
        // Comments document a function (its help shows them); above other code they
        // stay notes, as before.
        if !trimmed.hasPrefix("fn ") { recordHeldComments() }
        let comments = heldComments
        cellFirstLine = comments.isEmpty ? lineNumber : heldCommentsFirstLine
        heldComments = []
        if case let .complete(cell) = assembler.add(line, after: comments) { submit(cell) }
    }

    /// Records held comment lines that document no cell as one note: a block of comment
    /// lines is a paragraph of prose, which `:save` keeps together and an export shows as
    /// one piece of Markdown.
    private func recordHeldComments() {
        let comments = heldComments
        heldComments = []
        if !comments.isEmpty { runCell(comments.joined(separator: "\n")) }
    }

    /// Runs a cell that was read: into the history, then run (errors from a pipe point at
    /// its lines).
    private func submit(_ cell: PendingCell) {
        reader.addHistory(cell.text)
        runCell(cell.text, source: isPiped ? (name: "<stdin>", firstLine: cellFirstLine) : nil, parsed: cell.parsed)
    }

    // MARK: - Reading

    /// `[n]> `, or `...> ` right-aligned under it while a cell continues.
    static func prompt(cell: Int, continuing: Bool) -> String {
        let main = "[\(cell)]> "
        guard continuing else { return main }
        let dots = "...> "
        return String(repeating: " ", count: max(0, main.count - dots.count)) + dots
    }

    /// A replayed cell as it would have looked typed at the prompt: `[n]> ` before its
    /// first line and `...> ` before the others, the same from a pipe (a replay is a log
    /// of what ran, so it shows even where typed lines are not echoed) and without colour
    /// (the prompt has none). Control characters in a file are shown escaped.
    static func transcript(of input: String, cell: Int) -> String {
        let lines = VisibleText.escaping(input).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.enumerated().map { index, line in
            prompt(cell: cell, continuing: index > 0) + line
        }.joined(separator: "\n") + "\n"
    }

    /// The command in a line that is one (`:name …` or `?name`), trimmed; nil otherwise.
    static func commandText(_ line: String) -> String? {
        let trimmed = ScriptCells.trimmedLine(line)
        return trimmed.hasPrefix(":") || trimmed.hasPrefix("?") ? String(trimmed) : nil
    }

    // MARK: - Evaluating, printing, recording

    /// Runs one cell: prints its value or its error, its time when over a second, and
    /// records it. A cell number is used whether the cell succeeds or not. The input is
    /// journaled before it runs and the result after, so a crash mid-cell loses nothing
    /// that was typed. A note (comments only) is recorded without running or a number.
    /// - Parameters:
    ///   - source: the name and first line errors point at (a loaded file's); the cell's
    ///     own name by default.
    ///   - recordedInput: the input as the record (so `:save` and the journal) keeps it,
    ///     when it differs from what runs (a loaded file's `_N` in the session's numbers).
    ///   - parsed: the text as the cell's reader parsed it (to see it was complete), run
    ///     without parsing it again.
    ///   - isReplayed: a cell nobody typed (`:load`, `:recover`): it is shown first as it
    ///     would have looked at the prompt (`transcript`), so its output has its input above.
    /// - Returns: the cell's record.
    @discardableResult
    func runCell(
        _ text: String, alwaysShowTime: Bool = false, source: (name: String, firstLine: Int)? = nil,
        recordedInput: String? = nil, parsed: ParsedCell? = nil, isReplayed: Bool = false
    ) -> CellRecord {
        let number = interpreter.nextCellNumber
        if isReplayed { output.downstream.write(Self.transcript(of: recordedInput ?? text, cell: number)) }
        if ScriptCells.isNote(text) {
            let record = CellRecord(number: number, input: text, output: "", error: nil, seconds: 0)
            cells.append(record)
            journalCell(record)
            return record
        }
        journalStart(number: number, input: recordedInput ?? text)
        interpreter.cancellation.reset()
        lastCellWasStopped = false
        // What a failed cell changed matters to a later `:save`; from a pipe, the first
        // failed cell ends the session, so there is no later (and the snapshot took half
        // of a piped script's time).
        let before = isPiped ? nil : StateSnapshot(interpreter)
        var message: String?
        var changed: [String]?
        let clock = ContinuousClock()
        let start = clock.now
        let place = source ?? (name: "cell \(number)", firstLine: 1)
        if let error = output.run(Source(name: place.name, text: text, firstLine: place.firstLine), parsed: parsed, in: interpreter) {
            message = show(error)
            lastCellWasStopped = Self.isStop(error)
            changed = before?.changes(in: interpreter)
            if changed?.isEmpty == true { changed = nil }
        }
        let seconds = (clock.now - start).seconds
        if !output.cellPlots.isEmpty { plotsByCell[number] = output.cellPlots }
        if alwaysShowTime {
            output.downstream.write("time: \(Self.formatDuration(seconds))\n")
        } else if !isPiped, let note = Self.timingNote(seconds: seconds) {
            output.downstream.write(note + "\n")
        }
        let record = CellRecord(
            number: number, input: recordedInput ?? text, output: output.captured,
            error: message, seconds: seconds, changedBeforeFailing: changed, spans: output.spans)
        cells.append(record)
        journalCell(record)
        if isPiped && message != nil {
            exitStatus = 1
            isFinished = true
        }
        return record
    }

    /// Shows an error (not captured as cell output) and returns its plain rendering.
    func show(_ error: any Error) -> String {
        let plain = CellOutput.plainText(of: error)
        // From a pipe, on standard error as a script shows it.
        if isPiped {
            ScriptRunner.report(error)
            return plain
        }
        // The terminal echoed "^C" where the cursor was: start the message on a line of its own.
        if isTerminal && Self.isStop(error) { output.downstream.write("\n") }
        let shown = usesColour ? (error as? SproutError).map { DiagnosticRenderer.render($0, colour: true) } ?? plain : plain
        output.downstream.write(shown + "\n")
        return plain
    }

    /// Whether an error is Ctrl-C stopping a cell.
    static func isStop(_ error: any Error) -> Bool {
        guard let error = error as? RuntimeError, case .cancelled = error.kind else { return false }
        return true
    }

    /// Takes a Ctrl-C that came between cells (none is running to see it): true once.
    func takeStopRequest() -> Bool {
        let cancellation = interpreter.cancellation
        guard cancellation.isRequested else { return false }
        cancellation.reset()
        return true
    }

    /// `(1.23 s)` for a cell that took over a second; nil otherwise.
    static func timingNote(seconds: Double) -> String? {
        seconds > 1 ? "(\(formatDuration(seconds)))" : nil
    }

    /// `1.23 s`, `12.3 ms` or `45 µs`.
    static func formatDuration(_ seconds: Double) -> String {
        if seconds >= 1 { return String(format: "%.2f s", seconds) }
        if seconds >= 0.001 { return String(format: "%.1f ms", seconds * 1000) }
        return String(format: "%.0f µs", seconds * 1_000_000)
    }

    // MARK: - State the commands change

    /// A fresh interpreter (same seed, stdlib loaded), cell numbering from 1, and an empty
    /// journal (a crash after `:reset` recovers only what came after it).
    func reset() {
        interpreter = makeInterpreter(output, seed)
        cells = []
        plotsByCell = [:]
        restartJournal()
    }

}

extension Duration {
    /// The duration in seconds, as a Double (for timings shown to the user).
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
