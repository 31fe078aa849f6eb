import Engine
import Testing

@testable import Lang

/// A model's weights as values (issue 9): `state(m)` reads them under PyTorch's
/// state-dict names, `load_state(m, s)` checks every name and shape before writing any,
/// and the record that holds them prints in a form Sprout reads back.
@Suite("Model state")
struct StateTests {
    static let model = "m = seq(linear(2, 3), relu(), batchnorm(3), seq(linear(3, 1)))"

    @Test func aLinearLayersWeightsCanBeSetFromKnownValues() {
        let session = EvalSession()
        session.run("m = seq(linear(2, 3))")
        #expect(session.run("load_state(m, {\"0.weight\": [[1, 2], [3, 4], [5, 6]], \"0.bias\": tensor([0.5, 0, -1])})") == "")
        #expect(session.run("list(m(tensor([[1, 1], [2, 0]])))") == "[[3.5, 7, 10], [2.5, 6, 9]]")
    }

    @Test func namesAreThoseOfAPyTorchStateDictAndPrintOnePerLine() {
        let session = EvalSession()
        session.run(Self.model)
        #expect(
            session.run("state(m)") == """
                {"0.weight": <tensor (3, 2)>,
                 "0.bias": <tensor (3,)>,
                 "2.weight": <tensor (3,)>,
                 "2.bias": <tensor (3,)>,
                 "2.running_mean": <tensor (3,)>,
                 "2.running_var": <tensor (3,)>,
                 "3.0.weight": <tensor (1, 3)>,
                 "3.0.bias": <tensor (1,)>}
                """)
        #expect(session.run("list(state(m)[\"2.running_var\"])") == "[1, 1, 1]")
        // The names `params` lists are the parameters among them, in the same order.
        #expect(
            session.run("map(params(m), p -> p.name)")
                == "[\"0.weight\", \"0.bias\", \"2.weight\", \"2.bias\", \"3.0.weight\", \"3.0.bias\"]")
    }

    @Test func theStateIsACopyThatTrainingAndWritesLeaveAlone() {
        let session = EvalSession()
        session.run(
            Self.model + "\nx = randn(4, 2)\ns = state(m)\nbefore = list(s[\"0.weight\"])\nmean_before = list(s[\"2.running_mean\"])")
        session.run("opt = sgd(m, lr: 0.5)\nzero_grad(opt)\nbackward(mse(m(x), randn(4, 1)))\nstep(opt)")
        #expect(session.run("list(s[\"0.weight\"]) == before") == "true")
        #expect(session.run("list(s[\"2.running_mean\"]) == mean_before") == "true")
        #expect(session.run("list(state(m)[\"0.weight\"]) == before") == "false")
        session.run("now = list(param(m, \"0.weight\"))\ns[\"0.weight\"][0, 0] = 100")
        #expect(session.run("list(param(m, \"0.weight\")) == now") == "true")
    }

    /// m2 starts elsewhere, its Adam is made before the load, and both models then train
    /// the same steps: every output and weight stays equal bit for bit.
    @Test func aRoundTripComputesExactlyTheSameAlsoThroughTraining() {
        let session = EvalSession()
        session.run("seed(1)\n" + Self.model + "\nseed(2)\nm2 = seq(linear(2, 3), relu(), batchnorm(3), seq(linear(3, 1)))")
        session.run("opt2 = adam(m2, lr: 0.01)\nopt1 = adam(m, lr: 0.01)\nx = randn(8, 2)\ny = randn(8, 1)")
        #expect(session.run("list(m(x)) == list(m2(x))") == "false")
        #expect(session.run("load_state(m2, state(m))") == "")
        #expect(session.run("list(m(x)) == list(m2(x))") == "true")
        session.run(
            """
            for i in 0..3 {
              zero_grad(opt1); backward(mse(m(x), y)); step(opt1)
              zero_grad(opt2); backward(mse(m2(x), y)); step(opt2)
            }
            """)
        #expect(session.run("list(m(x)) == list(m2(x))") == "true")
        #expect(session.run("list(state(m)[\"2.running_var\"]) == list(state(m2)[\"2.running_var\"])") == "true")
        #expect(session.run("list(state(m)[\"3.0.weight\"]) == list(state(m2)[\"3.0.weight\"])") == "true")
        #expect(session.run("eval(m); eval(m2); list(m(x)) == list(m2(x))") == "true")
    }

    @Test func everyProblemIsReportedInOneMessageAndNothingChanges() {
        let session = EvalSession()
        session.run("m = seq(linear(2, 2), relu(), linear(2, 1))\nbefore = list(param(m, \"0.bias\"))")
        let shown = evalFirstLine(
            session, "load_state(m, {\"0.weight\": zeros(3, 2), \"0.bias\": [7, 7], \"2.wieght\": 1, \"3.bias\": 1, x: \"a\"})")
        #expect(
            shown == "error: load_state: nothing was changed: 'x' is a string, not a tensor; "
                + "'0.weight' has shape (2, 2); the value has shape (3, 2); the model has no '2.wieght' (did you mean '2.weight'?); "
                + "the model has no '3.bias' (did you mean '2.bias'?); the state lacks '2.weight', '2.bias' (state(model) lists the names and shapes it takes)"
        )
        #expect(session.run("list(param(m, \"0.bias\")) == before") == "true")
        #expect(
            evalFirstLine(session, "load_state(m, [1, 2])")
                == "error: load_state: state expects a record of name to tensor, as state(model) gives, or a .safetensors path, got a list of 2"
        )
    }

    @Test func setParamSharesTheNamesAndChecks() {
        let session = EvalSession()
        session.run(Self.model)
        #expect(session.run("set_param(m, \"2.running_mean\", [1, 2, 3])\nlist(state(m)[\"2.running_mean\"])") == "[1, 2, 3]")
        #expect(
            evalFirstLine(session, "set_param(m, \"2.running_var\", [1, 2])")
                == "error: set_param: '2.running_var' has shape (3,); the value has shape (2,)")
        #expect(
            evalFirstLine(session, "set_param(m, \"3.weight\", 1)").hasPrefix(
                "error: set_param: the model has no parameter named '3.weight' (did you mean '0.weight'? it has 0.weight, 0.bias, 2.weight, 2.bias, 2.running_mean, 2.running_var, 3.0.weight, 3.0.bias)"
            ))
    }

    static let fieldNames: [EvalCase] = [
        EvalCase("identifiers stay bare", "{lr: 1, _b2: 2}", "{lr: 1, _b2: 2}"),
        EvalCase("dotted", "{\"0.weight\": 1}", "{\"0.weight\": 1}"),
        EvalCase("keyword", "{\"if\": 1}", "{\"if\": 1}"),
        EvalCase("space and quote", "{\"a b\": 1, \"say \\\"hi\\\"\": 2}", "{\"a b\": 1, \"say \\\"hi\\\"\": 2}"),
        EvalCase("cell reference", "{\"_1\": 1}", "{\"_1\": 1}"),
        EvalCase("empty", "{\"\": 1}", "{\"\": 1}"),
        EvalCase("nested", "[{\"1.bias\": {\"x y\": 2}}]", "[{\"1.bias\": {\"x y\": 2}}]"),
    ]

    /// A record prints as a literal that reads back as the same record.
    @Test(arguments: fieldNames)
    func recordsPrintAsLiteralsThatReadBack(_ c: EvalCase) {
        let session = EvalSession()
        let shown = session.run(c.source)
        #expect(shown == c.expected, "\(c.id)")
        #expect(session.run(shown) == shown, "\(c.id)")
        #expect(session.run("(\(shown)) == (\(c.source))") == "true", "\(c.id)")
    }

    @Test func aStringFieldIsReadAsTheSameName() {
        #expect(evalCell("r = {\"lr\": 3}\nr.lr") == "3")
        #expect(evalCell("{\"0.weight\": 1}[\"0.weight\"]") == "1")
        #expect(evalFirstLine(EvalSession(), "{\"a\": 1, a: 2}").hasPrefix("error:"))
    }

    @Test func helpShowsEachNewBuiltin() {
        let session = EvalSession()
        for name in ["state", "load_state", "set_param"] {
            session.run("help(\(name))")
        }
        let shown = session.host.output
        #expect(shown.contains("state(model)\n"), "\(shown)")
        #expect(shown.contains("load_state(model, state, opt: none)\n"), "\(shown)")
        #expect(shown.contains("m2 = mlp([4, 8, 2])\n           load_state(m2, state(m))"), "\(shown)")
    }
}

/// The first line of what a cell shows in `session`.
func evalFirstLine(_ session: EvalSession, _ text: String) -> String {
    String(session.run(text).split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
}
