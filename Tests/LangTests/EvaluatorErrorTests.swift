import Foundation
import Testing

@testable import Lang

/// Runtime errors as the user reads them: message, the range under the caret, and the
/// call stack through Sprout functions.
@Suite("Evaluator errors")
struct EvaluatorErrorTests {
    static let renderedCases: [EvalCase] = [
        EvalCase(
            "undefined name with suggestion", "lrate = 0.1\nlrat * 2",
            """
            error: 'lrat' is not defined (did you mean 'lrate'?)
             --> cell 1:2:1
              |
            2 | lrat * 2
              | ^^^^
            """),
        EvalCase(
            "operator on wrong kinds", "x = 1 + \"a\"",
            """
            error: cannot add the number 1 and a string
             --> cell 1:1:5
              |
            1 | x = 1 + "a"
              |     ^^^^^^^
            """),
        EvalCase(
            "shape mismatch names both shapes", "tensor([1, 2]) + tensor([1, 2, 3])",
            """
            error: add: shapes (2,) and (3,) cannot be broadcast together (dimension 0 is 2 vs 3)
             --> cell 1:1:1
              |
            1 | tensor([1, 2]) + tensor([1, 2, 3])
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            """),
        EvalCase(
            "builtin argument error at the call", "y = zeros(\"big\")",
            """
            error: zeros: shape expects whole numbers or a list of them, got a string
             --> cell 1:1:5
              |
            1 | y = zeros("big")
              |     ^^^^^^^^^^^^
            """),
        EvalCase(
            "call stack through functions", "fn inner(x) = x + \"s\"\nfn outer(y) = inner(y * 2)\nouter(1)",
            """
            error: cannot add the number 2 and a string
             --> cell 1:1:15
              |
            1 | fn inner(x) = x + "s"
              |               ^^^^^^^
              = note: in inner, called at cell 1:2:15
              = note: in outer, called at cell 1:3:1
            """),
        EvalCase(
            "error inside a lambda called by a builtin", "map([1, 2], x -> x + \"a\")",
            """
            error: cannot add the number 1 and a string
             --> cell 1:1:18
              |
            1 | map([1, 2], x -> x + "a")
              |                  ^^^^^^^
              = note: in lambda, called at cell 1:1:1
            """),
        EvalCase(
            "index out of range", "xs = [1, 2]\nxs[5]",
            """
            error: index 5 is out of range for a list of 2 items
             --> cell 1:2:4
              |
            2 | xs[5]
              |    ^
            """),
        EvalCase(
            "break outside a loop", "x = 1\nbreak",
            """
            error: 'break' outside a loop
             --> cell 1:2:1
              |
            2 | break
              | ^^^^^
            """),
    ]

