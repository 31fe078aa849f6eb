import Foundation
import Testing

@testable import Shell

/// `:export NAME.ipynb|.md|.html` at the prompt, from a pipe and after `:load`: the
/// session so far, notes, errors and plots included; a bad name or path is a message
/// and the session goes on.
@Suite(":export in the shell")
struct ExportShellTests {
    @Test func theSessionSoFarIsExportedBesideSavedSessions() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = scriptedSession(["# Looking at x.", "x = 2", "x * 3", "nope(1)", ":export demo.ipynb", "x + 1"]) {
            $0.sessionsFolder = folder
        }
        #expect(r.output.contains("exported \(folder)/demo.ipynb (3 cells)\n"), "\(r.output)")
        #expect(r.output.hasSuffix("3\n"), "the session goes on: \(r.output)")
        let data = try #require(FileManager.default.contents(atPath: folder + "/demo.ipynb"))
        let notebook = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        #expect(cells.map { $0["cell_type"] as? String } == ["markdown", "code", "code", "code"])
        #expect(cells[0]["source"] as? [String] == ["Looking at x."])
        let value = try #require((cells[2]["outputs"] as? [[String: Any]])?.first)
        #expect(value["output_type"] as? String == "execute_result")
        let error = try #require((cells[3]["outputs"] as? [[String: Any]])?.first)
        #expect(error["output_type"] as? String == "error")
    }

    @Test func aBadNameOrPathIsAMessageAndTheSessionGoesOn() throws {
        let r = scriptedSession(["x = 2", ":export x.pdf", ":export /no/such/folder/x.html", ":export", "x"])
        #expect(r.output.contains("usage: :export NAME.ipynb|.md|.html (give a name ending in .ipynb, .md or .html)"), "\(r.output)")
        #expect(r.output.contains("error: cannot write /no/such/folder/x.html: no such folder /no/such/folder"), "\(r.output)")
        #expect(r.output.hasSuffix("2\n"), "\(r.output)")
    }

    @Test func pipedPlotsAreExportedAsPictures() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try runSprout([], input: "hist([1, 2, 2, 3])\n:export \(folder)/p.html\n", environment: ["NO_COLOR": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("exported \(folder)/p.html (1 cell, 1 plot)\n"), "\(r.stdout)")
        let page = try String(contentsOfFile: folder + "/p.html", encoding: .utf8)
        #expect(page.contains("<img") && page.contains("data:image/png;base64,iVBORw0KGgo"), "a PNG is embedded")
    }

    @Test func loadedCellsAreExportedWithTheSessionsNumbers() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "a = 5\n\na * 2\n#> 10\n".write(toFile: folder + "/l.sprout", atomically: true, encoding: .utf8)
        let r = try runSprout(
            [], input: "first = 1\n:load \(folder)/l.sprout\n:export \(folder)/l.md\n", environment: ["NO_COLOR": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        let page = try String(contentsOfFile: folder + "/l.md", encoding: .utf8)
        #expect(page.contains("a * 2"), "\(page)")
        #expect(page.contains("10"), "\(page)")
        #expect(r.stdout.contains("exported \(folder)/l.md (3 cells)"), "\(r.stdout)")
    }
}
