import Glibc
import Testing

@testable import Lang

/// Cells run on a big-stack thread; a caller that runs many cells (a replay, `run
/// --check`) enters it once, and every cell inside runs there without a thread of its own
/// (issue 8, item 18: a thread per cell cost ~100 µs, fifty times the cell itself).
@Suite("Big stack")
struct BigStackTests {
    @Test func aRunInsideARunStaysOnTheSameThread() throws {
        var outer = pthread_t(), inner = pthread_t()
        try BigStack.run {
            outer = pthread_self()
            try BigStack.run { inner = pthread_self() }
        }
        #expect(pthread_equal(outer, inner) != 0)
        #expect(pthread_equal(outer, pthread_self()) == 0)
    }

    @Test func aRunOnAnotherThreadAfterwardsGetsItsOwnBigStack() throws {
        var first = pthread_t(), second = pthread_t()
        try BigStack.run { first = pthread_self() }
        try BigStack.run { second = pthread_self() }
        #expect(pthread_equal(first, pthread_self()) == 0)
        #expect(pthread_equal(second, pthread_self()) == 0)
    }

    @Test func cellsRunInsideOneRunStillRecurseDeeply() throws {
        let s = EvalSession()
        let shown = try BigStack.run {
            (1...3).map { _ in s.run("fn down(n) = if n == 0 { 0 } else { 1 + (1 * (1 + down(n - 1) - 1)) }\ndown(990)") }
        }
        #expect(shown == ["990", "990", "990"])
    }

    @Test func errorsComeOutOfANestedRun() {
        #expect(throws: RuntimeError.self) {
            try BigStack.run { try BigStack.run { throw RuntimeError(.other("inner")) } }
        }
    }

    @Test func cellsRunTogetherKeepTheirNumbersAndValues() throws {
        let s = EvalSession()
        let shown = try Interpreter.runningCells { [s.run("1 + 1"), s.run("_1 * 10"), s.run("nope")] }
        #expect(shown[0] == "2")
        #expect(shown[1] == "20")
        #expect(shown[2].hasPrefix("error: 'nope' is not defined"))
        #expect(s.interpreter.nextCellNumber == 4)
    }
}
