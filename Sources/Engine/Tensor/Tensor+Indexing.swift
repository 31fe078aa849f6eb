/// NumPy-style indexing: integer and strided slices, gathering by index tensors, boolean
/// masks, one-hot encoding, and writing into slices.
public enum SliceIndex: Sendable, Equatable {
    /// One position; the axis is dropped. Negative counts from the end.
    case index(Int)
    /// `start:end:step`, Python semantics (negative values count from the end, a negative
    /// step walks backwards, nil means the natural end).
    case range(start: Int?, end: Int?, step: Int?)
    /// `:` — the whole axis.
    public static let all = SliceIndex.range(start: nil, end: nil, step: nil)
}

/// A slice resolved against a shape: per input axis, the first position, the step and how
/// many positions; `keeps` is false for axes indexed by a single integer.
struct ResolvedSlice {
    var starts: [Int], steps: [Int], counts: [Int], keeps: [Bool]

    var resultShape: [Int] { zip(counts, keeps).filter(\.1).map(\.0) }

    init(_ specs: [SliceIndex], shape: [Int]) throws {
        guard specs.count <= shape.count else {
            throw TensorError.invalidArgument(op: "index", reason: "too many indices: \(specs.count) for a tensor of rank \(shape.count)")
        }
        starts = []; steps = []; counts = []; keeps = []
        for (d, size) in shape.enumerated() {
            let spec = d < specs.count ? specs[d] : .all
            switch spec {
            case let .index(i):
                guard i.magnitude <= 1 << 40 else { throw TensorError.indexOutOfRange(op: "index", index: i, dimension: d, size: size) }
                let j = i < 0 ? i + size : i
                guard j >= 0 && j < size else { throw TensorError.indexOutOfRange(op: "index", index: i, dimension: d, size: size) }
                starts.append(j); steps.append(1); counts.append(1); keeps.append(false)
            case let .range(start, end, step):
                let st = step ?? 1
                guard st != 0 else { throw TensorError.invalidArgument(op: "slice", reason: "step cannot be zero") }
                guard st.magnitude <= 1 << 40, (start ?? 0).magnitude <= 1 << 40, (end ?? 0).magnitude <= 1 << 40 else {
                    throw TensorError.invalidArgument(op: "slice", reason: "start, end and step must be smaller than 2^40 in magnitude")
                }
                // Python's slice.indices(size)
                func clampBound(_ v: Int?, _ dflt: Int) -> Int {
                    guard var v else { return dflt }
                    if v < 0 { v += size }
                    if st > 0 { return Swift.min(Swift.max(v, 0), size) }
                    return Swift.min(Swift.max(v, -1), size - 1)
                }
                let lo = clampBound(start, st > 0 ? 0 : size - 1)
                let hi = clampBound(end, st > 0 ? size : -1)
                let n = st > 0 ? (hi > lo ? (hi - lo - 1) / st + 1 : 0) : (lo > hi ? (lo - hi - 1) / -st + 1 : 0)
                starts.append(n > 0 ? lo : 0); steps.append(st); counts.append(n); keeps.append(true)
            }
        }
    }

    /// Visits (flat source offset, flat result offset) for each selected element.
    /// - Parameter checkingStop: read the stop flag between rows; false for a write in
    ///   place, which must not stop half-way (the variable would be left half-written).
    func forEach(sourceShape: [Int], checkingStop: Bool = true, _ body: (Int, Int) -> Void) throws {
        let strides = Shape.strides(sourceShape)
        let n = Shape.count(counts)
        if n == 0 { return }
        var base = 0
        for d in 0..<counts.count { base += starts[d] * strides[d] }
        if counts.isEmpty { body(0, 0); return }
        let last = counts.count - 1, width = counts[last], ls = steps[last] * strides[last]
        try Kernels.forEachRow(counts, checkingStop: checkingStop) { outBase, index in
            var src = base
            for d in 0..<last { src += index[d] * steps[d] * strides[d] }
            for j in 0..<width { body(src + j * ls, outBase + j) }
        }
    }
}

