import Glibc

/// A reduction seen as (outer, size, inner): the reduced axes made contiguous (by a
/// permuted copy when they are not already adjacent), so every reduction is one loop.
struct ReductionLayout {
    let source: Tensor
    let outer: Int, size: Int, inner: Int
    /// Result shape with the reduced axes kept as 1 / removed.
    let keptShape: [Int], droppedShape: [Int]

    init(_ t: Tensor, axes: [Int]) throws {
        let rank = t.rank
        keptShape = t.shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        droppedShape = t.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
        let isBlock = axes.isEmpty || (axes.last ?? 0) - (axes.first ?? 0) + 1 == axes.count
        if isBlock {
            source = t
            let first = axes.first ?? rank, last = axes.last ?? rank - 1
            outer = Shape.count(Array(t.shape[0..<first]))
            size = axes.isEmpty ? 1 : Shape.count(Array(t.shape[first...last]))
            inner = Shape.count(Array(t.shape[(last + 1)...]))
        } else {
            let kept = (0..<rank).filter { !axes.contains($0) }
            source = try Kernels.permute(t, kept + axes)
            outer = Shape.count(kept.map { t.shape[$0] })
            size = Shape.count(axes.map { t.shape[$0] })
            inner = 1
        }
    }

    /// Sums over `size` with inner > 1: rows of a block are added in Float (vectorised
    /// along inner), the block totals in Double, as `Kernels.sum` does for one run.
    func blockedSum() throws -> TensorStorage {
        let out = try TensorStorage(shape: [outer * inner], op: "reduce")
        let p = source.storage.pointer
        var block = [Float](repeating: 0, count: inner)
        var totals = [Double](repeating: 0, count: inner)
        for i in 0..<outer {
            for j in 0..<inner { totals[j] = 0 }
            var k0 = 0
            while k0 < size {
                let k1 = Swift.min(k0 + Kernels.sumBlock, size)
                block.withUnsafeMutableBufferPointer { b in
                    for j in 0..<inner { b[j] = 0 }
                    for k in k0..<k1 {
                        let row = p + (i * size + k) * inner
                        for j in 0..<inner { b[j] += row[j] }
                    }
                }
                for j in 0..<inner { totals[j] += Double(block[j]) }
                k0 = k1
            }
            for j in 0..<inner { out.pointer[i * inner + j] = Float(totals[j]) }
        }
        return out
    }

    /// Reduces each contiguous row (inner == 1) with a whole-run kernel such as
    /// `Kernels.sum`: one output per row, `outer` in all.
    @inline(__always)
    func rowwise(_ kernel: (UnsafePointer<Float>, Int) -> Float) throws -> TensorStorage {
        let out = try TensorStorage(shape: [outer], op: "reduce")
        let p = source.storage.pointer
        for i in 0..<outer { out.pointer[i] = kernel(p + i * size, size) }
        return out
    }

    /// Reduces with `combine` from `initial`; `out` has outer*inner elements.
    @inline(__always)
    func reduce(initial: Float, _ combine: (Float, Float) -> Float) throws -> TensorStorage {
        let out = try TensorStorage(repeating: initial, shape: [outer * inner], op: "reduce")
        let p = source.storage.pointer, o = out.pointer
        for i in 0..<outer {
            for k in 0..<size {
                let row = p + (i * size + k) * inner
                let dst = o + i * inner
                for j in 0..<inner { dst[j] = combine(dst[j], row[j]) }
            }
        }
        return out
    }
}

extension Tensor {
    func reductionAxes(_ axes: [Int]?, op: String) throws -> [Int] {
        try Shape.normalize(axes: axes, rank: rank, op: op)
    }

    /// Sum over `axes` (all when nil).
    public func sum(alongAxes axes: [Int]? = nil, keepingDimensions keep: Bool = false) throws -> Tensor {
        let ax = try reductionAxes(axes, op: "sum")
        let layout = try ReductionLayout(self, axes: ax)
        let storage = layout.inner == 1 ? try layout.rowwise { Kernels.sum($0, count: $1) } : try layout.blockedSum()
        let out = Tensor(shape: keep ? layout.keptShape : layout.droppedShape, storage: storage)
        return out.recorded(.sum(keptShape: layout.keptShape), inputs: [self])
    }

