import Engine
import Testing

@testable import Lang

/// Changing a model's parameters (issue 8, item 7): `set_param` is the way, the error for
/// writing into a parameter points at it, and `detach` is documented as a copy.
@Suite("Writing parameters")
struct ParameterWriteTests {
    static let model = "m = seq(linear(2, 2))\nx = ones([1, 2])"

    @Test func setParamChangesTheModelsOutput() {
        let session = EvalSession()
        session.run(Self.model)
        #expect(session.run("set_param(m, \"0.weight\", zeros([2, 2]))\nset_param(m, \"0.bias\", [1, 2])") == "")
        #expect(session.run("list(m(x))") == "[[1, 2]]")
        #expect(session.run("list(param(m, \"0.bias\"))") == "[1, 2]")
    }

    @Test func theModelKeepsACopyOfTheValue() {
        let session = EvalSession()
        session.run(Self.model)
        session.run("w = ones([2, 2])\nset_param(m, \"0.weight\", w)\nw[0, 0] = 5")
        #expect(session.run("list(param(m, \"0.weight\"))") == "[[1, 1], [1, 1]]")
        #expect(session.run("list(w)") == "[[5, 1], [1, 1]]")
    }

    @Test func theOptimizerSeesTheNewValue() {
        let session = EvalSession()
        session.run(Self.model + "\nopt = sgd(m, lr: 1)\nset_param(m, \"0.bias\", [0, 0])")
        session.run("zero_grad(opt)\nbackward(sum(m(x)))\nstep(opt)")
        #expect(session.run("list(param(m, \"0.bias\"))") == "[-1, -1]")
    }

    @Test func writingIntoAParameterNamesSetParam() {
        let session = EvalSession()
        session.run(Self.model + "\np = param(m, \"0.weight\")")
        for write in ["p[0, 0] = 5", "p[0] = 5", "p[p > 0] = 0"] {
            let shown = session.run(write)
            #expect(shown.hasPrefix("error: index assignment: cannot write into a tensor that records gradients"), "\(shown)")
            #expect(shown.contains("set_param(model, name, value)"), "\(shown)")
        }
    }

    @Test func aDetachedCopyMayBeWrittenAndLeavesTheModel() {
        let session = EvalSession()
        session.run(Self.model + "\nbefore = list(param(m, \"0.weight\"))")
        #expect(session.run("d = detach(param(m, \"0.weight\"))\nd[0, 0] = 5\nitem(d[0, 0])") == "5")
        #expect(session.run("list(param(m, \"0.weight\")) == before") == "true")
        session.run("help(detach)\nhelp(param)")
        let help = session.host.output.split(separator: "\n").filter { !$0.hasPrefix("  example") }
        #expect(help.contains { $0.contains("writing into it changes only the copy") }, "\(help)")
        #expect(help.contains { $0.contains("set_param") }, "\(help)")
    }

    static let refusals: [EvalCase] = [
        EvalCase(
            "shape", "set_param(m, \"0.weight\", zeros([3, 2]))",
            "error: set_param: '0.weight' has shape (2, 2); the value has shape (3, 2)"),
        EvalCase("scalar", "set_param(m, \"0.bias\", 1)", "error: set_param: '0.bias' has shape (2,); the value has shape ()"),
        EvalCase(
            "misspelt", "set_param(m, \"0.wieght\", zeros([2, 2]))",
            "error: set_param: the model has no parameter named '0.wieght' (did you mean '0.weight'? it has 0.weight, 0.bias)"),
        EvalCase(
            "unknown", "set_param(m, \"running_mean\", zeros([2, 2]))",
            "error: set_param: the model has no parameter named 'running_mean' (it has 0.weight, 0.bias)"),
        EvalCase("not a tensor", "set_param(m, \"0.bias\", \"a\")", "error: set_param: value expects a tensor"),
        EvalCase(
            "no parameters", "set_param(relu(), \"weight\", 1)",
            "error: set_param: the model has no parameter named 'weight' (it has none)"),
    ]

    @Test(arguments: refusals)
    func refusedWritesChangeNothing(_ c: EvalCase) {
        let session = EvalSession()
        session.run(Self.model + "\nbefore = [list(param(m, \"0.weight\")), list(param(m, \"0.bias\"))]")
        let shown = session.run(c.source)
        #expect(shown.hasPrefix(c.expected), "\(c.id): \(shown)")
        #expect(session.run("[list(param(m, \"0.weight\")), list(param(m, \"0.bias\"))] == before") == "true")
    }

    @Test func helpShowsSignatureAndExample() {
        let session = EvalSession()
        session.run("help(set_param)")
        let shown = session.host.output
        #expect(shown.hasPrefix("set_param(model, name, value)"), "\(shown)")
        #expect(shown.contains("example: m = mlp([64, 128, 10])\n           set_param(m, \"0.weight\""), "\(shown)")
    }
}
