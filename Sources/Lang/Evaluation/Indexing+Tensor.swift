import Engine

/// NumPy-style tensor indexing on top of the Engine's `slice`, `indexSelect`, `masked`
/// and `assign`.
///
/// Each position is a whole number (the axis is dropped; negative counts from the end), a
/// slice, or — at most once — an index array or a mask:
/// - a list of numbers, a range, or a tensor of whole numbers picks entries along that
///   axis (`x[[2, 0]]`, `x[:, [0, 2]]`);
/// - a list of bools, or a tensor in the first position whose shape is the leading shape
///   of `x` and whose elements are all 0 or 1 (what a comparison gives), is a mask
///   (`x[x > 0]`). Sprout's tensors have one element type, so a 0/1 tensor of exactly
///   that shape is read as a mask; write the indices as a list to pick rows 0 and 1.
extension Indexing {
    /// The classified keys: basic specs, with `.all` where the advanced key sits.
    private struct TensorKeys {
        var specs: [SliceIndex] = []
        var advanced: (position: Int, tensor: Tensor, isMask: Bool, range: SourceRange)?
    }

    private static func classify(_ t: Tensor, _ keys: [IndexKey], _ range: SourceRange, _ source: Source) throws(Unwind) -> TensorKeys {
        var out = TensorKeys()
        for (position, key) in keys.enumerated() {
            switch key {
            case let .slice(start, end, step, _):
                out.specs.append(.range(start: start, end: end, step: step))
            case let .value(v, r):
                if case let .tensor(x) = v, x.rank == 0 {
                    out.specs.append(.index(try wholeNumber(v, what: "a tensor index", at: r, source)))
                    continue
                }
                switch v {
                case .number:
                    out.specs.append(.index(try wholeNumber(v, what: "a tensor index", at: r, source)))
                    continue
                case .list, .range, .tensor:
                    break
                default:
                    throw .failure(
                        .index("a tensor index must be a whole number, a slice, a list of indices or a mask, got \(v.described)"), r, source
                    )
                }
                guard out.advanced == nil else {
                    throw .failure(.index("only one index list or mask is allowed in one indexing"), r, source)
                }
                let (tensor, isMask) = try advancedIndex(v, for: t, at: position, r, source)
                guard !isMask || position == 0 else {
                    throw .failure(.index("a mask must be the first index: x[mask] or x[mask, …]"), r, source)
                }
                out.advanced = (position, tensor, isMask, r)
                out.specs.append(.all)
            }
        }
        return out
    }

    private static func advancedIndex(
        _ v: Value, for t: Tensor, at position: Int, _ r: SourceRange, _ source: Source
    ) throws(Unwind) -> (Tensor, Bool) {
        if case let .list(items) = v, !items.isEmpty, items.allSatisfy({ if case .bool = $0 { return true } else { return false } }) {
            let mask = items.map { item -> Float in if case .bool(true) = item { return 1 } else { return 0 } }
            do { return (try Tensor(shape: [mask.count], scalars: mask), true) } catch { throw Unwind.placing(error, r, source) }
        }
        if case let .list(items) = v, items.isEmpty {
            do { return (try Tensor(shape: [0], scalars: []), false) } catch { throw Unwind.placing(error, r, source) }
        }
        let tensor: Tensor
        do {
            guard let converted = try v.asTensor() else {
                throw RuntimeError(.index("a tensor index list must hold whole numbers or bools, got \(v.described)"))
            }
            tensor = converted
        } catch {
            throw Unwind.placing(error, r, source)
        }
        if case .tensor = v, position == 0, looksLikeMask(tensor, for: t) { return (tensor, true) }
        return (tensor, false)
    }

    private static func looksLikeMask(_ m: Tensor, for t: Tensor) -> Bool {
        guard m.rank >= 1, m.rank <= t.rank, Array(t.shape.prefix(m.rank)) == m.shape else { return false }
        return m.withUnsafeBufferPointer { p in p.allSatisfy { $0 == 0 || $0 == 1 } }
    }

    static func tensorRead(_ t: Tensor, _ keys: [IndexKey], _ range: SourceRange, _ source: Source) throws(Unwind) -> Tensor {
        let k = try classify(t, keys, range, source)
        do {
            guard let advanced = k.advanced else { return try t.slice(k.specs) }
            if advanced.isMask {
                let picked = try t.masked(by: advanced.tensor)
                let rest = Array(k.specs.dropFirst())
                return rest.isEmpty ? picked : try picked.slice([.all] + rest)
            }
            let sliced = try t.slice(k.specs)
            return try sliced.indexSelect(axis: keptAxes(k.specs, before: advanced.position), indices: advanced.tensor)
        } catch {
            throw Unwind.placing(error, range, source)
        }
    }

