import Engine
import Foundation
import Testing

@testable import Lang

/// Deeply nested values (issue 8, item 3). Lists and records nest at most
/// `Value.maximumNesting` levels, checked wherever a value is put inside another, so
/// printing, comparing, hashing and freeing them (all recursive in Swift) stay within any
/// stack. Models may nest without a limit: every walk over them is iterative.
@Suite("Deep values")
struct DeepValueTests {
    static let limit = Value.maximumNesting
    static let refusal = "error: a list or record may nest at most \(limit) levels deep"

    /// Every way a program can put a value inside a list or record, each driven past the
    /// limit by a loop (there is no parse depth to stop it).
    static let builders: [EvalCase] = [
        EvalCase("list literal", "x = []\nfor i in 0..2000 { x = [x] }", refusal),
        EvalCase("list literal beside others", "x = 1\nfor i in 0..2000 { x = [1, x, \"a\"] }", refusal),
        EvalCase("record literal", "r = {a: 1}\nfor i in 0..2000 { r = {a: r, b: 2} }", refusal),
        EvalCase("list in record", "r = 1\nfor i in 0..2000 { r = {a: [r]} }", refusal),
        EvalCase("append", "x = []\nfor i in 0..2000 { x = append([], x) }", refusal),
        EvalCase("map", "x = 1\nfor i in 0..2000 { x = map([1], v -> x) }", refusal),
        EvalCase("zip", "x = [1]\nfor i in 0..2000 { x = zip(x) }", refusal),
        EvalCase("index store", "x = [0]\nfor i in 0..2000 { x[0] = x }", refusal),
        EvalCase("nested index store", "x = [[0]]\nfor i in 0..2000 { x[0][0] = x }", refusal),
        EvalCase("slice store", "x = [0]\nfor i in 0..2000 { x[0:1] = [x] }", refusal),
        EvalCase("field store", "r = {a: 1}\nfor i in 0..2000 { r.a = r }", refusal),
        EvalCase("field by index", "r = {a: 1}\nfor i in 0..2000 { r[\"a\"] = r }", refusal),
        EvalCase("compound store", "x = [[]]\nfor i in 0..2000 { y = [[]]\n y[0] += [x]\n x = y }", refusal),
        EvalCase("compound field", "r = {a: []}\nfor i in 0..2000 { s = {a: []}\n s.a += [r]\n r = s }", refusal),
        // A tensor has at most 64 dimensions, so list() of one never nests too deep.
        EvalCase(
            "list of a high-rank tensor", "list(reshape(ones([1]), map(0..2000, i -> 1)))",
            "error: reshape: 2000 dimensions is more than a tensor may have (at most 64); use at most 64 sizes"),
    ]

    @Test(arguments: builders)
    func nestingPastTheLimitIsRefused(_ c: EvalCase) {
        let session = EvalSession()
        let shown = session.run(c.source)
        #expect(shown.hasPrefix(c.expected), "\(c.id): \(shown)")
        // The session goes on, and the deep values it kept print and compare.
        #expect(session.run("1 + 1") == "2")
        for name in ["x", "r"] {
            let shown = session.run(name)
            if shown.hasPrefix("error: '\(name)' is not defined") { continue }
            #expect(!shown.hasPrefix("error"), "\(c.id): \(name) shows \(shown)")
            #expect(session.run("\(name) == \(name)") == "true", "\(c.id)")
        }
    }

    @Test func theLimitItselfIsAllowed() {
        let session = EvalSession()
        #expect(session.run("x = 0\nfor i in 0..\(Self.limit) { x = [x] }\nx == x") == "true")
        #expect(session.run("y = 0\nfor i in 0..\(Self.limit) { y = [y] }\nx == y") == "true")
        #expect(session.run("[x]").hasPrefix(Self.refusal))
        #expect(session.run("x[0] = [x[0]]").hasPrefix(Self.refusal))
        // Printing stops at a fixed depth, like Python's reprlib.
        let shown = session.run("x")
        #expect(shown.hasPrefix("[[[[") && shown.contains("…") && shown.count < 200, "\(shown)")
    }

