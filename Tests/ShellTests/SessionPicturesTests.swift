import Foundation
import Testing

@testable import Shell

/// `sprout run --record` redraws the PNGs beside a saved session from the replay, as it
/// rewrites the `#> ` lines: a stale picture is replaced, one no cell draws is removed,
/// and a second record finds nothing to do (the same plot gives the same bytes).
@Suite("pictures beside a saved session")
struct SessionPicturesTests {
    @Test func recordRedrawsStalePicturesAndRemovesOnesNoCellDraws() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var header = SessionHeader.current(seed: 0)
        header.date = Date(timeIntervalSince1970: 0)
        let cells = [
            CellRecord(number: 1, input: "x = 2", output: "", error: nil, seconds: 0),
            CellRecord(number: 2, input: "hist([1, 2, 2, 3])", output: "<plot>\n", error: nil, seconds: 0),
        ]
        let path = folder + "/s.sprout"
        try SessionFile.render(cells, header: header, includeFailed: false).write(toFile: path, atomically: true, encoding: .utf8)
        // Record the text first, so only the pictures are left to do.
        _ = try runSprout(["run", "--record", path], environment: ["NO_COLOR": "1"])
        try FileManager.default.createDirectory(atPath: folder + "/s", withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: URL(fileURLWithPath: folder + "/s/cell-2.png"))
        try Data("gone".utf8).write(to: URL(fileURLWithPath: folder + "/s/cell-7.png"))

        let r = try runSprout(["run", "--record", path], environment: ["NO_COLOR": "1"])
        #expect(r.stdout == "recorded \(path): 2 pictures redrawn; review the diff, then run --check\n", "\(r.stdout)\(r.stderr)")
        let png = FileManager.default.contents(atPath: folder + "/s/cell-2.png")
        #expect(png?.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true)
        #expect(!FileManager.default.fileExists(atPath: folder + "/s/cell-7.png"))

        let again = try runSprout(["run", "--record", path], environment: ["NO_COLOR": "1"])
        #expect(again.status == 0 && again.stdout == "ok \(path) (2 cells, nothing to record)\n", "\(again.stdout)\(again.stderr)")
        #expect(FileManager.default.contents(atPath: folder + "/s/cell-2.png") == png)
    }
}
