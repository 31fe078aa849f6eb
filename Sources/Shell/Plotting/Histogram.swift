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
        // In Double: the range of two far-apart floats (-3e38 to 3e38) overflows a Float.
        var low = Double.infinity, high = -Double.infinity
        for v in values where v.isFinite {
            low = min(low, Double(v))
            high = max(high, Double(v))
        }
        if low > high {
            (low, high) = (0, 1)
        } else if low == high {
            (low, high) = (low - 0.5, high + 0.5)
        }
        let width = (high - low) / Double(count)
        var counts = Array(repeating: 0, count: count)
        for v in values where v.isFinite {
            let position = ((Double(v) - low) / width).rounded(.down)
            counts[position.isFinite ? min(max(Int(max(min(position, 1e9), -1)), 0), count - 1) : 0] += 1
        }
        self.width = Float(width)
        self.bins = counts.enumerated().map { Bin(center: Float(low + width * (Double($0.offset) + 0.5)), count: $0.element) }
    }
}
