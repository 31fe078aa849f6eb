import Engine
import Foundation
import Testing

@testable import Shell

/// A saved session lists the data files it loaded (`# data:` lines), from `:save` at the
/// prompt and piped, and `sprout run --check` names a changed or missing one first, on
/// standard error, before any output diff; `--record` brings an older header up to date.
@Suite("data files in a saved session")
struct DataFileCheckTests {
    static let csv = "a,b,label\n1,2,0\n3,4,1\n5,6,0\n"
    static let cells = ["ds = load(\"%@\")", "len(ds)", "sum(ds.x)"]

    /// A fresh folder holding `d.csv`; the cells that load it; the header line it gets.
    struct Fixture {
        let folder: String
        var csv: String { folder + "/d.csv" }
        var session: String { folder + "/s.sprout" }
        var lines: [String] { DataFileCheckTests.cells.map { $0.replacingOccurrences(of: "%@", with: csv) } }
        var dataLine: String {
            let hash = (try? SHA256.file(at: csv).digest.hex) ?? "?"
            return "# data: \(csv) · \(DataFileCheckTests.csv.utf8.count) bytes · sha256 \(hash)"
        }

        init() throws {
            folder = try makeTemporaryFolder()
            try DataFileCheckTests.csv.write(toFile: folder + "/d.csv", atomically: true, encoding: .utf8)
        }

        /// Saves the cells through piped input (`:save`), as a user would; gives the file's text.
        func savedPiped(extra: [String] = []) throws -> String {
            let r = try runSprout(
                [], input: (lines + extra + [":save \(session)"]).joined(separator: "\n") + "\n", environment: ["NO_COLOR": "1"])
            #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
            return try String(contentsOfFile: session, encoding: .utf8)
        }

        func check() throws -> (status: Int32, stdout: String, stderr: String) {
            try runSprout(["run", "--check", session], environment: ["NO_COLOR": "1"])
        }

        func replaceCSV(_ text: String) throws { try text.write(toFile: csv, atomically: true, encoding: .utf8) }

        func remove() { try? FileManager.default.removeItem(atPath: folder) }
    }

    @Test func promptSaveListsTheFileItLoaded() throws {
        let f = try Fixture()
        defer { f.remove() }
        let r = scriptedSession(f.lines + [":save \(f.session)"])
        #expect(r.output.contains("saved \(f.session) (3 cells)"), "\(r.output)")
        let text = try String(contentsOfFile: f.session, encoding: .utf8)
        let header = text.split(separator: "\n").prefix(4).map(String.init)
        #expect(header[2].hasPrefix("# Sprout 0.1.0, OpenBLAS ") && header[2].contains(" thread"), "\(header[2])")
        #expect(header[3] == f.dataLine, "\(text)")
        #expect(SessionHeader.parse(text)?.dataFiles?.count == 1)
    }

    @Test func pipedSaveListsItAndAResetStartsTheListAgain() throws {
        let f = try Fixture()
        defer { f.remove() }
        #expect(try f.savedPiped().contains("\n" + f.dataLine + "\n"))
        let r = try runSprout([], input: (f.lines + [":reset", "1 + 1", ":save \(f.session)"]).joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: f.session, encoding: .utf8)
        #expect(text.contains("\n# data: none\n\n1 + 1\n"), "\(text)")
    }

