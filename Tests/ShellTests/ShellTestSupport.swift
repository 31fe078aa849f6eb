import Foundation
import Lang

@testable import Shell

extension REPL {
    /// A REPL whose interpreters are bare (no stdlib: fast), for tests.
    convenience init(reader: LineReader, host: Lang.Host, isTerminal: Bool, seed: UInt64 = 0) {
        self.init(reader: reader, host: host, isTerminal: isTerminal, seed: seed) { Interpreter(host: $0, seed: $1) }
    }
}

/// A fresh folder under the temporary directory.
func makeTemporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "sprout-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Writes `text` to a new `.sprout` file in a fresh temporary folder; returns its path.
func writeSproutFile(_ text: String) throws -> String {
    let path = try makeTemporaryFolder() + "/file.sprout"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Runs a REPL over scripted lines with a recording host and a bare interpreter.
func scriptedSession(
    _ lines: [String], seed: UInt64 = 0, configure: (REPL) -> Void = { _ in }
)
    -> (status: Int32, output: String, reader: ScriptedLineReader, repl: REPL)
{
    let reader = ScriptedLineReader(lines: lines)
    let host = RecordingHost()
    let repl = REPL(reader: reader, host: host, isTerminal: false, seed: seed)
    configure(repl)
    let status = repl.run()
    return (status, host.output, reader, repl)
}

/// What a `:load` or `:recover` replay showed, without the `[n]> input` and `...> `
/// lines it prints before each cell's output: the outputs alone, to compare with what
/// the same cells show when piped or run as a file.
func replayedOutputs(_ transcript: String) -> String {
    transcript.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { line in
            let isPrompt = line.first == "[" && line.contains("]> ") && line.prefix(while: { $0 != "]" }).dropFirst().allSatisfy(\.isNumber)
            return !isPrompt && !line.drop(while: { $0 == " " }).hasPrefix("...> ")
        }
        .joined(separator: "\n")
}
