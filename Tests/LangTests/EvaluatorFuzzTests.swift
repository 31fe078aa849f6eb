import Foundation
import Testing

@testable import Lang

/// Random programs through the whole pipeline (lexer, parser, compiler, evaluator): each
/// may succeed or fail with a Sprout error, but none may crash or hang. Programs come
/// from a small grammar over every construct, with small values and bounded loops, plus
/// character-level mutations of them; a watchdog stops any that runs too long.
@Suite("Evaluator fuzzing")
struct EvaluatorFuzzTests {
    /// `SPROUT_FUZZ_PROGRAMS` raises the count for a long run.
    static let programsPerRun = ProcessInfo.processInfo.environment["SPROUT_FUZZ_PROGRAMS"].flatMap { Int($0) } ?? 1_000
    /// `SPROUT_FUZZ_SEED` picks another sequence of programs.
    static let seed = ProcessInfo.processInfo.environment["SPROUT_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5eed

    @Test func randomProgramsNeverCrash() throws {
        var generator = ProgramGenerator(seed: EvaluatorFuzzTests.seed)
        var outcomes = [String: Int]()
        for i in 0..<EvaluatorFuzzTests.programsPerRun {
            var cells = generator.program()
            if i % 3 == 2 { cells = cells.map { generator.below(3) == 0 ? generator.mutate($0) : $0 } }
            for (cell, outcome) in zip(cells, EvaluatorFuzzTests.run(cells)) {
                outcomes[outcome, default: 0] += 1
                if ProcessInfo.processInfo.environment["SPROUT_FUZZ_SHOW"] == outcome { print("----\n\(cell)") }
            }
        }
        // Cells succeed, fail to parse and fail to run: every path was exercised.
        #expect((outcomes["value"] ?? 0) + (outcomes["nothing"] ?? 0) > 0)
        #expect((outcomes["runtime error"] ?? 0) > 0)
        #expect((outcomes["syntax error"] ?? 0) > 0)
        #expect(outcomes["other error"] == nil)
        print("fuzzed \(EvaluatorFuzzTests.programsPerRun) programs: \(outcomes.sorted { $0.key < $1.key })")
    }

    /// Deep values (issue 8): random mixes of every way to nest lists, records and
    /// models, driven by loops far past the nesting limit, then printed, compared, walked
    /// and freed (each program's interpreter is dropped on this thread).
    @Test func deepValuesNeverCrash() throws {
        var generator = ProgramGenerator(seed: EvaluatorFuzzTests.seed ^ 0xDEE9)
        let wraps = [
            "[v]", "[1, v]", "{a: v}", "{a: [v], b: 2}", "append([], v)", "map([1], i -> v)", "zip([v])",
            "[v, v]", "[{a: v}, v]", "seq([v])", "seq(v, relu())", "[seq(linear(2, 2))]",
        ]
        let stores = ["v[0] = v", "v.a = v", "v[\"a\"] = v", "v[0][0] = v", "v[0:1] = [v]", "w = [[]]\nw[0] += [v]\nv = w"]
        let starts = ["[]", "[0]", "[[0]]", "{a: 1}", "{a: [1]}", "linear(2, 2)", "seq(linear(2, 2))"]
        let uses = ["v", "v == v", "[v] == [v]", "str(v)", "len(str(v))", "param_count(v)", "v(ones([1, 2]))", "params(v)", "list(v)"]
        var outcomes = [String: Int]()
        for _ in 0..<40 {
            let count = [10, 1_200, 5_000, 40_000][generator.below(4)]
            let step = generator.below(3) == 0 ? generator.pick(stores) : "v = " + generator.pick(wraps)
            let cells = ["v = " + generator.pick(starts), "for i in 0..\(count) { \(step) }", generator.pick(uses), generator.pick(uses)]
            for outcome in EvaluatorFuzzTests.run(cells) { outcomes[outcome, default: 0] += 1 }
        }
        #expect((outcomes["runtime error"] ?? 0) > 0)
        #expect((outcomes["value"] ?? 0) > 0)
        #expect(outcomes["other error"] == nil && outcomes["syntax error"] == nil, "\(outcomes)")
    }

    /// Runs a program's cells in one fresh interpreter (an error ends a cell, not the
    /// program), with a watchdog that requests a stop after 2 seconds and every 2 seconds
    /// after, so each runaway cell is stopped; what each cell did.
    static func run(_ cells: [String]) -> [String] {
        let cancellation = Cancellation()
        let interpreter = Interpreter(host: RecordingHost(), cancellation: cancellation)
        let watchdog = Stopper(cancellation, after: 2, every: 2)
        defer { watchdog.finish() }
        return cells.map { text in
            do {
                guard let value = try interpreter.run(Source(name: "fuzz", text: text)) else { return "nothing" }
                _ = ValueFormatter.format(value)
                return "value"
            } catch let error as RuntimeError {
                _ = DiagnosticRenderer.render(error)
                return "runtime error"
            } catch let error as SyntaxError {
                _ = DiagnosticRenderer.render(error)
                return "syntax error"
            } catch {
                return "other error"
            }
        }
    }
}

/// Programs over every construct, from a seeded random source.
struct ProgramGenerator {
    /// The same SplitMix64 stream the parser's fuzz tests use (SyntaxTestSupport.swift).
    var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    mutating func next() -> UInt64 { random.next() }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    static let names = ["a", "b", "c", "xs", "r", "t", "s"]
    static let functions = ["f", "g", "len", "sum", "mean", "relu", "str", "sorted", "shape", "tensor", "item"]

