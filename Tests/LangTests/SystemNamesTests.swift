import Testing

@testable import Lang

/// The note a cell gets when it hides a builtin, through the host (Lang never prints).
@Suite("Hiding a builtin is noted once, through the host")
struct SystemNamesTests {
    @Test("a function hiding a system name is noted once per name, in load order, and the function is still the user's")
    func notes() {
        let session = EvalSession()
        session.run("fn full(x) = x")
        session.run("fn full(x) = 2 * x")
        #expect(session.run("full(3)") == "6")
        session.run("fn mean(x) = 1; fn zeros(x) = 2")
        // One cell hiding two names notes them in load (registry) order, so a replay matches.
        let order = Builtins.all().map(\.name)
        let cellOrder = (order.firstIndex(of: "zeros") ?? 0) < (order.firstIndex(of: "mean") ?? 0) ? ["zeros", "mean"] : ["mean", "zeros"]
        #expect(
            session.host.notes == ["full now means your function; the builtin is hidden until :reset"]
                + cellOrder.map { "\($0) now means your function; the builtin is hidden until :reset" })
        #expect(session.host.output == "")
    }

    /// `train, val = ds.split(0.8)` binds data to names that are builtins: that is what
    /// the user means, so it is not noted, and method sugar still reaches the builtin.
    @Test("a value over a system name is not noted, and x.name() still calls the builtin")
    func valuesAreNotNotedAndMethodsStillWork() {
        let session = EvalSession()
        session.run("mean = 3; train = [1]; pi = 3")
        #expect(session.host.notes == [])
        #expect(session.run("tensor([1, 3]).mean().item()") == "2")
        #expect(session.run("m = seq(dropout(0.5))\nm.train()") == "")
        #expect(session.run("mean") == "3")
        #expect(session.run("train(m)").contains("'train' is your value now, which hides the function train until :reset"))
        #expect(session.run("fn twice(x) = 2 * x; twice = 4; (3).twice()").contains("cannot call"))
    }

    @Test("a local definition, a failed cell before the assignment, and the user's own names give no note")
    func noNote() {
        let session = EvalSession()
        session.run("fn f() {\n  fn full(x) = x\n  full(1)\n}\nf()")
        session.run("nope()\nmean = 1")
        session.run("my_mean = 2")
        #expect(session.host.notes == [])
    }

    @Test("the user's globals still leave out the system's names as loaded, and list a hidden one")
    func globals() {
        let session = EvalSession()
        session.run("fn full(x) = x")
        #expect(session.interpreter.globals.map(\.name) == ["full"])
    }
}
