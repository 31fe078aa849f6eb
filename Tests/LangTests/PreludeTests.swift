import Engine
import Foundation
import Testing

@testable import Lang

/// The stdlib written in Sprout, and builtins reached through the evaluator: what a user
/// types at the prompt.
final class StdlibSession {
    let host = RecordingHost()
    let interpreter: Interpreter
    private var cell = 0

    /// The repository's `stdlib/` folder, found from this file's path.
    static let stdlib = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("stdlib").path

    init(stdlib: Bool = true) throws {
        interpreter = Interpreter(host: host)
        if stdlib { try interpreter.loadStdlib(directory: Self.stdlib) }
    }

    /// Runs a cell; its shown value as printed, or "" when it shows none.
    @discardableResult
    func run(_ text: String) throws -> String {
        cell += 1
        return try interpreter.run(Source(name: "cell \(cell)", text: text)).map(ValueFormatter.format) ?? ""
    }

    func number(_ text: String) throws -> Double {
        guard case let .number(x)? = try interpreter.run(Source(name: "cell", text: text)) else {
            throw RuntimeError(.other("\(text) does not give a number"))
        }
        return x
    }
}

@Suite("Stdlib prelude")
struct PreludeTests {
    /// A stdlib folder that cannot be read says why in plain words (it showed Foundation's
    /// text, with its error domain and code).
    @Test func anUnreadableStdlibFolderSaysWhy() {
        let interpreter = Interpreter(host: RecordingHost())
        let error = #expect(throws: RuntimeError.self) { try interpreter.loadStdlib(directory: "/no/such/stdlib") }
        #expect(error?.message == "cannot read the standard library folder /no/such/stdlib: no such file")
        let file = #expect(throws: RuntimeError.self) { try interpreter.loadStdlib(directory: "/dev/null") }
        #expect(file?.message == "cannot read the standard library folder /dev/null: it is not a folder")
    }

    @Test func loadsQuickly() throws {
        let start = ContinuousClock.now
        _ = try StdlibSession()
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func mlpBuildsTheProductExample() throws {
        let s = try StdlibSession()
        #expect(
            try s.run("mlp([64, 128, 10])") == """
                #  layer             output shape  params
                0  Linear(64 → 128)  (N, 128)       8,320
                1  ReLU()            (N, 128)           0
                2  Linear(128 → 10)  (N, 10)        1,290
                total 9,610 parameters (9,610 trainable)
                """)
        try s.run("m = mlp([4, 8, 8, 2], activation: tanh)")
        #expect(try s.run("map(params(m), p -> p.name)") == #"["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"]"#)
        #expect(try s.run("str(mlp([3]))") == ##""#  layer  output shape  params\ntotal 0 parameters (0 trainable)""##)
    }

    @Test func metricsAndChecks() throws {
        let s = try StdlibSession()
        #expect(abs(try s.number("init_loss(10)") - 2.302585092994046) < 1e-12)
        #expect(abs(try s.number("accuracy(tensor([[0, 1], [1, 0], [3, 2]]), tensor([1, 1, 0]))") - 2.0 / 3) < 1e-6)
        try s.run("seed(0); m = mlp([4, 3])")
        #expect(try s.run("shape(predict(m, randn(5, 4)))") == "[5]")
    }

    @Test func trainingStepsByHandLowerTheLoss() throws {
        let s = try StdlibSession()
        try s.run(
            """
            seed(1)
            x = randn(16, 4)
            y = argmax(x, axis: 1)
            m = mlp([4, 16, 4])
            opt = adam(m, lr: 0.01)
            first = train_step(m, opt, x, y)
            for i in 0..100 { last = train_step(m, opt, x, y) }
            """)
        let first = try s.number("first"), last = try s.number("last")
        #expect(last < first / 4, "loss \(first) → \(last)")
        try s.run("zero_grad(m); backward(cross_entropy(m(x), y))")
        let norm = try s.number("grad_norm(m)"), again = try s.number("grad_norm(m)")
        #expect(norm > 0 && norm == again, "grad_norm must not change the gradients")
    }

    @Test func helpShowsTheCommentAboveADefinition() throws {
        let s = try StdlibSession()
        try s.run("help(init_loss)")
        #expect(
            s.host.output == """
                init_loss(classes)
                  The loss a classifier that spreads its bets evenly gets: ln(classes). Check the loss
                  at initialisation against it; far above means the last layer's scale is off.
                  defined at stdlib/prelude.sprout:18

                """)
        let cell = try StdlibSession(stdlib: false)
        try cell.run("# Squares.\nfn sq(x) = x * x")
        try cell.run("help(\"sq\")")
        #expect(cell.host.output == "sq(x)\n  Squares.\n  defined at cell 1:2\n")
    }
}

@Suite("Builtins through the evaluator")
struct BuiltinEvaluationTests {
    @Test func everyExampleParses() throws {
        for b in Builtins.all() {
            #expect(throws: Never.self, "\(b.name): \(b.example)") {
                _ = try Parser.parseProgram(Source(name: "example", text: b.example))
            }
        }
    }

    @Test func methodSyntaxAndPrinting() throws {
        let s = try StdlibSession(stdlib: false)
        try s.run("seed(0); x = tensor([[1, 2], [3, 4]])")
        #expect(try s.run("x.mean(axis: 0)") == "tensor (2,) float32\n[2., 3.]")
        #expect(try s.run("x.shape") == "[2, 2]")
        #expect(try s.run("x.sum().item()") == "10")
        try s.run("print(\"total\", sum([1, 2, 3]), {lr: 3e-4})")
        #expect(s.host.output == "total 6 {lr: 0.0003}\n")
        #expect(try s.run("no_grad(() -> requires_grad(x) * 2).shape") == "[2, 2]")
    }

    @Test func argumentErrorsPointAtTheCall() throws {
        let s = try StdlibSession(stdlib: false)
        try s.run("m = seq(linear(2, 2))")
        #expect {
            try s.run("adam(m, lr: \"fast\")")
        } throws: { error in
            guard let e = error as? RuntimeError else { return false }
            return e.message == "adam: lr expects a number, got a string" && e.range != nil
        }
    }
}
