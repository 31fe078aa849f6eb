import Foundation
import Testing

@testable import Engine

@Suite("Tensor creation")
struct TensorCreationTests {
    @Test("zeros, ones, full")
    func constants() throws {
        Approx.expect(try Tensor.zeros([2, 3]), equals: [0, 0, 0, 0, 0, 0], shape: [2, 3])
        Approx.expect(try Tensor.ones([3]), equals: [1, 1, 1], shape: [3])
        Approx.expect(try Tensor.full([2, 1, 2], -2.5), equals: [-2.5, -2.5, -2.5, -2.5], shape: [2, 1, 2])
        Approx.expect(try Tensor.full([], 7), equals: [7], shape: [])
        let empty = try Tensor.zeros([2, 0, 3])
        #expect(empty.shape == [2, 0, 3])
        #expect(empty.count == 0)
    }

    @Test("arange matches NumPy, including fractional and negative steps")
    func arange() throws {
        Approx.expect(try Tensor.arange(0, 5), equals: [0, 1, 2, 3, 4], shape: [5])
        Approx.expect(try Tensor.arange(2, 5), equals: [2, 3, 4])
        Approx.expect(try Tensor.arange(0, 1, step: 0.25), equals: [0, 0.25, 0.5, 0.75])
        Approx.expect(try Tensor.arange(3, 0, step: -1), equals: [3, 2, 1])
        Approx.expect(try Tensor.arange(0, 1, step: 0.3), equals: [0, 0.3, 0.6, 0.9])
        Approx.expect(try Tensor.arange(0, 1, step: 0.1), equals: (0..<10).map { Double($0) / 10 }, tolerance: 1e-6)
        Approx.expect(try Tensor.arange(1, 1), equals: [], shape: [0])
        Approx.expect(try Tensor.arange(5, 1), equals: [], shape: [0])
        Approx.expect(try Tensor.arange(-1.5, 1), equals: [-1.5, -0.5, 0.5])
    }

    @Test("linspace includes both ends")
    func linspace() throws {
        Approx.expect(try Tensor.linspace(0, 1, count: 5), equals: [0, 0.25, 0.5, 0.75, 1], shape: [5])
        Approx.expect(try Tensor.linspace(2, -2, count: 3), equals: [2, 0, -2])
        Approx.expect(try Tensor.linspace(3, 9, count: 1), equals: [3])
        Approx.expect(try Tensor.linspace(3, 9, count: 0), equals: [], shape: [0])
        let fine = try Tensor.linspace(-1, 1, count: 201)
        Approx.expect(fine, equals: (0...200).map { -1 + Double($0) / 100 }, tolerance: 1e-6)
    }

    @Test("eye")
    func eye() throws {
        Approx.expect(try Tensor.eye(3), equals: [1, 0, 0, 0, 1, 0, 0, 0, 1], shape: [3, 3])
        Approx.expect(try Tensor.eye(0), equals: [], shape: [0, 0])
    }

    @Test("nested lists give shapes and row-major values")
    func nested() throws {
        typealias N = NestedScalars
        let matrix = N.list([.list([.scalar(1), .scalar(2), .scalar(3)]), .list([.scalar(4), .scalar(5), .scalar(6)])])
        Approx.expect(try Tensor(nested: matrix), equals: [1, 2, 3, 4, 5, 6], shape: [2, 3])
        Approx.expect(try Tensor(nested: .scalar(4)), equals: [4], shape: [])
        Approx.expect(try Tensor(nested: .list([])), equals: [], shape: [0])
        Approx.expect(try Tensor(nested: .list([.list([]), .list([])])), equals: [], shape: [2, 0])
        let cube = N.list([.list([.list([.scalar(1)]), .list([.scalar(2)])]), .list([.list([.scalar(3)]), .list([.scalar(4)])])])
        Approx.expect(try Tensor(nested: cube), equals: [1, 2, 3, 4], shape: [2, 2, 1])
    }

    @Test(
        "ragged nested lists throw and say where",
        arguments: [
            ("row too short", NestedScalars.list([.list([.scalar(1), .scalar(2)]), .list([.scalar(3)])]), "[1]"),
            ("row too long", .list([.list([.scalar(1)]), .list([.scalar(2), .scalar(3)])]), "[1]"),
            ("number where a list was expected", .list([.list([.scalar(1)]), .scalar(2)]), "[1]"),
            ("list where a number was expected", .list([.scalar(1), .list([.scalar(2)])]), "[1]"),
            ("empty and non-empty rows", .list([.list([]), .list([.scalar(1)])]), "[1]"),
            ("deep mismatch", .list([.list([.list([.scalar(1), .scalar(2)])]), .list([.list([.scalar(3)])])]), "[1, 0]"),
        ])
    func ragged(id: String, nested: NestedScalars, path: String) {
        let error = #expect(throws: TensorError.self, "\(id)") { try Tensor(nested: nested) }
        guard let error else { return }
        let message = String(describing: error)
        #expect(message.contains("ragged"), "\(id): \(message)")
        #expect(message.contains(path), "\(id): \(message)")
    }