    @Test func refusedStoreLeavesTheValueAsItWas() {
        let session = EvalSession()
        session.run("x = 0\nfor i in 0..\(Self.limit) { x = [x] }\ny = [1, 2]")
        #expect(session.run("y[0] = x").hasPrefix(Self.refusal))
        #expect(session.run("y") == "[1, 2]")
        #expect(session.run("r = {a: 1}\nr.a = [x]").hasPrefix(Self.refusal))
        #expect(session.run("r") == "{a: 1}")
    }

    /// A value that holds the same list twice at each level is small in memory but
    /// exponential as a tree: checks, comparisons and printing visit each shared list once
    /// (printing stops after a fixed amount of text).
    @Test func sharedListsAreWalkedOnce() {
        let session = EvalSession()
        #expect(session.run("x = 1\nfor i in 0..200 { x = [x, {a: x}] }\ny = 1\nfor i in 0..200 { y = [y, {a: y}] }") == "")
        #expect(session.run("x == y") == "true")
        #expect(session.run("z = [x, x]\nz[0] == z[1]") == "true")
        #expect(session.run("nan_list = [log(-1)]\nnan_list == nan_list") == "false")
        let shown = session.run("w = 1\nfor i in 0..20 { w = [w, w] }\nw")
        #expect(shown.hasPrefix("[[[[") && shown.count < 20_000, "\(shown.count) characters")
    }

    @Test func wideValuesAreNotDeep() {
        // Breadth costs nothing: only depth is limited.
        let session = EvalSession()
        #expect(session.run("len([map(0..100000, i -> [i, {a: [i]}])])") == "1")
    }

    /// A deep value is freed on whatever thread drops the interpreter (the main thread
    /// at :reset and exit): at the limit that must fit in a secondary thread's stack.
    /// Closures are not limited: a chain of a million (each capturing the one before,
    /// directly or inside a list or record) is freed without recursion, on a thread with a
    /// small stack.
    @Test(arguments: ["f", "[f]", "{a: f}"])
    func aLongChainOfClosuresFreesOnASmallStack(_ held: String) async throws {
        let done = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Bool, Error>) in
            let thread = Thread {
                var session: EvalSession? = EvalSession()
                let built = session?.run("fn wrap(f) { h = \(held)\n x -> h }\ng = x -> x\nfor i in 0..1000000 { g = wrap(g) }\n1")
                session = nil  // a recursive free would overflow this 1 MB stack and crash
                continuation.resume(returning: built == "1")
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        #expect(done)
    }

    @Test func freeingTheDeepestValueFitsASmallStack() async throws {
        let done = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Bool, Error>) in
            let thread = Thread {
                var session: EvalSession? = EvalSession()
                // Stops at the limit, so x is as deep as a value can be.
                let built = session?.run("x = 0\nfor i in 0..\(Self.limit) { x = [x, {a: x}] }") ?? ""
                session = nil  // a free that did not fit would crash here
                continuation.resume(returning: built.hasPrefix(Self.refusal))
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        #expect(done)
    }
}

/// Models nest without a limit: forward, shapes, parameters, printing and freeing are
/// all iterative.
@Suite("Deep models")
struct DeepModelTests {
    @Test func aDeeplyNestedModelPrintsRunsAndFrees() {
        let session = EvalSession()
        #expect(session.run("m = linear(2, 2)\nfor i in 0..40000 { m = seq([m]) }") == "")
        let shown = session.run("m")
        #expect(shown.contains("Sequential(1 layer)  (N, 2)") && shown.contains("total 6 parameters"), "\(shown)")
        #expect(session.run("shape(m(ones([3, 2])))") == "[3, 2]")
        #expect(session.run("param_count(m)") == "6")
        #expect(session.run("len(params(m))") == "2")
        #expect(session.run("eval(m)\ntrain(m)\nm == m") == "true")
        #expect(session.run("m = 0") == "")
    }
}
