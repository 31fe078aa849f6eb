import ArgumentParser
import Foundation

import enum Lang.UserPath
import enum Lang.VisibleText

/// `sprout export FILE --to ipynb|md|html [-o OUT] [--no-run]`: a saved session as a
/// notebook, Markdown or a web page, for people who do not run Sprout.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a saved session as a Jupyter notebook, Markdown or a self-contained web page.",
        discussion: """
            The session is replayed in a fresh session with its seed, as `sprout run --check` \
            replays it, so the export shows what its cells show now, plots drawn as pictures; \
            with --no-run the recorded #> lines and the PNGs saved beside the session are used \
            instead. Cells that fail in the replay are shown with their error and make the \
            exit status 1; cells whose output differs from the recorded one are named. \
            OUT defaults to FILE with the format's extension; Markdown's pictures go in a \
            folder beside it (OUT_files/).
            """
    )

    @Option(help: ArgumentHelp("The format: ipynb, md or html (or give -o with one of those extensions).", valueName: "format"))
    var to: String?

    @Option(name: .customShort("o"), help: ArgumentHelp("The file to write.", valueName: "out"))
    var output: String?

    @Flag(help: "Use the recorded output and pictures instead of replaying the session.")
    var noRun = false

    @Option(help: "Relative and absolute tolerance when comparing the replay with the recorded output.")
    var tolerance: Double = 1e-4

    @Argument(help: ArgumentHelp("A saved session (.sprout).", valueName: "file"))
    var file: String

    /// The format asked for: `--to`, else `-o`'s extension.
    func format() throws -> ExportFormat {
        let fromOutput = output.flatMap(ExportFormat.init(path:))
        guard let to else {
            guard let fromOutput else { throw ValidationError("give --to \(ExportFormat.names)") }
            return fromOutput
        }
        guard let format = ExportFormat(rawValue: to.lowercased()) else {
            throw ValidationError("unknown format '\(to)': give --to \(ExportFormat.names)")
        }
        if let fromOutput, fromOutput != format {
            throw ValidationError("-o \(output ?? "") is a .\(fromOutput.rawValue) name but --to is \(format.rawValue): make them agree")
        }
        return format
    }

    func validate() throws {
        _ = try format()
        if !(tolerance >= 0) { throw ValidationError("--tolerance must be a number ≥ 0") }
    }

    func run() throws {
        let format = try format()
        guard let text = ScriptRunner.readFile(file) else { throw ExitCode.failure }
        let stem = file.hasSuffix(".sprout") ? String(file.dropLast(".sprout".count)) : file
        let target = output.map { UserPath.expanded($0) } ?? stem + "." + format.rawValue
        let title = (stem as NSString).lastPathComponent
        let header = SessionHeader.parse(text)
        var failed: [Int] = []
        var session: ExportedSession
        if noRun {
            session = ExportedSession.fromRecording(text, title: title, pictureFolder: SessionPictures.folder(of: file))
        } else {
            let replayed = ScriptRunner.onOneThread { () -> (session: ExportedSession, failed: [Int], differing: [Int], notes: [String])? in
                do {
                    let replay = try SessionReplay(seed: ReplayCheck.seed(in: text) ?? 0)
                    let result = ExportedSession.fromReplay(text, name: file, title: title, replay: replay, tolerance: tolerance)
                    // A data file that changed since the session was saved, as `run --check` says it.
                    let interpreter = replay.interpreter
                    let notes = header.map {
                        DependencyCheck.dataFileLines(header: $0, replayed: interpreter.dataFiles, locate: interpreter.dataFilePath)
                    }
                    return (result.session, result.failed, result.differing, notes ?? [])
                } catch {
                    ScriptRunner.report(error)
                    return nil
                }
            }
            guard let replayed else { throw ExitCode.failure }
            for note in replayed.notes { Self.tell("note: \(file): \(note)") }
            session = replayed.session
            failed = replayed.failed
            if !replayed.differing.isEmpty {
                let cells = replayed.differing.map { "[\($0)]" }.joined(separator: " ")
                Self.tell(
                    "note: \(counted(replayed.differing.count, "cell")) \(cells) \(replayed.differing.count == 1 ? "shows" : "show") other output than recorded; `sprout run --check \(file)` shows the differences"
                )
            }
        }
        session.header = header
        let summary: ExportSummary
        do {
            summary = try SessionExport.write(session, as: format, to: target)
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
        print(VisibleText.escaping(summary.line))
        if summary.plotsWithoutPicture > 0 {
            Self.tell(
                "warning: \(counted(summary.plotsWithoutPicture, "plot")) could not be drawn (is gnuplot installed?); their text stands in")
        }
        if !failed.isEmpty {
            Self.tell(
                "error: \(counted(failed.count, "cell")) \(failed.map { "[\($0)]" }.joined(separator: " ")) failed in the replay; the export shows the error"
            )
            throw ExitCode.failure
        }
    }

    /// A line on standard error as it is (`printError` adds "error: ").
    private static func tell(_ line: String) {
        FileHandle.standardError.write(Data((VisibleText.escaping(line) + "\n").utf8))
    }
}