    @Test("init(shape:scalars:) checks the element count")
    func shapeAndScalars() throws {
        Approx.expect(try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]), equals: [1, 2, 3, 4], shape: [2, 2])
        #expect(throws: TensorError.self) { try Tensor(shape: [2, 2], scalars: [1, 2, 3]) }
        #expect(throws: TensorError.self) { try Tensor(shape: [-1, -2], scalars: [1, 2]) }
        Approx.expect(try Tensor(shape: [0, 5], scalars: []), equals: [], shape: [0, 5])
    }

    @Test("item() reads a one-element tensor of any rank")
    func item() throws {
        #expect(Approx.isClose(Double(try Tensor(shape: [1, 1], scalars: [3.5]).item()), 3.5, tolerance: 0))
        #expect(throws: TensorError.self) { try Tensor.zeros([2]).item() }
        #expect(throws: TensorError.self) { try Tensor.zeros([0]).item() }
    }
}

@Suite("Random numbers")
struct RandomTests {
    @Test("the same seed gives the same numbers; another seed differs")
    func reproducible() throws {
        let a = try Sample.uniform([1000], seed: 42), b = try Sample.uniform([1000], seed: 42), c = try Sample.uniform([1000], seed: 43)
        #expect(a.scalars.elementsEqual(b.scalars) { $0.bitPattern == $1.bitPattern })
        #expect(zip(a.scalars, c.scalars).filter { $0.bitPattern != $1.bitPattern }.count > 990)
        let n1 = try Sample.normal([1001], seed: 5), n2 = try Sample.normal([1001], seed: 5), n3 = try Sample.normal([1001], seed: 6)
        #expect(n1.scalars.elementsEqual(n2.scalars) { $0.bitPattern == $1.bitPattern })
        #expect(zip(n1.scalars, n3.scalars).filter { $0.bitPattern != $1.bitPattern }.count > 990)
    }

    @Test("one generator continues its stream: two draws differ, and redoing them repeats them")
    func stream() throws {
        var rng = SeededGenerator(seed: 9)
        let first = try Tensor.uniform([50], using: &rng), second = try Tensor.normal([50], using: &rng)
        var again = SeededGenerator(seed: 9)
        let first2 = try Tensor.uniform([50], using: &again), second2 = try Tensor.normal([50], using: &again)
        #expect(first.scalars.elementsEqual(first2.scalars) { $0.bitPattern == $1.bitPattern })
        #expect(second.scalars.elementsEqual(second2.scalars) { $0.bitPattern == $1.bitPattern })
        let third = try Tensor.uniform([50], using: &rng)
        #expect(zip(first.scalars, third.scalars).filter { $0.bitPattern != $1.bitPattern }.count > 45)
    }

    /// Recorded once from this generator: a change to it would silently change every seeded
    /// run, so the first values are pinned (xoshiro256** seeded through SplitMix64).
    @Test("the generator's first outputs are pinned")
    func pinned() {
        var rng = SeededGenerator(seed: 0)
        let first = (0..<3).map { _ in rng.next() }
        var again = SeededGenerator(seed: 0)
        #expect((0..<3).map { _ in again.next() } == first)
        // SplitMix64(0) = 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, ...: s1 starts at the second.
        let s1: UInt64 = 0x6E78_9E6A_A1B9_65F4
        let expected = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        #expect(first[0] == expected)
    }

    @Test("uniform samples lie in [low, high) and fill it evenly")
    func uniformRange() throws {
        let x = try Sample.uniform([100_000], -2, 3, seed: 1)
        #expect(x.scalars.allSatisfy { $0 >= -2 && $0 < 3 })
        let mean = x.doubles.reduce(0, +) / 100_000
        #expect(Swift.abs(mean - 0.5) < 0.03)
        // Each fifth of the range holds about a fifth of the samples.
        var bins = [Int](repeating: 0, count: 5)
        for v in x.scalars { bins[Swift.min(4, Int(v + 2))] += 1 }
        #expect(bins.allSatisfy { Swift.abs($0 - 20_000) < 800 }, "\(bins)")
    }

