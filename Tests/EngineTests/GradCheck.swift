import Testing

@testable import Engine

/// Checks autograd against central finite differences, as torch's `checkgrad`.
///
/// The function is evaluated by the Engine in float32; each partial derivative is
/// `(f(x + h) − f(x − h)) / (x₊ − x₋)` accumulated in Double, where `x₊` and `x₋` are the
/// float32 values actually stored (so rounding of the step itself does not bias the
/// quotient). With h = 1e-2 the truncation error is O(h²·f‴) ≈ 1e-4 and float32 rounding of
/// an O(1..10) loss contributes about 1e-6·|f| / 2h ≈ 5e-4, so a tolerance of
/// `1e-2 · max(1, |numeric|)` passes a correct rule with margin, while a sign flip or a
/// missing factor of 2 on any gradient of size ≳ 0.02 fails. `expect` also insists that
/// every checked input has some gradient of size ≥ 0.05, so a check cannot pass vacuously.
enum GradCheck {
    struct Mismatch: CustomStringConvertible {
        let input: Int, element: Int
        let analytic: Double, numeric: Double
        var description: String { "input \(input)[\(element)]: autograd \(analytic), numeric \(numeric)" }
    }

    struct Report {
        var mismatches: [Mismatch] = []
        /// Inputs whose gradient came back with the wrong shape.
        var shapeErrors: [String] = []
        /// Per input, the largest |numeric gradient|: how much the check could see.
        var largestNumeric: [Double] = []
        var passed: Bool { mismatches.isEmpty && shapeErrors.isEmpty }
    }

    /// Autograd's gradients of a scalar `f` at `inputs` (nil where none reached an input).
    static func analyticGradients(of f: ([Tensor]) throws -> Tensor, at inputs: [Tensor]) throws -> [Tensor?] {
        let leaves = inputs.map { $0.detached().requiringGradient() }
        let output = try f(leaves)
        try output.backward()
        return leaves.map(\.grad)
    }

    /// Central differences of a scalar `f` with respect to every element of `inputs[i]`.
    static func numericGradient(of f: ([Tensor]) throws -> Tensor, at inputs: [Tensor], input i: Int, step h: Double) throws -> [Double] {
        var x = inputs.map { $0.detached() }
        var out = [Double](repeating: 0, count: x[i].count)
        for j in 0..<x[i].count {
            let original = x[i][flat: j]
            let plus = Float(Double(original) + h), minus = Float(Double(original) - h)
            try x[i].withUnsafeMutableBufferPointer { $0[j] = plus }
            let fPlus = Double(try f(x).item())
            try x[i].withUnsafeMutableBufferPointer { $0[j] = minus }
            let fMinus = Double(try f(x).item())
            try x[i].withUnsafeMutableBufferPointer { $0[j] = original }
            out[j] = (fPlus - fMinus) / (Double(plus) - Double(minus))
        }
        return out
    }

    /// Element pairs that differ by more than `tolerance · max(1, |numeric|)`.
    static func compare(analytic: [Double], numeric: [Double], input: Int, tolerance: Double) -> [Mismatch] {
        zip(analytic, numeric).enumerated().compactMap { j, pair in
            Approx.isClose(pair.0, pair.1, tolerance: tolerance)
                ? nil : Mismatch(input: input, element: j, analytic: pair.0, numeric: pair.1)
        }
    }

    /// Runs the full check of a scalar function.
    static func run(_ inputs: [Tensor], step: Double = 1e-2, tolerance: Double = 1e-2, of f: ([Tensor]) throws -> Tensor) throws -> Report {
        let analytic = try analyticGradients(of: f, at: inputs)
        var report = Report()
        for (i, input) in inputs.enumerated() {
            let numeric = try numericGradient(of: f, at: inputs, input: i, step: step)
            report.largestNumeric.append(numeric.map { Swift.abs($0) }.max() ?? 0)
            let grad: [Double]
            if let g = analytic[i] {
                if g.shape != input.shape {
                    report.shapeErrors.append("input \(i): gradient shape \(g.shape), input shape \(input.shape)")
                    continue
                }
                grad = g.doubles
            } else {
                grad = [Double](repeating: 0, count: input.count)
            }
            report.mismatches += compare(analytic: grad, numeric: numeric, input: i, tolerance: tolerance)
        }
        return report
    }

