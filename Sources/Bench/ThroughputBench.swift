import Engine

/// Section 3: elementwise and reduction throughput on 10M floats against a plain memory
/// copy of the same 10M floats into a preallocated buffer.
///
/// Bandwidth counts the bytes an op must read and write at minimum (add: 3 × 40 MB; a
/// reduction: 40 MB in, its small result out). Every engine op allocates its result, as a
/// user's expression does; a "copy into a fresh buffer" row shows what that allocation
/// alone costs at this size (the pages are new to the process every time).
struct ThroughputBench {
    static let count = 10_000_000
    static let matrix = [10_000, 1_000]

    struct Row {
        /// The name the NumPy peer uses for the same op.
        let key: String
        let label: String
        let bytes: Double
        var seconds: Double
        var gigabytesPerSecond: Double { bytes / seconds / 1e9 }
    }

    let reps: Int

    /// The rows; the first is the memcpy baseline, the best of all its interleaved runs.
    func run() throws -> [Row] {
        let n = Self.count
        var rng = SeededGenerator(seed: 7)
        let a = try Tensor.normal([n], using: &rng)
        let b = try Tensor.normal([n], using: &rng)
        let m = try a.reshaped(to: Self.matrix)
        let four = 4.0 * Double(n)

        let src = UnsafeMutablePointer<Float>.allocate(capacity: n)
        let dst = UnsafeMutablePointer<Float>.allocate(capacity: n)
        defer { src.deallocate(); dst.deallocate() }
        a.withUnsafeBufferPointer { src.update(from: $0.baseAddress!, count: n) }
        let copy = { dst.update(from: src, count: n) }

        let ops: [(String, String, Double, () throws -> Void)] = [
            (
                "fresh_copy", "copy into a fresh buffer", 2 * four,
                {
                    let fresh = UnsafeMutablePointer<Float>.allocate(capacity: n)
                    fresh.update(from: src, count: n)
                    fresh.deallocate()
                }
            ),
            ("add", "add a + b", 3 * four, { _ = try a + b }),
            ("mul_scalar", "mul a * 2", 2 * four, { _ = try a * 2 }),
            ("exp", "exp", 2 * four, { _ = try a.exp() }),
            ("relu", "relu", 2 * four, { _ = try a.relu() }),
            ("sum", "sum (all)", four, { _ = try a.sum() }),
            ("sum_axis0", "sum axis 0 of (10000,1000)", four + 4 * 1_000, { _ = try m.sum(alongAxes: [0]) }),
            ("sum_axis1", "sum axis 1 of (10000,1000)", four + 4 * 10_000, { _ = try m.sum(alongAxes: [1]) }),
            ("max", "max (all)", four, { _ = try a.max() }),
            ("softmax", "softmax axis -1 of (10000,1000)", 2 * four, { _ = try m.softmax(axis: -1) }),
        ]
        var baseline = Row(key: "memcpy", label: "memcpy (preallocated)", bytes: 2 * four, seconds: .infinity)
        var rows: [Row] = []
        for (key, label, bytes, op) in ops {
            let (t, tCopy, _) = try Timing.interleaved(minRounds: reps, op, copy)
            baseline.seconds = Swift.min(baseline.seconds, tCopy)
            rows.append(Row(key: key, label: label, bytes: bytes, seconds: t))
        }
        return [baseline] + rows
    }

    /// - Parameter numpy: the peer's best seconds per op, by key; empty when not measured.
    static func render(_ rows: [Row], numpy: [String: Double]) -> String {
        let base = rows.first?.gigabytesPerSecond ?? .nan
        let numpyBase = numpy["memcpy"].map { (rows.first?.bytes ?? 0) / $0 / 1e9 }
        var headers = ["op", "MB moved", "ms", "GB/s", "vs memcpy"]
        if !numpy.isEmpty { headers += ["NumPy GB/s", "NumPy vs its memcpy", "Sprout/NumPy"] }
        var table = TextTable(headers)
        for r in rows {
            var cells = [
                r.label, Format.fixed(r.bytes / 1e6, 0), Format.fixed(r.seconds * 1e3, 2), Format.fixed(r.gigabytesPerSecond, 1),
                Format.ratio(r.gigabytesPerSecond / base),
            ]
            if !numpy.isEmpty {
                if let s = numpy[r.key] {
                    let g = r.bytes / s / 1e9
                    cells += [Format.fixed(g, 1), numpyBase.map { Format.ratio(g / $0) } ?? "n/a", Format.ratio(s / r.seconds)]
                } else {
                    cells += ["-", "-", "-"]
                }
            }
            table.add(cells)
        }
        return table.render()
    }
}
