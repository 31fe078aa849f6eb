import ArgumentParser
import Foundation

/// `sprout run [--check] FILE…`: replays scripts and saved sessions; with `--check`,
/// compares every cell's output with its recorded `#> ` lines, so saved sessions are tests.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Replay Sprout scripts or saved sessions; with --check, test their recorded output.",
        discussion: """
            Without --check each file runs like `sprout FILE` (a saved session runs cell by \
            cell and prints what each cell shows); the first error stops it. With --check \
            every cell's output is compared with the `#> ` lines recorded under it (numbers \
            within the tolerance, everything else exactly): a passing file prints \
            `ok FILE (N cells)`, and any mismatch prints a diff and makes the exit status 1.
            """
    )

    @Flag(help: "Compare each cell's output with its recorded #> lines.")
    var check = false

    @Option(help: "Relative and absolute tolerance for numbers with --check.")
    var tolerance: Double = 1e-4

    @Argument(help: ArgumentHelp("Sprout scripts or saved sessions.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one FILE") }
        if !(tolerance >= 0) { throw ValidationError("--tolerance must be a number ≥ 0") }
    }

    func run() throws {
        var failed = false
        for file in files {
            guard let text = ScriptRunner.readFile(file) else { failed = true; continue }
            let ok = check ? Self.check(text, name: file, tolerance: tolerance) : Self.replay(text, name: file)
            if !ok { failed = true; if !check { break } }
        }
        if failed { throw ExitCode.failure }
    }

    /// Runs a file, printing what it shows; returns false after an error.
    static func replay(_ text: String, name: String) -> Bool {
        let cells = ScriptCells.split(text)
        // A plain script has no recorded output: run it as `sprout FILE` does.
        guard cells.contains(where: { !$0.expected.isEmpty }) else {
            return ScriptRunner.runScript(text, name: name) == 0
        }
        let session: SessionReplay
        do {
            session = try SessionReplay(seed: ReplayCheck.seed(in: text) ?? 0)
        } catch {
            ScriptRunner.report(error)
            return false
        }
        for cell in cells {
            let result = session.run(cell, name: name)
            FileHandle.standardOutput.write(Data(result.output.utf8))
            if let error = result.error {
                FileHandle.standardError.write(Data((error + "\n").utf8))
                return false
            }
        }
        return true
    }

    /// Replays a file and compares each cell's output with the recorded one; prints
    /// `ok FILE (N cells)` or the diffs. Returns whether everything matched.
    static func check(_ text: String, name: String, tolerance: Double) -> Bool {
        let cells = ScriptCells.split(text)
        let session: SessionReplay
        do {
            session = try SessionReplay(seed: ReplayCheck.seed(in: text) ?? 0)
        } catch {
            ScriptRunner.report(error)
            return false
        }
        var mismatches = 0
        for cell in cells {
            let result = session.run(cell, name: name)
            let actual = CellRecord.lines(of: result.output) + (result.error.map(CellRecord.lines(of:)) ?? [])
            if !ReplayCheck.compare(expected: cell.expected, actual: actual, tolerance: tolerance) {
                mismatches += 1
                let report = ReplayCheck.diff(file: name, cellNumber: result.number, line: cell.codeLine,
                                              expected: cell.expected, actual: actual, tolerance: tolerance)
                FileHandle.standardError.write(Data((report + "\n").utf8))
            }
        }
        let count = cells.count == 1 ? "1 cell" : "\(cells.count) cells"
        if mismatches == 0 {
            print("ok \(name) (\(count))")
            return true
        }
        print("FAIL \(name) (\(mismatches) of \(count) differ)")
        return false
    }
}
