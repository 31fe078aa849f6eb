/// The numeric half of `ColumnStatistics`, computed for speed on a million rows: one
/// pass for count, sum, min and max (the present values are copied only when a cell is
/// missing), one counting values into value-ordered buckets (`bucket = (x - min) /
/// (max - min) · B`) and summing squared deviations, and one scatter into the buckets. Quartiles are then a selection inside the
/// one bucket holding each rank, and distinct values are counted bucket by bucket in a
/// hash table small enough to stay in cache. A column whose values crowd into one
/// bucket (a huge outlier stretching the range) costs what a whole-column selection and
/// hash cost, never more.
struct NumericSummary {
    var count = 0
    var unique = 0
    var mean: Double?
    var std: Double?
    var min: Double?
    var max: Double?
    var quartiles: [Double]?

    /// At most this many buckets; fewer for short columns (about 64 values a bucket).
    static let maxBuckets = 1024

    init(_ values: [Double]) {
        var sum = 0.0
        var lo = Double.infinity
        var hi = -Double.infinity
        var absent = 0
        values.withUnsafeBufferPointer { input in
            for x in input {
                if x.isNaN {
                    absent += 1
                } else {
                    sum += x
                    lo = Swift.min(lo, x)
                    hi = Swift.max(hi, x)
                }
            }
        }
        let n = values.count - absent
        // The present values: the column itself (shared, not copied) when none is missing.
        var present = values
        if absent > 0 {
            present = [Double](repeating: 0, count: n)
            present.withUnsafeMutableBufferPointer { out in
                var i = 0
                for x in values where !x.isNaN {
                    out[i] = x
                    i += 1
                }
            }
        }
        count = n
        guard n > 0 else { return }
        let mean = sum / Double(n)
        (self.mean, min, max) = (mean, lo, hi)
        guard hi > lo else {
            std = n > 1 ? 0 : nil
            (unique, quartiles) = (1, [lo, lo, lo])
            return
        }
        // The squared deviations are summed in the bucket-counting pass (one read fewer).
        var squares = 0.0
        let buckets = Swift.max(1, Swift.min(Self.maxBuckets, n / 64))
        // An infinite range (an infinity, or a span past the largest double) puts every
        // value in bucket 0: an index computed from it would be NaN.
        var scale = Double(buckets) / (hi - lo)
        if !scale.isFinite || !lo.isFinite || !hi.isFinite || !(hi - lo).isFinite { scale = 0 }
        var offsets = [Int](repeating: 0, count: buckets + 1)
        var sorted = [Double](repeating: 0, count: n)
        // Each value's bucket, computed once for the count and the scatter.
        var bucketOf = [UInt16](repeating: 0, count: n)
        present.withUnsafeBufferPointer { p in
            bucketOf.withUnsafeMutableBufferPointer { ids in
                offsets.withUnsafeMutableBufferPointer { offsets in
                    let last = Double(buckets - 1)
                    for i in 0..<n {
                        let b = Int(Swift.min(last, (p[i] - lo) * scale))
                        ids[i] = UInt16(truncatingIfNeeded: b)
                        offsets[b + 1] += 1
                        squares += (p[i] - mean) * (p[i] - mean)
                    }
                    for b in 0..<buckets { offsets[b + 1] += offsets[b] }
                    let next = UnsafeMutableBufferPointer<Int>.allocate(capacity: buckets)
                    defer { next.deallocate() }
                    for b in 0..<buckets { next[b] = offsets[b] }
                    sorted.withUnsafeMutableBufferPointer { out in
                        for i in 0..<n {
                            let b = Int(ids[i])
                            out[next[b]] = p[i]
                            next[b] += 1
                        }
                    }
                }
            }
        }
        std = n > 1 ? (squares / Double(n - 1)).squareRoot() : nil
        let bounds = offsets
        quartiles = sorted.withUnsafeMutableBufferPointer { s in
            /// The value of rank `r`, by selection inside its bucket.
            func ranked(_ r: Int) -> Double {
                var low = 0
                var high = buckets - 1
                while low < high {  // the bucket b with bounds[b] <= r < bounds[b + 1]
                    let mid = (low + high + 1) / 2
                    if bounds[mid] <= r { low = mid } else { high = mid - 1 }
                }
                Quantiles.select(r, in: s, lo: bounds[low], hi: bounds[low + 1] - 1)
                return s[r]
            }
            return [0.25, 0.5, 0.75].map { level in
                let position = level * Double(n - 1)
                let k = Int(position.rounded(.down))
                let fraction = position - Double(k)
                let below = ranked(k)
                return fraction > 0 && k + 1 < n ? below + (ranked(k + 1) - below) * fraction : below
            }
        }
        unique = sorted.withUnsafeBufferPointer { s in
            Self.distinctCount(s, bounds: bounds)
        }
    }

    /// Distinct values, bucket by bucket: equal values share a bucket, so the counts add.
    static func distinctCount(_ values: UnsafeBufferPointer<Double>, bounds: [Int]) -> Int {
        var largest = 0
        for b in 0..<(bounds.count - 1) { largest = Swift.max(largest, bounds[b + 1] - bounds[b]) }
        var capacity = 16
        while capacity < largest * 2 { capacity <<= 1 }
        let table = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: capacity)
        defer { table.deallocate() }
        var distinct = 0
        for b in 0..<(bounds.count - 1) where bounds[b + 1] > bounds[b] {
            var size = 16
            while size < (bounds[b + 1] - bounds[b]) * 2 { size <<= 1 }
            let mask = size - 1
            for i in 0..<size { table[i] = 0 }
            for i in bounds[b]..<bounds[b + 1] {
                // 0 marks an empty slot, so a key is the bit pattern plus one (+0's is 0;
                // no number's pattern is all ones). -0 counts as 0.
                let x = values[i]
                let key = (x == 0 ? 0 : x).bitPattern &+ 1
                var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
                while true {
                    let held = table[slot]
                    if held == key { break }
                    if held == 0 {
                        table[slot] = key
                        distinct += 1
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        return distinct
    }
}
