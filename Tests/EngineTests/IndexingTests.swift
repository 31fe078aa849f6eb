import Testing

@testable import Engine

@Suite("Slicing and indexing")
struct IndexingTests {
    static let bounds: [Int?] = [nil, -8, -6, -5, -3, -1, 0, 1, 2, 4, 5, 6, 9]
    static let steps: [Int?] = [nil, 1, 2, 3, 7, -1, -2, -3, -7]

    @Test("1-D slices match Python for every start/stop/step combination", arguments: [0, 1, 5, 6])
    func pythonSemantics(length: Int) throws {
        let x = try Tensor.arange(0, Float(length))
        var checked = 0
        for start in Self.bounds {
            for stop in Self.bounds {
                for step in Self.steps {
                    let expected = Naive.pythonSlice(start: start, stop: stop, step: step, length: length)
                    let got = try x.slice([.range(start: start, end: stop, step: step)])
                    Approx.expect(
                        got, equals: expected.map(Double.init), shape: [expected.count],
                        "x[\(start.map(String.init) ?? ""):\(stop.map(String.init) ?? ""):\(step.map(String.init) ?? "")] of \(length)")
                    checked += 1
                }
            }
        }
        #expect(checked == 13 * 13 * 9)
    }

    @Test("2-D slices combine per axis like NumPy")
    func multiAxis() throws {
        let x = try Tensor.arange(0, 20).reshaped(to: [4, 5])
        func expected(_ rows: [Int], _ cols: [Int]) -> [Double] { rows.flatMap { r in cols.map { Double(r * 5 + $0) } } }
        Approx.expect(try x.slice([.range(start: 1, end: 3, step: nil)]), equals: expected([1, 2], [0, 1, 2, 3, 4]), shape: [2, 5])
        Approx.expect(
            try x.slice([.all, .range(start: nil, end: nil, step: -2)]), equals: expected([0, 1, 2, 3], [4, 2, 0]), shape: [4, 3])
        Approx.expect(
            try x.slice([.range(start: -1, end: nil, step: -3), .range(start: 1, end: -1, step: 2)]), equals: expected([3, 0], [1, 3]),
            shape: [2, 2])
        Approx.expect(try x.slice([.index(2)]), equals: expected([2], [0, 1, 2, 3, 4]), shape: [5])
        Approx.expect(try x.slice([.index(-1), .index(-2)]), equals: [18], shape: [])
        Approx.expect(try x.slice([.all, .index(0)]), equals: [0, 5, 10, 15], shape: [4])
        Approx.expect(try x.slice([.range(start: 3, end: 1, step: nil)]), equals: [], shape: [0, 5])
        Approx.expect(try x.slice([]), equals: expected([0, 1, 2, 3], [0, 1, 2, 3, 4]), shape: [4, 5])
        let cube = try Tensor.arange(0, 24).reshaped(to: [2, 3, 4])
        Approx.expect(try cube.slice([.index(1), .range(start: nil, end: nil, step: -1), .index(3)]), equals: [23, 19, 15], shape: [3])
    }

    @Test("assign(at:) writes a broadcast value into a slice and leaves copies alone")
    func assign() throws {
        var x = try Tensor.zeros([3, 4])
        let before = x
        try x.assign(Tensor(5), at: [.index(1)])
        Approx.expect(x, equals: [0, 0, 0, 0, 5, 5, 5, 5, 0, 0, 0, 0])
        Approx.expect(before, equals: [Double](repeating: 0, count: 12), "a copy taken before the write is unchanged")
        try x.assign(Sample.tensor([3, 1], [1, 2, 3]), at: [.all, .range(start: nil, end: nil, step: -3)])
        Approx.expect(x, equals: [1, 0, 0, 1, 2, 5, 5, 2, 3, 0, 0, 3])
        try x.assign(Sample.tensor([2], [-1, -2]), at: [.range(start: 2, end: 0, step: -2), .range(start: 1, end: 3, step: nil)])
        Approx.expect(x, equals: [1, 0, 0, 1, 2, 5, 5, 2, 3, -1, -2, 3])
        try x.assign(Tensor(9), at: [.index(-1), .index(-1)])
        Approx.expect(x, equals: [1, 0, 0, 1, 2, 5, 5, 2, 3, -1, -2, 9])
        // Writing a tensor into itself, through its own storage.
        let snapshot = x
        try x.assign(x.slice([.index(0)]), at: [.index(2)])
        Approx.expect(x, equals: [1, 0, 0, 1, 2, 5, 5, 2, 1, 0, 0, 1])
        Approx.expect(snapshot, equals: [1, 0, 0, 1, 2, 5, 5, 2, 3, -1, -2, 9])
        // An empty slice is a no-op, not an error.
        try x.assign(Tensor(7), at: [.range(start: 2, end: 2, step: nil)])
        Approx.expect(x, equals: [1, 0, 0, 1, 2, 5, 5, 2, 1, 0, 0, 1])
    }

