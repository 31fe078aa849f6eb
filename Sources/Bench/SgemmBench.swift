import CBLAS
import Engine

/// Section 1: square matrix products through `Tensor.matmul` against `cblas_sgemm` called
/// directly on preallocated buffers.
///
/// The two are called alternately, one product each, and each figure is the fastest single
/// call: on a shared two-core machine a quiet millisecond is easy to catch, a quiet second
/// is not.
///
/// The engine figure includes what a user pays per product: validation, allocating the
/// result tensor and the autograd bookkeeping (none here: the operands need no gradient).
/// This is the one file outside `BLAS.swift` that calls OpenBLAS, because the direct call
/// *is* the baseline being compared against.
struct SgemmBench {
    struct Row {
        let n: Int, threads: Int
        let engineGFlops: Double, directGFlops: Double
        /// Engine speed / direct speed from the best calls of each.
        var ratio: Double { engineGFlops / directGFlops }
        /// Median over rounds of direct time / engine time within one round.
        let pairedRatio: Double
        /// Extra seconds per product through the engine (validation, result allocation).
        var overheadSeconds: Double {
            let flops = 2 * Double(n) * Double(n) * Double(n)
            return flops / (engineGFlops * 1e9) - flops / (directGFlops * 1e9)
        }
    }

    let sizes: [Int]
    let threadCounts: [Int]
    /// At least this many timed calls of each.
    let minCalls: Int
    /// Seconds to keep alternating calls for, per size and thread count, beyond `minCalls`.
    let budget: Double

    func run() throws -> [Row] {
        var rows: [Row] = []
        var rng = SeededGenerator(seed: 42)
        for n in sizes {
            let count = n * n
            let a = try Tensor.uniform([n, n], low: -1, high: 1, using: &rng)
            let b = try Tensor.uniform([n, n], low: -1, high: 1, using: &rng)
            // Baseline buffers: allocated once, outside the timing.
            let pa = UnsafeMutablePointer<Float>.allocate(capacity: count)
            let pb = UnsafeMutablePointer<Float>.allocate(capacity: count)
            let pc = UnsafeMutablePointer<Float>.allocate(capacity: count)
            defer { pa.deallocate(); pb.deallocate(); pc.deallocate() }
            a.withUnsafeBufferPointer { pa.update(from: $0.baseAddress!, count: count) }
            b.withUnsafeBufferPointer { pb.update(from: $0.baseAddress!, count: count) }
            let n32 = Int32(n)
            let direct = {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n32, n32, n32, 1, pa, n32, pb, n32, 0, pc, n32)
            }
            let engine = { _ = try a.matmul(b) }
            for threads in threadCounts {
                BLAS.setThreadCount(threads)
                let (te, td, paired) = try Timing.interleaved(minRounds: minCalls, budget: budget, engine, direct)
                let flops = 2 * Double(n) * Double(n) * Double(n)
                rows.append(
                    Row(n: n, threads: threads, engineGFlops: flops / te / 1e9, directGFlops: flops / td / 1e9, pairedRatio: paired))
            }
        }
        BLAS.setThreadCount(1)
        return rows
    }

    static func render(_ rows: [Row]) -> String {
        var table = TextTable(["n", "threads", "engine GF/s", "direct GF/s", "ratio (best)", "ratio (paired median)"])
        for r in rows {
            table.add([
                String(r.n), String(r.threads), Format.fixed(r.engineGFlops, 1), Format.fixed(r.directGFlops, 1), Format.ratio(r.ratio),
                Format.ratio(r.pairedRatio),
            ])
        }
        return table.render()
    }
}
