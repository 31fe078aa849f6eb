import Foundation
import Lang
import Testing

@testable import Shell

/// The deep values of issue 8, item 3, through every way a program reaches the shell:
/// `-e`, a script file, piped input, `sprout run --check`, the prompt and `:load`. A list
/// nested past the limit is a clear error; a deeply nested model prints. No mode may end
/// with a crash (139: stack overflow), including when the values are freed at exit or
/// at `:reset`.
@Suite("Deep values in every mode")
struct DeepValueModeTests {
    static let deepList = "x = []\nfor i in 0..60000 { x = [x] }\nx"
    static let deepModel = "m = linear(2, 2)\nfor i in 0..40000 { m = seq([m]) }\nm"
    static let refusal = "a list or record may nest at most \(Value.maximumNesting) levels deep"
    static let modelRow = "Sequential(1 layer)  (N, 2)"

    @Test func expressionMode() throws {
        let list = try runSprout(["-e", Self.deepList])
        #expect(list.status == 1)
        #expect(list.stderr.contains("error: " + Self.refusal), "\(list.stderr.prefix(300))")
        #expect(list.stderr.contains("--> -e:2:25"))
        let model = try runSprout(["-e", Self.deepModel])
        #expect(model.status == 0, "\(model.stderr.prefix(300))")
        #expect(model.stdout.contains(Self.modelRow) && model.stdout.contains("total 6 parameters"))
    }

    @Test func scriptFileAndPipedInput() throws {
        let folder = try makeTemporaryFolder()
        for (name, text) in [("list", Self.deepList), ("model", Self.deepModel)] {
            let path = "\(folder)/\(name).sprout"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            for run in [try runSprout([path]), try runSprout([], input: text)] {
                if name == "list" {
                    #expect(run.status == 1)
                    #expect(run.stderr.contains("error: " + Self.refusal), "\(run.stderr.prefix(300))")
                } else {
                    #expect(run.status == 0, "\(run.stderr.prefix(300))")
                    #expect(run.stdout.contains(Self.modelRow))
                }
            }
        }
    }

    @Test func replayCheck() throws {
        let folder = try makeTemporaryFolder()
        let path = folder + "/deep.sprout"
        let text = """
            m = linear(2, 2)
            for i in 0..40000 { m = seq([m]) }

            param_count(m)
            #> 6

            x = []
            for i in 0..60000 { x = [x] }
            #> error: \(Self.refusal) (this one would be \(Value.maximumNesting + 1)); keep deep data flat, e.g. a list of records
            #>  --> \(path):8:25
            #>   |
            #> 8 | for i in 0..60000 { x = [x] }
            #>   | \(String(repeating: " ", count: 24))^^^

            len(x)
            #> 1

            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try runSprout(["run", "--check", path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr.prefix(300))")
        #expect(run.stdout.contains("ok "))
    }

    @Test func promptLoadAndReset() throws {
        let folder = try makeTemporaryFolder()
        let script = folder + "/deep.sprout"
        try Self.deepList.write(toFile: script, atomically: true, encoding: .utf8)
        let host = RecordingHost()
        let lines =
            Self.deepList.split(separator: "\n").map(String.init) + [
                ":reset", ":load \(script)", "len(x)", "x = 0",
                Self.deepModel.replacingOccurrences(of: "\n", with: "; "), ":reset",
                Self.deepModel.replacingOccurrences(of: "\n", with: "; "),
            ]
        var repl: REPL? = REPL(reader: ScriptedLineReader(lines: lines), host: host, isTerminal: false)
        #expect(repl?.run() == 0)
        repl = nil  // frees the last model on this thread
        #expect(host.output.components(separatedBy: "error: " + Self.refusal).count == 3, "\(host.output.prefix(600))")
        #expect(host.output.contains("\n1\n"))
        #expect(host.output.components(separatedBy: Self.modelRow).count == 3)
    }
}