    @Test("assign(at:) rejects values that do not broadcast and tensors in a graph")
    func assignErrors() throws {
        var x = try Tensor.zeros([3, 4])
        let error = #expect(throws: TensorError.self) { try x.assign(Tensor.ones([3]), at: [.index(0)]) }
        if let error {
            #expect(String(describing: error).contains("(3,)"))
            #expect(String(describing: error).contains("(4,)"))
        }
        var leaf = x.requiringGradient()
        #expect(throws: TensorError.self) { try leaf.assign(Tensor(1), at: [.index(0)]) }
        #expect(throws: TensorError.self) { try x.assign(Tensor(1), at: [.index(3)]) }
        Approx.expect(x, equals: [Double](repeating: 0, count: 12), "failed writes change nothing")
    }

    @Test("indexSelect picks rows, repeats them, and takes an index tensor's shape")
    func indexSelect() throws {
        let x = try Tensor.arange(0, 12).reshaped(to: [3, 4])
        Approx.expect(
            try x.indexSelect(indices: Sample.tensor([4], [2, 0, 2, -1])), equals: [8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11, 8, 9, 10, 11],
            shape: [4, 4])
        Approx.expect(
            try x.indexSelect(axis: 1, indices: Sample.tensor([2, 2], [3, 0, 1, 1])),
            equals: [3, 0, 1, 1, 7, 4, 5, 5, 11, 8, 9, 9], shape: [3, 2, 2])
        Approx.expect(try x.indexSelect(axis: -1, indices: Tensor(2)), equals: [2, 6, 10], shape: [3])
        Approx.expect(try x.indexSelect(indices: Tensor.zeros([0])), equals: [], shape: [0, 4])
    }

    @Test("gather matches out[i][j] = x[index[i][j]][j] and its axis-1 twin")
    func gather() throws {
        let x = try Sample.uniform([3, 4], seed: 1)
        let index = try Sample.indices([2, 4], below: 3, seed: 2)
        let i0 = index.scalars.map { Int($0) }
        let expected0 = (0..<8).map { x.doubles[i0[$0] * 4 + $0 % 4] }
        Approx.expect(try x.gather(axis: 0, indices: index), equals: expected0, shape: [2, 4])
        let index1 = try Sample.indices([3, 5], below: 4, seed: 3)
        let i1 = index1.scalars.map { Int($0) }
        let expected1 = (0..<15).map { x.doubles[($0 / 5) * 4 + i1[$0]] }
        Approx.expect(try x.gather(axis: 1, indices: index1), equals: expected1, shape: [3, 5])
        Approx.expect(try x.gather(axis: 1, indices: Sample.tensor([1, 1], [-1])), equals: [x.doubles[3]], shape: [1, 1])
    }

    @Test("masked(by:) selects elements or leading-axis rows in order")
    func masked() throws {
        let x = try Tensor.arange(0, 6).reshaped(to: [2, 3])
        let m = try x.compare(Tensor(2), .greater)
        Approx.expect(try x.masked(by: m), equals: [3, 4, 5], shape: [3])
        Approx.expect(try x.masked(by: Sample.tensor([2], [0, 1])), equals: [3, 4, 5], shape: [1, 3])
        Approx.expect(try x.masked(by: Tensor.zeros([2, 3])), equals: [], shape: [0])
        Approx.expect(
            try x.masked(by: Sample.tensor([2, 3], [1, 0, 2, 0, -1, 0])), equals: [0, 2, 4], shape: [3], "any non-zero selects")
    }

    @Test("oneHot")
    func oneHot() throws {
        Approx.expect(try Sample.tensor([3], [2, 0, 1]).oneHot(classes: 3), equals: [0, 0, 1, 1, 0, 0, 0, 1, 0], shape: [3, 3])
        Approx.expect(try Sample.tensor([2, 1], [1, 3]).oneHot(classes: 4), equals: [0, 1, 0, 0, 0, 0, 0, 1], shape: [2, 1, 4])
        Approx.expect(try Tensor(0).oneHot(classes: 2), equals: [1, 0], shape: [2])
        #expect(throws: TensorError.self) { try Sample.tensor([1], [3]).oneHot(classes: 3) }
        #expect(throws: TensorError.self) { try Sample.tensor([1], [0.5]).oneHot(classes: 3) }
        #expect(throws: TensorError.self) { try Sample.tensor([1], [0]).oneHot(classes: 0) }
    }

    @Test("oneHot rejects negative classes, as PyTorch's one_hot does")
    func oneHotNegative() {
        #expect(throws: TensorError.self) { try Sample.tensor([1], [-1]).oneHot(classes: 3) }
    }
}

@Suite("Movement")
struct MovementTests {
    @Test("reshape keeps row-major order and infers -1")
    func reshape() throws {
        let x = try Tensor.arange(0, 6)
        Approx.expect(try x.reshaped(to: [2, 3]), equals: [0, 1, 2, 3, 4, 5], shape: [2, 3])
        #expect(try x.reshaped(to: [3, -1]).shape == [3, 2])
        #expect(try x.reshaped(to: [-1]).shape == [6])
        #expect(try x.reshaped(to: [1, 2, 1, 3]).shape == [1, 2, 1, 3])
        #expect(try Tensor.zeros([0, 3]).reshaped(to: [-1, 3]).shape == [0, 3])
        #expect(try Tensor(2).reshaped(to: [1, 1]).shape == [1, 1])
    }

