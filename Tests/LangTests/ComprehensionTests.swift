import Foundation
import Testing

@testable import Lang

/// List comprehensions: the clauses, what they iterate, scoping, limits and Ctrl-C.
@Suite("List comprehensions")
struct ComprehensionTests {
    @Test(arguments: [
        EvalCase("map", "[x * x for x in [1, 2, 3]]", "[1, 4, 9]"),
        EvalCase("range and filter", "[i for i in 0..10 if i % 3 == 0]", "[0, 3, 6, 9]"),
        EvalCase("several ifs", "[i for i in 0..20 if i % 2 == 0 if i % 3 == 0]", "[0, 6, 12, 18]"),
        EvalCase("nested fors", "[[a, b] for a in 0..3 for b in 0..3 if a < b]", "[[0, 1], [0, 2], [1, 2]]"),
        EvalCase("later clause uses earlier variable", "[[a, b] for a in 1..4 for b in 0..a if b > 1]", "[[3, 2]]"),
        EvalCase("destructuring", "[a + b for a, b in [[1, 2], [3, 4]]]", "[3, 7]"),
        EvalCase("string", #"[c + c for c in "ab"]"#, #"["aa", "bb"]"#),
        EvalCase("tensor rows", "[item(r.sum()) for r in tensor([[1, 2], [3, 4]])]", "[3, 7]"),
        EvalCase("nested comprehension", "[[j for j in 0..i] for i in 0..3]", "[[], [0], [0, 1]]"),
        EvalCase("empty", "[x for x in []]", "[]"),
        EvalCase("calls a function", "fn sq(x) = x * x\n[sq(x) for x in 1..4]", "[1, 4, 9]"),
        EvalCase("f-string element", #"[f"{x:.1f}" for x in [0.25, 1]]"#, #"["0.2", "1.0"]"#),
        EvalCase("multi-line", "[x\n for x in 0..3\n if x > 0]", "[1, 2]"),
    ])
    func evaluates(_ c: EvalCase) {
        #expect(evalCell(c.source) == c.expected)
    }

    @Test func parses() {
        #expect(parsed("[f(x) for x in xs if p(x)]") == "(comp (call f x) (for x xs) (if (call p x)))")
        #expect(parsed("[a for a, b in ps for c in a]") == "(comp a (for (a b) ps) (for c a))")
    }

    /// Python 3: the loop variable does not leak; an outer variable of that name keeps
    /// its value (a for loop, by contrast, leaves its variable assigned).
    @Test func loopVariableDoesNotLeak() {
        let session = EvalSession()
        session.run("ys = [x for x in 0..3]")
        #expect(session.run("x").hasPrefix("error: 'x' is not defined"))
        session.run("x = 10")
        session.run("zs = [x * 2 for x in 0..3]")
        #expect(session.run("x") == "10")
        #expect(session.run("zs") == "[0, 2, 4]")
    }

    @Test func loopVariableIsRestoredAfterAnError() {
        let session = EvalSession()
        session.run("x = 10")
        #expect(session.run("[1 / none for x in 0..3]").hasPrefix("error:"))
        #expect(session.run("x") == "10")
    }

    @Test func insideAFunctionTheVariableIsLocal() {
        let session = EvalSession()
        session.run("x = 10")
        session.run("fn f(n) = [x for x in 0..n]")
        #expect(session.run("f(3)") == "[0, 1, 2]")
        #expect(session.run("x") == "10")
    }

    /// Inside a function the loop variable is the comprehension's own: the same name
    /// elsewhere in the function still reads the global, as in Python.
    @Test func insideAFunctionTheSameNameOutsideIsStillGlobal() {
        let session = EvalSession()
        session.run("x = 5")
        session.run("fn f() {\n  ys = [x * 2 for x in 0..3]\n  [ys, x]\n}")
        #expect(session.run("f()") == "[[0, 2, 4], 5]")
        // The first sequence is read outside: `x` there is the global.
        session.run("fn g() = [x + 1 for x in [x]]")
        #expect(session.run("g()") == "[6]")
    }

    /// Inside a function, a function made in the comprehension sees its loop variable:
    /// called at once (`map(ys, y -> y * k)`) and, as in Python, after the end, where it
    /// sees the last value. Both failed with "'k' is not defined": a closure captures a
    /// box, and the loop variable had a plain slot.
    @Test func functionsMadeInsideSeeTheLoopVariable() {
        let session = EvalSession()
        session.run("fn scaled(ks) = [map([1, 2], y -> y * k) for k in ks]")
        #expect(session.run("scaled([1, 2])") == "[[1, 2], [2, 4]]")
        session.run("fn late(ks) { fs = [x -> x * k for k in ks]; [f(10) for f in fs] }")
        #expect(session.run("late([1, 2, 3])") == "[30, 30, 30]")
        session.run("fn kept(k) { a = [(() -> k)() for k in 0..3]; [a, k] }")
        #expect(session.run("kept(7)") == "[[0, 1, 2], 7]")
        session.run("fn filtered(xs) = [[y * x for y in xs if (() -> y > x)()] for x in xs]")
        #expect(session.run("filtered([1, 2, 3])") == "[[2, 3], [6], []]")
        #expect(session.run("[map([1, 2], y -> y * k) for k in [1, 2]]") == "[[1, 2], [2, 4]]")
    }

    @Test func breakIsNotALoopJump() {
        #expect(evalError("for i in 0..3 { [break for x in 0..2] }") == "error: 'break' outside a loop")
    }

    @Test func errors() {
        #expect(
            evalError("[x for x in 5]") == "error: cannot loop over the number 5: a for loop takes a range, a list, a tensor or a string")
        #expect(parsed("[x for x in xs, 1]") == "error: expected 'for', 'if' or ']' (to close '[' at 1:1), found ','")
        #expect(parsed("[x for x in") == "<incomplete>")
        #expect(parsed("[x for 1 in xs]") == "error: expected a loop variable, found '1'")
    }

    @Test func tooManyItemsIsAnError() {
        #expect(
            evalError("[i for i in 0..1e9]")
                == "error: a list comprehension may make at most 10,000,000 items; make fewer (filter with 'if', or slice the input) or keep the data in a tensor"
        )
    }

    /// Clauses count toward the parser's depth limit, so nothing recurses without bound.
    @Test func manyClausesHitTheDepthLimit() {
        let clauses = (0..<(Parser.maximumDepth + 5)).map { "for a\($0) in 0..1" }.joined(separator: " ")
        #expect(parsed("[1 " + clauses + "]") == "error: nesting is too deep (the limit is \(Parser.maximumDepth) levels)")
        var nested = "1"
        for _ in 0..<(Parser.maximumDepth + 5) { nested = "[" + nested + " for x in 0..1]" }
        #expect(parsed(nested) == "error: nesting is too deep (the limit is \(Parser.maximumDepth) levels)")
    }

    /// Filtered-out items count too: a comprehension that keeps nothing still stops.
    @Test func ctrlCStopsALongComprehension() throws {
        let cancellation = Cancellation()
        let interpreter = Interpreter(host: RecordingHost(), cancellation: cancellation)
        let (caught, requests) = runUntilStopped(interpreter, cancellation, "x = 7\n[x for x in 0..1e9 if x < 0]")
        #expect(caught.map { if case .cancelled = $0.kind { return true } else { return false } } == true)
        #expect(requests == 1)
        // The variable of the stopped comprehension is put back: x had 7 before it.
        #expect(try interpreter.run(Source(name: "cell 2", text: "x")) == .number(7))
    }
}
