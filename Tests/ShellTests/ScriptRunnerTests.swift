import Foundation
import Testing

@Suite("Running code from the command line")
struct ScriptRunnerTests {
    @Test func evaluatesAnExpression() throws {
        let r = try runSprout(["-e", "fn sq(x) = x * x\nsq(12)"], input: "")
        #expect(r.status == 0)
        #expect(r.stdout == "144\n")
        #expect(r.stderr == "")
    }

    @Test func hiddenOrNoneValuePrintsNothing() throws {
        #expect(try runSprout(["-e", "1 + 1;"], input: "").stdout == "")
        #expect(try runSprout(["-e", "x = 1"], input: "").stdout == "")
        #expect(try runSprout(["-e", "print(\"hi\")"], input: "").stdout == "hi\n")
    }

    @Test func stdlibIsLoaded() throws {
        let r = try runSprout(["-e", "seed(0); param_count(mlp([4, 8, 2]))"], input: "")
        #expect(r.stdout == "58\n")
        #expect(r.status == 0)
    }

    @Test func runtimeErrorIsRenderedAndExitsWithOne() throws {
        let r = try runSprout(["-e", "x = 1\nx + \"a\""], input: "")
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(
            r.stderr == """
                error: cannot add the number 1 and a string
                 --> -e:2:1
                  |
                2 | x + "a"
                  | ^^^^^^^

                """)
    }

    @Test func syntaxErrorIsRendered() throws {
        let r = try runSprout(["-e", "(1 + "], input: "")
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: "))
        #expect(r.stderr.contains("--> -e:1:"))
    }

    @Test func pipedScriptShowsEachExpression() throws {
        let script = "a = 2\na\na * 10;\n[a, a + 1]\nfor i in 0..2 { i }\nprint(\"done\")\n"
        let r = try runSprout([], input: script)
        #expect(r.status == 0)
        #expect(r.stdout == "2\n[2, 3]\ndone\n")
        #expect(r.stderr == "")
        // Not a terminal: no prompts, no escape codes, even for an error.
        let failing = try runSprout([], input: "1 + 1\nnope(1)\n")
        #expect(failing.status == 1)
        #expect(failing.stdout == "2\n")
        #expect(failing.stderr.contains("error: 'nope' is not defined"))
        #expect(!(failing.stdout + failing.stderr).contains("\u{1B}"))
        #expect(!failing.stdout.contains("]>"))
    }

    @Test func scriptFileStopsAtTheFirstError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sprout-test-\(UUID().uuidString).sprout")
        try "1\nnope\n2\n".write(to: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: path) }
        let r = try runSprout([path.path], input: "")
        #expect(r.status == 1)
        #expect(r.stdout == "1\n")
        #expect(r.stderr.hasPrefix("error: 'nope' is not defined\n --> \(path.path):2:1"))
    }

    @Test func missingFileIsAnError() throws {
        let r = try runSprout(["/nonexistent/script.sprout"], input: "")
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot read /nonexistent/script.sprout"))
    }
}
