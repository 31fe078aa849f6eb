/// Reshaping and rearranging: reshape, permute/transpose, squeeze/unsqueeze, flatten,
/// broadcast, concat and stack.
extension Kernels {
    /// A contiguous copy of `t` with its axes reordered (`axes` is a permutation).
    static func permute(_ t: Tensor, _ axes: [Int]) throws -> Tensor {
        let inShape = t.shape, inStrides = Shape.strides(inShape)
        let outShape = axes.map { inShape[$0] }
        let strides = axes.map { inStrides[$0] }
        let p = t.storage.pointer
        return try Tensor.make(outShape, op: "permute") { o in
            if outShape.isEmpty { o[0] = p[0]; return }
            let last = outShape.count - 1, ls = strides[last], width = outShape[last]
            try forEachRow(outShape) { base, index in
                var src = 0
                for d in 0..<last { src += index[d] * strides[d] }
                for j in 0..<width { o[base + j] = p[src + j * ls] }
            }
        }
    }
}

extension Tensor {
    /// The same elements with another shape; one size may be -1 and is inferred.
    public func reshaped(to newShape: [Int]) throws -> Tensor {
        var target = newShape
        let unknown = newShape.indices.filter { newShape[$0] == -1 }
        if unknown.count > 1 {
            throw TensorError.invalidShape(op: "reshape", shape: newShape, reason: "has more than one -1")
        }
        try Shape.validate(newShape.map { $0 == -1 ? 1 : $0 }, op: "reshape")
        if let u = unknown.first {
            let known = newShape.enumerated().filter { $0.offset != u }.reduce(1) { $0 * $1.element }
            guard known > 0, count % known == 0 else {
                throw TensorError.shapeMismatch(
                    op: "reshape", lhs: shape, rhs: newShape, reason: "do not fit: \(count) elements cannot be split that way")
            }
            target[u] = count / known
        }
        try Shape.validate(target, op: "reshape")
        guard Shape.count(target) == count else {
            throw TensorError.shapeMismatch(
                op: "reshape", lhs: shape, rhs: newShape, reason: "hold different numbers of elements (\(count) vs \(Shape.count(target)))")
        }
        if target == shape { return self }
        return viewed(as: target).recorded(.reshape, inputs: [self])
    }

    /// Axes reordered: result axis i is input axis `axes[i]`.
    public func permuted(_ axes: [Int]) throws -> Tensor {
        let normalized = try axes.map { try Shape.normalize(axis: $0, rank: rank, op: "permute") }
        guard normalized.count == rank, Set(normalized).count == rank else {
            throw TensorError.invalidArgument(op: "permute", reason: "needs each of the \(rank) axes exactly once, got \(axes)")
        }
        if normalized == Array(0..<rank) { return self }
        return try Kernels.permute(self, normalized).recorded(.permute(axes: normalized), inputs: [self])
    }

    /// Swaps two axes (by default the last two, a matrix transpose).
    public func transposed(_ a: Int = -2, _ b: Int = -1) throws -> Tensor {
        if rank < 2 {
            // As PyTorch's .T, a vector is its own transpose; explicit axes must still exist.
            if (a, b) != (-2, -1) {
                _ = try Shape.normalize(axis: a, rank: rank, op: "transpose")
                _ = try Shape.normalize(axis: b, rank: rank, op: "transpose")
            }
            return self
        }
        let i = try Shape.normalize(axis: a, rank: rank, op: "transpose")
        let j = try Shape.normalize(axis: b, rank: rank, op: "transpose")
        var axes = Array(0..<rank)
        axes.swapAt(i, j)
        return try permuted(axes)
    }

