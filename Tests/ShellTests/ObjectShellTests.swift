import Foundation
import Lang
import Testing

@testable import Shell

/// A test-only kind of value, as the shell sees one: a grid of `rows` rows of columns a
/// and b, made by the builtin `grid(n)` that the test hands the interpreter as an embedder.
private final class GridObject: SproutObject {
    let rows: Int
    init(rows: Int) { self.rows = rows }
    var kindName: String { "grid" }
    var memberNames: [String] { ["rows", "label"] }
    var count: Int? { rows }
    var sizeDescription: String? { "\(rows) rows × 2 columns" }
    func formatted() -> String { "grid of \(rows) rows\n  columns a, b" }
    func member(_ name: String) throws -> Value? {
        switch name {
        case "rows": return .number(Double(rows))
        case "label": return .string("digits")
        default: return nil
        }
    }
    func item(_ key: ObjectKey) throws -> Value {
        guard case let .position(i) = key else { throw RuntimeError(.index("a grid is indexed by a row number")) }
        return .list([.number(Double(i)), .number(Double(10 * i))])
    }

    static var builtin: Builtin {
        Builtin("grid", [ParameterSpec("n", "a whole number")], summary: "A test grid.", example: "g = grid(3)", topic: "data") {
            args, _ in .object(GridObject(rows: try args.integer("n")))
        }
    }
}

/// A new kind of value through the shell: Tab offers its members after `name.`, `:vars`
/// shows its size, a cell prints it in full and a list in short, its errors carry a caret,
/// and `help()` lists the embedder's builtin; at the prompt (piped lines) and by `:load`.
@Suite("Object hooks through the REPL")
struct ObjectShellTests {
    func session(_ lines: [String]) -> (output: String, repl: REPL) {
        let reader = ScriptedLineReader(lines: lines)
        let host = RecordingHost()
        let repl = REPL(reader: reader, host: host, isTerminal: false) { Interpreter(host: $0, seed: $1, builtins: [GridObject.builtin]) }
        _ = repl.run()
        return (host.output, repl)
    }

    @Test("Tab after a variable's dot offers the object's members beside the functions (method sugar)")
    func completion() {
        let (_, repl) = session(["g = grid(3)", "h = 1"])
        #expect(repl.completionCandidates(line: "g.la", cursor: 4) == ["label", "layernorm"])
        #expect(repl.completionCandidates(line: "x = g.ro", cursor: 8) == ["round", "rows"])
        #expect(repl.completionCandidates(line: "h.la", cursor: 4) == ["layernorm"])
        #expect(repl.completionCandidates(line: "f(g).la", cursor: 7) == ["layernorm"])
        #expect(repl.completionCandidates(line: "h.g.la", cursor: 6) == ["layernorm"])
        #expect(repl.completionCandidates(line: "gri", cursor: 3) == ["grid"])
    }

    @Test(":vars shows the object's size, and not the embedder's builtin")
    func vars() {
        let (output, _) = session(["g = grid(3)", ":vars"])
        #expect(output.contains("g  grid  3 rows × 2 columns"), "\(output)")
        #expect(!output.contains("grid(n)"), "\(output)")
    }

    @Test("a cell prints the object in full, a list in short; members and indexing work")
    func printing() {
        let (output, _) = session(["g = grid(3)", "g", "[g, 1]", "g.label", "g[-1]", "len(g)"])
        #expect(output.contains("grid of 3 rows\n  columns a, b\n"), "\(output)")
        #expect(output.contains("[<grid>, 1]\n"), "\(output)")
        #expect(output.contains("\"digits\"\n[2, 20]\n3\n"), "\(output)")
    }

    @Test("errors name the kind, point a caret at the member or index, and the session goes on")
    func errors() {
        let (output, _) = session(["g = grid(3)", "g.lable", "g[\"a\"]", "g[3]", "g.rows"])
        #expect(output.contains("a grid has no member 'lable' (did you mean 'label'?)"), "\(output)")
        #expect(output.contains("g.lable\n  |   ^^^^^"), "\(output)")
        #expect(output.contains("a grid is indexed by a row number"), "\(output)")
        #expect(output.contains("index 3 is out of range for a grid of 3 items"), "\(output)")
        #expect(output.hasSuffix("3\n"), "\(output)")
    }

    @Test(":reset makes the interpreter anew, with the embedder's builtins still there")
    func reset() {
        let (output, _) = session(["g = grid(2)", ":reset", "g", "grid(4).rows"])
        #expect(output.contains("'g' is not defined"), "\(output)")
        #expect(output.hasSuffix("4\n"), "\(output)")
    }

    @Test("help() lists the embedder's builtin under its topic; :load runs cells that use it")
    func helpAndLoad() throws {
        let path = try writeSproutFile("g = grid(2)\ng.rows\n")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let (output, _) = session(["print(help())", ":load \(path)", "g[1]"])
        // The data topic's line, whatever other data builtins share it.
        let dataLine = output.split(separator: "\n").drop { $0 != "data" }.dropFirst().first ?? ""
        #expect(dataLine.split(separator: " ").contains("grid"), "\(output)")
        #expect(output.contains("2\n"), "\(output)")
        #expect(output.hasSuffix("[1, 10]\n"), "\(output)")
    }
}
