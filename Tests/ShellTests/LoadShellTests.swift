import Foundation
import Lang
import Testing

@testable import Shell

/// The repository root (with stdlib/data), from this file's path.
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

private let digitsSummary = "dataset digits · 1797 rows × 65 columns · 64 features (8×8 image) · target label: 10 classes"

/// Runs the sprout binary beside the tests in `folder` (not the checkout), with no
/// SPROUT_HOME (an empty one is ignored), so the bundled data is found from the
/// executable, from any directory.
private func runSprout(in folder: String, _ arguments: [String], input: String) throws -> (status: Int32, stdout: String, stderr: String) {
    try runSprout(arguments, input: input, environment: ["SPROUT_HOME": "", "NO_COLOR": "1"], currentDirectory: folder)
}

@Suite("load in the shell")
struct LoadShellTests {
    @Test("at the prompt: the summary line, then the session goes on after a bad file")
    func prompt() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "a,b\n1,2\n3\n".write(toFile: folder + "/bad.csv", atomically: true, encoding: .utf8)
        let reader = ScriptedLineReader(lines: ["ds = load(\"digits\")", "bad = load(\"\(folder)/bad.csv\")", "len(ds)"])
        let host = RecordingHost()
        let repl = REPL(reader: reader, host: host, isTerminal: false) { host, seed in
            let interpreter = Interpreter(host: host, seed: seed)
            interpreter.dataFolder = repositoryRoot + "/stdlib/data"
            return interpreter
        }
        _ = repl.run()
        #expect(host.output.contains(digitsSummary + "\n"), "\(host.output)")
        #expect(host.output.contains("load: \(folder)/bad.csv:3:2: expected 2 fields, got 1"), "\(host.output)")
        #expect(host.output.hasSuffix("1797\n"), "\(host.output)")
    }

    @Test("sprout FILE, piped input and -e, run from another directory")
    func commandLine() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = "ds = load(\"digits\")\nlen(ds)\n"
        try script.write(toFile: folder + "/s.sprout", atomically: true, encoding: .utf8)
        for (arguments, input) in [(["s.sprout"], ""), ([], script), (["-e", script], "")] {
            let r = try runSprout(in: folder, arguments, input: input)
            #expect(r.status == 0, "\(arguments): \(r.stderr)")
            #expect(r.stdout == digitsSummary + "\n1797\n", "\(arguments)")
        }
    }

    @Test("a relative path reads from the current directory")
    func relativePath() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "x,label\n1,a\n2,b\n3,a\n".write(toFile: folder + "/mine.csv", atomically: true, encoding: .utf8)
        let r = try runSprout(in: folder, ["-e", "d = load(\"mine.csv\")"], input: "")
        #expect(r.stdout == "dataset mine.csv · 3 rows × 2 columns · 1 feature · target label: 2 classes\n", "\(r.stderr)")
    }
}
