import Foundation
import Lang
import Testing

@testable import Shell

/// Tab after `:load `, `:save ` and `:export ` completes paths, and after `:load` a bare
/// name completes the sessions in the sessions folder.
@Suite("Tab completion of session names and paths")
struct SessionPathCompletionTests {
    private func complete(_ line: String, sessions: String) -> [String] {
        Completion.candidates(
            line: line, cursor: line.count, globals: ["load", "x"], parameters: { _ in [] },
            commands: [":load", ":save", ":export", ":help"], sessionsFolder: sessions)
    }

    @Test func tabCompletesPathsAfterLoadSaveAndExport() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/runs", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder + "/runs/first.sprout", contents: Data())
        for command in [":load", ":save", ":export", "  :load"] {
            // The word libedit replaces starts after the last break character (`/`).
            #expect(complete("\(command) \(folder)/ru", sessions: folder) == ["runs/"], "\(command)")
            #expect(complete("\(command) \(folder)/runs/fi", sessions: folder) == ["first.sprout"], "\(command)")
        }
        #expect(complete(":save --all \(folder)/ru", sessions: folder) == ["runs/"])
        #expect(complete(":load \"\(folder)/ru", sessions: folder) == ["runs/"])
        // Other commands' arguments are not paths.
        #expect(complete(":help \(folder)/ru", sessions: folder) == [])
    }

    @Test func aBareNameAfterLoadCompletesSessionNames() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["digits.sprout", "digits_v2.sprout", "notes.txt"] {
            _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: Data())
        }
        #expect(complete(":load dig", sessions: folder) == ["digits", "digits_v2"])
        #expect(complete(":load no", sessions: folder) == [])
    }

    @Test func theREPLCompletesItsOwnSessionsFolder() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = FileManager.default.createFile(atPath: folder + "/mnist_run.sprout", contents: Data())
        let repl = REPL(reader: ScriptedLineReader([]), host: RecordingHost(), isTerminal: false)
        repl.sessionsFolder = folder
        #expect(repl.completionCandidates(line: ":load mni", cursor: 9) == ["mnist_run"])
    }
}