    @Test("normal samples have mean ≈ 0, std ≈ 1 and the right tails over 100k draws")
    func normalMoments() throws {
        let x = try Sample.normal([100_000], seed: 3).doubles
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let std = (x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
        #expect(Swift.abs(mean) < 0.015)
        #expect(Swift.abs(std - 1) < 0.015)
        let beyond2 = Double(x.filter { Swift.abs($0) > 2 }.count) / n
        #expect(Swift.abs(beyond2 - 0.0455) < 0.004)
        var rng = SeededGenerator(seed: 4)
        let shifted = try Tensor.normal([50_000], mean: 3, std: 0.5, using: &rng).doubles
        #expect(Swift.abs(shifted.reduce(0, +) / 50_000 - 3) < 0.01)
    }
}

@Suite("Elementwise forward values")
struct ElementwiseTests {
    @Test("broadcasting (3,1) + (1,4), (2,3,4) · (4), scalar, and (2,1,4) − (3,1)")
    func broadcasting() throws {
        let col = try Sample.tensor([3, 1], [1, 2, 3]), row = try Sample.tensor([1, 4], [10, 20, 30, 40])
        Approx.expect(try col + row, equals: [11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43], shape: [3, 4])
        let cube = try Tensor.arange(0, 24).reshaped(to: [2, 3, 4]), v = try Sample.tensor([4], [1, -1, 2, 0])
        let expected = (0..<24).map { Double($0) * [1, -1, 2, 0][$0 % 4] }
        Approx.expect(try cube * v, equals: expected, shape: [2, 3, 4])
        Approx.expect(try v * cube, equals: expected, shape: [2, 3, 4])
        Approx.expect(try cube - Tensor(1), equals: (0..<24).map { Double($0) - 1 }, shape: [2, 3, 4])
        Approx.expect(try Tensor(12) / Sample.tensor([2], [3, 4]), equals: [4, 3], shape: [2])
        let a = try Tensor.arange(0, 8).reshaped(to: [2, 1, 4]), b = try Sample.tensor([3, 1], [0, 10, 100])
        var diff: [Double] = []
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { diff.append(Double(i * 4 + k) - [0, 10, 100][j]) } } }
        Approx.expect(try a - b, equals: diff, shape: [2, 3, 4])
        Approx.expect(try Tensor(2) * Tensor(3), equals: [6], shape: [])
    }

    @Test("broadcast of a general middle axis: (2,3,1,4) + (3,5,1)")
    func generalBroadcast() throws {
        let a = try Sample.uniform([2, 3, 1, 4], seed: 1), b = try Sample.uniform([3, 5, 1], seed: 2)
        let out = try a + b
        var expected: [Double] = []
        for i in 0..<2 {
            for j in 0..<3 {
                for k in 0..<5 {
                    for l in 0..<4 {
                        expected.append(a.doubles[(i * 3 + j) * 4 + l] + b.doubles[j * 5 + k])
                    }
                }
            }
        }
        Approx.expect(out, equals: expected, shape: [2, 3, 5, 4])
    }

    @Test("unary maths against Foundation, elementwise")
    func unary() throws {
        let x = try Sample.uniform([50], -4, 4, seed: 3)
        let xs = x.doubles
        Approx.expect(try -x, equals: xs.map { -$0 })
        Approx.expect(try x.exp(), equals: xs.map { Foundation.exp($0) })
        Approx.expect(try x.abs(), equals: xs.map { Swift.abs($0) })
        Approx.expect(try x.tanh(), equals: xs.map { Foundation.tanh($0) })
        Approx.expect(try x.sigmoid(), equals: xs.map { 1 / (1 + Foundation.exp(-$0)) })
        Approx.expect(try x.relu(), equals: xs.map { Swift.max($0, 0) })
        Approx.expect(try x.gelu(), equals: xs.map { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) })
        Approx.expect(try x.clamped(min: -1, max: 2), equals: xs.map { Swift.min(Swift.max($0, -1), 2) })
        Approx.expect(try x.clamped(min: 0.5), equals: xs.map { Swift.max($0, 0.5) })
        Approx.expect(try x.softplus(), equals: xs.map { Foundation.log1p(Foundation.exp($0)) })
        let positive = try x.abs() + 0.1
        Approx.expect(try positive.log(), equals: positive.doubles.map { Foundation.log($0) })
        Approx.expect(try positive.sqrt(), equals: positive.doubles.map { $0.squareRoot() })
        Approx.expect(try positive.pow(x), equals: zip(positive.doubles, xs).map { Foundation.pow($0, $1) }, tolerance: 1e-4)
    }

    @Test("sigmoid and tanh saturate without overflow or NaN")
    func saturation() throws {
        let x = try Sample.tensor([4], [-100, -90, 90, 100])
        Approx.expect(try x.sigmoid(), equals: [0, 0, 1, 1], tolerance: 1e-30)
        Approx.expect(try x.tanh(), equals: [-1, -1, 1, 1])
        #expect(try x.sigmoid().scalars.allSatisfy { $0.isFinite })
        Approx.expect(try x.softplus(), equals: [3.7200760e-44, 8.1940126e-40, 90, 100], tolerance: 1e-30)
    }

    @Test("maximum, minimum and comparisons broadcast")
    func comparisons() throws {
        let a = try Sample.tensor([2, 2], [1, 5, 3, 2]), b = try Sample.tensor([2], [2, 2])
        Approx.expect(try a.maximum(b), equals: [2, 5, 3, 2])
        Approx.expect(try a.minimum(b), equals: [1, 2, 2, 2])
        let expected: [Tensor.Comparison: [Double]] = [
            .less: [1, 0, 0, 0], .lessEqual: [1, 0, 0, 1], .greater: [0, 1, 1, 0],
            .greaterEqual: [0, 1, 1, 1], .equal: [0, 0, 0, 1], .notEqual: [1, 1, 1, 0],
        ]
        for c in Tensor.Comparison.allCases {
            Approx.expect(try a.compare(b, c), equals: expected[c] ?? [], shape: [2, 2], "\(c)")
        }
        let masked = try a.requiringGradient().compare(b, .less)
        #expect(!masked.requiresGradient)
    }

    @Test("where picks by a broadcast condition")
    func select() throws {
        let condition = try Sample.tensor([2, 1], [1, 0])
        let a = try Sample.tensor([1, 3], [1, 2, 3])
        Approx.expect(try Tensor.select(condition, a, Tensor(-1)), equals: [1, 2, 3, -1, -1, -1], shape: [2, 3])
        let c2 = try Sample.tensor([3], [0, 2, -0.5])
        Approx.expect(try Tensor.select(c2, Tensor(7), Sample.tensor([2, 1], [8, 9])), equals: [8, 7, 7, 9, 7, 7], shape: [2, 3])
        Approx.expect(try Tensor.select(Tensor(1), Tensor(4), Tensor(5)), equals: [4], shape: [])
    }

    @Test("float operands on either side")
    func floatOperands() throws {
        let x = try Sample.tensor([2], [2, 4])
        Approx.expect(try x + 1, equals: [3, 5])
        Approx.expect(try x - 1, equals: [1, 3])
        Approx.expect(try 1 - x, equals: [-1, -3])
        Approx.expect(try x * 3, equals: [6, 12])
        Approx.expect(try x / 4, equals: [0.5, 1])
        Approx.expect(try x.pow(2), equals: [4, 16])
    }
}