extension Tensor {
    /// Reads a slice: `x[0]`, `x[:, 1:3]`, `x[::-1]`.
    public func slice(_ specs: [SliceIndex]) throws -> Tensor {
        let resolved = try ResolvedSlice(specs, shape: shape)
        let p = storage.pointer
        let out = try Tensor.make(resolved.resultShape, op: "index", operands: [shape]) { o in
            try resolved.forEach(sourceShape: shape) { o[$1] = p[$0] }
        }
        return out.recorded(.slice(resolved), inputs: [self])
    }

    /// Writes `value` (broadcast to the slice's shape) into a slice, in place.
    /// - Throws: when the tensor is part of a gradient graph (an in-place write would
    ///   silently break its gradients) or the value does not broadcast.
    public mutating func assign(_ value: Tensor, at specs: [SliceIndex]) throws {
        guard node == nil else {
            throw TensorError.writeIntoGradientTensor
        }
        let resolved = try ResolvedSlice(specs, shape: shape)
        let target = resolved.resultShape
        let expanded = try Shape.broadcast(value.shape, target, op: "index assignment")
        guard expanded == target else {
            throw TensorError.shapeMismatch(
                op: "index assignment", lhs: value.shape, rhs: target, reason: "do not match: the value must broadcast to the slice")
        }
        let v = value.shape == target ? value : try Kernels.expand(value, to: target, op: "index assignment")
        let vp = v.storage.pointer, srcShape = shape
        try withUnsafeMutableBufferPointer { o in try resolved.forEach(sourceShape: srcShape, checkingStop: false) { o[$0] = vp[$1] } }
    }

    /// Validates float indices as integers in `0 ..< size` (negative counts from the end).
    static func integerIndices(_ t: Tensor, size: Int, op: String, axis: Int) throws -> [Int] {
        try TensorMemory.requireRoom(forIndices: t.count, op: op, source: t.shape)
        var out = [Int](repeating: 0, count: t.count)
        let p = t.storage.pointer
        for i in 0..<t.count {
            let v = p[i]
            guard v.isFinite, v == v.rounded(), Swift.abs(v) < 1e15 else {
                throw TensorError.invalidArgument(op: op, reason: "index \(v) is not a whole number")
            }
            var j = Int(v)
            if j < 0 { j += size }
            guard j >= 0 && j < size else { throw TensorError.indexOutOfRange(op: op, index: Int(v), dimension: axis, size: size) }
            out[i] = j
        }
        return out
    }