    static let messageCases: [EvalCase] = [
        EvalCase("calling a number", "x = 3\nx(1)", "error: cannot call the number 3: only functions and models can be called"),
        EvalCase("too many arguments", "fn f(a) = a\nf(1, 2)", "error: f: takes 1 argument, got 2"),
        EvalCase("unknown named argument", "fn f(a) = a\nf(b: 1)", "error: f: has no parameter named 'b' (it takes a)"),
        EvalCase("missing argument", "fn f(a, b) = a\nf(1)", "error: f: missing argument 'b' (any value)"),
        EvalCase(
            "condition must be a bool", "if [1] { 1 }",
            "error: a condition must be a bool, a number or a one-element tensor, got a list of 1"),
        EvalCase(
            "many-element mask as condition", "if tensor([1, 2]) > 0 { 1 }",
            "error: a condition must be a bool, a number or a one-element tensor, got a tensor of shape (2,) (use any(...) or all(...))"),
        EvalCase("continue outside a loop", "continue", "error: 'continue' outside a loop"),
        EvalCase("return outside a function", "return 1", "error: 'return' outside a function"),
        EvalCase("break inside a lambda inside a loop", "for i in 0..2 { f = () -> { break } }", "error: 'break' outside a loop"),
        EvalCase(
            "missing record field", "r = {lr: 1, wd: 2}\nr.lrr",
            "error: the record has no field 'lrr' (its fields are lr, wd; did you mean 'lr'?)"),
        EvalCase("field of a number", "x = 1\nx.foo", "error: the number 1 has no field 'foo'"),
        EvalCase("unknown method", "tensor([1]).meen()", "error: 'meen' is not defined (did you mean 'mean'?)"),
        EvalCase("unpack wrong count", "a, b = [1, 2, 3]", "error: cannot unpack 3 values into 2 names"),
        EvalCase("unpack a number", "a, b = 1", "error: cannot unpack the number 1 into 2 names"),
        EvalCase(
            "loop over a number", "for i in 5 { }",
            "error: cannot loop over the number 5: a for loop takes a range, a list, a tensor or a string"),
        EvalCase("range of fractions", "0..2.5", "error: a range's end must be a whole number, got 2.5"),
        EvalCase("slice step zero", "[1, 2][::0]", "error: a slice's step cannot be zero"),
        EvalCase(
            "assigning into a string", "s = \"ab\"\ns[0] = \"x\"",
            "error: cannot assign into a string: strings cannot be changed in place (build a new one with +)"),
        EvalCase(
            "writing into a tensor that needs gradients", "x = requires_grad(ones([2]))\nx[0] = 1",
            "error: index assignment: cannot write into a tensor that records gradients; to change a model's parameter use set_param(model, name, value), to change a copy write into detach(x)"
        ),
        EvalCase(
            "local before assignment", "count = 0\nfn bump() { count += 1 }\nbump()",
            "error: 'count' has no value yet: it is assigned in this function, which makes it local here (a function cannot reassign a global; return the new value instead)"
        ),
        EvalCase("modulo on a string", "\"a\" % 2", "error: cannot take the remainder of a string divided by the number 2"),
        EvalCase(
            "two masks", "x = ones([2, 2])\nx[[true, false], [true, true]]", "error: only one index list or mask is allowed in one indexing"
        ),
        EvalCase("index a number", "x = 5\nx[0]", "error: cannot index the number 5"),
        // The specialized nodes (a local or global with a number literal, a global call)
        // fall back to the same errors as the general ones.
        EvalCase("local op literal on a string", "fn f(s) = s - 1\nf(\"a\")", "error: cannot subtract the number 1 from a string"),
        EvalCase("global op literal on a list", "xs = [1]\nxs * 2", "error: cannot multiply a list of 1 by the number 2"),
        EvalCase(
            "local comparison on a string as a condition", "fn f(s) = if s < 2 { 1 } else { 0 }\nf(\"a\")",
            "error: cannot compare a string and the number 2 with '<'"),
        EvalCase(
            "local op literal before assignment", "fn f() {\n  y = y + 1\n}\nf()",
            "error: 'y' has no value yet: it is assigned in this function, which makes it local here (a function cannot reassign a global; return the new value instead)"
        ),
        EvalCase("global call of an undefined function", "nope(1)", "error: 'nope' is not defined"),
        EvalCase("global call of a number", "n = 1\nn(2)", "error: cannot call the number 1: only functions and models can be called"),
        EvalCase("global call with the wrong count", "fn f(a) = a\nf()", "error: f: missing argument 'a' (any value)"),
        EvalCase(
            "calling a model with two inputs", "seed(0)\nm = linear(2, 2)\nm(1, 2)",
            "error: Linear: a model takes one input tensor, got 2 arguments"),
    ]

