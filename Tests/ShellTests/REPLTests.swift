import Foundation
import Lang
import Testing

@testable import Shell

/// A REPL over scripted input and a recording host, without the stdlib (fast).
private func session(
    _ inputs: [LineInput], isTerminal: Bool = false
)
    -> (status: Int32, output: String, reader: ScriptedLineReader, repl: REPL)
{
    let reader = ScriptedLineReader(inputs)
    let host = RecordingHost()
    let repl = REPL(reader: reader, host: host, isTerminal: isTerminal, seed: 7)
    let status = repl.run()
    return (status, host.output, reader, repl)
}

private func session(lines: [String]) -> (status: Int32, output: String, reader: ScriptedLineReader, repl: REPL) {
    session(lines.map { .line($0) })
}

@Suite("The REPL, driven by a scripted line reader")
struct REPLTests {
    @Test func promptsAreNumberedAndContinuationAligns() {
        let r = session(lines: ["x = 1", "fn f(x) {", "  x * 2", "}", "f(21)"])
        #expect(r.reader.prompts == ["[1]> ", "[2]> ", "...> ", "...> ", "[3]> ", "[4]> "])
        #expect(r.output == "42\n")
        #expect(r.status == 0)
        #expect(r.reader.history == ["x = 1", "fn f(x) {\n  x * 2\n}", "f(21)"])
    }

    @Test func continuationPromptIsRightAlignedUnderWiderNumbers() {
        #expect(REPL.prompt(cell: 12, continuing: true) == " ...> ")
        #expect(REPL.prompt(cell: 12, continuing: false) == "[12]> ")
    }

    @Test func underscoreAndNumberedResults() {
        let r = session(lines: ["1 + 1", "10", "_ + _1"])
        #expect(r.output == "2\n10\n12\n")
    }

    @Test func semicolonHidesTheValue() {
        let r = session(lines: ["3 * 3;", "_1"])
        #expect(r.output.hasPrefix("error: "))
        #expect(!r.output.contains("9\n"))
        let shown = session(lines: ["y = 3 * 3;", "y"])
        #expect(shown.output == "9\n")
    }

    @Test func errorsRenderAndTheSessionGoesOn() {
        let r = session(lines: ["a = 5", "a + nope", "a"])
        #expect(r.output.contains("error: "))
        #expect(r.output.contains("--> cell 2:1:5"))
        #expect(!r.output.contains("\u{1B}["))
        #expect(r.output.hasSuffix("5\n"))
        #expect(r.repl.cells.map(\.number) == [1, 2, 3])
        #expect(r.repl.cells[1].error?.hasPrefix("error: ") == true)
        #expect(r.repl.cells[2].output == "5\n")
        #expect(r.reader.prompts.last == "[4]> ")
    }

    @Test func errorsAreColouredOnlyAtATerminal() {
        let r = session([.line("nope")], isTerminal: true)
        #expect(r.repl.usesColour == (ProcessInfo.processInfo.environment["NO_COLOR"] == nil))
        #expect(r.output.contains("\u{1B}[") == r.repl.usesColour)
        #expect(r.repl.cells[0].error?.contains("\u{1B}[") == false)
    }

    @Test func interruptClearsAHalfTypedCell() {
        let r = session([.line("fn g(x) {"), .line("  x +"), .interrupt, .line("2 + 2")])
        #expect(r.reader.prompts == ["[1]> ", "...> ", "...> ", "[1]> ", "[2]> "])
        #expect(r.output == "4\n")
        #expect(r.repl.cells.map(\.input) == ["2 + 2"])
    }

    @Test func endOfInputQuitsWithStatusZero() {
        #expect(session([]).status == 0)
        #expect(session(lines: ["fn h() {"]).status == 0)
        let quit = session(lines: [":quit", "1"])
        #expect(quit.status == 0)
        #expect(quit.output == "")
    }