    @Test("permute and transpose against index arithmetic")
    func permute() throws {
        let x = try Sample.uniform([2, 3, 4], seed: 1)
        let p = try x.permuted([2, 0, 1])
        #expect(p.shape == [4, 2, 3])
        let expected = Naive.indices([4, 2, 3]).map { i in x.doubles[Naive.offset([i[1], i[2], i[0]], [2, 3, 4])] }
        Approx.expect(p, equals: expected)
        let t = try x.transposed()
        Approx.expect(
            t, equals: Naive.indices([2, 4, 3]).map { i in x.doubles[Naive.offset([i[0], i[2], i[1]], [2, 3, 4])] }, shape: [2, 4, 3])
        let t02 = try x.transposed(0, 2)
        Approx.expect(
            t02, equals: Naive.indices([4, 3, 2]).map { i in x.doubles[Naive.offset([i[2], i[1], i[0]], [2, 3, 4])] }, shape: [4, 3, 2])
        Approx.expect(try x.permuted([-1, -3, -2]), equals: expected, shape: [4, 2, 3])
        Approx.expect(try Tensor.arange(0, 3).transposed(), equals: [0, 1, 2], shape: [3])
    }

    @Test("squeeze, unsqueeze and flatten change only the shape")
    func shapes() throws {
        let x = try Tensor.zeros([2, 1, 3, 1])
        #expect(try x.squeezed().shape == [2, 3])
        #expect(try x.squeezed(axis: 1).shape == [2, 3, 1])
        #expect(try x.squeezed(axis: -1).shape == [2, 1, 3])
        #expect(try Tensor.zeros([1, 1]).squeezed().shape == [])
        let v = try Tensor.arange(0, 3)
        #expect(try v.unsqueezed(axis: 0).shape == [1, 3])
        #expect(try v.unsqueezed(axis: 1).shape == [3, 1])
        #expect(try v.unsqueezed(axis: -1).shape == [3, 1])
        #expect(try v.unsqueezed(axis: -2).shape == [1, 3])
        #expect(try Tensor(1).unsqueezed(axis: 0).shape == [1])
        let c = try Tensor.arange(0, 24).reshaped(to: [2, 3, 4])
        Approx.expect(try c.flattened(), equals: (0..<24).map(Double.init), shape: [24])
        #expect(try c.flattened(from: 1).shape == [2, 12])
        #expect(try c.flattened(from: 0, through: 1).shape == [6, 4])
        #expect(try c.flattened(from: -2, through: -1).shape == [2, 12])
        #expect(try Tensor(1).flattened().shape == [1])
    }

    @Test("broadcast(to:) copies along new and size-1 axes")
    func broadcast() throws {
        let col = try Sample.tensor([2, 1], [1, 2])
        Approx.expect(try col.broadcast(to: [3, 2, 2]), equals: [1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2], shape: [3, 2, 2])
        Approx.expect(try Tensor(4).broadcast(to: [2]), equals: [4, 4], shape: [2])
        Approx.expect(try col.broadcast(to: [2, 0]), equals: [], shape: [2, 0])
    }

    @Test("concat along each axis, and stack along a new one")
    func concatAndStack() throws {
        let a = try Tensor.arange(0, 6).reshaped(to: [2, 3]), b = try Tensor.arange(6, 10).reshaped(to: [2, 2])
        Approx.expect(try Tensor.concat([a, b], axis: 1), equals: [0, 1, 2, 6, 7, 3, 4, 5, 8, 9], shape: [2, 5])
        Approx.expect(try Tensor.concat([a, b], axis: -1), equals: [0, 1, 2, 6, 7, 3, 4, 5, 8, 9], shape: [2, 5])
        let c = try Tensor.arange(0, 3).reshaped(to: [1, 3])
        Approx.expect(try Tensor.concat([a, c, a], axis: 0), equals: [0, 1, 2, 3, 4, 5, 0, 1, 2, 0, 1, 2, 3, 4, 5], shape: [5, 3])
        Approx.expect(try Tensor.concat([a, Tensor.zeros([0, 3])]), equals: [0, 1, 2, 3, 4, 5], shape: [2, 3])
        Approx.expect(try Tensor.concat([a]), equals: [0, 1, 2, 3, 4, 5], shape: [2, 3])
        let d = try Tensor.arange(6, 12).reshaped(to: [2, 3])
        Approx.expect(try Tensor.stack([a, d]), equals: (0..<12).map(Double.init), shape: [2, 2, 3])
        Approx.expect(try Tensor.stack([a, d], axis: 1), equals: [0, 1, 2, 6, 7, 8, 3, 4, 5, 9, 10, 11], shape: [2, 2, 3])
        Approx.expect(try Tensor.stack([a, d], axis: -1), equals: [0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11], shape: [2, 3, 2])
        Approx.expect(try Tensor.stack([Tensor(1), Tensor(2)]), equals: [1, 2], shape: [2])
    }
}
