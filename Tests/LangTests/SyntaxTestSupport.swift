@testable import Lang

/// Compact printed forms of tokens and trees, so syntax tests read as tables:
/// `1 + 2 * 3` is `(+ 1 (* 2 3))`, `f(x, lr: 3e-4)` is `(call f x (lr: 0.0003))`.
enum SExpression {
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }

    static func print(_ program: Program) -> String {
        program.body.map(print).joined(separator: "; ")
    }

    static func print(_ e: Expr) -> String {
        switch e.kind {
        case let .number(x): return number(x)
        case let .string(s): return s.debugDescription
        case let .bool(b): return b ? "true" : "false"
        case .none: return "none"
        case let .list(items): return group("list", items.map(print))
        case let .formatString(parts): return group("f", parts.map(print))
        case let .comprehension(element, clauses): return group("comp", [print(element)] + clauses.map(print))
        case let .record(fields): return group("record", fields.map { "(\($0.name): \(print($0.value)))" })
        case let .range(a, b): return group("..", [print(a), print(b)])
        case let .name(n): return n
        case let .cellValue(n): return "_\(n)"
        case let .unary(op, x): return group(op.rawValue, [print(x)])
        case let .binary(op, a, b): return group(op.rawValue, [print(a), print(b)])
        case let .logical(op, a, b): return group(op.rawValue, [print(a), print(b)])
        case let .member(x, name, _): return group(".", [print(x), name])
        case let .index(x, items): return group("index", [print(x)] + items.map(print))
        case let .call(f, arguments): return group("call", [print(f)] + arguments.map(print))
        case let .lambda(parameters, body): return group("->", [print(parameters), print(body)])
        case let .function(name, parameters, body): return group("fn", [name, print(parameters), print(body)])
        case let .block(items): return group("block", items.map(print))
        case let .ifElse(c, t, e): return group("if", [print(c), print(t)] + (e.map { [print($0)] } ?? []))
        case let .forIn(v, s, b): return group("for", [print(v), print(s), print(b)])
        case let .whileLoop(c, b): return group("while", [print(c), print(b)])
        case .breakLoop: return "break"
        case .continueLoop: return "continue"
        case let .returnValue(v): return group("return", v.map { [print($0)] } ?? [])
        case let .assign(p, v): return group("=", [print(p), print(v)])
        case let .compoundAssign(op, p, v): return group(op.rawValue + "=", [print(p), print(v)])
        }
    }

    /// `"text"`, or a field as `{x}` / `{x :.4f}`.
    static func print(_ part: FormatPart) -> String {
        switch part {
        case let .text(text): return text.debugDescription
        case let .field(value, spec, _): return "{" + print(value) + (spec.isEmpty ? "" : " :" + spec) + "}"
        }
    }

    /// `(for x xs)` or `(if c)`.
    static func print(_ clause: ComprehensionClause) -> String {
        switch clause {
        case let .loop(pattern, sequence): return group("for", [print(pattern), print(sequence)])
        case let .filter(condition): return group("if", [print(condition)])
        }
    }

    static func print(_ argument: Argument) -> String {
        argument.label.map { "(\($0): \(print(argument.value)))" } ?? print(argument.value)
    }

    static func print(_ parameters: [ParameterDecl]) -> String {
        "("
            + parameters.map { p in p.defaultValue.map { "\(p.name): \(print($0))" } ?? p.name }
            .joined(separator: " ") + ")"
    }

    /// A slice's missing part prints as `~`: `x[::2]` is `(index x (: ~ ~ 2))`.
    static func print(_ item: IndexItem) -> String {
        switch item {
        case let .value(v): return print(v)
        case let .slice(start, end, step, _):
            return group(":", [start.map(print) ?? "~", end.map(print) ?? "~"] + (step.map { [print($0)] } ?? []))
        }
    }

    static func print(_ pattern: Pattern) -> String {
        switch pattern {
        case let .name(n, _): return n
        case let .tuple(items, _): return "(" + items.map(print).joined(separator: " ") + ")"
        case let .index(x, items, _): return group("index", [print(x)] + items.map(print))
        case let .member(x, name, _): return group(".", [print(x), name])
        }
    }

    static func group(_ head: String, _ parts: [String]) -> String {
        "(" + ([head] + parts).joined(separator: " ") + ")"
    }

    /// A token as written, close to the source: `3.5`, `"a"`, `x`, `_7`, `fn`, `+=`, `⏎`.
    static func print(_ token: Token, in source: Source) -> String {
        switch token.kind {
        case let .number(x): return number(x)
        case let .string(s): return s.debugDescription
        case let .identifier(n): return n
        case let .cellReference(n): return "_\(n)"
        case .newline: return "⏎"
        case .endOfInput: return "⊣"
        default: return source.text(of: token.range)
        }
    }
}

/// Parses one cell and prints the result: the tree, `<incomplete>`, or the error message.
func parsed(_ text: String) -> String {
    let source = Source(name: "cell 1", text: text)
    do {
        switch try Parser.parse(source) {
        case let .complete(program): return SExpression.print(program)
        case .incomplete: return "<incomplete>"
        }
    } catch let error as SyntaxError {
        return "error: " + error.message
    } catch {
        return "unexpected error type: \(error)"
    }
}

/// The fully rendered diagnostic for a cell that should fail ("no error" otherwise).
func diagnostic(_ text: String, name: String = "cell 1", final: Bool = false) -> String {
    let source = Source(name: name, text: text)
    do {
        if final {
            _ = try Parser.parseProgram(source)
        } else if case .incomplete = try Parser.parse(source) {
            return "<incomplete>"
        }
        return "no error"
    } catch let error as SyntaxError {
        return DiagnosticRenderer.render(error)
    } catch {
        return "unexpected error type: \(error)"
    }
}

/// Deterministic randomness for the fuzz tests (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
