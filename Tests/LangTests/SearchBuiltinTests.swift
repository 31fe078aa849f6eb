import Testing

@testable import Lang

/// `search` and `between`: random search over a space, seeded, each trial reproducible
/// alone, ranked best first, with a scatter per numeric dimension.
@Suite("Random search")
struct SearchBuiltinTests {
    static let quadratic =
        "space = {x: between(-2, 2), k: [1, 2, 3], lr: between(1e-4, 1e-1, log: true)}\nf = cfg -> -(cfg.x - 1) ** 2 * cfg.k"

    @Test func theSameSeedGivesTheSameTrials() {
        func table() -> String {
            let session = EvalSession()
            session.run(Self.quadratic)
            return session.run("seed(7); search(space, f, trials: 5)")
        }
        let first = table()
        #expect(first.hasPrefix("random search · 5 trials · best score"))
        #expect(first == table())
        #expect(first != EvalSession().run(Self.quadratic + "\nseed(8); search(space, f, trials: 5)"))
    }

    @Test func eachTrialIsReproducibleAloneFromItsSeed() {
        let session = EvalSession()
        // The score draws numbers of its own: the trial's seed must fix them.
        session.run("g = cfg -> cfg.a + item(sum(randn([3])))\nseed(3); s = search({a: [0, 10]}, g, trials: 4)")
        for k in 0..<4 {
            let again = session.run("t = s.trials[\(k)]; seed(t.seed); g(t.config) == t.score")
            #expect(again == "true", "trial \(k + 1)")
        }
    }

    @Test func trialsAreRankedBestFirstAndMinimizeReversesThem() {
        let session = EvalSession()
        session.run(Self.quadratic + "\nseed(0); s = search(space, f, trials: 8)")
        #expect(session.run("scores = [r.score for r in s.trials]; s.best_score == sorted(scores)[-1]") == "true")
        #expect(session.run("s[0].score == s.best_score") == "true")
        #expect(session.run("s[0].trial == [t.trial for t in s.trials if t.score == s.best_score][0]") == "true")
        session.run("seed(0); low = search(space, f, trials: 8, minimize: true)")
        #expect(session.run("low.best_score == sorted(scores)[0]") == "true")
    }

    @Test func drawsAScatterPerNumericDimensionLogScaledForALogOne() {
        let session = EvalSession()
        session.run(
            "seed(0); s = search({lr: between(1e-4, 1e-1, log: true), act: [\"relu\", \"tanh\"], h: [64, 128]}, c -> c.lr, trials: 3)")
        let plots = session.host.plots
        #expect(plots.map(\.xLabel) == ["lr", "h"])
        #expect(plots.map(\.logX) == [true, false])
        #expect(plots.allSatisfy { $0.kind == .scatter && $0.series[0].x?.count == 3 })
    }

    @Test func drawsStayInsideTheirRangesAndWholeOnesAreWhole() {
        let session = EvalSession()
        session.run("seed(1); s = search({a: between(1e-3, 1e-1, log: true), n: between(2, 5, whole: true)}, c -> c.a, trials: 200)")
        #expect(session.run("all = [t.config.a for t in s.trials]; sorted(all)[0] >= 0.001 and sorted(all)[-1] <= 0.1") == "true")
        // Log-uniform: about a half of the draws fall below the geometric midpoint 0.01.
        #expect(session.run("below = len([a for a in all if a < 0.01]); below > 75 and below < 125") == "true")
        #expect(session.run("[len([t for t in s.trials if t.config.n == v]) > 0 for v in 2..6]") == "[true, true, true, true]")
        #expect(session.run("len([t for t in s.trials if t.config.n >= 2 and t.config.n <= 5 and t.config.n == int(t.config.n)])") == "200")
    }

    @Test func aNanScoreRanksLast() {
        let session = EvalSession()
        session.run("seed(0); s = search({a: [1, 2, 3]}, c -> if c.a == 2 { nan } else { c.a }, trials: 6)")
        #expect(session.run("s[len(s) - 1].score != s[len(s) - 1].score") == "true")
    }

    @Test(arguments: [
        ("search({}, c -> 1)", "space must be a record of name: choices"),
        ("search([1, 2], c -> 1)", "space must be a record of name: choices"),
        ("search({a: []}, c -> 1)", "space.a is"),
        ("search({a: 3}, c -> 1)", "give a non-empty list of choices or between(low, high)"),
        ("search({a: [1]}, c -> \"x\")", "score gave a string"),
        ("search({a: [1]}, c -> 1, trials: 0)", "trials must be from 1 to 10000, got 0"),
        ("between(3, 1)", "low (3) is above high (1)"),
        ("between(0, 1, log: true)", "a log scale needs low > 0, got 0"),
        ("between(0.2, 0.8, whole: true)", "no whole number lies between 0.2 and 0.8"),
    ])
    func badArgumentsAreMessages(source: String, message: String) {
        let shown = evalCell(source)
        #expect(shown.hasPrefix("error:"), "\(shown)")
        #expect(shown.contains(message), "\(shown)")
    }
}
