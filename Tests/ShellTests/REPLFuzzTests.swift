import Foundation
import Lang
import Testing

@testable import Shell

/// Random sessions of code, commands and Ctrl-C through the scripted reader: the shell
/// never traps, and what it records stays consistent (cell numbers rise, the journal holds
/// the cells, the saved form reads back as the cells that succeeded).
@Suite("The REPL on random input")
struct REPLFuzzTests {
    /// Deep lists, records and models (issue 8) at the prompt, with :reset and the end
    /// of the session freeing them on this thread: the shell never traps.
    @Test func deepValuesAtThePromptNeverTrap() throws {
        let pieces = [
            "x = []", "for i in 0..3000 { x = [x] }", "for i in 0..3000 { x = [x, {a: x}] }", "x", "x == x", "len(str(x))",
            "m = linear(2, 2)", "for i in 0..30000 { m = seq([m]) }", "m", "param_count(m)", "m(ones([1, 2]))",
            "r = {a: 1}", "for i in 0..3000 { r.a = r }", "r", ":vars", ":reset",
        ]
        var random = SessionRandom(state: 0xDEE9)
        func next(_ bound: Int) -> Int { random.next(bound) }
        for _ in 0..<6 {
            let lines = (0..<(4 + next(8))).map { _ in pieces[next(pieces.count)] }
            let host = RecordingHost()
            var repl: REPL? = REPL(reader: ScriptedLineReader(lines: lines), host: host, isTerminal: false)
            #expect(repl?.run() == 0, "\(lines)")
            repl = nil
        }
    }

    @Test func randomSessionsNeverTrapAndStayConsistent() throws {
        let folder = try makeTemporaryFolder()
        let script = folder + "/ok.sprout"
        try "a = 2\n# a note\nb = a * 3\nb\n#> 6\n".write(toFile: script, atomically: true, encoding: .utf8)
        let pieces: [LineInput] =
            [
                "x = 1", "x", "_1", "_99", "y = randn([2, 2])", "m = seq(linear(2, 2))", "opt = sgd(m, lr: 0.1)",
                "fn f(a) {", "}", "(", "nope(", "1 / 0", "# note", "[1, 2", "]", "x +", "", ";", "print(\"a\\nb\")",
                "m", "tensor([[1, 2], [3, 4]]) @ ones([3])", "zero_grad(opt); backward(sum(m(ones([1, 2])))); step(opt)",
                ":help", ":help save", ":vars", ":history", ":time 1 + 1", ":time", ":time (", ":load", ":load /dev/null",
                ":load \(folder)/missing", ":load \(folder)", ":load \(script)", ":save", ":save a b", ":save --all",
                ":save \(folder)/s", ":save \(folder)/s --all", ":recover", ":reset", ":foo", "?", "?nope", "?seq", ":", "::",
                "  :vars  ", "é ☃ 😀", "\u{0}", String(repeating: "(", count: 300),
                // Results over the 2^31-element limit, and a list nested past 64 levels.
                "c = zeros([47000, 1])", "c @ transpose(c)", "maximum(c, transpose(c))", "zeros([46341, 46341])",
                "tensor(" + String(repeating: "[", count: 65) + "1" + String(repeating: "]", count: 65) + ")",
            ].map { .line($0) } + [.interrupt, .interrupt]
        var random = SessionRandom(state: 0xC0FFEE)
        func next(_ bound: Int) -> Int { random.next(bound) }
        for _ in 0..<150 {
            let inputs = (0..<(1 + next(14))).map { _ in pieces[next(pieces.count)] }
            let host = RecordingHost()
            let repl = REPL(reader: ScriptedLineReader(inputs), host: host, isTerminal: false)
            repl.sessionsFolder = folder + "/sessions"
            _ = repl.startJournal(in: folder + "/state")
            #expect(repl.run() == 0)
            let numbers = repl.cells.filter { !ScriptCells.isNote($0.input) }.map(\.number)
            #expect(numbers == numbers.sorted() && Set(numbers).count == numbers.count, "\(inputs)")
            if let path = repl.journal?.path {
                #expect(Journal.unfinished(at: path)?.compactMap(\.record).map(\.input) ?? [] == repl.cells.map(\.input), "\(inputs)")
            }
            repl.finishJournal()
            // What :save would write reads back as exactly the cells that succeeded.
            let header = SessionHeader.current(seed: 0)
            let saved = ScriptCells.split(SessionFile.render(repl.cells, header: header, includeFailed: true))
            let succeeded = repl.cells.filter { $0.succeeded && !ScriptCells.isNote($0.input) }
            #expect(saved.map(\.input) == succeeded.map(\.input), "\(inputs)")
            #expect(saved.map(\.expected) == succeeded.map { CellRecord.lines(of: $0.output) }, "\(inputs)")
        }
    }
}

/// A small seeded stream (a 64-bit LCG) that picks the pieces of a session.
private struct SessionRandom {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(truncatingIfNeeded: state >> 33) % bound
    }
}
