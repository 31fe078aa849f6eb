import Foundation
import Testing
@testable import Lang

/// Evaluation runs on a thread with a big stack; the cells of a script run together on
/// one such thread (`Interpreter.runningCells`) instead of starting one per cell.
@Suite("The big-stack thread")
struct BigStackTests {
    @Test func aRunInsideARunStaysOnItsThread() throws {
        let caller = pthread_self()
        let (outer, sameInside) = try BigStack.run {
            let outer = pthread_self()
            return (outer, try BigStack.run { pthread_equal(pthread_self(), outer) != 0 })
        }
        #expect(pthread_equal(outer, caller) == 0)
        #expect(sameInside)
        // After it, a new run starts a thread again.
        #expect(try BigStack.run { pthread_equal(pthread_self(), caller) } == 0)
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