    /// Mean over `axes` (all when nil).
    public func mean(alongAxes axes: [Int]? = nil, keepingDimensions keep: Bool = false) throws -> Tensor {
        let ax = try reductionAxes(axes, op: "mean")
        let n = ax.reduce(1) { $0 * shape[$1] }
        guard n > 0 else {
            throw TensorError.invalidArgument(op: "mean", reason: "mean of an empty tensor of shape \(Shape.describe(shape))")
        }
        return try sum(alongAxes: ax, keepingDimensions: keep) * (1 / Float(n))
    }

    /// Variance over `axes`, dividing by n − correction (correction 1 is PyTorch's default).
    public func variance(alongAxes axes: [Int]? = nil, keepingDimensions keep: Bool = false, correction: Int = 1) throws -> Tensor {
        let ax = try reductionAxes(axes, op: "var")
        let n = ax.reduce(1) { $0 * shape[$1] }
        guard n - correction > 0 else {
            throw TensorError.invalidArgument(
                op: "var", reason: "needs more than \(correction) element(s) along the reduced axes, got \(n)")
        }
        let centered = try self - mean(alongAxes: ax, keepingDimensions: true)
        return try (centered * centered).sum(alongAxes: ax, keepingDimensions: keep) * (1 / Float(n - correction))
    }

    /// Standard deviation over `axes`: the square root of `variance`.
    public func standardDeviation(alongAxes axes: [Int]? = nil, keepingDimensions keep: Bool = false, correction: Int = 1) throws -> Tensor
    {
        try variance(alongAxes: axes, keepingDimensions: keep, correction: correction).sqrt()
    }

    /// Largest element over `axes`. The gradient is shared equally among tied maxima.
    public func max(alongAxes axes: [Int]? = nil, keepingDimensions keep: Bool = false) throws -> Tensor {
        try extremum(axes, keep, op: "max", initial: -.infinity, contiguous: Kernels.maximum) { $0.isNaN || $0 >= $1 ? $0 : $1 }
    }

    /// Smallest element over `axes`. The gradient is shared equally among tied minima.
    public func min(alongAxes axes: [Int]? = nil, keepingDimensions keep: Bool = false) throws -> Tensor {
        try extremum(axes, keep, op: "min", initial: .infinity, contiguous: Kernels.minimum) { $0.isNaN || $0 <= $1 ? $0 : $1 }
    }

    private func extremum(
        _ axes: [Int]?, _ keep: Bool, op: String, initial: Float,
        contiguous: (UnsafePointer<Float>, Int) -> Float, _ f: (Float, Float) -> Float
    ) throws -> Tensor {
        let ax = try reductionAxes(axes, op: op)
        guard ax.allSatisfy({ shape[$0] > 0 }) else {
            throw TensorError.invalidArgument(op: op, reason: "\(op) of an empty tensor of shape \(Shape.describe(shape))")
        }
        let layout = try ReductionLayout(self, axes: ax)
        let storage = layout.inner == 1 ? try layout.rowwise(contiguous) : try layout.reduce(initial: initial, f)
        let kept = Tensor(shape: layout.keptShape, storage: storage)
        let out = keep ? kept : kept.viewed(as: layout.droppedShape)
        return out.recorded(.extremum(input: detached(), keptOutput: kept), inputs: [self])
    }

    /// Index of the largest (or smallest) element along `axis`, or of the flattened tensor
    /// when `axis` is nil; the first one wins a tie. Indices come back as floats.
    public func argmax(axis: Int? = nil, keepingDimensions keep: Bool = false) throws -> Tensor {
        try argExtremum(axis: axis, keep: keep, op: "argmax", >)
    }
    public func argmin(axis: Int? = nil, keepingDimensions keep: Bool = false) throws -> Tensor {
        try argExtremum(axis: axis, keep: keep, op: "argmin", <)
    }

    private func argExtremum(axis: Int?, keep: Bool, op: String, _ better: (Float, Float) -> Bool) throws -> Tensor {
        let t = axis == nil ? viewed(as: [count]) : self
        let a = try Shape.normalize(axis: axis ?? 0, rank: t.rank, op: op)
        guard t.rank > 0, t.shape[a] > 0 else {
            throw TensorError.invalidArgument(op: op, reason: "\(op) of an empty tensor of shape \(Shape.describe(shape))")
        }
        let layout = try ReductionLayout(t, axes: [a])
        let out = try TensorStorage(shape: [layout.outer * layout.inner], op: "reduce")
        let p = layout.source.storage.pointer
        for i in 0..<layout.outer {
            for j in 0..<layout.inner {
                var best = p[i * layout.size * layout.inner + j], bestK = 0
                for k in 1..<layout.size {
                    let v = p[(i * layout.size + k) * layout.inner + j]
                    if better(v, best) || (best.isNaN == false && v.isNaN) { best = v; bestK = k }
                }
                out.pointer[i * layout.inner + j] = Float(bestK)
            }
        }
        let shape: [Int] = axis == nil ? (keep ? [Int](repeating: 1, count: rank) : []) : (keep ? layout.keptShape : layout.droppedShape)
        return Tensor(shape: shape, storage: out)
    }