    /// How many axes survive before `position` (integer positions drop theirs).
    private static func keptAxes(_ specs: [SliceIndex], before position: Int) -> Int {
        specs.prefix(position).filter { if case .range = $0 { return true } else { return false } }.count
    }

    /// `x[keys] = value`, in place. Only tensors that need no gradient can be written.
    static func tensorStore(_ value: Value, into t: inout Tensor, _ keys: [IndexKey], _ range: SourceRange, _ source: Source) throws(Unwind)
    {
        let v: Tensor
        do {
            guard let converted = try Operators.tensorOperand(value) else {
                throw RuntimeError(.type("cannot store \(value.described) in a tensor"))
            }
            v = converted
        } catch {
            throw Unwind.placing(error, range, source)
        }
        let k = try classify(t, keys, range, source)
        do {
            guard let advanced = k.advanced else { return try t.assign(v, at: k.specs) }
            guard !t.requiresGradient else {
                throw RuntimeError(.tensor(.writeIntoGradientTensor))
            }
            if advanced.isMask {
                try storeMasked(v, into: &t, mask: advanced.tensor, rest: Array(k.specs.dropFirst()))
            } else {
                try storeIndexed(v, into: &t, indices: advanced.tensor, at: advanced.position, specs: k.specs)
            }
        } catch {
            throw Unwind.placing(error, range, source)
        }
    }

    /// `x[mask] = v`: each selected leading position gets `v` (broadcast), or the next row
    /// of `v` when `v` has one row per selected position.
    private static func storeMasked(_ v: Tensor, into t: inout Tensor, mask: Tensor, rest: [SliceIndex]) throws {
        guard mask.rank <= t.rank, Array(t.shape.prefix(mask.rank)) == mask.shape else {
            throw TensorError.shapeMismatch(
                op: "mask", lhs: t.shape, rhs: mask.shape, reason: "do not match: a mask must have the shape of the leading dimensions")
        }
        // The mask and values are read in place: a copy would double a large mask.
        try mask.withUnsafeBufferPointer { flags in
            try storeMasked(v, into: &t, flags: flags, maskShape: mask.shape, rest: rest)
        }
    }

    private static func storeMasked(
        _ v: Tensor, into t: inout Tensor, flags: UnsafeBufferPointer<Float>,
        maskShape: [Int], rest: [SliceIndex]
    ) throws {
        let selected = flags.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        let perRow = v.rank > 0 && v.shape[0] == selected && selected != 1
        // The common case, `x[x < 0] = 0` on a full mask, as one pass over the buffer.
        if maskShape.count == t.rank, rest.isEmpty, v.count == 1 || (perRow && v.rank == 1) {
            try v.withUnsafeBufferPointer { values in
                try t.withUnsafeMutableBufferPointer { p in
                    var k = 0
                    for i in 0..<flags.count where flags[i] != 0 {
                        p[i] = values.count == 1 ? values[0] : values[k]
                        k += 1
                    }
                }
            }
            return
        }
        let strides = Shape.strides(maskShape)
        var k = 0
        for flat in 0..<flags.count where flags[flat] != 0 {
            // No stop check here: a stop half-way would leave the variable half-written
            // (the store reads the flag once it is done).
            var specs: [SliceIndex] = []
            for d in 0..<maskShape.count { specs.append(.index((flat / strides[d]) % maskShape[d])) }
            let piece = perRow ? try v.slice([.index(k)]) : v
            try t.assign(piece, at: specs + rest)
            k += 1
        }
    }

    /// `x[..., [i, j], ...] = v`: one slice per index; `v` either broadcasts to each, or
    /// has the indexed shape and gives each its own part.
    private static func storeIndexed(_ v: Tensor, into t: inout Tensor, indices: Tensor, at position: Int, specs: [SliceIndex]) throws {
        guard indices.rank <= 1 else {
            throw TensorError.invalidArgument(
                op: "index assignment", reason: "the index list must be one-dimensional, got shape \(Shape.describe(indices.shape))")
        }
        let axis = keptAxes(specs, before: position)
        let count = indices.count
        let indexedRank = try t.slice(specs).rank
        let perIndex = count != 1 && v.rank > axis && v.shape[axis] == count && v.rank == indexedRank
        for (k, raw) in indices.scalars.enumerated() {
            guard raw.isFinite, raw == raw.rounded(), abs(raw) < 1e15 else {
                throw TensorError.invalidArgument(op: "index assignment", reason: "index \(raw) is not a whole number")
            }
            var here = specs
            here[position] = .index(Int(raw))
            let piece = perIndex ? try v.slice(Array(repeating: SliceIndex.all, count: axis) + [.index(k)]) : v
            try t.assign(piece, at: here)
        }
    }
}
