import Engine
import Foundation
import Testing

@testable import Lang

/// `randint`, `randperm`, `shuffle` and `choice` (issue 9): NumPy and PyTorch semantics,
/// drawn from the session's seeded stream, sizes checked before any work.
@Suite("Random integers, permutations and picks")
struct RandomBuiltinTests {
    static let draws =
        "[list(randint(0, 100, [20])), list(randperm(10)), shuffle(0..10), shuffle([\"a\", \"b\", \"c\"]), "
        + "list(shuffle(eye(3))), choice(0..1000, 5, replace: false), choice([1, 2, 3], 6), randint(7), list(choice(eye(4), 2))]"

    @Test func aSeedReplaysEveryDrawExactly() {
        let session = EvalSession()
        session.run("seed(3)\na = \(Self.draws)\nseed(3)\nb = \(Self.draws)\nseed(4)\nc = \(Self.draws)")
        #expect(session.run("a == b") == "true")
        #expect(session.run("a == c") == "false")
        // The same program in another session gives the same numbers.
        let other = EvalSession()
        other.run("seed(3)\na = \(Self.draws)")
        #expect(other.run("a") == session.run("a"))
    }

    @Test func aPermutationHoldsEveryIndexOnce() {
        let session = EvalSession()
        #expect(session.run("sorted(list(randperm(50))) == list(0..50)") == "true")
        #expect(session.run("list(randperm(50)) == list(0..50)") == "false")
        #expect(session.run("shape(randperm(0))") == "[0]")
        #expect(session.run("sorted(shuffle(0..30)) == list(0..30)") == "true")
    }

    @Test func randintStaysWithinItsBoundsAndReachesBothEnds() {
        let session = EvalSession()
        session.run("r = randint(-3, 4, [2000])")
        #expect(session.run("[item(min(r)), item(max(r))]") == "[-3, 3]")
        #expect(session.run("item(sum(r == round(r)))") == "2000")
        session.run("h = randint(5, [3, 4])")
        #expect(session.run("[shape(h), item(min(h)) >= 0, item(max(h)) < 5]") == "[[3, 4], true, true]")
        #expect(session.run("n = randint(2, 3)\nn") == "2")
    }

    @Test func choiceWithoutReplacementPicksDifferentItems() {
        let session = EvalSession()
        #expect(session.run("sorted(choice(0..20, 20, replace: false)) == list(0..20)") == "true")
        #expect(session.run("c = choice(0..1000000000000, 4, replace: false)\nlen(c)") == "4")
        #expect(session.run("sorted(choice([\"x\", \"y\", \"z\"], 3, replace: false))") == "[\"x\", \"y\", \"z\"]")
        #expect(session.run("choice([\"only\"])") == "\"only\"")
        #expect(session.run("shape(choice(zeros(5, 3), 4))") == "[4, 3]")
        #expect(session.run("shape(choice(zeros(5, 3)))") == "[3]")
    }

    @Test func shuffleReturnsANewValueAndLeavesItsArgument() {
        let session = EvalSession()
        session.run("t = tensor([[0, 0], [1, 1], [2, 2], [3, 3]])\nxs = [1, 2, 3, 4, 5, 6]\ns = shuffle(t)\nys = shuffle(xs)")
        #expect(session.run("list(t)") == "[[0, 0], [1, 1], [2, 2], [3, 3]]")
        #expect(session.run("xs") == "[1, 2, 3, 4, 5, 6]")
        #expect(session.run("sorted(ys) == xs") == "true")
        #expect(session.run("[sorted(list(s[:, 0])), list(s[:, 0]) == list(s[:, 1])]") == "[[0, 1, 2, 3], true]")
    }

    static let refusals: [EvalCase] = [
        EvalCase("negative n", "randperm(-1)", "error: randperm: n must be at least 0, got -1"),
        EvalCase(
            "huge n", "randperm(1e12)",
            "error: randperm: 1000000000000 indices are too many: at most 16777216 (2^24), past which a float32 cannot hold each index exactly"
        ),
        EvalCase("empty range", "randint(5, 2)", "error: randint: low 5 must be less than high 2 (high is left out)"),
        EvalCase("past float", "randint(0, 1e9, [2])", "error: randint: low and high must lie within ±16777216 (2^24)"),
        EvalCase("huge shape", "randint(0, 2, [100000, 100000])", "error: randint:"),
        EvalCase("negative shape", "randint(0, 2, [-1])", "error: randint:"),
        EvalCase("nothing to pick", "choice([])", "error: choice: there is nothing to choose from"),
        EvalCase(
            "too many distinct", "choice([1, 2], 3, replace: false)",
            "error: choice: cannot choose 3 different items from 2; pass replace: true to allow repeats"),
        EvalCase("negative k", "choice([1], -1)", "error: choice: k must be at least 0, got -1"),
        EvalCase("huge k", "choice([1], 1e11)", "error: choice: k is 100,000,000,000; at most 10,000,000 items can be chosen at once"),
        EvalCase("not a sequence", "shuffle(5)", "error: shuffle: x expects a list, a range, a tensor or a dataset, got"),
        EvalCase("scalar tensor", "choice(tensor(2))", "error: choice: xs expects a list, a range or a tensor, got"),
        EvalCase(
            "huge range", "shuffle(0..1000000000000)",
            "error: shuffle: the range 0..1000000000000 has 1,000,000,000,000 items, too many to list"),
    ]