@Suite("Copy-on-write")
struct CopyOnWriteTests {
    @Test("a copy shares storage until one side writes")
    func cow() throws {
        let original = try Sample.tensor([3], [1, 2, 3])
        var copy = original
        #expect(copy.sharesStorage(with: original))
        try copy.withUnsafeMutableBufferPointer { $0[0] = 100 }
        #expect(!copy.sharesStorage(with: original))
        Approx.expect(original, equals: [1, 2, 3])
        Approx.expect(copy, equals: [100, 2, 3])
    }

    @Test("a unique tensor is written in place")
    func uniqueInPlace() throws {
        var t = try Tensor.zeros([4])
        let before = t.storage.pointer  // not the storage itself: that would be a second reference
        try t.withUnsafeMutableBufferPointer { $0[1] = 5 }
        #expect(t.storage.pointer == before)
        Approx.expect(t, equals: [0, 5, 0, 0])
    }

    @Test("reshaped views, detached copies and parameter values do not see later writes")
    func viewsAreValues() throws {
        var x = try Tensor.arange(0, 6)
        let view = try x.reshaped(to: [2, 3]), detached = x.detached()
        let p = Parameter(x)
        try x.withUnsafeMutableBufferPointer { $0[0] = -1 }
        Approx.expect(view, equals: [0, 1, 2, 3, 4, 5], shape: [2, 3])
        Approx.expect(detached, equals: [0, 1, 2, 3, 4, 5])
        Approx.expect(p.value, equals: [0, 1, 2, 3, 4, 5])
    }

    @Test("ops never write into their inputs")
    func opsDoNotMutate() throws {
        let x = try Sample.uniform([2, 3], seed: 1)
        let before = x.scalars
        _ = try x + x
        _ = try x.permuted([1, 0])
        _ = try x.softmax()
        _ = try x.sum(alongAxes: [0])
        _ = try x.slice([.range(start: nil, end: nil, step: -1)])
        #expect(x.scalars.elementsEqual(before) { $0.bitPattern == $1.bitPattern })
    }
}
