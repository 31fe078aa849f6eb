import ArgumentParser
import Foundation

import protocol Lang.Host
import struct Lang.PlotRequest
import enum Lang.VisibleText

/// `sprout run [--check | --record] FILE…`: replays scripts and saved sessions; with
/// `--check`, compares every cell's output with its recorded `#> ` lines, so saved
/// sessions are tests; with `--record`, writes the new output in their place.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Replay Sprout scripts or saved sessions; with --check, test their recorded output.",
        discussion: """
            Without --check each file runs like `sprout FILE` (cell by cell, printing what \
            each cell shows); the first error stops it. With --check \
            every cell's output is compared with the `#> ` lines recorded under it (numbers \
            within the tolerance, everything else exactly): a passing file prints \
            `ok FILE (N cells)`, and any mismatch prints a diff and makes the exit status 1. \
            Before the diffs, a saved session's data files (its header's `# data:` lines) \
            that changed or are missing are named, one line each, even when every output \
            matches; when some output differs, so are another Sprout version, BLAS build or \
            thread count than the session was saved with. \
            With --record the differing `#> ` blocks are rewritten with what the cells show \
            now, and the header's version and data lines when they differ (nothing else in \
            the file changes), and the exit status is 1 when anything \
            was rewritten, so a new baseline is never taken silently: review it, then --check.
            """
    )

    @Flag(help: "Compare each cell's output with its recorded #> lines.")
    var check = false

    @Flag(help: "Rewrite the #> lines that differ with the output the cells show now.")
    var record = false

    @Flag(help: "Show each cell as typed at the prompt ([n]> …) above its output.")
    var echo = false

    @Option(help: "Relative and absolute tolerance for numbers with --check.")
    var tolerance: Double = 1e-4

    @Argument(help: ArgumentHelp("Sprout scripts or saved sessions.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one FILE") }
        if !(tolerance >= 0) { throw ValidationError("--tolerance must be a number ≥ 0") }
        if check && record { throw ValidationError("use --check or --record, not both") }
        if echo && (check || record) { throw ValidationError("--echo shows a replay; it does not go with --check or --record") }
    }

    func run() throws {
        var failed = false
        for file in files {
            guard let text = ScriptRunner.readFile(file) else { failed = true; continue }
            let ok =
                check
                ? Self.check(text, name: file, tolerance: tolerance)
                : record
                    ? Self.record(text, name: file, tolerance: tolerance)
                    : Self.replay(text, name: file, echo: echo)
            if !ok { failed = true; if !check && !record { break } }
        }
        if failed { throw ExitCode.failure }
    }

    /// Runs a file as `sprout FILE` does, printing what it shows; returns false after an error.
    static func replay(_ text: String, name: String, echo: Bool = false) -> Bool {
        ScriptRunner.runScript(text, name: name, echo: echo) == 0
    }

    /// Replays a file and compares each cell's output with the recorded one; prints
    /// `ok FILE (N cells)` or the diffs. Returns whether every output matched.
    ///
    /// Before the diffs, on standard error: one line per data file in the header that
    /// changed or is missing (even when every output matches: it does not fail the
    /// check, but the session now checks other data), then, when some output differs, one
    /// line per difference in Sprout's version, the BLAS build or thread count
    /// (`DependencyCheck`).
    static func check(_ text: String, name: String, tolerance: Double) -> Bool {
        let cells = ScriptCells.split(text)
        guard let replay = replayAll(cells, text: text, name: name, tolerance: tolerance) else { return false }
        let mismatched = zip(cells, replay.cells).filter { !$0.1.matches }
        if let header = SessionHeader.parse(text) {
            let interpreter = replay.session.interpreter
            var notes = DependencyCheck.dataFileLines(header: header, replayed: interpreter.dataFiles, locate: interpreter.dataFilePath)
            if !mismatched.isEmpty { notes += DependencyCheck.environmentLines(header: header, now: .current(seed: header.seed)) }
            for note in notes { FileHandle.standardError.write(Data(VisibleText.escaping("\(name): \(note)\n").utf8)) }
        }
        for (cell, replay) in mismatched {
            let report = ReplayCheck.diff(
                file: name, cellNumber: replay.number, line: cell.codeLine,
                expected: cell.expected, actual: replay.actual, tolerance: tolerance)
            FileHandle.standardError.write(Data((VisibleText.escaping(report) + "\n").utf8))  // names and lines a user wrote
        }
        let count = counted(cells.count, "cell")
        if mismatched.isEmpty {
            print("ok \(VisibleText.escaping(name)) (\(count))")
            return true
        }
        let differ = mismatched.count == 1 ? "differs" : "differ"
        print("FAIL \(VisibleText.escaping(name)) (\(mismatched.count) of \(count) \(differ))")
        return false
    }

    /// Replays a file and rewrites the `#> ` blocks that differ (beyond the tolerance)
    /// with what the cells show now, and a saved session's header's dependency lines
    /// (Sprout and BLAS, data files) when they are not what the replay ran on. Returns
    /// true only when nothing needed rewriting.
    static func record(_ text: String, name: String, tolerance: Double) -> Bool {
        let cells = ScriptCells.split(text)
        guard let replay = replayAll(cells, text: text, name: name, tolerance: tolerance) else { return false }
        let changed = replay.cells.filter { !$0.matches }
        let header = SessionHeader.parse(text)
        let refreshed = header?.refreshed(dataFiles: replay.session.interpreter.dataFiles)
        let headerChanged = refreshed != header
        let count = counted(cells.count, "cell")
        // The pictures beside a saved session, redrawn as the plots draw now.
        var pictures = (changed: 0, problem: String?.none)
        if let display = replay.session.output.plots, header != nil {
            pictures = SessionPictures.refresh(folder: SessionPictures.folder(of: name), plots: replay.plots, display: display)
            if let problem = pictures.problem { printError("warning: pictures not redrawn: \(problem)") }
        }
        guard !changed.isEmpty || headerChanged else {
            if pictures.changed > 0 {
                print("recorded \(name): \(counted(pictures.changed, "picture")) redrawn; review the diff, then run --check")
                return false
            }
            print("ok \(name) (\(count), nothing to record)")
            return true
        }
        // Cells within the tolerance keep their recorded text, so last-digit noise does
        // not churn the file.
        let outputs = zip(cells, replay.cells).map { cell, replay in replay.matches ? cell.expected : replay.actual }
        var recorded = changed.isEmpty ? text : SessionRecorder.rewrite(text, cells: cells, outputs: outputs)
        if headerChanged, let refreshed { recorded = refreshed.replacingDependencies(in: recorded) }
        do {
            try SessionFile.write(recorded, to: name)
        } catch {
            printError("\(error)")
            return false
        }
        let failed = changed.filter { $0.error != nil }.map { "[\($0.number)]" }
        var what = changed.isEmpty ? [] : ["\(changed.count) of \(count) changed"]
        if !failed.isEmpty { what.append("cells \(failed.joined(separator: " ")) now fail") }
        if headerChanged { what.append("the header's dependency lines updated") }
        if pictures.changed > 0 { what.append("\(counted(pictures.changed, "picture")) redrawn") }
        print("recorded \(name): \(what.joined(separator: "; ")); review the diff, then run --check")
        return false
    }

    /// A replay of every cell in one session: each cell's number, the lines it showed
    /// (its error's included), the error, and whether the lines match the recorded ones
    /// within the tolerance; and the session, which knows what data files it loaded.
    struct Replay {
        var session: SessionReplay
        var cells: [(number: Int, actual: [String], error: String?, matches: Bool)]
        /// The plots each cell drew, by cell, in order (for the pictures beside a session).
        var plots: [(cell: Int, plots: [PlotRequest])] = []
    }

    /// Every cell replayed in one session (`Replay`). Nil, with the error reported, when
    /// no session could start.
    private static func replayAll(_ cells: [ScriptCell], text: String, name: String, tolerance: Double) -> Replay? {
        ScriptRunner.onOneThread {
            guard let session = startSession(for: text) else { return nil }
            var plots: [(cell: Int, plots: [PlotRequest])] = []
            let results = cells.map { cell in
                let result = session.run(cell, name: name)
                if !session.output.cellPlots.isEmpty { plots.append((result.number, session.output.cellPlots)) }
                let actual = ReplayCheck.shownLines(output: result.output, error: result.error)
                return (
                    result.number, actual, result.error,
                    ReplayCheck.compare(expected: cell.expected, actual: actual, tolerance: tolerance)
                )
            }
            return Replay(session: session, cells: results, plots: plots)
        }
    }

    /// A replay session with the seed in the file's header; nil, with the error reported,
    /// when the standard library does not load.
    private static func startSession(for text: String) -> SessionReplay? {
        do {
            return try SessionReplay(seed: ReplayCheck.seed(in: text) ?? 0)
        } catch {
            ScriptRunner.report(error)
            return nil
        }
    }
}
