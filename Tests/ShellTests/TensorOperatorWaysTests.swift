import Foundation
import Testing

@testable import Shell

/// `.T`, `.mT`, batched `@`, `//` and `%` behave the same at every way in: piped input,
/// `sprout FILE`, `sprout -e` and `:load` (the Lang tests check what they mean).
@Suite("Tensor operators every way a cell runs")
struct TensorOperatorWaysTests {
    static let script = """
        x = reshape(arange(6), 2, 3)
        shape(x.T)
        shape(reshape(arange(24), 2, 3, 4).mT)
        shape(ones([2, 1, 3, 4]) @ ones([3, 4, 2]))
        -7 // 2
        tensor([-7, 7]) % 3
        """
    static let expected = "[3, 2]\n[2, 4, 3]\n[2, 3, 3, 2]\n-4\ntensor (2,) float32\n[2., 1.]\n"

    @Test func pipedFileDashEAndLoad() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/ops.sprout"
        try (Self.script + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let piped = try runSprout([], input: Self.script + "\n", environment: ["NO_COLOR": "1"])
        #expect(piped.stdout == Self.expected, "\(piped.stdout)\(piped.stderr)")
        let file = try runSprout([path], input: "", environment: ["NO_COLOR": "1"])
        #expect(file.stdout == Self.expected, "\(file.stdout)\(file.stderr)")
        let loaded = try runSprout([], input: ":load \(path)\n", environment: ["NO_COLOR": "1"])
        #expect(replayedOutputs(loaded.stdout) == Self.expected, "\(loaded.stdout)\(loaded.stderr)")
        #expect(loaded.stdout.hasPrefix("[1]> x = reshape(arange(6), 2, 3)\n[2]> shape(x.T)\n[3, 2]\n"), "\(loaded.stdout)")
        let dashE = try runSprout(["-e", "tensor([5, -5]) // 2"], environment: ["NO_COLOR": "1"])
        #expect(dashE.stdout == "tensor (2,) float32\n[ 2., -3.]\n", "\(dashE.stdout)\(dashE.stderr)")
    }

    @Test func anErrorIsShownAndTheSessionGoesOn() {
        let r = scriptedSession(["arange(3).T", "1 // 1"])
        #expect(
            r.output.contains("'.T' needs a 2-D tensor, got shape (3,); use .mT to swap the last two axes, or permute to reorder axes"),
            "\(r.output)")
        #expect(r.output.hasSuffix("1\n"), "\(r.output)")
    }
}
