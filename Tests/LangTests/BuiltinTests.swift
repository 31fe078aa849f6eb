import Engine
import Testing

@testable import Lang

/// Calls builtins the way the evaluator does: bind `Arguments` to the signature, then run
/// the body with a runtime whose host records what is printed. `callFunction` runs
/// builtins only, which is all the list helpers need here.
final class BuiltinHarness {
    let host = RecordingHost()
    let runtime: Runtime
    let table: [String: Builtin]

    init(extra: [Builtin] = []) {
        runtime = Runtime(seed: 0, host: host)
        table = Dictionary((Builtins.all() + extra).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        runtime.lookup = { [table] name in table[name].map { .function($0) } }
        runtime.callFunction = { [unowned runtime] f, positional, named in
            guard let builtin = f as? Builtin else { throw RuntimeError(.other("not a builtin")) }
            let args = try Arguments(function: builtin.name, signature: builtin.signature, positional: positional, named: named)
            return try builtin.body(args, runtime)
        }
    }

    func fn(_ name: String) throws -> Value {
        guard let b = table[name] else { throw RuntimeError(.other("no builtin \(name)")) }
        return .function(b)
    }

    @discardableResult
    func call(_ name: String, _ positional: Value..., named: [(String, Value)] = []) throws -> Value {
        guard let b = table[name] else { throw RuntimeError(.other("no builtin \(name)")) }
        let args = try Arguments(function: name, signature: b.signature, positional: positional, named: named)
        return try b.body(args, runtime)
    }

    /// The message of the error a call throws, or nil when it succeeds.
    func error(_ name: String, _ positional: Value..., named: [(String, Value)] = []) -> String? {
        guard let b = table[name] else { return "no builtin \(name)" }
        do {
            let args = try Arguments(function: name, signature: b.signature, positional: positional, named: named)
            _ = try b.body(args, runtime)
            return nil
        } catch let e as RuntimeError {
            return e.message
        } catch {
            return "unexpected \(error)"
        }
    }
}

extension Value {
    /// Shorthands for building values in tests.
    static func numbers(_ xs: [Double]) -> Value { .list(xs.map(Value.number)) }
    static func floats(_ xs: [Float], _ shape: [Int]? = nil) throws -> Value {
        .tensor(try Tensor(shape: shape ?? [xs.count], scalars: xs))
    }
}

extension Value {
    var tensorValue: Tensor? { if case let .tensor(t) = self { return t } else { return nil } }
    var layerValue: Layer? { if case let .layer(l) = self { return l } else { return nil } }
    var optimizerValue: Optimizer? { if case let .optimizer(o) = self { return o } else { return nil } }
    var scalars: [Float] { tensorValue?.scalars ?? [] }
    var shape: [Int] { tensorValue?.shape ?? [] }
}

func approximately(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($1)) }
}

func approximately(_ a: Value, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    guard case let .number(x) = a else { return false }
    return Swift.abs(x - b) <= tolerance * Swift.max(1, Swift.abs(b))
}

@Suite("Builtins: registry")
struct BuiltinRegistryTests {
    let all = Builtins.all()

    @Test func namesAreUnique() {
        let names = all.map(\.name)
        #expect(Set(names).count == names.count, "duplicates: \(names.filter { n in names.filter { $0 == n }.count > 1 })")
    }

    @Test func everyBuiltinIsDocumented() {
        for b in all {
            #expect(!b.summary.isEmpty && !b.summary.contains("\n"), "\(b.name): summary must be one line")
            #expect(b.example.contains(b.name + "("), "\(b.name): the example should use it: \(b.example)")
            let params = b.signature.parameters.map(\.name)
            #expect(Set(params).count == params.count, "\(b.name): repeated parameter names")
            #expect(b.signature.parameters.allSatisfy { !$0.expects.isEmpty })
        }
    }

    @Test func theWholeEngineIsReachable() {
        let names = Set(all.map(\.name))
        let expected = [
            "tensor", "zeros", "randn", "seed", "exp", "relu", "sum", "softmax", "matmul", "conv2d", "reshape",
            "concat", "backward", "grad", "no_grad", "linear", "conv", "maxpool", "dropout", "batchnorm",
            "layernorm", "embedding", "seq", "params", "mse", "cross_entropy", "nll", "bce_with_logits",
            "sgd", "adam", "adamw", "step", "zero_grad", "clip_grad_norm", "schedule", "print", "help",
        ]
        #expect(expected.filter { !names.contains($0) } == [])
    }
}

@Suite("Builtins: argument errors")
struct BuiltinArgumentErrorTests {
    struct Case: CustomStringConvertible, Sendable {
        let id: String
        let call: @Sendable (BuiltinHarness) throws -> String?
        let message: String
        var description: String { id }
    }

