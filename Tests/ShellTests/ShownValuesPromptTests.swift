import Lang
import Testing

@testable import Shell

/// `_N` at the prompt keeps only the last shown values (issue 8, item 17; the cache
/// itself is tested in LangTests' ShownValuesTests).
@Suite("Shown values at the prompt")
struct ShownValuesPromptTests {
    @Test func anOldCellSaysItsValueWasDroppedAndTheSessionGoesOn() {
        let cells = 1_005
        let lines = (1...cells).map { "\($0) * 2" } + ["_5", "_6", "_", "x = _\(cells)", "x"]
        let reader = ScriptedLineReader(lines.map { .line($0) })
        let host = RecordingHost()
        let repl = REPL(reader: reader, host: host, isTerminal: false)
        #expect(repl.run() == 0)
        let tail = host.output.split(separator: "\n").suffix(8).joined(separator: "\n")
        #expect(tail.contains("error: _5: cell 5 is too old: only the last 1,000 shown values are kept for _N"))
        #expect(tail.hasSuffix("\n12\n12\n\(cells * 2)"))
    }
}
