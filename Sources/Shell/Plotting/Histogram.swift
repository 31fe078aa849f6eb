/// Values counted into equal bins, as `hist` draws them. Counting here, not in gnuplot,
/// makes every terminal show the same bars and keeps the script `bins` rows long
/// however many values there are.
///
/// The bins span the finite values' range: the last bin includes the maximum (NumPy's
/// `histogram` does the same). Missing and infinite values are left out. When every
/// value is the same, one unit-wide range is centred on it.
struct Histogram: Equatable {
    struct Bin: Equatable {
        var center: Float
        var count: Int
    }

    let bins: [Bin]
    /// Each bin's width.
    let width: Float

    /// - Parameter bins: how many bins; at least 1 (the `hist` builtin checks it).
    /// - Complexity: O(values + bins).
    init(_ values: [Float], bins: Int) {
        let count = max(bins, 1)
        var low = Float.infinity, high = -Float.infinity
        for v in values where v.isFinite {
            low = min(low, v)
            high = max(high, v)
        }
        if low > high {
            (low, high) = (0, 1)
        } else if low == high {
            (low, high) = (low - 0.5, high + 0.5)
        }
        let width = (high - low) / Float(count)
        var counts = Array(repeating: 0, count: count)
        for v in values where v.isFinite {
            let index = Int(((v - low) / width).rounded(.down))
            counts[min(max(index, 0), count - 1)] += 1
        }
        self.width = width
        self.bins = counts.enumerated().map { Bin(center: low + width * (Float($0.offset) + 0.5), count: $0.element) }
    }
}
