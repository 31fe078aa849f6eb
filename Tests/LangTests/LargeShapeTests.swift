import Engine
import Foundation
import Testing

@testable import Lang

/// Items 1 and 2 of issue 8 through the evaluator: a result too large to make and a list
/// nested deeper than a tensor's rank are errors at the operator or call, and the session
/// goes on with every variable intact. The large results are over 2^31 elements, so they
/// are refused before any memory is touched.
@Suite("Large shapes through the evaluator")
struct LargeShapeTests {
    static let setup = "a = zeros([47000, 1])\nb = zeros([1, 47000])\nv = zeros([47000])\nga = requires_grad(a)\ngb = requires_grad(b)"

    static let cases: [EvalCase] = [
        EvalCase("+", "a + b", "add"), EvalCase("-", "a - b", "sub"), EvalCase("*", "a * b", "mul"),
        EvalCase("/", "a / b", "div"), EvalCase("**", "a ** b", "pow"),
        EvalCase("maximum", "maximum(a, b)", "maximum"), EvalCase("minimum", "minimum(a, b)", "minimum"),
        EvalCase("where", "where(a, a, b)", "where"), EvalCase("@", "a @ b", "matmul"),
        EvalCase("matmul", "matmul(a, b)", "matmul"), EvalCase("comparison", "a < b", "<"),
        EvalCase("unsqueeze outer product", "unsqueeze(v, 1) * unsqueeze(v, 0)", "mul"),
        EvalCase("+ with gradients", "ga + gb", "add"), EvalCase("@ with gradients", "ga @ gb", "matmul"),
        EvalCase("maximum with gradients", "maximum(ga, gb)", "maximum"),
        EvalCase("backward of an outer product", "backward(sum(ga * gb))", "mul"),
        EvalCase("in a loop", "for i in 0..3 { c = a * b }", "mul"),
    ]

    @Test("a result over the limit is an error at the operator, and the session goes on", arguments: cases)
    func tooLargeResults(_ c: EvalCase) {
        let session = EvalSession()
        session.run(Self.setup)
        let text = session.run(c.source)
        let first = text.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("error: \(c.expected): the result of (47000, 1)"), "\(text)")
        #expect(
            first.contains(
                "would be (47000, 47000): 2209000000 elements (8.8 GB), more than a tensor holds (2^31 elements); use smaller shapes or batches"
            ), "\(text)")
        // The caret is under the operation that failed, and the variables are intact.
        #expect(text.contains("^"))
        #expect(session.run("shape(a) == [47000, 1] and shape(gb) == [1, 47000]") == "true")
        #expect(session.run("item(sum(transpose(a) @ a)) == 0") == "true")
    }

    static func nestedList(_ depth: Int) -> String {
        "x = 1\nfor i in 0..\(depth) { x = [x] }"
    }

    @Test func tensorTakesLists64Deep() {
        let session = EvalSession()
        session.run(Self.nestedList(64))
        #expect(session.run("len(shape(tensor(x)))") == "64")
    }

    @Test(arguments: [65, 100, 5000])
    func tensorRefusesListsNestedDeeperThan64(_ depth: Int) {
        let session = EvalSession()
        session.run(Self.nestedList(depth))
        let text = session.run("t = tensor(x)")
        #expect(
            text.hasPrefix("error: tensor: 65 dimensions is more than a tensor may have (at most 64); nest lists at most 64 deep"),
            "\(text)")
        #expect(session.run("t").hasPrefix("error: 't' is not defined"))
        // Operators convert lists too: the same limit.
        #expect(session.run("ones([1]) + x").hasPrefix("error: tensor: 65 dimensions"))
    }
}

/// Item 9 of issue 8: Ctrl-C reaches operators, indexing and compound assignments, which
/// read the stop flag after their tensor work, and single long operations, which the
/// Engine interrupts between chunks.
@Suite("Ctrl-C reaches operators")
struct OperatorStopTests {
    /// Runs `text` as cell 2; the language error it failed with, nil when it finished.
    static func failure(of text: String, in interpreter: Interpreter) -> RuntimeError? {
        do {
            _ = try interpreter.run(Source(name: "cell 2", text: text))
            return nil
        } catch {
            return error as? RuntimeError
        }
    }

    /// Statements a loop repeats; each does tensor work without any builtin call.
    static let statements: [String] = [
        "y = w @ w", "y = w * 2", "y = w + 1", "y = -w", "y = w[0]", "y = w > 0", "y = (w > 0) and (w < 1)",
        "y += w", "y[0] = w[0]", "y = w ** 2",
    ]

    /// A stop requested before the loop starts is seen after the first operation: before,
    /// the loop ran `Machine.cancellationInterval` iterations of tensor work (21 s for
    /// 2000 × 2000 matrix products) before the next check.
    @Test(arguments: statements)
    func aLoopOfOperatorsStopsAfterTheFirstOne(_ statement: String) throws {
        let cancellation = Cancellation()
        let interpreter = Interpreter(host: RecordingHost(), cancellation: cancellation)
        _ = try interpreter.run(Source(name: "cell 1", text: "w = ones([8, 8])\ny = zeros([8, 8])\nn = 0"))
        cancellation.request()
        let caught = Self.failure(of: "for i in 0..100 { \(statement)\nn += 1 }", in: interpreter)
        #expect(caught?.message == "stopped (Ctrl-C); every variable is kept", "\(statement)")
        #expect(try interpreter.run(Source(name: "cell 3", text: "n")) == .number(0), "\(statement)")
        #expect(!cancellation.isRequested)
        #expect(try interpreter.run(Source(name: "cell 4", text: "item(sum(w)) == 64")) == .bool(true))
    }

    /// One long operation stops inside the Engine; the assignment never happens.
    @Test(arguments: ["z = big * 2 + 1", "z = exp(big)", "z = big @ transpose(big)[:, :1024]", "z = -big"])
    func aLongOperationStopsPartWay(_ text: String) throws {
        let cancellation = Cancellation()
        let interpreter = Interpreter(host: RecordingHost(), cancellation: cancellation)
        _ = try interpreter.run(Source(name: "cell 1", text: "big = ones([4096, 1024])"))
        cancellation.request()
        let caught = Self.failure(of: text, in: interpreter)
        #expect(caught?.message == "stopped (Ctrl-C); every variable is kept", "\(text)")
        #expect(caught?.range != nil)
        #expect(!cancellation.isRequested)
        #expect(throws: RuntimeError.self) { try interpreter.run(Source(name: "cell 3", text: "z")) }
        #expect(try interpreter.run(Source(name: "cell 4", text: "shape(big) == [4096, 1024]")) == .bool(true))
    }

    /// Ctrl-C from another thread while a loop of large matrix products runs: it stops at
    /// the next product, long before the loop would end.
    @Test func ctrlCDuringALoopOfLargeProductsStopsIt() throws {
        let cancellation = Cancellation()
        let interpreter = Interpreter(host: RecordingHost(), cancellation: cancellation)
        _ = try interpreter.run(Source(name: "cell 1", text: "w = ones([512, 512]) / 512\nn = 0"))
        let stopper = Stopper(cancellation, after: 0.3, every: 5)
        let caught = Self.failure(of: "for i in 0..200 { y = w @ w @ w @ w\nn += 1 }", in: interpreter)
        stopper.finish()
        #expect(caught?.message == "stopped (Ctrl-C); every variable is kept")
        #expect(stopper.requests == 1)
        let n = try interpreter.run(Source(name: "cell 3", text: "n"))
        #expect(n.map { if case let .number(x) = $0 { return x < 200 } else { return false } } == true)
    }
}
