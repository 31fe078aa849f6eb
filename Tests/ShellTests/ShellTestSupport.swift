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
