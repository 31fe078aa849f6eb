import Foundation
import Lang
import Testing

@testable import Shell

/// Whether text holds a control character a terminal would act on (anything but a line break).
func hasRawControls(_ text: String) -> Bool {
    text.unicodeScalars.contains { VisibleText.isControl($0) && $0 != "\n" }
}

/// An error about source, a file name or a message holding terminal escapes shows them
/// escaped, whichever way the code came in.
@Suite("Control characters in errors")
struct VisibleErrorTests {
    /// Sets the window title, then names something undefined.
    static let cell = "\"\u{1B}]0;pwned\u{07}\u{9B}2J\" + nope"

    static func expectVisible(_ text: String, _ way: String) {
        #expect(!hasRawControls(text), "\(way): \(text.debugDescription)")
        #expect(text.contains(#"\u{1b}]0;pwned\u{7}\u{9b}2J"#), "\(way): \(text.debugDescription)")
    }

    @Test func atThePromptAndThroughLoad() throws {
        let file = try makeTemporaryFolder() + "/bad\u{1B}[2J.sprout"
        try Data((Self.cell + "\n").utf8).write(to: URL(fileURLWithPath: file))
        let host = RecordingHost()
        let repl = REPL(
            reader: ScriptedLineReader(lines: [Self.cell, ":load \(file)", ":load \(file)x"]),
            host: host, isTerminal: false)
        _ = repl.run()
        Self.expectVisible(host.output, "prompt and :load")
        #expect(host.output.contains(#"bad\u{1b}[2J.sprout:1:"#))
        #expect(host.output.contains(#"cannot read "#))
    }

    @Test func fromTheCommandLine() throws {
        let file = try makeTemporaryFolder() + "/bad\u{1B}[2J.sprout"
        try Data((Self.cell + "\n").utf8).write(to: URL(fileURLWithPath: file))
        for (way, arguments, input) in [
            ("-e", ["-e", Self.cell], nil), ("FILE", [file], nil),
            ("stdin", [], Self.cell + "\n"), ("run --check", ["run", "--check", file], nil),
        ] {
            let r = try runSprout(arguments, input: input)
            #expect(r.status == 1, "\(way)")
            Self.expectVisible(r.stderr, way)
        }
        let missing = try runSprout([file + "x"])
        #expect(missing.stderr == "error: cannot read \(file.replacingOccurrences(of: "\u{1B}", with: #"\u{1b}"#))x: no such file\n")
    }
}
