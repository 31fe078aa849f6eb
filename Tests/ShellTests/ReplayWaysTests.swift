import Foundation
import Testing

@testable import Shell

/// The repository root (with sessions/ and stdlib/), from this file's path.
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// Every saved session in sessions/.
private let savedSessions: [String] = {
    let folder = repositoryRoot + "/sessions"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".sprout") }.sorted().map { folder + "/" + $0 }
}()

/// What a saved session recorded: every cell's `#> ` lines, in order.
private func recordedOutput(of path: String) throws -> [String] {
    ScriptCells.split(try ScriptFile.read(path)).flatMap(\.expected)
}

/// Whether `stdout` shows exactly the recorded lines (numbers within the tolerance).
private func matchesRecording(_ stdout: String, _ recorded: [String]) -> Bool {
    ReplayCheck.compare(expected: recorded, actual: CellRecord.lines(of: stdout))
}

/// One reading of a saved session serves every way of running it: `sprout run --check`,
/// `sprout FILE`, `sprout < FILE` and `:load` after other cells (so the session's numbers
/// and the file's differ, and `_N` must still mean the file's cell N) all show what the
/// file recorded; and the session saved after such a `:load` checks too.
@Suite("A saved session replays the same every way it is run")
struct ReplayWaysTests {
    private static let environment = ["SPROUT_HOME": repositoryRoot, "NO_COLOR": "1"]

    @Test func sessionsExist() {
        #expect(savedSessions.count >= 2)
    }

    @Test(arguments: savedSessions)
    func runCheckPasses(_ path: String) throws {
        let r = try runSprout(["run", "--check", path], environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test(arguments: savedSessions)
    func sproutFileShowsTheRecordedOutput(_ path: String) throws {
        let r = try runSprout([path], input: "", environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "")
        #expect(matchesRecording(r.stdout, try recordedOutput(of: path)), "\(r.stdout)")
    }

    @Test(arguments: savedSessions)
    func pipedFileShowsTheRecordedOutput(_ path: String) throws {
        let r = try runSprout([], input: try ScriptFile.read(path), environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "")
        #expect(matchesRecording(r.stdout, try recordedOutput(of: path)), "\(r.stdout)")
    }

    /// Two typed cells first, one of them shown, so the loaded file's cells get other
    /// numbers and `_` is set; then the session is saved and the saved file checked.
    @Test(arguments: savedSessions)
    func loadAfterOtherCellsShowsTheRecordedOutputAndSavesAReplayableSession(_ path: String) throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let typed = "first = 100\nfirst + 1\n"
        let r = try runSprout([], input: typed + ":load \(path)\n:save \(folder)/after\n", environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = CellRecord.lines(of: r.stdout)
        #expect(lines.first == "101")
        #expect(lines.last?.hasPrefix("saved \(folder)/after.sprout") == true, "\(r.stdout)")
        // Each loaded cell is shown as typed (`[n]> ` then `...> ` lines), numbered on from
        // the two typed cells; the rest is what the file recorded.
        let shownByTheFile = Array(lines.dropFirst().dropLast())
        let isPrompt = { (line: String) in line.wholeMatch(of: /\[[0-9]+\]> .*/) != nil }
        let isContinuation = { (line: String) in line.wholeMatch(of: #/ *\.\.\.> .*/#) != nil }
        let cells = ScriptCells.split(try ScriptFile.read(path))
        #expect(
            shownByTheFile.filter(isPrompt).map { $0.prefix { $0 != ">" } }
                == (0..<cells.count).map { "[\($0 + 3)]" }, "\(r.stdout)")
        let outputs = shownByTheFile.filter { !isPrompt($0) && !isContinuation($0) }
        #expect(ReplayCheck.compare(expected: try recordedOutput(of: path), actual: outputs), "\(r.stdout)")
        let check = try runSprout(["run", "--check", folder + "/after.sprout"], environment: Self.environment)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
