import Foundation
import Lang
import Testing

@testable import Shell

/// Every command's arguments are checked by one mechanism against its row of the usage
/// table: extra words after a command that takes none, or words a command does not take,
/// are an error that shows the usage, and the command does not run.
@Suite("Command arguments and usage")
struct CommandUsageTests {
    @Test(arguments: [
        (":reset now", "reset"), (":quit now", "quit"), (":vars x", "vars"), (":history 3", "history"),
    ])
    func extraWordsAfterACommandThatTakesNoneShowItsUsage(_ line: String, _ name: String) throws {
        let r = scriptedSession(["x = 1", line, "x + 1"])
        let usage = try #require(r.repl.commands[name]?.usage)
        let extra = line.split(separator: " ").dropFirst().joined(separator: " ")
        #expect(r.output == ":\(name) takes nothing after it (found \"\(extra)\"); usage: \(usage)\n2\n", "\(r.output)")
        // The command did not run: the session kept its variable and went on.
        #expect(r.repl.cells.map(\.input) == ["x = 1", "x + 1"])
    }

    @Test(arguments: [
        (":save", "save"), (":save a b", "save"), (":save --every a", "save"), (":save -a", "save"),
        (":load", "load"), (":load a b", "load"), (":load --all a", "load"),
        (":recover x", "recover"), (":recover 1 2", "recover"),
        (":time", "time"), (":help adam sgd", "help"), (":save runs/", "save"),
    ])
    func wrongWordsShowTheCommandsUsage(_ line: String, _ name: String) throws {
        let r = scriptedSession([line])
        let usage = try #require(r.repl.commands[name]?.usage)
        #expect(r.output.hasPrefix("usage: \(usage)"), "\(line): \(r.output)")
        #expect(r.repl.cells.isEmpty)
    }

    @Test func anUnclosedQuoteSaysSo() {
        let r = scriptedSession([":save \"my run"])
        #expect(r.output == "usage: :save NAME [--all] (a quote \" is not closed)\n", "\(r.output)")
    }

    /// `:help` lists the same usage rows the errors show.
    @Test func helpShowsTheSameUsageTable() {
        let r = scriptedSession([":help"])
        for command in r.repl.commands.values {
            #expect(r.output.contains("  " + command.usage + " "), "\(command.usage)")
        }
    }

    /// Piped, a wrong command is an error like a failed cell: standard error, status 1.
    @Test func pipedExtraWordsStopTheSession() throws {
        let r = try runSprout([], input: "x = 1\n:reset now\nx + 1\n", environment: ["NO_COLOR": "1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains(":reset takes nothing after it (found \"now\"); usage: :reset"), "\(r.stderr)")
        #expect(r.stdout == "")
    }
}

/// `:save` (with or without `--all`) and `sprout run --check` count the same cells: the
/// ones that replay. Notes and failed cells (left out, or commented out by `--all`) are
/// not among them.
@Suite("Cell counts of :save and run --check")
struct CellCountTests {
    @Test(arguments: [false, true])
    func saveAndCheckCountTheSameCells(_ all: Bool) throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let flag = all ? " --all" : ""
        let r = scriptedSession(["a = 1", "# a note", "a + 1", "nope + 1", "a * 5", ":save \(folder)/s\(flag)"])
        let failed = all ? "failed cell [3] commented out" : "left out failed cell [3]"
        #expect(r.output.hasSuffix("saved \(folder)/s.sprout (3 cells; \(failed))\n"), "\(r.output)")
        let check = try runSprout(["run", "--check", folder + "/s.sprout"], environment: ["NO_COLOR": "1"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout == "ok \(folder)/s.sprout (3 cells)\n", "\(check.stdout)")
    }

    /// The diff says which side is the file's recorded output and which is the replay's.
    @Test func theCheckDiffLabelsRecordedAndNow() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = scriptedSession(["2 + 2", ":save \(folder)/d"])
        let path = folder + "/d.sprout"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "#> 4", with: "#> 5")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let check = try runSprout(["run", "--check", path], environment: ["NO_COLOR": "1"])
        #expect(check.status == 1)
        #expect(check.stderr.contains("cell 1: output differs\n  --- recorded\n  +++ now\n  - 5\n  + 4\n"), "\(check.stderr)")
        #expect(check.stdout == "FAIL \(path) (1 of 1 cell differs)\n", "\(check.stdout)")
    }
}