    /// Removes size-1 axes: the given one, or all of them.
    public func squeezed(axis: Int? = nil) throws -> Tensor {
        if let axis {
            if rank == 0 { return self }
            let a = try Shape.normalize(axis: axis, rank: rank, op: "squeeze")
            guard shape[a] == 1 else {
                throw TensorError.invalidArgument(op: "squeeze", reason: "axis \(axis) has size \(shape[a]), not 1")
            }
            var s = shape
            s.remove(at: a)
            return try reshaped(to: s)
        }
        return try reshaped(to: shape.filter { $0 != 1 })
    }

    /// Inserts a size-1 axis at `axis` (−1 appends).
    public func unsqueezed(axis: Int) throws -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank + 1, op: "unsqueeze")
        var s = shape
        s.insert(1, at: a)
        return try reshaped(to: s)
    }

    /// Merges axes `start...end` into one.
    public func flattened(from start: Int = 0, through end: Int = -1) throws -> Tensor {
        if rank == 0 { return try reshaped(to: [1]) }
        let s = try Shape.normalize(axis: start, rank: rank, op: "flatten")
        let e = try Shape.normalize(axis: end, rank: rank, op: "flatten")
        guard s <= e else { throw TensorError.invalidArgument(op: "flatten", reason: "start axis \(start) comes after end axis \(end)") }
        let merged = Shape.count(Array(shape[s...e]))
        return try reshaped(to: Array(shape[..<s]) + [merged] + Array(shape[(e + 1)...]))
    }

    /// This tensor broadcast to a larger shape (a copy).
    public func broadcast(to target: [Int]) throws -> Tensor {
        try Shape.validate(target, op: "broadcast_to")
        let result = try Shape.broadcast(shape, target, op: "broadcast_to")
        guard result == target else {
            throw TensorError.shapeMismatch(
                op: "broadcast_to", lhs: shape, rhs: target, reason: "cannot be broadcast: the target must contain the source")
        }
        if target == shape { return self }
        return try Kernels.expand(self, to: target, op: "broadcast_to").recorded(.expand, inputs: [self])
    }

    /// Joins tensors along an existing axis; the other sizes must match.
    public static func concat(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw TensorError.invalidArgument(op: "concat", reason: "needs at least one tensor")
        }
        let a = try Shape.normalize(axis: axis, rank: first.rank, op: "concat")
        guard first.rank > 0 else { throw TensorError.invalidArgument(op: "concat", reason: "cannot join scalars; use stack") }
        for t in tensors.dropFirst() {
            var x = t.shape, y = first.shape
            guard x.count == y.count else {
                throw TensorError.shapeMismatch(op: "concat", lhs: first.shape, rhs: t.shape, reason: "have different ranks")
            }
            x[a] = 0; y[a] = 0
            guard x == y else {
                throw TensorError.shapeMismatch(op: "concat", lhs: first.shape, rhs: t.shape, reason: "differ outside axis \(a)")
            }
        }
        let sizes = tensors.map { $0.shape[a] }
        var outShape = first.shape
        outShape[a] = sizes.reduce(0, +)
        let outer = Shape.count(Array(first.shape[..<a]))
        let inner = Shape.count(Array(first.shape[(a + 1)...]))
        let rowWidth = outShape[a] * inner
        let out = try Tensor.make(outShape, op: "concat") { o in
            var offset = 0
            for t in tensors {
                let w = t.shape[a] * inner, p = t.storage.pointer
                for i in 0..<outer { (o + i * rowWidth + offset).update(from: p + i * w, count: w) }
                offset += w
            }
        }
        return out.recorded(.concat(axis: a, sizes: sizes), inputs: tensors)
    }

    /// Joins same-shaped tensors along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw TensorError.invalidArgument(op: "stack", reason: "needs at least one tensor")
        }
        for t in tensors where t.shape != first.shape {
            throw TensorError.shapeMismatch(op: "stack", lhs: first.shape, rhs: t.shape, reason: "differ; stack needs equal shapes")
        }
        let a = try Shape.normalize(axis: axis, rank: first.rank + 1, op: "stack")
        return try concat(tensors.map { try $0.unsqueezed(axis: a) }, axis: a)
    }
}
