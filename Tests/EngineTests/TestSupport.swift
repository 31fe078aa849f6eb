import Testing

@testable import Engine

/// Float comparisons for the Engine tests: never `==` on floats, always a stated tolerance.
enum Approx {
    /// Whether `actual` is within `tolerance · max(1, |expected|)` of `expected`: absolute
    /// near zero, relative for large values.
    static func isClose(_ actual: Double, _ expected: Double, tolerance: Double) -> Bool {
        if actual.isNaN || expected.isNaN { return actual.isNaN && expected.isNaN }
        if actual.isInfinite || expected.isInfinite { return actual == expected }
        return Swift.abs(actual - expected) <= tolerance * Swift.max(1, Swift.abs(expected))
    }

    /// Records one issue (listing the first few differences) unless `actual` has `shape`
    /// (when given) and every element is close to `expected`.
    static func expect(
        _ actual: Tensor, equals expected: [Double], shape: [Int]? = nil, tolerance: Double = 1e-5,
        _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        if let shape, actual.shape != shape {
            Issue.record("shape \(actual.shape), expected \(shape). \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
            return
        }
        expect(actual.doubles, equals: expected, tolerance: tolerance, comment, sourceLocation: sourceLocation)
    }

    static func expect(
        _ actual: [Double], equals expected: [Double], tolerance: Double = 1e-5,
        _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard actual.count == expected.count else {
            Issue.record("\(actual.count) elements, expected \(expected.count). \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
            return
        }
        let bad = actual.indices.filter { !isClose(actual[$0], expected[$0], tolerance: tolerance) }
        guard !bad.isEmpty else { return }
        let shown = bad.prefix(5).map { "[\($0)] got \(actual[$0]), expected \(expected[$0])" }.joined(separator: "; ")
        Issue.record(
            "\(bad.count) of \(actual.count) elements differ (tolerance \(tolerance)): \(shown). \(comment?.rawValue ?? "")",
            sourceLocation: sourceLocation)
    }
}

/// Deterministic test inputs, each from its own seed so a case never depends on another.
enum Sample {
    static func tensor(_ shape: [Int], _ values: [Float]) throws -> Tensor {
        try Tensor(shape: shape, scalars: values)
    }

    static func uniform(_ shape: [Int], _ low: Float = -1, _ high: Float = 1, seed: UInt64) throws -> Tensor {
        var rng = SeededGenerator(seed: seed)
        return try Tensor.uniform(shape, low: low, high: high, using: &rng)
    }

    static func normal(_ shape: [Int], seed: UInt64) throws -> Tensor {
        var rng = SeededGenerator(seed: seed)
        return try Tensor.normal(shape, using: &rng)
    }

    /// Magnitudes in `[margin, high)` with random signs: no element near a kink at zero.
    static func awayFromZero(_ shape: [Int], margin: Float = 0.1, high: Float = 1.5, seed: UInt64) throws -> Tensor {
        var rng = SeededGenerator(seed: seed)
        let n = Shape.count(shape)
        let values = (0..<n).map { _ -> Float in
            let magnitude = margin + (high - margin) * rng.nextUnitFloat()
            return rng.nextUnitFloat() < 0.5 ? -magnitude : magnitude
        }
        return try Tensor(shape: shape, scalars: values)
    }

    /// Distinct values `spacing` apart, shuffled and centred on zero: maxima, minima and
    /// pooling windows have a unique winner with a gap far wider than a finite-difference step.
    static func distinct(_ shape: [Int], spacing: Float = 0.1, seed: UInt64) throws -> Tensor {
        var rng = SeededGenerator(seed: seed)
        let n = Shape.count(shape)
        let order = rng.permutation(n)
        let values = order.map { Float($0 - n / 2) * spacing }
        return try Tensor(shape: shape, scalars: values)
    }

    /// Values on the grid `spacing · k + offset`, k random in -5...5: two samples with
    /// offsets differing by half a spacing are never closer than that half-spacing.
    static func grid(_ shape: [Int], spacing: Float = 0.2, offset: Float = 0, seed: UInt64) throws -> Tensor {
        var rng = SeededGenerator(seed: seed)
        let values = (0..<Shape.count(shape)).map { _ in Float(rng.nextIndex(below: 11) - 5) * spacing + offset }
        return try Tensor(shape: shape, scalars: values)
    }

    /// Whole numbers in `0 ..< below`, as floats (index tensors).
    static func indices(_ shape: [Int], below: Int, seed: UInt64) throws -> Tensor {
        var rng = SeededGenerator(seed: seed)
        return try Tensor(shape: shape, scalars: (0..<Shape.count(shape)).map { _ in Float(rng.nextIndex(below: below)) })
    }
}

/// Plain reference implementations, written for clarity rather than speed: the Engine's
/// results are compared against these.
enum Naive {
    /// Every multi-index of `shape` in row-major order.
    static func indices(_ shape: [Int]) -> [[Int]] {
        let n = Shape.count(shape)
        guard n > 0 else { return [] }
        var out: [[Int]] = []
        out.reserveCapacity(n)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<n {
            out.append(index)
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return out
    }

    /// Row-major flat offset of a multi-index.
    static func offset(_ index: [Int], _ shape: [Int]) -> Int {
        var off = 0
        for (i, d) in zip(index, shape) { off = off * d + i }
        return off
    }

    /// Reduces `values` (of `shape`) over `axes` with `combine`, by visiting every element
    /// and adding it to the output cell it belongs to. Returns the kept shape (reduced axes
    /// set to 1) and the groups of elements per output cell.
    static func groups(_ values: [Double], shape: [Int], axes: [Int]) -> (kept: [Int], groups: [[Double]]) {
        let kept = shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        var groups = [[Double]](repeating: [], count: Shape.count(kept))
        for index in indices(shape) {
            let target = index.enumerated().map { axes.contains($0.offset) ? 0 : $0.element }
            groups[offset(target, kept)].append(values[offset(index, shape)])
        }
        return (kept, groups)
    }

    /// C = op(A) · op(B) with a triple loop; `a` is (m, k) or (k, m) when transposed.
    static func matmul(_ a: [Double], _ b: [Double], m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<k {
                    let x = transposeA ? a[p * m + i] : a[i * k + p]
                    let y = transposeB ? b[j * k + p] : b[p * n + j]
                    s += x * y
                }
                c[i * n + j] = s
            }
        }
        return c
    }

    /// Direct 2-D cross-correlation, (N, C, H, W) ⋆ (F, C, kh, kw), zero padding.
    static func conv2d(
        _ x: [Double], _ xs: [Int], _ w: [Double], _ ws: [Int], stride: Int, padding: Int
    ) -> (values: [Double], shape: [Int]) {
        let (n, c, h, wd) = (xs[0], xs[1], xs[2], xs[3])
        let (f, kh, kw) = (ws[0], ws[2], ws[3])
        let oh = (h + 2 * padding - kh) / stride + 1, ow = (wd + 2 * padding - kw) / stride + 1
        var out = [Double](repeating: 0, count: n * f * oh * ow)
        for b in 0..<n {
            for o in 0..<f {
                for y in 0..<oh {
                    for xx in 0..<ow {
                        var s = 0.0
                        for ch in 0..<c {
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    let iy = y * stride - padding + i, ix = xx * stride - padding + j
                                    guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                                    s += x[((b * c + ch) * h + iy) * wd + ix] * w[((o * c + ch) * kh + i) * kw + j]
                                }
                            }
                        }
                        out[((b * f + o) * oh + y) * ow + xx] = s
                    }
                }
            }
        }
        return (out, [n, f, oh, ow])
    }

    /// Max or average pooling by direct loops; padding is −∞ for max and 0 (counted) for avg.
    static func pool(_ x: [Double], _ xs: [Int], kernel: Int, stride: Int, padding: Int, isMax: Bool) -> (values: [Double], shape: [Int]) {
        let (n, c, h, w) = (xs[0], xs[1], xs[2], xs[3])
        let oh = (h + 2 * padding - kernel) / stride + 1, ow = (w + 2 * padding - kernel) / stride + 1
        var out: [Double] = []
        for plane in 0..<(n * c) {
            for y in 0..<oh {
                for xx in 0..<ow {
                    var best = -Double.infinity, total = 0.0
                    for i in 0..<kernel {
                        for j in 0..<kernel {
                            let iy = y * stride - padding + i, ix = xx * stride - padding + j
                            guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                            let v = x[(plane * h + iy) * w + ix]
                            best = Swift.max(best, v)
                            total += v
                        }
                    }
                    out.append(isMax ? best : total / Double(kernel * kernel))
                }
            }
        }
        return (out, [n, c, oh, ow])
    }

    /// The positions Python's `range(*slice(start, stop, step).indices(length))` visits,
    /// following CPython's `PySlice_AdjustIndices` line by line.
    static func pythonSlice(start: Int?, stop: Int?, step: Int?, length: Int) -> [Int] {
        let step = step ?? 1
        precondition(step != 0)
        var lower: Int, upper: Int
        if step < 0 { lower = -1; upper = length - 1 } else { lower = 0; upper = length }
        var s: Int
        if let start {
            s = start
            if s < 0 { s += length; if s < lower { s = lower } } else if s > upper { s = upper }
        } else {
            s = step < 0 ? upper : lower
        }
        var e: Int
        if let stop {
            e = stop
            if e < 0 { e += length; if e < lower { e = lower } } else if e > upper { e = upper }
        } else {
            e = step < 0 ? lower : upper
        }
        var out: [Int] = []
        var i = s
        while step > 0 ? i < e : i > e { out.append(i); i += step }
        return out
    }
}

extension Tensor {
    /// The elements as Doubles, for comparisons against reference computations.
    var doubles: [Double] { scalars.map(Double.init) }
}

/// Exact bit patterns, for "unchanged" and "reproducible" checks: `==` on floats would call
/// NaNs different and −0 equal to +0.
func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }
