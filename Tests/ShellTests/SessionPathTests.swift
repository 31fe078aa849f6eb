import Foundation
import Lang
import Testing

@testable import Shell

/// `:save NAME` and `:load NAME` read a name the same way (`SessionPath`): a bare name is
/// `sessions/NAME.sprout`, with or without `.sprout`; a name with a `/` (or `~`) is a
/// path; quotes allow spaces. Tab completes paths after both, and session names after
/// `:load`.
@Suite("Session names and paths for :save and :load")
struct SessionPathTests {
    @Test(arguments: [
        ("demo", "S/demo.sprout"),
        ("demo.sprout", "S/demo.sprout"),
        ("\"demo\"", "S/demo.sprout"),
        ("/tmp/runs/a", "/tmp/runs/a.sprout"),
        ("./a.sprout", "./a.sprout"),
        ("'/tmp/my runs/a b'", "/tmp/my runs/a b.sprout"),
        ("~/x", "/home/u/x.sprout"),
    ])
    func aNameOrPathResolvesToOneFile(_ typed: String, _ expected: String) throws {
        let words = try CommandWords.split(typed)
        #expect(words.count == 1)
        let path = SessionPath.resolve(words[0], sessionsFolder: "S", environment: ["HOME": "/home/u"])
        #expect(path.file == expected)
    }

    /// A bare name that is no session but a file here is read as that file, as `:load
    /// FILE` always did; a name that is neither is looked for in the sessions folder.
    @Test func aBareNameFallsBackToAFileInTheWorkingDirectory() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(SessionPath.resolve("nothing", sessionsFolder: folder).fileToRead == folder + "/nothing.sprout")
        try #require(FileManager.default.fileExists(atPath: "Package.swift"), "the tests run in the package root")
        #expect(SessionPath.resolve("Package.swift", sessionsFolder: folder).fileToRead == "Package.swift")
        _ = FileManager.default.createFile(atPath: folder + "/Package.swift.sprout", contents: Data())
        #expect(SessionPath.resolve("Package.swift", sessionsFolder: folder).fileToRead == folder + "/Package.swift.sprout")
    }

    @Test func quotedWordsKeepSpacesAndAnUnclosedQuoteIsAnError() throws {
        #expect(try CommandWords.split("  \"my run\"  --all ") == ["my run", "--all"])
        #expect(try CommandWords.split("'a \"b\"' c") == ["a \"b\"", "c"])
        #expect(try CommandWords.split("") == [])
        #expect(throws: CommandWordsError.self) { try CommandWords.split("\"my run") }
    }

    @Test func aSessionSavedByNameLoadsByTheSameName() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let saved = scriptedSession(["x = 2", "x * 3", ":save demo"]) { $0.sessionsFolder = folder }
        #expect(saved.output.hasSuffix("saved \(folder)/demo.sprout (2 cells)\n"), "\(saved.output)")
        for name in ["demo", "demo.sprout", "\"demo\"", "\(folder)/demo", "\(folder)/demo.sprout"] {
            let loaded = scriptedSession([":load \(name)", "x + 1"]) { $0.sessionsFolder = folder }
            #expect(loaded.repl.cells.map(\.input) == ["x = 2", "x * 3", "x + 1"], "\(name): \(loaded.output)")
            #expect(loaded.output.hasSuffix("6\n3\n"), "\(name): \(loaded.output)")
        }
    }

    @Test func aQuotedPathWithSpacesSavesAndLoads() throws {
        let folder = try makeTemporaryFolder() + "/my runs"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let saved = scriptedSession(["y = 5", ":save \"\(folder)/first try\" --all"])
        #expect(saved.output == "saved \(folder)/first try.sprout (1 cell)\n", "\(saved.output)")
        let loaded = scriptedSession([":load '\(folder)/first try'", "y"])
        #expect(loaded.output.hasSuffix("5\n"), "\(loaded.output)")
        #expect(loaded.repl.cells.map(\.input) == ["y = 5", "y"])
    }

    @Test func aMissingSessionSaysWhereItLooked() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = scriptedSession([":load nothing_here"]) { $0.sessionsFolder = folder }
        #expect(r.output.contains("\(folder)/nothing_here.sprout"), "\(r.output)")
        #expect(r.output.contains("no such file"), "\(r.output)")
        #expect(r.repl.cells.isEmpty)
    }

    /// Piped input (`sprout < FILE`) saves and loads through the same resolver.
    @Test func pipedSaveThenLoad() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try runSprout(
            [], input: "a = 4\na + 1\n:save \(folder)/p\n:reset\n:load \(folder)/p\na * 10\n",
            environment: ["NO_COLOR": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("5\n40\n"), "\(r.stdout)")
    }
}