    static let cases: [Case] = [
        Case(
            id: "wrong kind",
            call: { h in h.error("adam", try h.call("linear", .number(2), .number(1)), named: [("lr", .string("fast"))]) },
            message: "adam: lr expects a number, got a string"),
        Case(
            id: "missing", call: { h in h.error("linear", .number(3)) },
            message: "linear: missing argument 'out' (a whole number)"),
        Case(
            id: "unknown name", call: { h in h.error("linear", .number(3), .number(4), named: [("bais", .bool(true))]) },
            message: "linear: has no parameter named 'bais' (it takes in, out, bias)"),
        Case(
            id: "too many", call: { h in h.error("linear", .number(1), .number(2), .bool(true), .number(4)) },
            message: "linear: takes 2 to 3 arguments, got 4"),
        Case(
            id: "not whole", call: { h in h.error("linear", .number(2.5), .number(4)) },
            message: "linear: in expects a whole number, got the number 2.5"),
        Case(
            id: "variadic shape", call: { h in h.error("zeros", .number(2), .string("3")) },
            message: "zeros: shape expects whole numbers or a list of them, got a string"),
        Case(
            id: "model expected", call: { h in h.error("params", .number(3)) },
            message: "params: model expects a model, got the number 3"),
        Case(
            id: "seq items", call: { h in h.error("seq", try h.call("relu"), try .floats([1])) },
            message: "seq: layers expects models or lists of models, got a tensor of shape (1,)"),
        Case(
            id: "optimizer expected", call: { h in h.error("lr", try h.call("linear", .number(2), .number(1))) },
            message: "lr: optimizer expects an optimizer, got a model"),
        Case(
            id: "negative seed", call: { h in h.error("seed", .number(-1)) },
            message: "seed: n expects a whole number ≥ 0, got the number -1"),
        Case(
            id: "betas", call: { h in h.error("adam", try h.call("linear", .number(2), .number(1)), named: [("betas", .numbers([0.9]))]) },
            message: "adam: betas expects a list of two numbers, got a list of 1"),
        Case(
            id: "no parameters", call: { h in h.error("adam", try h.call("relu")) },
            message: "adam: the model has no parameters to train"),
        Case(
            id: "tensor error wrapped",
            call: { h in h.error("matmul", try h.call("zeros", .number(2), .number(3)), try h.call("zeros", .number(2), .number(3))) },
            message: "matmul: shapes (2, 3) and (2, 3) cannot be multiplied: inner dimensions 3 and 2 differ"),
        Case(
            id: "schedule kind",
            call: { h in
                h.error("schedule", try h.call("sgd", try h.call("linear", .number(2), .number(1))), .string("linear"))
            },
            message: "schedule: kind expects \"constant\", \"step\" or \"cosine\", got a string"),
        Case(id: "empty list", call: { h in h.error("mean", .list([])) }, message: "mean: the list is empty"),
        Case(
            id: "filter result", call: { h in h.error("filter", .numbers([1]), try h.fn("abs")) },
            message: "filter: fn must give true or false, got the number 1"),
        Case(
            id: "sorted mixed", call: { h in h.error("sorted", .list([.number(1), .string("a")])) },
            message: "sorted: cannot order the number 1 and a string"),
        Case(id: "int of text", call: { h in h.error("int", .string("abc")) }, message: "int: cannot read \"abc\" as a number"),
        Case(
            id: "param name", call: { h in h.error("param", try h.call("linear", .number(2), .number(1)), .string("w")) },
            message: "param: the model has no parameter named 'w' (it has weight, bias)"),
        Case(
            id: "range too long", call: { h in h.error("list", .range(start: 0, end: 1_000_000_000_000)) },
            message: "list: the range 0..1000000000000 has 1,000,000,000,000 items, too many to list (at most 10,000,000)"),
        Case(
            id: "arange too long", call: { h in h.error("arange", .number(1e12)) },
            message: "arange: would make 999999995904 elements; a tensor holds at most 2^31"),
        Case(
            id: "learning rate past float",
            call: { h in h.error("set_lr", try h.call("sgd", try h.call("linear", .number(2), .number(1))), .number(1e300)) },
            message: "set_lr: value expects a number ≥ 0, got the number 1e+300"),
        Case(
            id: "len of scalar", call: { h in h.error("len", try .floats([1], [])) },
            message: "len: x expects a list, string, record, range or tensor, got a tensor of shape ()"),
    ]

    @Test(arguments: cases)
    func message(_ c: Case) throws {
        let got = try c.call(BuiltinHarness())
        #expect(got == c.message)
    }

    @Test func engineErrorsKeepTheirKind() throws {
        let h = BuiltinHarness()
        #expect {
            try h.call("reshape", try h.call("zeros", .number(6)), .number(4))
        } throws: { error in
            guard let e = error as? RuntimeError, case .tensor = e.kind else { return false }
            return true
        }
    }
}

@Suite("Builtins: help")
struct HelpTests {
    @Test func builtinByValueAndByName() throws {
        let h = BuiltinHarness()
        try h.call("help", try h.fn("adam"))
        let expected = """
            adam(model, lr: 0.001, betas: [0.9, 0.999], eps: 1e-08, weight_decay: 0)
              Adam over a model's parameters; lr defaults to PyTorch's 0.001, and the recipe suggests 3e-4.
              example: m = mlp([4, 16, 3])
                       opt = adam(m, lr: 3e-4)

            """
        #expect(h.host.output == expected)
        let byName = BuiltinHarness()
        try byName.call("help", .string("adam"))
        #expect(byName.host.output == expected)
    }

    @Test func unknownNamesSuggestACloseOne() {
        let h = BuiltinHarness()
        #expect(h.error("help", .string("adma")) == "'adma' is not defined (did you mean 'adam'?)")
        #expect(h.error("help", .string("qqqqqq")) == "'qqqqqq' is not defined")
        #expect(h.error("help", .number(3)) == "help: name expects a function or its name as a string, got the number 3")
    }

    @Test func overviewListsEveryBuiltin() throws {
        let h = BuiltinHarness()
        try h.call("help")
        #expect(
            h.host.output.hasPrefix("functions by topic (help(name) or ?name for one; :help language for the syntax):\ntensors: creation\n")
        )
        for b in Builtins.all() { #expect(h.host.output.contains(" \(b.name)")) }
        #expect(h.host.output.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test func aValueThatIsNotAFunction() throws {
        let h = BuiltinHarness()
        h.runtime.lookup = { _ in .number(3) }
        try h.call("help", .string("x"))
        #expect(h.host.output == "x is the number 3, not a function\n")
    }
}