    @Test(arguments: refusals)
    func badSizesAreRefusedBeforeAnyWork(_ c: EvalCase) {
        let shown = evalError(c.source)
        #expect(shown.hasPrefix(c.expected), "\(c.id): \(shown)")
    }

    @Test func helpShowsEachNewBuiltin() {
        let session = EvalSession()
        for name in ["randint", "randperm", "shuffle", "choice"] { session.run("help(\(name))") }
        let shown = session.host.output
        #expect(shown.contains("randint(low, high: none, shape: none)"), "\(shown)")
        #expect(shown.contains("choice(xs, k: none, replace: true)"), "\(shown)")
        #expect(shown.contains("unlike NumPy's in-place shuffle"), "\(shown)")
    }
}

/// `nan`, `inf` and `pi` (issue 9): defined at start, shadowable like any builtin.
@Suite("Named constants")
struct ConstantTests {
    static let cases: [EvalCase] = [
        EvalCase("pi", "pi", "3.14159"),
        EvalCase("pi exact", "pi == 3.141592653589793", "true"),
        EvalCase("inf", "inf", "inf"),
        EvalCase("minus inf", "-inf", "-inf"),
        EvalCase("nan", "nan", "nan"),
        EvalCase("nan is unequal to itself", "nan == nan", "false"),
        EvalCase("mask value", "list(softmax(tensor([0, -inf]), axis: 0))", "[1, 0]"),
        EvalCase("in a tensor", "list(tensor([nan, inf]))", "[nan, inf]"),
    ]

    @Test(arguments: cases)
    func constantsHaveTheirValues(_ c: EvalCase) {
        #expect(evalCell(c.source) == c.expected, "\(c.id)")
    }

    /// Each help example that shows a result (`pi   # 3.14159`) gives that result, for the
    /// constants and the builtins this issue adds.
    @Test func helpExamplesShowTheirActualResults() {
        let names = ["randint", "randperm", "state"]
        let examples = Builtins.constants.map(\.example) + Builtins.all().filter { names.contains($0.name) }.map(\.example)
        #expect(examples.count == 6)
        for example in examples {
            let parts = example.components(separatedBy: "   # ")
            #expect(parts.count == 2, "\(example)")
            #expect(evalCell(parts[0]) == parts.last, "\(example)")
        }
    }

    @Test func aUserMayAssignTheSameNameAndConstantsAreNotUserVariables() {
        let session = EvalSession()
        #expect(session.interpreter.globals.isEmpty)
        #expect(session.run("pi = 3\npi * 2") == "6")
        #expect(session.interpreter.globals.map(\.name) == ["pi"])
        session.run("help(\"nan\")")
        #expect(session.host.output.hasPrefix("nan = nan\n  Not a number"), "\(session.host.output)")
    }
}

/// `requires_grad: true` on every creation builtin (issue 9), as PyTorch's: a leaf whose
/// gradient fills on backward.
@Suite("requires_grad on creation builtins")
struct CreationGradientTests {
    static let creations = [
        "tensor([1, 2])", "zeros(2)", "zeros(2, 3)", "ones([2])", "full([2], 3)", "arange(2)", "linspace(0, 1, 3)",
        "eye(2)", "rand(2)", "randn(2, 2)", "uniform([2])", "normal([3])",
    ]

    @Test(arguments: creations)
    func theResultIsALeafWhoseGradientFills(_ call: String) {
        let session = EvalSession()
        let flagged = String(call.dropLast()) + ", requires_grad: true)"
        #expect(session.run("x = \(flagged)\nbackward(sum(x * 2))\nitem(sum(grad(x))) == 2 * numel(x)") == "true", "\(flagged)")
        #expect(session.run("item(min(grad(x))) == 2") == "true", "\(flagged)")
        #expect(session.run("x").contains("requires grad"), "\(flagged)")
        #expect(!session.run("y = \(call)\ny").contains("requires grad"), "\(call)")
    }

    @Test func aWrongFlagIsRefused() {
        #expect(evalError("zeros(2, requires_grad: 1)") == "error: zeros: requires_grad expects a bool, got the number 1")
    }
}
