import Glibc

/// Loops over raw buffers, free of autograd and validation: the Tensor layer checks shapes
/// and then calls these. Each is written on pointers so release builds run at C speed.
enum Kernels {
    /// out = f(a, b) with NumPy broadcasting; `shape` is the broadcast result shape, which
    /// the checked allocation refuses (naming `op` and both shapes) when it is too large.
    /// Reads the stop flag between chunks of a large result.
    @inline(__always)
    static func binary(
        _ a: Tensor, _ b: Tensor, shape: [Int], op: String, operands: [[Int]]? = nil,
        _ f: (Float, Float) -> Float
    ) throws -> Tensor {
        let out = try TensorStorage(shape: shape, op: op, operands: operands ?? [a.shape, b.shape])
        let n = out.count
        let o = out.pointer, pa = a.storage.pointer, pb = b.storage.pointer
        // Plain loops over `StopFlag.chunks`, not closures: a closure capturing `f` stops
        // Swift from specializing this kernel for it (a call per element, 15% of a step).
        if a.count == n && b.count == n {
            for r in StopFlag.chunks(n) {
                if r.lowerBound > 0 { try StopFlag.checkCurrent() }
                for i in r { o[i] = f(pa[i], pb[i]) }
            }
        } else if b.count == 1 && a.count == n {
            let s = pb[0]
            for r in StopFlag.chunks(n) {
                if r.lowerBound > 0 { try StopFlag.checkCurrent() }
                for i in r { o[i] = f(pa[i], s) }
            }
        } else if a.count == 1 && b.count == n {
            let s = pa[0]
            for r in StopFlag.chunks(n) {
                if r.lowerBound > 0 { try StopFlag.checkCurrent() }
                for i in r { o[i] = f(s, pb[i]) }
            }
        } else if a.count == n && isTrailing(b.shape, of: shape) {
            let inner = b.count
            for r in StopFlag.chunks(n, multipleOf: inner) {
                if r.lowerBound > 0 { try StopFlag.checkCurrent() }
                for base in stride(from: r.lowerBound, to: r.upperBound, by: inner) {
                    for j in 0..<inner { o[base + j] = f(pa[base + j], pb[j]) }
                }
            }
        } else if b.count == n && isTrailing(a.shape, of: shape) {
            let inner = a.count
            for r in StopFlag.chunks(n, multipleOf: inner) {
                if r.lowerBound > 0 { try StopFlag.checkCurrent() }
                for base in stride(from: r.lowerBound, to: r.upperBound, by: inner) {
                    for j in 0..<inner { o[base + j] = f(pa[j], pb[base + j]) }
                }
            }
        } else {
            let sa = Shape.broadcastStrides(a.shape, to: shape)
            let sb = Shape.broadcastStrides(b.shape, to: shape)
            try forEachRow(shape) { outBase, index in
                var ia = 0, ib = 0
                for d in 0..<(shape.count - 1) { ia += index[d] * sa[d]; ib += index[d] * sb[d] }
                let last = shape.count - 1
                let la = sa[last], lb = sb[last]
                for j in 0..<shape[last] { o[outBase + j] = f(pa[ia + j * la], pb[ib + j * lb]) }
            }
        }
        return Tensor(shape: shape, storage: out)
    }

    /// `a` copied out to `shape`, which it broadcasts to.
    static func expand(_ a: Tensor, to shape: [Int], op: String) throws -> Tensor {
        try binary(a, Tensor(0), shape: shape, op: op, operands: [a.shape]) { x, _ in x }
    }

    /// out = f(a) elementwise; `op` names the result if it cannot be allocated.
    @inline(__always)
    static func unary(_ a: Tensor, op: String, _ f: (Float) -> Float) throws -> Tensor {
        let out = try TensorStorage(shape: a.shape, op: op, operands: [a.shape])
        let o = out.pointer, p = a.storage.pointer
        for r in StopFlag.chunks(out.count) {
            if r.lowerBound > 0 { try StopFlag.checkCurrent() }
            for i in r { o[i] = f(p[i]) }
        }
        return Tensor(shape: a.shape, storage: out)
    }

    /// σ(x) = 1 / (1 + e⁻ˣ), split by sign so exp never overflows; one definition for the
    /// sigmoid op and softplus's gradient, so the two cannot drift apart.
    @inline(__always)
    static func sigmoid(_ x: Float) -> Float {
        x >= 0 ? 1 / (1 + Glibc.expf(-x)) : Glibc.expf(x) / (1 + Glibc.expf(x))
    }

