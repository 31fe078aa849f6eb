/// Quantiles by selection: Hoare's quickselect puts the k-th smallest value in place in
/// expected linear time, so `describe`'s three quartiles of a million values cost a few
/// passes instead of a sort.
enum Quantiles {
    /// The quantiles `levels` (each in 0...1, ascending) of `values` (no NaN, not
    /// empty), by linear interpolation between the two nearest ranks, as NumPy's
    /// `percentile` and pandas' `describe` compute them: position `p · (n - 1)`.
    /// Reorders `values`.
    static func linear(_ levels: [Double], selectingIn values: UnsafeMutableBufferPointer<Double>) -> [Double] {
        let n = values.count
        var lower = 0
        return levels.map { level in
            let position = level * Double(n - 1)
            let k = Int(position.rounded(.down))
            let fraction = position - Double(k)
            // Ranks found earlier stay below `lower`, so each search starts there.
            select(k, in: values, from: lower)
            lower = k
            let below = values[k]
            guard fraction > 0, k + 1 < n else { return below }
            // The next rank is the smallest value above position k.
            var above = Double.infinity
            for i in (k + 1)..<n { above = Swift.min(above, values[i]) }
            return below + (above - below) * fraction
        }
    }

    /// Puts the `k`-th smallest of `values[start...]` at `k`, smaller ones before it and
    /// larger ones after (Hoare partition around the median of three).
    static func select(_ k: Int, in values: UnsafeMutableBufferPointer<Double>, from start: Int) {
        select(k, in: values, lo: start, hi: values.count - 1)
    }

    /// Puts the `k`-th smallest of `values[first...last]` at `k` (`first <= k <= last`).
    static func select(_ k: Int, in values: UnsafeMutableBufferPointer<Double>, lo first: Int, hi last: Int) {
        var lo = first
        var hi = last
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            // Median of three as the pivot, so sorted input stays linear.
            if values[mid] < values[lo] { values.swapAt(mid, lo) }
            if values[hi] < values[lo] { values.swapAt(hi, lo) }
            if values[hi] < values[mid] { values.swapAt(hi, mid) }
            let pivot = values[mid]
            var i = lo
            var j = hi
            while i <= j {
                while values[i] < pivot { i += 1 }
                while pivot < values[j] { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                hi = j
            } else if k >= i {
                lo = i
            } else {
                return
            }
        }
    }
}