    /// One byte changed: the first line on standard error names the file, then the diff
    /// of the cell whose output it changed; put back, nothing is said.
    @Test func checkNamesAChangedFileFirstThenTheDiff() throws {
        let f = try Fixture()
        defer { f.remove() }
        _ = try f.savedPiped()
        try f.replaceCSV(Self.csv.replacingOccurrences(of: "5,6,0", with: "5,7,0"))
        let r = try f.check()
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.first?.hasPrefix("\(f.session): \(f.csv) changed since this session was saved (same size, sha256 ") == true, "\(r.stderr)"
        )
        #expect(lines.dropFirst().first?.hasSuffix("cell 3: output differs") == true, "\(r.stderr)")
        #expect(!r.stderr.contains("saved with"), "the versions are the same: \(r.stderr)")
        try f.replaceCSV(Self.csv)
        let restored = try f.check()
        #expect(restored.status == 0 && restored.stderr.isEmpty, "\(restored.stderr)")
        #expect(restored.stdout == "ok \(f.session) (3 cells)\n")
    }

    /// A change that leaves every output as it was is still said (and does not fail).
    @Test func aChangeIsSaidEvenWhenEveryOutputMatches() throws {
        let f = try Fixture()
        defer { f.remove() }
        _ = try f.savedPiped()
        try f.replaceCSV(Self.csv.replacingOccurrences(of: "1,2,0", with: "1,2.0,0"))
        let r = try f.check()
        #expect(r.status == 0)
        #expect(r.stdout == "ok \(f.session) (3 cells)\n")
        #expect(r.stderr == "\(f.session): \(f.csv) changed since this session was saved (28 bytes then, 30 now)\n")
    }

    @Test func aMissingFileIsSaidFirst() throws {
        let f = try Fixture()
        defer { f.remove() }
        _ = try f.savedPiped()
        try FileManager.default.removeItem(atPath: f.csv)
        let r = try f.check()
        #expect(r.status == 1)
        let first = r.stderr.split(separator: "\n").first.map(String.init)
        #expect(first == "\(f.session): \(f.csv) is missing: the replay cannot load what this session loaded", "\(r.stderr)")
        #expect(r.stderr.contains("cell 1: output differs"))
    }

    /// A file the session wrote before loading it is made again by the replay: not listed.
    @Test func aFileTheSessionWroteIsNotListed() throws {
        let f = try Fixture()
        defer { f.remove() }
        let text = try f.savedPiped(extra: ["save(ones(2, 2), \"\(f.folder)/t.npy\")", "t = load(\"\(f.folder)/t.npy\")", "t.shape"])
        #expect(text.components(separatedBy: "\n# data: ").count == 2, "only d.csv: \(text)")
        let r = try f.check()
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
    }

    /// Another Sprout or BLAS is named only when some output differs, before the diffs.
    @Test func versionsAreNamedOnlyWhenAnOutputDiffers() throws {
        let f = try Fixture()
        defer { f.remove() }
        let saved = try f.savedPiped()
        let otherVersion = saved.replacingOccurrences(of: "\n# Sprout 0.1.0, ", with: "\n# Sprout 0.0.9, ")
        try otherVersion.write(toFile: f.session, atomically: true, encoding: .utf8)
        let same = try f.check()
        #expect(same.status == 0 && same.stderr.isEmpty, "\(same.stderr)")
        try otherVersion.replacingOccurrences(of: "#> 3\n", with: "#> 4\n").write(toFile: f.session, atomically: true, encoding: .utf8)
        let r = try f.check()
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.first == "\(f.session): saved with Sprout 0.0.9, replayed with Sprout 0.1.0, a likely cause of the differences below",
            "\(r.stderr)")
        #expect(lines.dropFirst().first?.hasSuffix("cell 2: output differs") == true, "\(r.stderr)")
    }

    /// `--record` gives an older header (no thread count, no data lines) the lines it
    /// lacks and changes nothing else; then the session checks clean and records nothing.
    @Test func recordCompletesAnOlderHeader() throws {
        let f = try Fixture()
        defer { f.remove() }
        let saved = try f.savedPiped()
        var lines = saved.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[2] = "# Sprout 0.1.0, OpenBLAS 0.3.21 (Zen)"
        lines.remove(at: 3)
        try lines.joined(separator: "\n").write(toFile: f.session, atomically: true, encoding: .utf8)
        let r = try runSprout(["run", "--record", f.session])
        #expect(r.status == 1)
        #expect(
            r.stdout == "recorded \(f.session): the header's dependency lines updated; review the diff, then run --check\n", "\(r.stdout)")
        #expect(try String(contentsOfFile: f.session, encoding: .utf8) == saved)
        #expect(try f.check().stderr.isEmpty)
        let again = try runSprout(["run", "--record", f.session])
        #expect(again.status == 0 && again.stdout == "ok \(f.session) (3 cells, nothing to record)\n", "\(again.stdout)")
    }

    /// Running a saved session (`sprout FILE`, `:load`) replays it; only `--check` checks
    /// what it depends on, so a changed file is not mentioned there.
    @Test func runningOrLoadingASessionSaysNothingOfItsData() throws {
        let f = try Fixture()
        defer { f.remove() }
        _ = try f.savedPiped()
        try f.replaceCSV(Self.csv.replacingOccurrences(of: "1,2,0", with: "1,2.0,0"))
        let file = try runSprout([f.session], environment: ["NO_COLOR": "1"])
        #expect(file.status == 0 && file.stderr.isEmpty, "\(file.stderr)")
        #expect(file.stdout.hasSuffix("3\ntensor () float32\n21.\n"), "\(file.stdout)")
        let loaded = try runSprout([], input: ":load \(f.session)\n", environment: ["NO_COLOR": "1"])
        #expect(loaded.status == 0 && !loaded.stdout.contains("changed"), "\(loaded.stdout)\(loaded.stderr)")
    }
}