    @Test(arguments: renderedCases) func rendered(_ c: EvalCase) { #expect(evalCell(c.source) == c.expected) }
    @Test(arguments: messageCases) func messages(_ c: EvalCase) { #expect(evalError(c.source) == c.expected) }

    @Test func runtimeErrorCarriesRangeAndSource() throws {
        let interpreter = Interpreter(host: RecordingHost())
        let source = Source(name: "cell 1", text: "fn f(x) = x[3]\nf([1])")
        #expect(throws: RuntimeError.self) { try interpreter.run(source) }
        do {
            _ = try interpreter.run(source)
        } catch let error as RuntimeError {
            #expect(error.source === source)
            #expect(error.range.map { source.text(of: $0) } == "3")
            #expect(error.stack.map(\.function) == ["f"])
            #expect(error.stack.first.map { source.text(of: $0.range) } == "f([1])")
        }
    }

    @Test func syntaxErrorsSurfaceAsSyntaxErrors() {
        let interpreter = Interpreter(host: RecordingHost())
        #expect(throws: SyntaxError.self) { try interpreter.run(Source(name: "cell 1", text: "(1 + ")) }
    }

    @Test func deepRecursionIsAnErrorNotACrash() {
        let text = evalCell("fn down(n) = if n == 0 { 0 } else { 1 + down(n - 1) }\ndown(100000)")
        #expect(text.hasPrefix("error: too much recursion: more than 1000 nested calls (in down)"))
        #expect(text.contains("= note: in down (999 times), called at cell 1:1:41"))
        #expect(text.contains("= note: in down, called at cell 1:2:1"))
        // Recursion just under the limit works, with nested expressions in every frame.
        #expect(evalCell("fn down(n) = if n == 0 { 0 } else { 1 + (1 * (1 + down(n - 1) - 1)) }\ndown(990)") == "990")
    }

    @Test func mutualRecursionKeepsAShortStack() {
        let text = evalCell("fn ping(n) = pong(n + 1)\nfn pong(n) = ping(n + 1)\nping(0)")
        #expect(text.hasPrefix("error: too much recursion"))
        let notes = text.split(separator: "\n").filter { $0.contains("= note:") }
        #expect(notes.count == ErrorBox.maximumFrames + 1)
        #expect(notes.last?.contains("in ping (after ") == true)
        #expect(notes.last?.hasSuffix("called at cell 1:3:1") == true)
    }

    @Test func recursionThroughDefaultsIsCaught() {
        #expect(evalError("fn f(x: f()) = x\nf()").hasPrefix("error: too much recursion"))
    }

    @Test func cancellationStopsAnInfiniteLoop() async throws {
        let cancellation = Cancellation()
        let interpreter = Interpreter(host: RecordingHost(), cancellation: cancellation)
        let started = Date()
        let stopper = Stopper(cancellation, after: 0.2, every: 2)
        var caught: RuntimeError?
        do {
            _ = try interpreter.run(Source(name: "cell 1", text: "n = 0\nwhile true { n += 1 }"))
        } catch let error as RuntimeError {
            caught = error
        }
        stopper.finish()
        #expect(caught.map { if case .cancelled = $0.kind { return true } else { return false } } == true)
        // The first request stopped it: a missed one would have taken a second, 2 s later.
        #expect(stopper.requests == 1)
        #expect(Date().timeIntervalSince(started) < 10)
        // The variables are kept, the flag is cleared, and the next cell runs.
        #expect(try interpreter.run(Source(name: "cell 2", text: "n > 0")) == .bool(true))
        #expect(!cancellation.isRequested)
    }

    @Test func cancellationStopsALoopOfBuiltinCalls() throws {
        let cancellation = Cancellation()
        let interpreter = Interpreter(host: RecordingHost(), cancellation: cancellation)
        let (caught, requests) = runUntilStopped(interpreter, cancellation, "x = ones([4])\nwhile true { x = x * 1 + sum(x) * 0 }")
        #expect(caught?.message == "stopped (Ctrl-C); every variable is kept")
        #expect(caught.flatMap { $0.range } != nil)
        #expect(requests == 1)
    }

    /// `map` and `filter` read no stop flag of their own: each callback passes through a
    /// function call, which reads it every `Machine.cancellationInterval` calls.
    @Test(arguments: ["map(0..100000, x -> x * 2)", "filter(0..100000, x -> x > 0)"])
    func cancellationStopsMapAndFilterWithinAFewCallbacks(_ text: String) throws {
        let cancellation = Cancellation()
        let interpreter = Interpreter(host: RecordingHost(), cancellation: cancellation)
        var callbacks = 0
        let call = interpreter.runtime.callFunction
        interpreter.runtime.callFunction = { fn, positional, named in
            callbacks += 1
            return try call(fn, positional, named)
        }
        cancellation.request()  // as if Ctrl-C came while the list was being built
        var caught: RuntimeError?
        do {
            _ = try interpreter.run(Source(name: "cell 1", text: text))
        } catch let error as RuntimeError {
            caught = error
        }
        #expect(caught?.message == "stopped (Ctrl-C); every variable is kept")
        #expect(caught?.range == SourceRange(0, text.utf8.count))
        #expect(callbacks <= Machine.cancellationInterval)
        #expect(!cancellation.isRequested)
    }

    @Test func cancellationStopsRecursion() throws {
        let cancellation = Cancellation()
        let interpreter = Interpreter(host: RecordingHost(), cancellation: cancellation)
        cancellation.request()
        // The flag is read every `Machine.cancellationInterval` calls or iterations.
        #expect(throws: RuntimeError.self) {
            try interpreter.run(Source(name: "cell 1", text: "fn f(n) = if n == 0 { 0 } else { f(n - 1) }\nf(500)"))
        }
        #expect(try interpreter.run(Source(name: "cell 2", text: "f(500)")) == .number(0))
    }
}
