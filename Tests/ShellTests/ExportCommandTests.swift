import Foundation
import Testing

@testable import Shell

/// `sprout export FILE --to ipynb|md|html [-o OUT] [--no-run]`, run as a user runs it.
@Suite("sprout export")
struct ExportCommandTests {
    static let environment = ["NO_COLOR": "1"]

    /// A saved session in a fresh folder: a note, a value, a plot, and (`extra`) more.
    static func session(_ extra: String = "") throws -> (folder: String, file: String) {
        let folder = try makeTemporaryFolder()
        let file = folder + "/s.sprout"
        let text = "# seed: 0\n\n# A *note*.\n\nx = 2\n\nx * 3\n#> 6\n\nhist([1, 2, 2, 3])\n#> <plot>\n" + extra
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return (folder, file)
    }

    static func notebook(_ path: String) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: path), "\(path) was not written")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func aNotebookIsWrittenBesideTheSessionByDefault() throws {
        let (folder, file) = try Self.session()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try runSprout(["export", file, "--to", "ipynb"], environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "wrote \(folder)/s.ipynb (3 cells, 1 plot)\n")
        let cells = try #require(try Self.notebook(folder + "/s.ipynb")["cells"] as? [[String: Any]])
        #expect(cells.map { $0["cell_type"] as? String } == ["markdown", "code", "code", "code"])
        let outputs = try #require(cells[3]["outputs"] as? [[String: Any]])
        // The replayed histogram is a picture (gnuplot draws it), not the recorded `<plot>` line.
        let picture = (outputs.last?["data"] as? [String: Any])?["image/png"] as? String
        #expect(Data(base64Encoded: picture ?? "")?.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true)
        // The recorded plot line differs from the replay's drawing: said, not an error.
        #expect(r.stderr.hasPrefix("note: 1 cell [3] shows other output than recorded"), "\(r.stderr)")
        // Written whole: no temporary file left beside it.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(!names.contains { $0.hasSuffix(".tmp") }, "\(names)")
    }

    @Test func markdownLinksPicturesInAFolderBesideIt() throws {
        let (folder, file) = try Self.session()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try runSprout(["export", file, "-o", folder + "/page.md"], environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        let page = try String(contentsOfFile: folder + "/page.md", encoding: .utf8)
        #expect(page.contains("](page_files/cell-3.png)"), "\(page)")
        let png = FileManager.default.contents(atPath: folder + "/page_files/cell-3.png")
        #expect(png?.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true)
    }

    @Test func noRunShowsTheRecordedLinesAndPictures() throws {
        let (folder, file) = try Self.session()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/s", withIntermediateDirectories: true)
        // A real 1×1 PNG: a page embeds only what decodes as one.
        let png = try #require(
            Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))
        try png.write(to: URL(fileURLWithPath: folder + "/s/cell-3.png"))
        let r = try runSprout(["export", file, "--to", "html", "--no-run"], environment: Self.environment)
        #expect(r.status == 0 && r.stderr == "", "\(r.stderr)")
        let page = try String(contentsOfFile: folder + "/s.html", encoding: .utf8)
        #expect(page.contains("&lt;plot&gt;"))
        #expect(page.contains("data:image/png;base64,\(png.base64EncodedString())"))
    }

    @Test func aCellThatFailsInTheReplayIsShownAndMakesTheStatusOne() throws {
        let (folder, file) = try Self.session("\nnope(1)\n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try runSprout(["export", file, "--to", "ipynb"], environment: Self.environment)
        #expect(r.status == 1)
        #expect(r.stderr.hasSuffix("\nerror: 1 cell [4] failed in the replay; the export shows the error\n"), "\(r.stderr)")
        let cells = try #require(try Self.notebook(folder + "/s.ipynb")["cells"] as? [[String: Any]])
        let outputs = try #require(cells.last?["outputs"] as? [[String: Any]])
        #expect(outputs.last?["output_type"] as? String == "error")
    }

    @Test func aFailedCellKeptByAllIsShownAsAnError() throws {
        let (folder, file) = try Self.session("\n# y +\n#! error: expected an expression\n\n# [5]\nx\n#> 2\n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try runSprout(["export", file, "--to", "ipynb"], environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        let cells = try #require(try Self.notebook(folder + "/s.ipynb")["cells"] as? [[String: Any]])
        #expect(cells.suffix(2).map { $0["execution_count"] as? Int } == [4, 5])
        let failed = try #require(cells[cells.count - 2]["outputs"] as? [[String: Any]])
        #expect(failed.first?["output_type"] as? String == "error" && failed.first?["evalue"] as? String == "expected an expression")
    }

    /// A data file that changed since the session was saved is named, as `run --check` names it.
    @Test func aChangedDataFileIsNamed() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let csv = folder + "/d.csv"
        try "a,label\n1,0\n2,1\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let saved = try runSprout([], input: "ds = load(\"\(csv)\")\n:save \(folder)/s\n", environment: Self.environment)
        #expect(saved.status == 0, "\(saved.stderr)")
        try "a,label\n1,0\n3,1\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let r = try runSprout(["export", folder + "/s.sprout", "--to", "html"], environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("note: \(folder)/s.sprout: \(csv) changed since this session was saved"), "\(r.stderr)")
    }

    @Test func badRequestsAreClearMessages() throws {
        let (folder, file) = try Self.session()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let unknown = try runSprout(["export", file, "--to", "pdf"], environment: Self.environment)
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown format 'pdf': give --to ipynb, md or html"), "\(unknown.stderr)")
        let none = try runSprout(["export", file], environment: Self.environment)
        #expect(none.status != 0 && none.stderr.contains("give --to ipynb, md or html"), "\(none.stderr)")
        let clash = try runSprout(["export", file, "--to", "html", "-o", folder + "/x.md"], environment: Self.environment)
        #expect(clash.status != 0 && clash.stderr.contains("is a .md name but --to is html"), "\(clash.stderr)")
        let unwritable = try runSprout(["export", file, "--to", "html", "-o", "/no/such/folder/x.html"], environment: Self.environment)
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.contains("cannot write /no/such/folder/x.html: no such folder /no/such/folder"), "\(unwritable.stderr)")
        let missing = try runSprout(["export", folder + "/none.sprout", "--to", "html"], environment: Self.environment)
        #expect(missing.status == 1 && missing.stderr.contains("none.sprout"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/none.html"))
    }
}