    /// `sum(op(x) · w)` for a fixed random `w` of op's output shape, with entries in
    /// ±[0.5, 1.5): every output element's gradient enters the scalar with its own weight,
    /// so a wrong gradient in one element cannot hide behind the others.
    static func weighted(
        _ op: @escaping ([Tensor]) throws -> Tensor, at inputs: [Tensor], seed: UInt64 = 7
    ) throws -> ([Tensor]) throws -> Tensor {
        let shape = try op(inputs.map { $0.detached() }).shape
        // (1.5 − 0.5) is exactly 1, so these are the draws `0.5 + u` the weights always had.
        let weights = try Sample.awayFromZero(shape, margin: 0.5, high: 1.5, seed: seed)
        return { try (op($0) * weights).sum() }
    }

    /// Checks every input's gradient of `sum(op(inputs) · w)`; records issues on failure.
    /// - Parameter requireSignal: also fail when an input's numeric gradient is everywhere
    ///   below 0.05 (a check that could not tell a wrong rule from a right one).
    static func expect(
        _ inputs: [Tensor], step: Double = 1e-2, tolerance: Double = 1e-2, requireSignal: Bool = true,
        _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation,
        of op: @escaping ([Tensor]) throws -> Tensor
    ) throws {
        let f = try weighted(op, at: inputs)
        let report = try run(inputs, step: step, tolerance: tolerance, of: f)
        let label = comment.map { "\($0.rawValue): " } ?? ""
        for e in report.shapeErrors { Issue.record("\(label)\(e)", sourceLocation: sourceLocation) }
        if !report.mismatches.isEmpty {
            let shown = report.mismatches.prefix(6).map(\.description).joined(separator: "; ")
            Issue.record("\(label)\(report.mismatches.count) gradient element(s) differ: \(shown)", sourceLocation: sourceLocation)
        }
        if requireSignal {
            for (i, m) in report.largestNumeric.enumerated() where m < 0.05 {
                Issue.record("\(label)input \(i) has no gradient to check (largest |numeric| \(m))", sourceLocation: sourceLocation)
            }
        }
    }
}

/// The checker itself: it must pass right gradients and catch wrong ones.
@Suite("GradCheck catches wrong gradients")
struct GradCheckSelfTests {
    @Test("a correct rule passes")
    func correctRulePasses() throws {
        let x = try Sample.uniform([3, 4], seed: 1)
        let report = try GradCheck.run([x], of: GradCheck.weighted({ try $0[0] * $0[0] }, at: [x]))
        #expect(report.passed, "\(report.mismatches)")
        #expect(report.largestNumeric[0] > 0.05)
    }

    @Test("a missing factor of 2 fails")
    func missingFactorFails() throws {
        // d/dx (x · x) = 2x, but with one factor detached autograd sees only x.
        let x = try Sample.awayFromZero([3, 4], margin: 0.2, seed: 2)
        let f = try GradCheck.weighted({ try $0[0].detached() * $0[0] }, at: [x])
        let report = try GradCheck.run([x], of: f)
        #expect(report.mismatches.count == 12)
    }

    @Test("a sign flip fails")
    func signFlipFails() throws {
        // (2·x̄ − x) has the value of x but autograd's derivative is −1.
        let x = try Sample.uniform([5], seed: 3)
        let f = try GradCheck.weighted({ try $0[0].detached() * 2 - $0[0] }, at: [x])
        let report = try GradCheck.run([x], of: f)
        #expect(report.mismatches.count == 5)
    }

    @Test("comparison flags scaled and negated gradients but not float32 noise")
    func comparison() {
        let numeric: [Double] = [0.5, -1.25, 3.0, 0.03, -20]
        #expect(GradCheck.compare(analytic: numeric.map { $0 * (1 + 3e-3) }, numeric: numeric, input: 0, tolerance: 1e-2).isEmpty)
        #expect(GradCheck.compare(analytic: numeric.map { $0 * 2 }, numeric: numeric, input: 0, tolerance: 1e-2).count == 5)
        #expect(GradCheck.compare(analytic: numeric.map { -$0 }, numeric: numeric, input: 0, tolerance: 1e-2).count == 5)
    }

    @Test("an unused input gets a zero gradient and is reported as having no signal")
    func noSignal() throws {
        let x = try Sample.uniform([2], seed: 4), y = try Sample.uniform([2], seed: 5)
        let report = try GradCheck.run([x, y], of: GradCheck.weighted({ try $0[0].exp() }, at: [x, y]))
        #expect(report.passed)
        #expect(report.largestNumeric[1] < 1e-6)
    }
}
