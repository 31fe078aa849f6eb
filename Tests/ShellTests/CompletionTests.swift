import Foundation
import Lang
import Testing

@testable import Shell

/// Tab completion's candidates, computed without libedit.
@Suite("Tab completion")
struct CompletionTests {
    static let globals = ["map", "matmul", "max", "mean", "linear", "load", "adam", "x", "model"]
    static let commands = [":save", ":help", ":history", ":load", ":quit"]

    func complete(_ line: String, cursor: Int? = nil) -> [String] {
        Completion.candidates(
            line: line, cursor: cursor ?? line.count, globals: Self.globals,
            parameters: { $0 == "adam" ? ["model", "lr", "betas"] : [] },
            commands: Self.commands)
    }

    @Test func globalNamesAfterAnAssignment() {
        #expect(complete("x = ma") == ["map", "matmul", "max"])
    }

    @Test func wordsBreakAtOperatorsAndBrackets() {
        #expect(complete("y = 1+ma") == ["map", "matmul", "max"])
        #expect(complete("f([me") == ["mean"])
    }

    /// Inside an f-string's `{…}` the word is code: names, methods and parameters, not
    /// paths; outside the braces (or after `{{`) it is still text.
    @Test func namesInsideAnFStringField() {
        #expect(complete(#"f"loss {ma"#) == ["map", "matmul", "max"])
        #expect(complete(#"f"{x.me"#) == ["mean"])
        #expect(complete(#"f"{adam(m, l"#) == ["linear", "load", "lr:"])
        #expect(complete(#"f"{x} {{ma"#) != ["map", "matmul", "max"])
        #expect(complete(#"f"{x} ma"#) != ["map", "matmul", "max"])
    }

    @Test func methodNamesAfterADot() {
        #expect(complete("x.me") == ["mean"])
        #expect(complete("1.5") == [])
    }

    @Test func tensorPropertiesAfterADotOnly() {
        #expect(complete("x.m") == ["map", "matmul", "max", "mean", "model", "mT"].sorted())
        #expect(complete("x.T") == ["T"])
        #expect(complete("y = T") == [])
    }

    @Test func namedArgumentsOfTheCalledFunction() {
        #expect(complete("adam(m, l").contains("lr:"))
        #expect(complete("adam(m, l") == ["linear", "load", "lr:"])
        #expect(complete("adam(linear(2, 3), be") == ["betas:"])
        #expect(complete("adam(m, [1, 2], be") == ["betas:"])
        // Outside the parentheses the parameters are not offered.
        #expect(complete("adam(m) + l") == ["linear", "load"])
    }

    @Test func shellCommandsAtTheStartOfALine() {
        #expect(complete(":sa") == [":save"])
        #expect(complete(":h") == [":help", ":history"])
        #expect(complete(":save na") == [])
    }

    @Test func cursorInTheMiddleOfTheLine() {
        #expect(complete("x = ma + 1", cursor: 6) == ["map", "matmul", "max"])
    }

    @Test func filePathsInsideAStringLiteral() throws {
        let folder = URL(fileURLWithPath: try makeTemporaryFolder())
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Sources"), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("Sources/data.csv").path, contents: Data())
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = folder.path
        // The word starts after the last break character (`/`, `.`): candidates replace it.
        #expect(complete("load(\"\(base)/Sou") == ["Sources/"])
        #expect(complete("load(\"\(base)/Sources/da") == ["data.csv"])
        #expect(complete("load('\(base)/Sources/data.c") == ["csv"])
        // A closed string is code again.
        #expect(complete("load(\"\(base)\") + ma") == ["map", "matmul", "max"])
    }

    @Test func relativePathsFromTheWorkingDirectory() {
        let cwd = FileManager.default.currentDirectoryPath
        guard FileManager.default.fileExists(atPath: cwd + "/Sources") else { return }
        #expect(complete("load(\"Sou") == ["Sources/"])
    }

    @Test func theREPLOffersItsOwnNamesAndCommands() {
        let repl = REPL(reader: ScriptedLineReader([]), host: RecordingHost(), isTerminal: false)
        repl.runCell("mango = 1")
        #expect(repl.completionCandidates(line: "y = man", cursor: 7) == ["mango"])
        #expect(repl.completionCandidates(line: ":sa", cursor: 3) == [":save"])
        #expect(repl.completionCandidates(line: "adam(mango, l", cursor: 13).contains("lr:"))
    }
}

@Suite("Completion: stdlib")
struct StdlibCompletionTests {
    /// The repository's `stdlib/` folder, found from this file's path.
    static let stdlib = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("stdlib").path

    @Test func tabCompletesStdlibFunctions() {
        let repl = REPL(reader: ScriptedLineReader([]), host: RecordingHost(), isTerminal: false, seed: 0) { host, seed in
            let interpreter = Interpreter(host: host, seed: seed)
            try? interpreter.loadStdlib(directory: Self.stdlib)
            return interpreter
        }
        #expect(repl.completionCandidates(line: "train_s", cursor: 7) == ["train_step"])
        #expect(repl.completionCandidates(line: "acc", cursor: 3) == ["accuracy"])
        #expect(repl.completionCandidates(line: "m = ml", cursor: 6) == ["mlp"])
        #expect(repl.completionCandidates(line: "train_step(m, o", cursor: 15).contains("opt:"))
    }
}
