import Testing

@testable import Engine

/// Python's `//` and `%` as the Engine computes them, and the remainder's gradient rule.
@Suite("Floor division and remainder")
struct FloorDivisionTests {
    @Test(
        "quotients and remainders as Python gives them",
        arguments: [
            (7.0, 2.0, 3.0, 1.0), (-7.0, 2.0, -4.0, 1.0), (7.0, -2.0, -4.0, -1.0), (-7.0, -2.0, 3.0, -1.0),
            (7.5, 2.0, 3.0, 1.5), (1.0, 0.1, 9.0, 0.09999999999999995), (-5.0, Double.infinity, -1.0, Double.infinity),
        ])
    func python(a: Double, b: Double, quotient: Double, remainder: Double) {
        #expect(FloorDivision.quotient(a, b) == quotient)
        #expect(FloorDivision.remainder(a, b) == remainder)
    }

    @Test("division by zero is inf or nan, as float division, not an error")
    func byZero() {
        #expect(FloorDivision.quotient(1.0, 0.0) == .infinity)
        #expect(FloorDivision.quotient(-1.0, 0.0) == -.infinity)
        #expect(FloorDivision.quotient(0.0, 0.0).isNaN)
        #expect(FloorDivision.remainder(1.0, 0.0).isNaN)
    }

    @Test("% broadcasts, and its gradients are 1 and -floor(a/b) (checked away from the jumps)")
    func remainderGradient() throws {
        let a = try Sample.tensor([4, 1], [2.5, -3.7, 5.2, -1.4])
        let b = try Sample.tensor([3], [2.0, 3.0, -2.4])
        Approx.expect(
            try a.remainder(dividingBy: b), equals: [0.5, 2.5, -2.3, 0.3, 2.3, -1.3, 1.2, 2.2, -2.0, 0.6, 1.6, -1.4],
            shape: [4, 3], tolerance: 1e-5)
        try GradCheck.expect([a, b]) { try $0[0].remainder(dividingBy: $0[1]) }
    }

    @Test("// has a zero gradient, so it adds nothing to a sum with other terms")
    func floorDivisionGradient() throws {
        let a = try Sample.tensor([3], [2.5, -3.7, 5.2]).requiringGradient()
        try (a.floorDivided(by: Tensor(2)) + a).sum().backward()
        Approx.expect(try #require(a.grad), equals: [1, 1, 1], shape: [3])
    }
}