    /// Picks whole slices along `axis` by index: `x[[2, 0]]`, an embedding lookup, a batch
    /// of rows. Result shape: shape[..<axis] + indices.shape + shape[(axis+1)...].
    public func indexSelect(axis: Int = 0, indices: Tensor) throws -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank, op: "index_select")
        guard rank > 0 else { throw TensorError.invalidArgument(op: "index_select", reason: "cannot index a scalar") }
        let idx = try Tensor.integerIndices(indices, size: shape[a], op: "index_select", axis: a)
        let outer = Shape.count(Array(shape[..<a])), inner = Shape.count(Array(shape[(a + 1)...]))
        let outShape = Array(shape[..<a]) + indices.shape + Array(shape[(a + 1)...])
        let p = storage.pointer, size = shape[a]
        let out = try Tensor.make(outShape, op: "index_select", operands: [shape, indices.shape]) { o in
            for i in 0..<outer {
                for (k, j) in idx.enumerated() {
                    (o + (i * idx.count + k) * inner).update(from: p + (i * size + j) * inner, count: inner)
                }
            }
        }
        return out.recorded(.indexSelect(axis: a, indices: idx), inputs: [self])
    }

    /// PyTorch's gather: `out[i][j] = x[index[i][j]][j]` for axis 0, and so on. `indices`
    /// has this tensor's rank and sizes no larger than it off `axis`.
    public func gather(axis: Int, indices: Tensor) throws -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank, op: "gather")
        guard rank > 0 else { throw TensorError.invalidArgument(op: "gather", reason: "cannot gather from a scalar") }
        guard indices.rank == rank else {
            throw TensorError.shapeMismatch(op: "gather", lhs: shape, rhs: indices.shape, reason: "must have the same rank")
        }
        for d in 0..<rank where d != a && indices.shape[d] > shape[d] {
            throw TensorError.shapeMismatch(
                op: "gather", lhs: shape, rhs: indices.shape, reason: "do not fit: the index is larger than the input along axis \(d)")
        }
        let idx = try Tensor.integerIndices(indices, size: shape[a], op: "gather", axis: a)
        try TensorMemory.requireRoom(forIndices: idx.count, op: "gather", source: indices.shape)  // the positions
        let positions = Tensor.gatherPositions(indexShape: indices.shape, idx: idx, axis: a, sourceShape: shape)
        let p = storage.pointer
        let out = try Tensor.make(indices.shape, op: "gather") { o in for (i, src) in positions.enumerated() { o[i] = p[src] } }
        return out.recorded(.scatterBack(positions: positions), inputs: [self])
    }

    /// Flat source offsets that `gather` reads, one per index element.
    static func gatherPositions(indexShape: [Int], idx: [Int], axis: Int, sourceShape: [Int]) -> [Int] {
        let strides = Shape.strides(sourceShape)
        var positions = [Int](repeating: 0, count: idx.count)
        var coord = [Int](repeating: 0, count: indexShape.count)
        for i in 0..<idx.count {
            var off = 0
            for d in 0..<indexShape.count { off += (d == axis ? idx[i] : coord[d]) * strides[d] }
            positions[i] = off
            var d = indexShape.count - 1
            while d >= 0 {
                coord[d] += 1
                if coord[d] < indexShape[d] { break }
                coord[d] = 0
                d -= 1
            }
        }
        return positions
    }

    /// The elements (or sub-tensors) where `mask` is non-zero: `x[x > 0]`. The mask's shape
    /// must equal this tensor's leading dimensions; the result is 1-D for a full mask.
    public func masked(by mask: Tensor) throws -> Tensor {
        guard mask.rank <= rank, Array(shape.prefix(mask.rank)) == mask.shape else {
            throw TensorError.shapeMismatch(
                op: "mask", lhs: shape, rhs: mask.shape, reason: "do not match: a mask must have the shape of the leading dimensions")
        }
        let inner = Shape.count(Array(shape[mask.rank...]))
        let m = mask.storage.pointer
        var pickedCount = 0
        for i in 0..<mask.count where m[i] != 0 { pickedCount += 1 }
        // Every position the picked rows read, checked before the array is made.
        try TensorMemory.requireRoom(forIndices: pickedCount * inner, op: "mask", source: shape)
        var positions: [Int] = []
        positions.reserveCapacity(pickedCount * inner)
        for r in 0..<mask.count where m[r] != 0 { for j in 0..<inner { positions.append(r * inner + j) } }
        let p = storage.pointer
        let out = try Tensor.make([pickedCount] + Array(shape[mask.rank...]), op: "mask") { o in
            for (i, src) in positions.enumerated() { o[i] = p[src] }
        }
        return out.recorded(.scatterBack(positions: positions), inputs: [self])
    }

    /// Class indices (whole numbers in `0 ..< classes`) to one-hot rows: shape + [classes].
    public func oneHot(classes: Int) throws -> Tensor {
        guard classes > 0 else { throw TensorError.invalidArgument(op: "one_hot", reason: "classes must be at least 1, got \(classes)") }
        if let negative = scalars.first(where: { $0 < 0 }) {
            throw TensorError.invalidArgument(op: "one_hot", reason: "class \(negative) is negative; classes are 0 ..< \(classes)")
        }
        let idx = try Tensor.integerIndices(self, size: classes, op: "one_hot", axis: rank)
        var out = try Tensor.zeros(shape + [classes])
        try out.withUnsafeMutableBufferPointer { o in for (i, j) in idx.enumerated() { o[i * classes + j] = 1 } }
        return out
    }
}

extension TensorError {
    /// Writing in place into a tensor that records gradients (a model's parameter, or a
    /// result computed from one) would silently break its gradients. The hint names both
    /// ways that work: `set_param` changes the model, `detach` gives a copy to change.
    public static let writeIntoGradientTensor = TensorError.invalidArgument(
        op: "index assignment",
        reason:
            "cannot write into a tensor that records gradients; to change a model's parameter use set_param(model, name, value), to change a copy write into detach(x)"
    )
}
