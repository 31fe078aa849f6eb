import Engine
import Foundation
import Testing

@testable import Shell

/// `save(m, "m.safetensors")` and `load_state(m, path)` at every way a cell runs: the
/// prompt, piped input, `sprout FILE`, `sprout -e`, `:load` and `sprout run --check`;
/// a damaged file is a message naming the tensor, after which the session goes on.
@Suite("checkpoints every way a cell runs")
struct CheckpointWaysTests {
    static let script = """
        m = seq(linear(4, 8), relu(), linear(8, 3))
        save(m, "~/m.safetensors")
        m2 = seq(linear(4, 8), relu(), linear(8, 3))
        load_state(m2, "~/m.safetensors")
        item(sum(abs(m2(ones(1, 4)) - m(ones(1, 4)))))
        len(load("~/m.safetensors"))
        """
    static let expected = "0\n4\n"

    /// The file `save` wrote: the four tensors of the model, by PyTorch's names.
    static func expectSaved(_ path: String, _ comment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let names = (try? SafetensorsFile.read(path: path))?.tensors.map(\.name)
        #expect(names == ["0.weight", "0.bias", "2.weight", "2.bias"], "\(comment)", sourceLocation: sourceLocation)
        try? FileManager.default.removeItem(atPath: path)
    }

    @Test func pipedFileDashELoadAndCheck() throws {
        let recorded = Self.script.replacingOccurrences(of: "(1, 4)))))\n", with: "(1, 4)))))\n#> 0\n") + "\n#> 4\n"
        try runEveryFileWay(
            script: Self.script, expected: Self.expected, dashE: "save(seq(linear(4, 8), relu(), linear(8, 3)), \"~/m.safetensors\")",
            recorded: recorded, cells: 6
        ) { home, way in Self.expectSaved(home + "/m.safetensors", way) }
    }

    @Test func atThePromptADamagedFileNamesTheTensorAndTheSessionGoesOn() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = Sequential([try Linear(inFeatures: 2, outFeatures: 3, rng: RandomSource(seed: 1))])
        let whole = SafetensorsFile.encoded(model.state)
        try Data(whole.dropLast(4)).write(to: URL(fileURLWithPath: folder + "/cut.safetensors"))
        let r = scriptedSession([
            "m = seq(linear(2, 3))", "load_state(m, \"\(folder)/cut.safetensors\")", "load_state(m, \"\(folder)/none.safetensors\")",
            "len(state(m))",
        ])
        #expect(
            r.output.contains(
                "error: load_state: \(folder)/cut.safetensors: the file is cut short: tensor '0.bias' ends at byte 36 of the data, which has 32\n"
            ),
            "\(r.output)")
        #expect(r.output.contains("error: load_state: \(folder)/none.safetensors: cannot read the file: no such file\n"), "\(r.output)")
        #expect(r.output.hasSuffix("2\n"), "\(r.output)")
    }

    /// Piped, a damaged file is an error on standard error (status 1), as any failed cell.
    @Test func pipedADamagedFileIsAnError() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: folder + "/bad.safetensors"))
        let r = try runSprout([], input: "load(\"\(folder)/bad.safetensors\")\n1 + 1\n", environment: ["NO_COLOR": "1"])
        #expect(r.status == 1 && r.stdout == "", "\(r.stdout)")
        #expect(r.stderr.contains("error: load: \(folder)/bad.safetensors: not a safetensors file: its header would be"), "\(r.stderr)")
    }
}