    /// Softmax (or log-softmax) of one contiguous, non-empty row into `out`: shifted by the
    /// row's maximum, vectorised max and exp. Returns the shift and Σ exp(x − max), for
    /// callers that also want the log-normaliser (cross-entropy).
    @inline(__always)
    @discardableResult
    static func softmaxRow(
        _ row: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count n: Int, log: Bool
    )
        -> (max: Float, sum: Float)
    {
        let m = maximum(row, count: n)
        let s = exp(row, shift: -m, into: out, count: n)
        if log {
            // (x − m) − log s is exact where x − (m + log s) rounds m + log s.
            let logS = Glibc.logf(s)
            for k in 0..<n { out[k] = (row[k] - m) - logS }
        } else {
            let r = 1 / s
            for k in 0..<n { out[k] *= r }
        }
        return (m, s)
    }

    /// Whether `small`, stripped of leading 1s, equals the trailing dimensions of `shape`.
    static func isTrailing(_ small: [Int], of shape: [Int]) -> Bool {
        var s = small[...]
        while s.first == 1 { s = s.dropFirst() }
        guard s.count <= shape.count else { return false }
        return Array(s) == Array(shape.suffix(s.count))
    }

    /// Calls `body(offsetOfRow, index)` for each row (all dimensions but the last) of a
    /// row-major shape; `index` holds the coordinates of the row. A rank-0 shape is one row.
    /// Reads the stop flag about every `StopFlag.chunk` elements.
    @inline(__always)
    static func forEachRow(_ shape: [Int], checkingStop: Bool = true, _ body: (Int, [Int]) -> Void) throws {
        guard let last = shape.last else { body(0, []); return }
        let n = Shape.count(shape)
        if n == 0 { return }
        var index = [Int](repeating: 0, count: shape.count)
        var offset = 0, sinceCheck = 0
        while offset < n {
            body(offset, index)
            offset += last
            sinceCheck += last
            if checkingStop && sinceCheck >= StopFlag.chunk && offset < n { sinceCheck = 0; try StopFlag.checkCurrent() }
            var d = shape.count - 2
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
    }

    /// Largest element of a non-empty contiguous run, sixteen lanes at a time; NaN if any
    /// element is NaN (as PyTorch: a diverged value must not look healthy).
    static func maximum(_ p: UnsafePointer<Float>, count n: Int) -> Float {
        extremum(p, count: n, largest: true)
    }

    /// Smallest element of a non-empty contiguous run; NaN if any element is NaN.
    static func minimum(_ p: UnsafePointer<Float>, count n: Int) -> Float {
        extremum(p, count: n, largest: false)
    }

    @inline(__always)
    private static func extremum(_ p: UnsafePointer<Float>, count n: Int, largest: Bool) -> Float {
        var i = 0, best = largest ? -Float.infinity : Float.infinity
        var sawNaN = false
        if n >= 16 {
            var acc = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
            var nan = acc .!= acc
            i = 16
            while i + 16 <= n {
                let x = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self)
                acc.replace(with: x, where: largest ? x .> acc : x .< acc)
                nan .|= x .!= x
                i += 16
            }
            sawNaN = any(nan)
            best = largest ? acc.max() : acc.min()
        }
        while i < n {
            let x = p[i]
            sawNaN = sawNaN || x.isNaN
            best = largest ? Swift.max(best, x) : Swift.min(best, x)
            i += 1
        }
        return sawNaN ? .nan : best
    }

    /// Elements summed per block before the block sums are added in Double, so a long run
    /// keeps float32 accuracy (a million 0.1s summed flat in Float drift by 0.06%).
    static let sumBlock = 1024

    /// Sum of a contiguous run: sixteen Float lanes within a block, Double across blocks.
    @inline(__always)
    static func sum(_ p: UnsafePointer<Float>, count n: Int) -> Float {
        var total: Double = 0
        var start = 0
        while start < n {
            let end = Swift.min(start + sumBlock, n)
            var acc = SIMD16<Float>()
            var i = start
            while i + 16 <= end {
                acc += UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self)
                i += 16
            }
            var s = acc.sum()
            while i < end { s += p[i]; i += 1 }
            total += Double(s)
            start = end
        }
        return Float(total)
    }
}
