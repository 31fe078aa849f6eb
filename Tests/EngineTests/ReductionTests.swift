import Foundation
import Testing

@testable import Engine

/// Every reduction against `Naive.groups`: the elements each output cell gathers, visited
/// one by one.
@Suite("Reductions")
struct ReductionTests {
    /// Axis lists for a rank-3 tensor, including non-adjacent [0, 2], negatives and all.
    static let axes: [[Int]] = [[0], [1], [2], [-1], [-3], [0, 1], [1, 2], [0, 2], [2, 0], [-1, 0], [0, 1, 2], []]

    static func expectReduction(
        _ name: String, axes: [Int], keep: Bool, tolerance: Double = 1e-5,
        _ op: (Tensor) throws -> Tensor, _ reference: ([Double]) -> Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let x = try Sample.uniform([3, 4, 5], -2, 2, seed: 11)
        let normalized = axes.map { $0 < 0 ? $0 + 3 : $0 }
        let (kept, groups) = Naive.groups(x.doubles, shape: x.shape, axes: normalized)
        let shape = keep ? kept : x.shape.enumerated().filter { !normalized.contains($0.offset) }.map(\.element)
        Approx.expect(
            try op(x), equals: groups.map(reference), shape: shape, tolerance: tolerance, "\(name) axes \(axes) keep \(keep)",
            sourceLocation: sourceLocation)
    }

