import Testing

@testable import Lang

/// `health`: each planted problem is caught (a learning rate far too large, a layer of
/// dead ReLUs) and the clean digits MLP passes.
@Suite("health")
struct HealthBuiltinTests {
    static let digits = "ds = load(\"digits\").take(400)\nscale = fit_standardize(ds)\nds = scale(ds)\nm = mlp([64, 128, 10])"

    @Test func theCleanDigitsMLPIsHealthy() {
        let s = FitBuiltinTests.session()
        s.run(Self.digits)
        s.run("run = fit(m, ds, adam(m, lr: 3e-4), epochs: 3, batch: 64)")
        let verdict = s.run("health(run)")
        #expect(verdict.hasPrefix("✓ healthy: update/weight "), "\(verdict)")
        #expect(verdict.contains("0.weight") && verdict.contains("1 (ReLU)"))
        #expect(s.run("health(m).ok") == "true")
        #expect(s.run("health(run).max_ratio < 0.01") == "true")
    }

    /// A planted problem: the program that plants it, the verdict's line it must name.
    struct Planted: CustomTestStringConvertible, Sendable {
        let id: String, program: String, check: String, names: String
        var testDescription: String { id }
    }

    @Test(arguments: [
        Planted(
            id: "a learning rate far too large", program: "run = fit(m, ds, sgd(m, lr: 5), epochs: 1, batch: 64, clip: 1000)",
            check: "health(run)", names: "too fast: lower the learning rate"),
        Planted(
            id: "a dead layer",
            program: "set_param(m, \"0.bias\", full([128], -100))\nrun = fit(m, ds, adam(m, lr: 3e-4), epochs: 1, batch: 64)",
            check: "health(m)", names: "1 (ReLU) 100% dead"),
    ])
    func aPlantedProblemIsFlagged(_ planted: Planted) {
        let s = FitBuiltinTests.session()
        s.run(Self.digits)
        s.run(planted.program)
        let verdict = s.run(planted.check)
        #expect(verdict.hasPrefix("✗ "), "\(verdict)")
        #expect(verdict.contains(planted.names))
        #expect(s.run("\(planted.check).ok") == "false")
    }

    @Test func aModelNeverFittedIsUndecided() {
        let s = FitBuiltinTests.session()
        s.run("m = mlp([4, 3])")
        #expect(s.run("health(m)").hasPrefix("? no training statistics: run fit(m, data, opt) first"))
        #expect(s.run("health(m).ok == none") == "true")
        #expect(s.run("health(3)").hasPrefix("error: health: run expects a run or a model, got the number 3"))
    }
}
