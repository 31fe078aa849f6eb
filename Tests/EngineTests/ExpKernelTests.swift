import Glibc
import Testing

@testable import Engine

@Suite("Vectorised exp")
struct ExpKernelTests {
    /// Units in the last place between a and b (both finite, same sign).
    func ulps(_ a: Float, _ b: Float) -> Int {
        Int(abs(Int64(a.bitPattern) - Int64(b.bitPattern)))
    }

    @Test func withinTwoUlpOfGlibcAcrossTheRange() {
        var worst = 0
        var x: Float = -87.3
        while x < 88.7 {
            let got = Kernels.exp(x), want = Glibc.expf(x)
            worst = max(worst, ulps(got, want))
            x += 0.0137
        }
        #expect(worst <= 2)
    }

    @Test func edgeValues() {
        #expect(Kernels.exp(0) == 1)
        #expect(Kernels.exp(100) == .infinity)
        #expect(Kernels.exp(.infinity) == .infinity)
        #expect(Kernels.exp(-100) == 0)
        #expect(Kernels.exp(-.infinity) == 0)
        #expect(Kernels.exp(.nan).isNaN)
        #expect(ulps(Kernels.exp(88.7), Glibc.expf(88.7)) <= 2)
        #expect(ulps(Kernels.exp(-87.0), Glibc.expf(-87.0)) <= 2)
    }

    @Test(arguments: [0, 1, 7, 8, 9, 16, 31])
    func bufferVersionHandlesTailsAndSums(count: Int) {
        let input = (0..<count).map { Float($0) * 0.25 - 2 }
        var output = [Float](repeating: -1, count: count)
        let sum = input.withUnsafeBufferPointer { p in
            output.withUnsafeMutableBufferPointer { o in
                Kernels.exp(p.baseAddress!, shift: 0.5, into: o.baseAddress!, count: count)
            }
        }
        var want: Float = 0
        for (i, v) in input.enumerated() {
            let e = Glibc.expf(v + 0.5)
            #expect(abs(output[i] - e) <= 2e-7 * e)
            want += e
        }
        #expect(abs(sum - want) <= 1e-5 * max(1, want))
    }
}