    /// A program as cells: set-up, then random statements (a few cells hold several).
    mutating func program() -> [String] {
        var lines = [
            "a = \(pick(["1", "2", "-1", "0.5"]))",
            "xs = [1, 2, 3]",
            "r = {p: 1, q: [2, 3]}",
            "t = tensor([[1, 2], [3, 4]])",
            "s = \"ab\"",
            "fn f(x, y: 1) = x * y + \(pick(["1", "a", "0"]))",
            "g = v -> \(expression(2))",
            // Operands whose broadcasts and products are over the 2^31-element limit.
            "col = zeros([47000, 1])",
            "row = zeros([1, 47000])",
        ]
        for _ in 0..<(2 + below(8)) {
            var cell = statement(depth: 0)
            if below(4) == 0 { cell += (below(2) == 0 ? "; " : "\n") + statement(depth: 0) }
            if below(5) == 0 { cell += ";" }
            lines.append(cell)
        }
        return lines
    }

    mutating func statement(depth: Int) -> String {
        // break / continue / return (the last case) only inside a block.
        let limit = depth == 0 ? 10 : depth >= 2 ? 5 : 11
        switch below(limit) {
        case 0: return "\(pick(ProgramGenerator.names)) = \(expression(3))"
        case 1: return "\(pick(ProgramGenerator.names)) \(pick(["+=", "-=", "*=", "/="])) \(expression(2))"
        case 2: return "\(pick(["xs", "t", "r"]))[\(index())] = \(expression(2))"
        case 3: return "r.\(pick(["p", "q", "z"])) = \(expression(2))"
        case 4: return expression(3)
        case 5: return "for \(pick(["i", "a", "k, j"])) in \(pick(["0..3", "xs", "t", "[[1, 2]]", "s"])) { \(block(depth)) }"
        case 6: return "if \(expression(2)) { \(block(depth)) } else { \(block(depth)) }"
        case 7: return "k = 0; while k < 3 { k += 1; \(block(depth)) }"
        case 8: return "fn \(pick(["h", "f", "g"]))(\(pick(["x", "x, y", "x, y: 2", ""]))) { \(block(depth)) }"
        case 9: return "\(pick(["a, b", "b, c"])) = \(pick(["[1, 2]", "xs", "0..2", "t", "a"]))"
        default: return "\(pick(["break", "continue", "return 1", "return"]))"
        }
    }

