import Foundation
import Testing

@testable import Shell

/// A script that writes a file under `~/` run every way a cell runs: piped, `sprout
/// FILE`, `:load`, `sprout -e` (a one-line save of its own) and `sprout run --check` of
/// the script with its outputs recorded; `$HOME` is a fresh folder. After each way,
/// `inspect(home, way)` checks the file written (and removes it for the next way).
/// - Parameters:
///   - expected: what the script shows, piped.
///   - recorded: the script with its `#> ` lines, for `run --check`.
///   - cells: how many cells `run --check` reports.
func runEveryFileWay(
    script: String, expected: String, dashE: String, recorded: String, cells: Int, inspect: (_ home: String, _ way: String) -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let home = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: home) }
    let environment = ["NO_COLOR": "1", "HOME": home]
    let path = home + "/s.sprout"
    try (script + "\n").write(toFile: path, atomically: true, encoding: .utf8)

    let piped = try runSprout([], input: script + "\n", environment: environment)
    #expect(piped.stdout == expected, "\(piped.stdout)\(piped.stderr)", sourceLocation: sourceLocation)
    inspect(home, "piped")

    let file = try runSprout([path], input: "", environment: environment)
    #expect(file.stdout == expected, "\(file.stdout)\(file.stderr)", sourceLocation: sourceLocation)
    inspect(home, "sprout FILE")

    let loaded = try runSprout([], input: ":load \(path)\n", environment: environment)
    #expect(replayedOutputs(loaded.stdout) == expected, "\(loaded.stdout)\(loaded.stderr)", sourceLocation: sourceLocation)
    inspect(home, ":load")

    let dashEResult = try runSprout(["-e", dashE], environment: environment)
    #expect(
        dashEResult.status == 0 && dashEResult.stdout == "", "\(dashEResult.stdout)\(dashEResult.stderr)", sourceLocation: sourceLocation)
    inspect(home, "-e")

    let session = home + "/saved.sprout"
    try recorded.write(toFile: session, atomically: true, encoding: .utf8)
    let check = try runSprout(["run", "--check", session], environment: environment)
    #expect(
        check.status == 0 && check.stdout == "ok \(session) (\(cells) cells)\n", "\(check.stdout)\(check.stderr)",
        sourceLocation: sourceLocation)
    inspect(home, "run --check")
}
