import Foundation
import Testing

@testable import Shell

/// `save(t, "x.npy")` at every way a cell runs: the prompt, piped input, `sprout FILE`,
/// `sprout -e`, `:load` and `sprout run --check`; `~/` is `$HOME` at each, and an
/// unwritable path is a message after which the session goes on.
@Suite("save every way a cell runs")
struct SaveWaysTests {
    static let script = """
        t = reshape(arange(6), 2, 3)
        save(t, "~/t.npy")
        t.shape
        """
    static let expected = "[2, 3]\n"

    /// The file `save` wrote for `t`: NumPy's 128-byte header for shape (2, 3), then 6 floats.
    static func expectSaved(_ path: String, _ comment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
        #expect(bytes.count == 128 + 6 * 4, "\(comment): \(bytes.count) bytes", sourceLocation: sourceLocation)
        #expect(
            String(decoding: bytes.prefix(128), as: UTF8.self).contains("'shape': (2, 3), }"), "\(comment)", sourceLocation: sourceLocation)
        try? FileManager.default.removeItem(atPath: path)
    }

    @Test func pipedFileDashELoadAndCheck() throws {
        try runEveryFileWay(
            script: Self.script, expected: Self.expected, dashE: "save(ones(2, 3), \"~/t.npy\")", recorded: Self.script + "\n#> [2, 3]\n",
            cells: 3
        ) { home, way in Self.expectSaved(home + "/t.npy", way) }
    }

    @Test func atThePromptAnErrorIsShownAndTheSessionGoesOn() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = scriptedSession([
            "t = reshape(arange(6), 2, 3)", "save(t, \"\(folder)/no/t.npy\")", "save(t, \"\(folder)/t.png\")",
            "save(t, \"\(folder)/t.npy\")", "t.shape",
        ])
        #expect(r.output.contains("error: save: \(folder)/no/t.npy: cannot write the file: no such folder \(folder)/no\n"), "\(r.output)")
        #expect(
            r.output.contains(
                "error: save: cannot save to '\(folder)/t.png': save writes .npy (a tensor) or .safetensors (a model); give a path ending in .npy or .safetensors\n"
            ),
            "\(r.output)")
        #expect(r.output.hasSuffix("[2, 3]\n"), "\(r.output)")
        Self.expectSaved(folder + "/t.npy", "prompt")
    }

    /// Piped, a failed save is an error on standard error (status 1), as any failed cell.
    @Test func pipedAnUnwritablePathIsAnError() throws {
        let r = try runSprout([], input: "save(ones(2), \"/no/such/folder/x.npy\")\n", environment: ["NO_COLOR": "1"])
        #expect(r.status == 1)
        #expect(
            r.stderr.contains("error: save: /no/such/folder/x.npy: cannot write the file: no such folder /no/such/folder"), "\(r.stderr)")
    }
}