    static func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
    static func variance(_ v: [Double], correction: Int) -> Double {
        let m = mean(v)
        return v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count - correction)
    }

    @Test("sum, mean, max, min, logSumExp", arguments: axes, [false, true])
    func reductions(axes: [Int], keep: Bool) throws {
        try Self.expectReduction("sum", axes: axes, keep: keep, { try $0.sum(alongAxes: axes, keepingDimensions: keep) }) {
            $0.reduce(0, +)
        }
        try Self.expectReduction("mean", axes: axes, keep: keep, { try $0.mean(alongAxes: axes, keepingDimensions: keep) }, Self.mean)
        try Self.expectReduction("max", axes: axes, keep: keep, { try $0.max(alongAxes: axes, keepingDimensions: keep) }) { $0.max()! }
        try Self.expectReduction("min", axes: axes, keep: keep, { try $0.min(alongAxes: axes, keepingDimensions: keep) }) { $0.min()! }
        try Self.expectReduction("logSumExp", axes: axes, keep: keep, { try $0.logSumExp(alongAxes: axes, keepingDimensions: keep) }) {
            Foundation.log($0.map { Foundation.exp($0) }.reduce(0, +))
        }
    }

    @Test("variance and standard deviation, with correction 0 and 1", arguments: axes.filter { !$0.isEmpty }, [0, 1])
    func spread(axes: [Int], correction: Int) throws {
        for keep in [false, true] {
            try Self.expectReduction(
                "var", axes: axes, keep: keep, tolerance: 1e-4,
                { try $0.variance(alongAxes: axes, keepingDimensions: keep, correction: correction) }
            ) {
                Self.variance($0, correction: correction)
            }
            try Self.expectReduction(
                "std", axes: axes, keep: keep, tolerance: 1e-4,
                { try $0.standardDeviation(alongAxes: axes, keepingDimensions: keep, correction: correction) }
            ) {
                Self.variance($0, correction: correction).squareRoot()
            }
        }
    }

    @Test("reducing everything (axes nil) gives a scalar, or all-ones dims when kept")
    func all() throws {
        let x = try Sample.uniform([2, 3, 4], seed: 12)
        let total = x.doubles.reduce(0, +)
        Approx.expect(try x.sum(), equals: [total], shape: [])
        Approx.expect(try x.sum(keepingDimensions: true), equals: [total], shape: [1, 1, 1])
        Approx.expect(try x.mean(), equals: [total / 24], shape: [])
        Approx.expect(try x.max(), equals: [x.doubles.max()!], shape: [])
        Approx.expect(try x.variance(correction: 0), equals: [Self.variance(x.doubles, correction: 0)], shape: [], tolerance: 1e-4)
    }

    @Test("a long sum is accurate (vectorised accumulators) and reductions of a scalar are the scalar")
    func longSumAndScalar() throws {
        let n = 1_000_003
        let ones = try Tensor.ones([n])
        Approx.expect(try ones.sum(), equals: [Double(n)], tolerance: 1e-6)
        let x = try Sample.uniform([1000, 37], seed: 13)
        let rows = try x.sum(alongAxes: [1])
        for i in stride(from: 0, to: 1000, by: 97) {
            let reference = x.doubles[(i * 37)..<((i + 1) * 37)].reduce(0, +)
            #expect(Approx.isClose(Double(rows.scalars[i]), reference, tolerance: 1e-5))
        }
        Approx.expect(try Tensor(3).sum(), equals: [3], shape: [])
        Approx.expect(try Tensor(3).max(), equals: [3], shape: [])
    }

    @Test("sum over an empty axis is 0; max over one throws")
    func emptyAxes() throws {
        let empty = try Tensor.zeros([2, 0])
        Approx.expect(try empty.sum(alongAxes: [1]), equals: [0, 0], shape: [2])
        Approx.expect(try empty.sum(alongAxes: [0]), equals: [], shape: [0])
        #expect(throws: TensorError.self) { try empty.max(alongAxes: [1]) }
        #expect(throws: TensorError.self) { try empty.mean() }
        Approx.expect(try empty.max(alongAxes: [0]), equals: [], shape: [0])
    }

    @Test("max and min of contiguous runs of every length around the vector width", arguments: [1, 2, 15, 16, 17, 31, 32, 33, 47, 100])
    func extremaLengths(length: Int) throws {
        // Each row puts its extreme somewhere else: first, last, inside a vector, in the tail.
        for position in Set([0, length - 1, length / 2, Swift.max(0, length - 3)]) {
            var values = (0..<length).map { Float(($0 * 7) % 11) - 5 }
            values[position] = 100
            let top = try Sample.tensor([1, length], values).max(alongAxes: [1])
            Approx.expect(top, equals: [100], "max, length \(length), at \(position)")
            values[position] = -100
            let bottom = try Sample.tensor([1, length], values).min(alongAxes: [1])
            Approx.expect(bottom, equals: [-100], "min, length \(length), at \(position)")
        }
        let x = try Sample.uniform([3, length], -5, 5, seed: UInt64(length))
        let (_, groups) = Naive.groups(x.doubles, shape: x.shape, axes: [1])
        Approx.expect(try x.max(alongAxes: [1]), equals: groups.map { $0.max()! })
        Approx.expect(try x.min(alongAxes: [-1]), equals: groups.map { $0.min()! })
        Approx.expect(try x.sum(alongAxes: [1]), equals: groups.map { $0.reduce(0, +) })
    }

    @Test(
        "a million-element sum is accurate to float32 precision, along any axis")
    func longSumPrecision() throws {
        // The classic case: a running float32 sum of 0.1 drifts by ~1% over 10⁶ terms;
        // pairwise (PyTorch, NumPy) or blocked summation stays within a few ulps.
        let flat = try Tensor.full([1_000_000], 0.1)
        Approx.expect(try flat.sum(), equals: [100_000], tolerance: 1e-5, "contiguous run")
        let columns = try Tensor.full([1_000_000, 2], 0.1)
        Approx.expect(try columns.sum(alongAxes: [0]), equals: [100_000, 100_000], tolerance: 1e-5, "down a column")
        Approx.expect(try columns.mean(alongAxes: [0]), equals: [0.1, 0.1], tolerance: 1e-6, "mean down a column")
    }

    @Test(
        "max and min propagate NaN, as argmax does and as PyTorch does")
    func nanPropagation() throws {
        let x = try Sample.tensor([3], [.nan, 1, 3])
        Approx.expect(try x.argmax(), equals: [0])
        #expect(try x.max().scalars[0].isNaN)
        #expect(try x.min().scalars[0].isNaN)
        #expect(try x.relu().scalars[0].isNaN)
        #expect(try x.maximum(Tensor(2)).scalars[0].isNaN)
        #expect(try Tensor(2).maximum(x).scalars[0].isNaN, "maximum is symmetric")
    }

    @Test("argmax and argmin along each axis, first index on ties", arguments: [0, 1, 2, -1])
    func argExtrema(axis: Int) throws {
        let x = try Sample.grid([3, 4, 5], spacing: 1, seed: 14)  // few distinct values: many ties
        let a = axis < 0 ? axis + 3 : axis
        var expectedMax: [Double] = [], expectedMin: [Double] = []
        for index in Naive.indices(x.shape.enumerated().map { $0.offset == a ? 1 : $0.element }) {
            var bestMax = -Double.infinity, bestMin = Double.infinity, argMax = 0, argMin = 0
            for k in 0..<x.shape[a] {
                var i = index
                i[a] = k
                let v = x.doubles[Naive.offset(i, x.shape)]
                if v > bestMax { bestMax = v; argMax = k }
                if v < bestMin { bestMin = v; argMin = k }
            }
            expectedMax.append(Double(argMax))
            expectedMin.append(Double(argMin))
        }
        let dropped = x.shape.enumerated().filter { $0.offset != a }.map(\.element)
        Approx.expect(try x.argmax(axis: axis), equals: expectedMax, shape: dropped)
        Approx.expect(try x.argmin(axis: axis), equals: expectedMin, shape: dropped)
        var kept = x.shape
        kept[a] = 1
        Approx.expect(try x.argmax(axis: axis, keepingDimensions: true), equals: expectedMax, shape: kept)
    }

    @Test("argmax of the flattened tensor")
    func argmaxFlat() throws {
        let x = try Sample.tensor([2, 3], [1, 9, 3, 9, -4, 2])
        Approx.expect(try x.argmax(), equals: [1], shape: [])
        Approx.expect(try x.argmin(), equals: [4], shape: [])
        Approx.expect(try x.argmax(keepingDimensions: true), equals: [1], shape: [1, 1])
        Approx.expect(try Tensor(5).argmax(), equals: [0], shape: [])
    }

    @Test("softmax rows sum to 1 along every axis and match exp(x)/Σexp(x)", arguments: [0, 1, 2, -1])
    func softmax(axis: Int) throws {
        let x = try Sample.uniform([3, 4, 5], -3, 3, seed: 15)
        let a = axis < 0 ? axis + 3 : axis
        let y = try x.softmax(axis: axis)
        Approx.expect(try y.sum(alongAxes: [axis]), equals: [Double](repeating: 1, count: 60 / x.shape[a]), tolerance: 1e-6)
        let (_, groups) = Naive.groups(x.doubles, shape: x.shape, axes: [a])
        let totals = groups.map { $0.map { Foundation.exp($0) }.reduce(0, +) }
        let expected = Naive.indices(x.shape).map { index -> Double in
            var cell = index
            cell[a] = 0
            let kept = x.shape.enumerated().map { $0.offset == a ? 1 : $0.element }
            return Foundation.exp(x.doubles[Naive.offset(index, x.shape)]) / totals[Naive.offset(cell, kept)]
        }
        Approx.expect(y, equals: expected, shape: x.shape)
        Approx.expect(try x.logSoftmax(axis: axis), equals: expected.map { Foundation.log($0) }, shape: x.shape, tolerance: 1e-5)
    }

    @Test("softmax, logSoftmax and logSumExp are stable for logits of ±1000")
    func stability() throws {
        let x = try Sample.tensor([2, 3], [1000, 1001, 1002, -1000, -1001, -1002])
        let e = [Foundation.exp(-2.0), Foundation.exp(-1.0), 1]
        let s = e.reduce(0, +)
        Approx.expect(try x.softmax(), equals: e.map { $0 / s } + e.reversed().map { $0 / s }, tolerance: 1e-6)
        let lse = Foundation.log(s)
        // float32 cannot hold 1002.41 closer than 3e-5; see `logSoftmaxPrecision` for why it should.
        Approx.expect(try x.logSoftmax(), equals: [-2 - lse, -1 - lse, -lse, -lse, -1 - lse, -2 - lse], tolerance: 1e-4)
        Approx.expect(try x.logSumExp(alongAxes: [1]), equals: [1002 + lse, -1000 + lse], tolerance: 1e-6)
        let huge = try Sample.tensor([3], [3e38, 3e38, -3e38])
        Approx.expect(try huge.logSumExp(), equals: [3e38 + Foundation.log(2.0)], tolerance: 1e-6)
        Approx.expect(try huge.softmax(), equals: [0.5, 0.5, 0])
    }

    /// Was x − (log s + m), which rounds log s + m to float32 near m.
    @Test("logSoftmax of large logits is as precise as of small ones")
    func logSoftmaxPrecision() throws {
        for offset: Float in [0, 1000, 10_000, 100_000] {
            let x = try Sample.tensor([3], [offset, offset + 1, offset - 1])
            let lse = Foundation.log(1 + Foundation.exp(1.0) + Foundation.exp(-1.0))
            Approx.expect(try x.logSoftmax(), equals: [-lse, 1 - lse, -1 - lse], tolerance: 1e-6, "offset \(offset)")
            let loss = try Losses.crossEntropy(x.reshaped(to: [1, 3]), Sample.tensor([1], [0]))
            Approx.expect(loss, equals: [lse], tolerance: 1e-6, "cross entropy, offset \(offset)")
        }
    }

    @Test("logSumExp of −∞ rows is −∞, not NaN")
    func logSumExpInfinite() throws {
        let x = try Sample.tensor([2, 2], [-.infinity, -.infinity, 0, -.infinity])
        let out = try x.logSumExp(alongAxes: [1])
        #expect(out.scalars[0].isInfinite && out.scalars[0] < 0)
        #expect(Approx.isClose(Double(out.scalars[1]), 0, tolerance: 1e-7))
    }
}
