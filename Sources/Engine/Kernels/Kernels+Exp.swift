/// A vectorised exp for float32, eight lanes at a time: glibc's `expf` is scalar and
/// costs ~4 ns an element, which made exp, softmax and cross-entropy the slowest kernels.
///
/// Cephes' method: write x = n·ln2 + r with |r| ≤ ln2/2 (ln2 split in two parts so the
/// reduction is exact), approximate eʳ by a degree-6 polynomial, and scale by 2ⁿ built
/// from its bit pattern. Within 2 ulp of the correctly rounded result over the whole
/// range (checked against glibc in the tests); overflow gives +inf, underflow 0, NaN NaN.
extension Kernels {
    typealias Float8 = SIMD8<Float>

    @inline(__always)
    static func exp(_ x: Float8) -> Float8 {
        let upper: Float = 88.72283905206835  // ln(Float.greatestFiniteMagnitude)
        let lower: Float = -87.33654475055310  // ln(Float.leastNormalMagnitude)
        var v = x
        v.replace(with: Float8(repeating: upper), where: x .> upper)
        v.replace(with: Float8(repeating: lower), where: x .< lower)
        v.replace(with: Float8(), where: x .!= x)  // NaN: computed as 0, restored below
        // Round x·log2(e) to an integer by adding 1.5·2²³: the sum's low mantissa bits are
        // then the integer itself (plain arithmetic, which vectorises where SIMD's
        // `rounded` and Int32 conversion do not).
        let magic: Float = 12_582_912
        let t = v * 1.44269504088896341 + magic
        let n = t - magic
        let r = v - n * 0.693359375 + n * 2.12194440e-4
        let r2 = r * r
        var p = Float8(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let er = p * r2 + r + 1
        // 2ⁿ for n in −126 … 128: at the top, scale by 2ⁿ⁻¹ twice so the exponent fits.
        let ni = unsafeBitCast(t, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let half = ni &>> 1
        let scaleA = unsafeBitCast((half &+ 127) &<< 23, to: Float8.self)
        let scaleB = unsafeBitCast((ni &- half &+ 127) &<< 23, to: Float8.self)
        var result = er * scaleA * scaleB
        result.replace(with: Float8(repeating: .infinity), where: x .> upper)
        result.replace(with: Float8(repeating: 0), where: x .< lower)
        result.replace(with: x, where: x .!= x)
        return result
    }

    @inline(__always)
    static func exp(_ x: Float) -> Float {
        exp(Float8(repeating: x))[0]
    }

    /// o[i] = exp(p[i] + shift) for i in 0..<n; returns the sum of the results (for softmax).
    @inline(__always)
    @discardableResult
    static func exp(_ p: UnsafePointer<Float>, shift: Float = 0, into o: UnsafeMutablePointer<Float>, count n: Int) -> Float {
        var i = 0
        var acc = Float8()
        while i + 8 <= n {
            let e = exp(UnsafeRawPointer(p + i).loadUnaligned(as: Float8.self) + shift)
            UnsafeMutableRawPointer(o + i).storeBytes(of: e, as: Float8.self)
            acc += e
            i += 8
        }
        var sum = acc.sum()
        if i < n {
            var tail = Float8(repeating: -.infinity)
            for j in 0..<(n - i) { tail[j] = p[i + j] + shift }
            let e = exp(tail)
            for j in 0..<(n - i) { o[i + j] = e[j]; sum += e[j] }
        }
        return sum
    }
}
