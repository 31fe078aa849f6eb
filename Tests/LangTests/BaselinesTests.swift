import Testing

@testable import Lang

/// `baselines(train, val)`: the majority class (or mean), a model on zeroed inputs and
/// the same model on the real inputs, side by side; planted: a target that does not
/// depend on the inputs gives ✗, a real dependence ✓.
@Suite("Baselines")
struct BaselinesTests {
    /// 400 rows of two random features; `dep` is a class made from them, `indep` a class
    /// drawn apart from them; `v` a value made from them, `noise` a value that is not.
    static let data = """
        seed(5)
        a = randn([400]); b = randn([400]); r = randint(0, 3, [400])
        dep = [if a[i] + b[i] > 0.5 { "hi" } else { if a[i] + b[i] < -0.5 { "lo" } else { "mid" } } for i in 0..400]
        indep = [["x", "y", "z"][int(item(r[i]))] for i in 0..400]
        fn parts(d) = split(d, 0.75)
        """

    static func session() -> EvalSession {
        let session = EvalSession()
        session.run(data)
        return session
    }

    @Test func aTargetMadeFromTheInputsPasses() {
        let session = Self.session()
        session.run("train, val = parts(dataset({a: a, b: b, label: dep}))")
        let shown = session.run("v = baselines(train, val); v")
        #expect(shown.hasPrefix("✓ linear model "), "\(shown)")
        #expect(shown.contains("vs majority class"))
        #expect(session.run("v.ok") == "true")
        #expect(session.run("v.model > v.input_independent + 0.2 and v.model > v.majority + 0.2") == "true")
    }

    @Test func plantedLabelsThatDoNotDependOnTheInputsFail() {
        let session = Self.session()
        session.run("train, val = parts(dataset({a: a, b: b, label: indep}))")
        let shown = session.run("v = baselines(train, val); v")
        #expect(shown.hasPrefix("✗ the model on real inputs gets "), "\(shown)")
        #expect(shown.contains("the target may not depend on these inputs"))
        #expect(session.run("v.ok") == "false")
        #expect(session.interpreter.runtime.recipe.latest("baselines")?.outcome == .failed)
    }

    @Test func valuesCompareMeanSquaredErrors() {
        let session = Self.session()
        session.run("train, val = parts(dataset({a: a, b: b, y: a * 2 - b}))")
        #expect(session.run("v = baselines(train, val, epochs: 30); v.ok") == "true")
        #expect(session.run("v.metric") == "\"mse\"")
        #expect(session.run("v.model < v.mean / 4") == "true")
        session.run("train, val = parts(dataset({a: a, b: b, y: randn([400])}))")
        #expect(session.run("baselines(train, val).ok") == "false")
    }

    @Test func theSameSeedGivesTheSameFigures() {
        func figures() -> String {
            let session = Self.session()
            session.run("train, val = parts(dataset({a: a, b: b, label: dep}))")
            return session.run("seed(1); v = baselines(train, val); [v.majority, v.input_independent, v.model]")
        }
        #expect(figures() == figures())
    }

    @Test func oneClassCannotBeDecided() {
        let session = Self.session()
        session.run("train, val = parts(dataset({a: a, b: b, label: [\"same\" for i in 0..400]}))")
        #expect(session.run("v = baselines(train, val); v").hasPrefix("? cannot decide: the target has 1 class"))
        #expect(session.run("v.ok == none") == "true")
    }

    @Test(arguments: [
        ("baselines(dataset({a: [1, 2]}), dataset({a: [1, 2]}))", "train has no target"),
        (
            "baselines(dataset({a: [1, 2], label: [\"p\", \"q\"]}), dataset({c: [1, 2], label: [\"p\", \"q\"]}))",
            "different feature columns"
        ),
        (
            "baselines(dataset({a: [1, 2], label: [\"p\", \"q\"]}), dataset({a: [1, 2], label: [\"p\", \"q\"]}), epochs: 0)",
            "epochs must be from 1"
        ),
        (
            "baselines(dataset({a: [1, 2], label: [\"p\", \"q\"]}), dataset({a: [1, 2], label: [\"p\", \"q\"]}), lr: -1)",
            "lr must be a positive number"
        ),
        ("baselines(1, 2)", "train"),
    ])
    func badArgumentsAreMessages(source: String, message: String) {
        let shown = evalCell(source)
        #expect(shown.hasPrefix("error:"), "\(shown)")
        #expect(shown.contains(message), "\(shown)")
    }
}