    @Test func cellsRecordOutputAndPrintedText() {
        let r = session(lines: ["print(\"hi\"); 3"])
        #expect(
            r.repl.cells == [
                CellRecord(
                    number: 1, input: "print(\"hi\"); 3", output: "hi\n3\n",
                    error: nil, seconds: r.repl.cells[0].seconds,
                    spans: [OutputSpan(kind: .printed, bytes: 3), OutputSpan(kind: .value, bytes: 2)])
            ])
    }

    @Test func varsListsUserVariablesAligned() {
        let r = session(lines: ["n = 3", "t = zeros([2, 3])", "names = [\"a\", \"b\"]", ":vars"])
        #expect(
            r.output == """
                n      number  3
                t      tensor  2×3
                names  list    2 items

                """)
        #expect(session(lines: [":vars"]).output == "no variables yet\n")
    }

    @Test func questionMarkShowsASignature() {
        let r = session(lines: ["?adam"])
        #expect(r.output.hasPrefix("adam(model, lr: "))
        #expect(r.output.contains("example: "))
        #expect(session(lines: [":help adam"]).output == r.output)
        #expect(session(lines: ["?nothing_here"]).output.contains("nothing is named nothing_here"))
    }

    @Test func helpListsCommands() {
        let r = session(lines: [":help"])
        for name in [":help", ":vars", ":history", ":time EXPR", ":load NAME", ":save NAME [--all]", ":reset", ":quit", "?name"] {
            #expect(r.output.contains(name))
        }
        #expect(session(lines: [":help :time"]).output.hasPrefix(":time EXPR\n"))
    }

    @Test func historyNumbersTheInputs() {
        let r = session(lines: ["x = 1", "# then a function", "fn f(a) {", "a", "}", ":history"])
        // The comment directly above `fn` documents it: it is the cell's first line.
        #expect(r.output == "[1] x = 1\n[2] # then a function\n    fn f(a) {\n    a\n    }\n")
    }

    @Test func timeRunsACellAndPrintsItsTime() {
        let r = session(lines: [":time 1+1"])
        #expect(r.output.hasPrefix("2\ntime: "))
        #expect(r.repl.cells.map(\.input) == ["1+1"])
        #expect(REPL.timingNote(seconds: 0.5) == nil)
        #expect(REPL.timingNote(seconds: 1.234) == "(1.23 s)")
        #expect(REPL.formatDuration(0.0123) == "12.3 ms")
    }

    @Test func resetClearsVariablesAndNumbering() {
        let r = session(lines: ["x = 1", "y = 2", ":reset", ":vars", "x"])
        #expect(r.output.contains("no variables yet\n"))
        #expect(r.output.contains("error: "))
        #expect(r.reader.prompts == ["[1]> ", "[2]> ", "[3]> ", "[1]> ", "[1]> ", "[2]> "])
        #expect(r.repl.cells.map(\.number) == [1])
    }

    @Test func unknownCommandsSayWhatToDo() {
        #expect(session(lines: [":foo"]).output == "unknown command :foo (:help lists the commands)\n")
    }

    @Test func loadReplaysAFileIntoTheSessionCellByCell() throws {
        let path = try makeTemporaryFolder() + "/load.sprout"
        try "# Sets k.\nk = 4\nk * 2\n#> 8\n\nk + 1;\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = session(lines: [":load \(path)", "k", "_2 + _4"])
        // Each replayed cell is shown as typed at the prompt, then its output.
        #expect(r.output == "[1]> # Sets k.\n...> k = 4\n[2]> k * 2\n8\n[3]> k + 1;\n4\n12\n", "\(r.output)")
        // Each cell of the file is a cell of the session: numbered, recorded, saved.
        #expect(r.repl.cells.map(\.number) == [1, 2, 3, 4, 5])
        #expect(r.repl.cells.map(\.input) == ["# Sets k.\nk = 4", "k * 2", "k + 1;", "k", "_2 + _4"])
        #expect(r.reader.prompts.last == "[6]> ")
        #expect(session(lines: [":load /no/such.sprout"]).output.contains("no such file"))
    }

    @Test func loadStopsAtTheFirstErrorAndPointsIntoTheFile() throws {
        let path = try makeTemporaryFolder() + "/load.sprout"
        try "a = 1\n\nb = a +\n  nope\nc = 3\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = session(lines: [":load \(path)", "a"])
        #expect(r.output.contains("\(path):4:3"), "\(r.output)")
        #expect(r.output.contains("4 |   nope"), "\(r.output)")
        #expect(r.output.contains("\(path): stopped at the error on line 3; 1 cell before it ran\n"), "\(r.output)")
        #expect(r.output.hasSuffix("\n1\n"))
        #expect(r.repl.cells.map(\.input) == ["a = 1", "b = a +\n  nope", "a"])
    }

    @Test func ctrlCDuringALoadStopsTheFileAndAStaleOneIsForgotten() throws {
        let path = try makeTemporaryFolder() + "/load.sprout"
        try "a = 1\nb = 2\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = ScriptedLineReader(lines: [":load \(path)"])
        let host = RecordingHost()
        let repl = REPL(reader: reader, host: host, isTerminal: false)
        // A Ctrl-C at an earlier prompt is forgotten when the next input is read.
        repl.interpreter.cancellation.request()
        _ = repl.run()
        #expect(repl.cells.map(\.input) == ["a = 1", "b = 2"])
        // One that arrives while the file loads stops it.
        repl.interpreter.cancellation.request()
        repl.load(path)
        #expect(host.output.hasSuffix("\(path): stopped (Ctrl-C) before line 1; no cell ran\n"), "\(host.output)")
        #expect(repl.cells.count == 2)
    }

    /// A failed cell is left out of a saved session; if it had changed variables, drawn
    /// random numbers or stepped an optimizer first, the replay will differ: `:save` says so.
    @Test func saveWarnsAboutFailedCellsThatChangedThings() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = session(lines: [
            "m = seq(linear(2, 1))", "opt = sgd(m, lr: 0.1)", "x = 5",
            "nope(1)",
            "x = 6; r = randn([2]); zero_grad(opt); backward(sum(m(ones([1, 2])))); step(opt); nope",
            ":save \(folder)/s",
        ])
        #expect(r.repl.cells[3].changedBeforeFailing == nil)
        #expect(r.repl.cells[4].changedBeforeFailing == ["x", "r", "random numbers", "model weights"])
        #expect(
            r.output.hasSuffix(
                """
                saved \(folder)/s.sprout (3 cells; left out failed cells [4] [5])
                warning: cell [5] failed after changing x, r, random numbers and model weights; the saved session does not replay that, so later outputs can differ

                """), "\(r.output)")
    }

    /// Neither the snapshot taken before each cell (for the failed-cell warning) nor the
    /// interpreter keeps a second reference to a variable's value: writes into a global
    /// tensor or list stay in place instead of copying all of it every time.
    @Test func writesIntoGlobalsStayInPlace() {
        let repl = REPL(reader: ScriptedLineReader(lines: []), host: RecordingHost(), isTerminal: false)
        func storage() -> ObjectIdentifier? {
            guard case let .tensor(t)? = repl.interpreter.globals.first(where: { $0.name == "x" })?.value else { return nil }
            return ObjectIdentifier(t.storage)
        }
        repl.runCell("x = zeros([100000])")
        repl.runCell("x[1] = 0")  // zeros may share its first storage
        let before = storage()
        repl.runCell("x[0] = 1")
        repl.runCell("for i in 2..10 { x[i] = 1 }")
        #expect(before != nil && storage() == before)
        #expect(repl.runCell("item(sum(x))").output == "9\n")
    }

    @Test func aCommentAtThePromptIsANoteWithoutANumber() {
        let r = session(lines: ["x = 3", "# now double it", "x * 2", "_2"])
        #expect(r.reader.prompts == ["[1]> ", "[2]> ", "[2]> ", "[3]> ", "[4]> "])
        #expect(r.output == "6\n6\n")
        #expect(r.repl.cells.map(\.number) == [1, 2, 2, 3])
        #expect(r.repl.cells[1].input == "# now double it")
    }

    @Test func aStoppedCellsMessageStartsOnItsOwnLineAtATerminal() {
        let shown = RecordingHost()
        let repl = REPL(reader: ScriptedLineReader(lines: []), host: shown, isTerminal: true)
        _ = repl.show(RuntimeError(.cancelled))
        #expect(shown.output.hasPrefix("\nerror: stopped (Ctrl-C)"), "\(shown.output)")
        let piped = RecordingHost()
        _ = REPL(reader: ScriptedLineReader(lines: []), host: piped, isTerminal: false)
            .show(RuntimeError(.cancelled))
        #expect(piped.output.hasPrefix("error: stopped (Ctrl-C)"), "\(piped.output)")
    }

    @Test func saveWritesTheSessionFile() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let reader = ScriptedLineReader(lines: ["x = 2", "x * 3", "nope", ":save demo"])
        let host = RecordingHost()
        let repl = REPL(reader: reader, host: host, isTerminal: false, seed: 7)
        repl.sessionsFolder = folder
        #expect(repl.run() == 0)
        #expect(host.output.hasSuffix("saved \(folder)/demo.sprout (2 cells; left out failed cell [3])\n"))
        let text = try String(contentsOfFile: folder + "/demo.sprout", encoding: .utf8)
        #expect(text.contains("# seed: 7\n"))
        #expect(text.hasSuffix("\nx = 2\n\nx * 3\n#> 6\n"))
        #expect(session(lines: [":save"]).output == "usage: :save NAME [--all]\n")
        // Saving again over the file says so.
        let again = REPL(reader: ScriptedLineReader(lines: ["1", ":save demo"]), host: host, isTerminal: false)
        again.sessionsFolder = folder
        _ = again.run()
        #expect(host.output.hasSuffix("replaced \(folder)/demo.sprout (1 cell)\n"))
    }

    /// A block of comment lines (a paragraph of prose, ended by a blank line or code) is
    /// one note, saved as the block it was, so an export shows one paragraph, not a
    /// paragraph per line; typed at the prompt and piped alike.
    @Test func aBlockOfCommentLinesIsOneNote() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lines = ["# What this stage is for:", "# two lines of prose.", "", "x = 2", "# above code", "x * 3"]
        let typed = session(lines: lines + [":save \(folder)/typed"])
        #expect(
            typed.repl.cells.filter { ScriptCells.isNote($0.input) }.map(\.input) == [
                "# What this stage is for:\n# two lines of prose.", "# above code",
            ])
        let piped = try runSprout([], input: (lines + [":save \(folder)/piped"]).joined(separator: "\n") + "\n")
        #expect(piped.status == 0, "\(piped.stderr)")
        for name in ["typed", "piped"] {
            let text = try String(contentsOfFile: folder + "/\(name).sprout", encoding: .utf8)
            #expect(
                text.hasSuffix("\n# What this stage is for:\n# two lines of prose.\n\nx = 2\n\n# above code\n\nx * 3\n#> 6\n"), "\(text)")
        }
    }

    /// The whole loop: a session with a silent cell, a note, a failed cell and `_N`,
    /// saved to a path of its own, then checked by `sprout run --check`.
    @Test func savedSessionWithGapsReplaysAndChecks() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lines = [
            "seed(3)", "r = randn([3])", "# the sum, then twice it", "r.sum()", "nope + 1", "_3 * 2",
            "fn f(a) {", "", "  a + _5", "}", "f(1)", ":save \(folder)/gaps",
        ]
        let r = session(lines: lines)
        #expect(r.output.hasSuffix("saved \(folder)/gaps.sprout (6 cells; left out failed cell [4])\n"), "\(r.output)")
        let text = try String(contentsOfFile: folder + "/gaps.sprout", encoding: .utf8)
        #expect(text.contains("\n\n# [5]\n_3 * 2\n"), "\(text)")
        let check = try runSprout(["run", "--check", folder + "/gaps.sprout"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout == "ok \(folder)/gaps.sprout (6 cells)\n")
        // Without the marker the numbers shift and `_5` in f is the wrong cell.
        let broken = text.replacingOccurrences(of: "# [5]\n", with: "")
        try broken.write(toFile: folder + "/broken.sprout", atomically: true, encoding: .utf8)
        let failed = try runSprout(["run", "--check", folder + "/broken.sprout"])
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("cell 6: output differs"), "\(failed.stderr)")
    }
}