    mutating func block(_ depth: Int) -> String {
        (0..<(1 + below(3))).map { _ in statement(depth: depth + 1) }.joined(separator: "; ")
    }

    mutating func index() -> String {
        switch below(6) {
        case 0: return pick(["0", "1", "-1", "5"])
        case 1: return pick([":", "1:", ":-1", "::2", "::-1", "0:1"])
        case 2: return "\(pick(["0", ":"])), \(pick(["0", "1:", "-1"]))"
        case 3: return pick(["[0, 1]", "[true, false]", "t > 2", "\"p\""])
        case 4: return "\(expression(1))"
        default: return pick(["a", "0..1", "none"])
        }
    }

    /// Compound expressions are parenthesized, so most programs parse (comparisons do
    /// not chain, and ranges do not nest); the mutations take care of bad syntax.
    mutating func expression(_ depth: Int) -> String {
        if depth <= 0 { return atom() }
        switch below(12) {
        case 0, 1: return atom()
        case 2: return "(\(expression(depth - 1)) \(pick(["+", "-", "*", "/", "%", "**", "@"])) \(expression(depth - 1)))"
        case 3: return "(\(expression(depth - 1)) \(pick(["<", "<=", ">", ">=", "==", "!="])) \(expression(depth - 1)))"
        case 4: return "(\(pick(["not ", "-", ""]))\(expression(depth - 1)) \(pick(["and", "or"])) \(expression(depth - 1)))"
        case 5: return "\(pick(ProgramGenerator.functions))(\(arguments(depth - 1)))"
        case 6:
            return "\(expression(depth - 1)).\(pick(["p", "q", "sum", "len", "shape", "f", "mean"]))\(pick(["", "()", "(1)", "(axis: 0)"]))"
        case 7: return "\(pick(["xs", "t", "r", "s", "a"]))[\(index())]"
        case 8: return "(if \(expression(depth - 1)) { \(expression(depth - 1)) } else { \(expression(depth - 1)) })"
        case 9: return "(\(expression(depth - 1)) |> \(pick(["f()", "g()", "len()", "f(2)"])))"
        case 10: return "(\(pick(["x", "(x, y)", "()"])) -> \(expression(depth - 1)))(\(arguments(depth - 1, named: false)))"
        default: return "[\(arguments(depth - 1, named: false))]"
        }
    }

    mutating func arguments(_ depth: Int, named: Bool = true) -> String {
        let parts = (0..<below(3)).map { _ in expression(depth) }
        guard named, below(4) == 0 else { return parts.joined(separator: ", ") }
        return (parts + ["\(pick(["y", "axis", "x"])): \(expression(depth))"]).joined(separator: ", ")
    }

    mutating func atom() -> String {
        pick([
            "0", "1", "2", "-3", "0.5", "1e3", "true", "false", "none", "\"x\"", "[]", "{}", "{p: 1}",
            "0..3", "a", "b", "xs", "r", "t", "s", "_", "_1", "f", "g", "undefined_name", "[1, [2]]",
            "col", "row", "unsqueeze(row, 0)", "zeros([46341, 46341])", ProgramGenerator.deepList,
        ])
    }

    /// A list literal nested one deeper than a tensor may have dimensions.
    static let deepList = String(repeating: "[", count: 65) + "1" + String(repeating: "]", count: 65)

    /// Deletes, duplicates or replaces a few characters.
    mutating func mutate(_ text: String) -> String {
        var chars = Array(text)
        for _ in 0..<(1 + below(3)) where !chars.isEmpty {
            let i = below(chars.count)
            switch below(3) {
            case 0: chars.remove(at: i)
            case 1: chars.insert(chars[i], at: i)
            default: chars[i] = pick(Array("()[]{},.:;=+-*/<>|#\"0a \n"))
            }
        }
        return String(chars)
    }
}
