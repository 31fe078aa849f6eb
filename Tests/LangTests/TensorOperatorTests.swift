import Engine
import Testing

@testable import Lang

/// `//` and `%` on numbers and tensors (Python's floor division and remainder, the
/// remainder taking the divisor's sign), and the tensor properties `.T` and `.mT`.
@Suite("Floor division, remainder and transposing properties")
struct TensorOperatorTests {
    static let dividends: [Double] = [-7, -3.5, -2, -1, -0.25, 0, 1, 2.5, 3, 7, 9]
    static let divisors: [Double] = [-3, -2, -0.5, 0.5, 2, 3, 0]

    /// The value of one cell in `session`, or nil on an error.
    static func value(_ session: EvalSession, _ text: String) -> Value? {
        try? session.interpreter.run(Source(name: "test", text: text))
    }

    static func literal(_ xs: [Double]) -> String {
        "[" + xs.map { "\($0)" }.joined(separator: ", ") + "]"
    }

    /// Same number, with nan equal to nan and the sign of zero ignored.
    static func same(_ a: Double, _ b: Double) -> Bool {
        (a.isNaN && b.isNaN) || a == b
    }

    @Test("each element of a tensor result is the number result, for // and % on a grid of signs", arguments: ["//", "%"])
    func tensorsAgreeWithNumbers(op: String) throws {
        let session = EvalSession()
        let a = Self.literal(Self.dividends), b = Self.literal(Self.divisors)
        let forms = [
            "reshape(tensor(\(a)), -1, 1) \(op) tensor(\(b))",
            "reshape(tensor(\(a)), -1, 1) \(op) reshape(\(b), 1, -1)",
        ]
        for form in forms {
            guard case let .tensor(t)? = Self.value(session, form) else {
                Issue.record("\(form) gave no tensor: \(session.run(form))")
                continue
            }
            #expect(t.shape == [Self.dividends.count, Self.divisors.count])
            guard t.shape == [Self.dividends.count, Self.divisors.count] else { continue }
            for (i, x) in Self.dividends.enumerated() {
                for (j, y) in Self.divisors.enumerated() {
                    guard case let .number(expected)? = Self.value(session, "\(x) \(op) \(y)") else {
                        Issue.record("\(x) \(op) \(y) gave \(session.run("\(x) \(op) \(y)"))")
                        continue
                    }
                    let got = Double(t[flat: i * Self.divisors.count + j])
                    #expect(Self.same(got, expected), "\(x) \(op) \(y): tensor \(got), number \(expected)")
                }
            }
        }
    }

    static let numberCases: [EvalCase] = [
        EvalCase("floor division rounds down", "-7 // 2", "-4"),
        EvalCase("floor division of fractions", "7.5 // 2", "3"),
        EvalCase("floor division by a negative", "7 // -2", "-4"),
        EvalCase("floor division by zero is inf", "1 // 0", "inf"),
        EvalCase("remainder takes the divisor's sign", "7 % -3", "-2"),
        EvalCase("remainder of a negative", "-7 % 3", "2"),
        EvalCase("// binds like /", "1 + 7 // 2 * 2", "7"),
        EvalCase("number // tensor", "7 // tensor([2, -2])", "tensor (2,) float32\n[ 3., -4.]"),
        EvalCase("tensor % number", "tensor([-7, 7]) % 3", "tensor (2,) float32\n[2., 1.]"),
        EvalCase("tensor // by zero is inf, nan for zero", "tensor([1, -1, 0]) // 0", "tensor (3,) float32\n[ inf, -inf,  nan]"),
        EvalCase("tensor % by zero is nan", "tensor([1]) % 0", "tensor (1,) float32\n[nan]"),
        EvalCase("// on a string is refused", "\"a\" // 2", "error: cannot floor-divide a string by the number 2"),
    ]

    @Test(arguments: numberCases) func operators(_ c: EvalCase) {
        let shown = c.expected.hasPrefix("error:") ? evalError(c.source) : evalCell(c.source)
        #expect(shown == c.expected, "\(c.source) showed \(shown)")
    }

    @Test("% passes the gradient 1 to the dividend and -floor(a/b) to the divisor")
    func remainderGradient() {
        let session = EvalSession()
        session.run("a = requires_grad(tensor([5, -7, 2.5]))\nb = requires_grad(tensor([3, 3, -2]))\nbackward(sum(a % b))")
        #expect(session.run("grad(a)") == "tensor (3,) float32\n[1., 1., 1.]")
        #expect(session.run("grad(b)") == "tensor (3,) float32\n[-1.,  3.,  2.]")
    }

    @Test("// passes no gradient (zero), as PyTorch's floor_divide")
    func floorDivisionGradient() {
        let session = EvalSession()
        session.run("a = requires_grad(tensor([5, -7]))\nbackward(sum(a // 2 + a))")
        #expect(session.run("grad(a)") == "tensor (2,) float32\n[1., 1.]")
    }

    // MARK: - .T and .mT

    @Test("x.T transposes a 2-D tensor and x.mT swaps the last two axes")
    func transposeProperties() {
        let session = EvalSession()
        session.run("x = reshape(arange(6), 2, 3)\nb = reshape(arange(24), 2, 3, 4)")
        #expect(session.run("shape(x.T)") == "[3, 2]")
        #expect(session.run("x.T") == session.run("transpose(x)"))
        #expect(session.run("x.mT") == session.run("transpose(x)"))
        #expect(session.run("shape(b.mT)") == "[2, 4, 3]")
        #expect(session.run("b.mT") == session.run("transpose(b)"))
        #expect(session.run("x.T.T") == session.run("x"))
    }

    @Test("gradients flow through .T")
    func transposeGradient() {
        let session = EvalSession()
        session.run("w = requires_grad(reshape(arange(6), 2, 3))\nbackward(sum(w.T * reshape(arange(6), 3, 2)))")
        #expect(session.run("grad(w)") == session.run("transpose(reshape(arange(6), 3, 2))"))
    }

    @Test(
        "x.T on another rank is refused with the way out",
        arguments: [
            (
                "arange(3).T",
                "error: '.T' needs a 2-D tensor, got shape (3,); use .mT to swap the last two axes, or permute to reorder axes"
            ),
            (
                "zeros([2, 3, 4]).T",
                "error: '.T' needs a 2-D tensor, got shape (2, 3, 4); use .mT to swap the last two axes, or permute to reorder axes"
            ),
            ("arange(3).mT", "error: '.mT' needs a tensor of 2 or more axes, got shape (3,)"),
        ])
    func transposeErrors(source: String, message: String) {
        #expect(evalError(source) == message)
    }

    @Test("a record's field named T is still the field")
    func recordFieldWins() {
        #expect(evalCell("r = {T: 1}\nr.T") == "1")
    }
}