    /// log(sum(exp(x))) over `axes`, computed stably by shifting by the maximum.
    public func logSumExp(alongAxes axes: [Int]? = nil, keepingDimensions keep: Bool = false) throws -> Tensor {
        let ax = try reductionAxes(axes, op: "logsumexp")
        let layout = try ReductionLayout(self, axes: ax)
        let maxima = try layout.reduce(initial: -.infinity) { Swift.max($0, $1) }
        let out = try TensorStorage(repeating: 0, shape: [layout.outer * layout.inner], op: "reduce")
        let p = layout.source.storage.pointer, m = maxima.pointer, o = out.pointer
        for i in 0..<layout.outer {
            for k in 0..<layout.size {
                let row = p + (i * layout.size + k) * layout.inner
                for j in 0..<layout.inner { o[i * layout.inner + j] += Glibc.expf(row[j] - m[i * layout.inner + j]) }
            }
        }
        for i in 0..<(layout.outer * layout.inner) {
            o[i] = m[i].isFinite ? Glibc.logf(o[i]) + m[i] : m[i]
        }
        let kept = Tensor(shape: layout.keptShape, storage: out)
        let result = keep ? kept : kept.viewed(as: layout.droppedShape)
        return result.recorded(.logSumExp(input: detached(), keptOutput: kept), inputs: [self])
    }

    /// exp(x) / sum(exp(x)) along `axis`, stably.
    public func softmax(axis: Int = -1) throws -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank, op: "softmax")
        let out = try softmaxKernel(axis: a, log: false)
        return out.recorded(.softmax(axis: a, output: out.detached()), inputs: [self])
    }

    /// x − logsumexp(x) along `axis`, stably.
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank, op: "log_softmax")
        let out = try softmaxKernel(axis: a, log: true)
        return out.recorded(.logSoftmax(axis: a, output: out.detached()), inputs: [self])
    }

    /// Softmax or log-softmax along one (normalised) axis of a tensor of rank ≥ 0.
    func softmaxKernel(axis: Int, log: Bool) throws -> Tensor {
        if rank == 0 { return try Tensor.filled([], log ? 0 : 1, op: log ? "log_softmax" : "softmax") }
        let outer = Shape.count(Array(shape[0..<axis])), size = shape[axis]
        let inner = Shape.count(Array(shape[(axis + 1)...]))
        let p = storage.pointer
        if inner == 1 && size > 0 {
            // Rows are contiguous: vectorised max and exp.
            return try Tensor.make(shape, op: log ? "log_softmax" : "softmax") { o in
                for r in StopFlag.chunks(outer * size, multipleOf: size) {
                    if r.lowerBound > 0 { try StopFlag.checkCurrent() }
                    for base in stride(from: r.lowerBound, to: r.upperBound, by: size) {
                        Kernels.softmaxRow(p + base, into: o + base, count: size, log: log)
                    }
                }
            }
        }
        return try Tensor.make(shape, op: log ? "log_softmax" : "softmax") { o in
            // One block of size × inner elements per outer index.
            for range in StopFlag.chunks(outer * size * inner, multipleOf: size * inner) {
                if range.lowerBound > 0 { try StopFlag.checkCurrent() }
                for block in stride(from: range.lowerBound, to: range.upperBound, by: size * inner) {
                    for j in 0..<inner {
                        let base = block + j
                        var m = -Float.infinity
                        for k in 0..<size { m = Swift.max(m, p[base + k * inner]) }
                        var s: Float = 0
                        for k in 0..<size {
                            let e = Glibc.expf(p[base + k * inner] - m)
                            s += e
                            if !log { o[base + k * inner] = e }
                        }
                        if log {
                            // (x − m) − log s is exact where x − (m + log s) rounds m + log s.
                            let logS = Glibc.logf(s)
                            for k in 0..<size { o[base + k * inner] = (p[base + k * inner] - m) - logS }
                        } else {
                            let r = 1 / s
                            for k in 0..<size { o[base + k * inner] *= r }
                        }
                    }
                }
            }
        }
    }
}
