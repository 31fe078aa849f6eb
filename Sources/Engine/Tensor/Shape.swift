/// Pure functions over shapes: element counts, row-major strides, broadcasting and axis
/// normalisation. A shape is `[Int]`; a scalar has shape `[]` and one element.
public enum Shape {
    /// Number of elements a shape holds (1 for a scalar).
    @inlinable
    public static func count(_ shape: [Int]) -> Int {
        var n = 1
        for d in shape { n &*= d }
        return n
    }

    /// Row-major (C order) strides, in elements.
    public static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = acc
            acc &*= shape[i]
        }
        return strides
    }

    /// `(2, 3)` style, as a user reads shapes.
    public static func describe(_ shape: [Int]) -> String {
        if shape.count == 1 { return "(\(shape[0]),)" }
        return "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// The most elements one tensor may hold. Allocation failure aborts a Swift process,
    /// so sizes past what a machine like this can hold are refused up front.
    public static let maxElements = 1 << 31

    /// The most dimensions a tensor may have, as in PyTorch. Printing, indexing and
    /// nested-list conversion walk the dimensions, so the rank is bounded like the size.
    public static let maxRank = 64

    /// The error for a shape, or (`fromLists`) nested lists, with `rank` dimensions, over `maxRank`.
    public static func tooManyDimensions(_ rank: Int, op: String, fromLists: Bool = false) -> TensorError {
        let advice = fromLists ? "nest lists at most \(maxRank) deep" : "use at most \(maxRank) sizes"
        return .invalidArgument(op: op, reason: "\(rank) dimensions is more than a tensor may have (at most \(maxRank)); \(advice)")
    }

    /// Validates a requested shape: at most `maxRank` dimensions, no negative sizes and
    /// no overflow in the element count.
    public static func validate(_ shape: [Int], op: String) throws {
        guard shape.count <= maxRank else { throw tooManyDimensions(shape.count, op: op) }
        var n = 1
        for d in shape {
            if d < 0 { throw TensorError.invalidShape(op: op, shape: shape, reason: "has a negative size") }
            let (m, overflow) = n.multipliedReportingOverflow(by: d)
            if overflow || m > maxElements {
                throw TensorError.invalidShape(op: op, shape: shape, reason: "is too large: a tensor holds at most 2^31 elements (8 GiB)")
            }
            n = m
        }
    }

    /// The NumPy broadcast of two shapes: aligned from the right, sizes equal or one of them 1.
    public static func broadcast(_ a: [Int], _ b: [Int], op: String) throws -> [Int] {
        if a == b { return a }
        let rank = max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 {
                out[i] = da
            } else if da == 1 {
                out[i] = db
            } else {
                throw TensorError.shapeMismatch(
                    op: op, lhs: a, rhs: b, reason: "cannot be broadcast together (dimension \(i) is \(da) vs \(db))")
            }
        }
        return out
    }

    /// Strides that read `shape` as if it were broadcast to `target` (0 along broadcast axes).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        var out = [Int](repeating: 0, count: target.count)
        for i in 0..<shape.count where shape[i] != 1 || target[i + offset] == 1 {
            out[i + offset] = shape[i] == 1 ? 0 : own[i]
        }
        return out
    }

    /// Maps a possibly negative axis into `0 ..< rank`.
    public static func normalize(axis: Int, rank: Int, op: String) throws -> Int {
        // A scalar takes axis 0 or -1 as a vector of one would, as PyTorch allows.
        let r = max(rank, 1)
        guard axis.magnitude <= r else { throw TensorError.axisOutOfRange(op: op, axis: axis, rank: rank) }
        let a = axis < 0 ? axis + r : axis
        guard a >= 0 && a < r else { throw TensorError.axisOutOfRange(op: op, axis: axis, rank: rank) }
        return a
    }

    /// Normalises a list of axes (nil means all), sorted and without repeats.
    public static func normalize(axes: [Int]?, rank: Int, op: String) throws -> [Int] {
        guard let axes else { return Array(0..<rank) }
        var seen = Set<Int>()
        for axis in axes {
            let a = try normalize(axis: axis, rank: rank, op: op)
            if !seen.insert(a).inserted {
                throw TensorError.invalidArgument(op: op, reason: "axis \(axis) is repeated")
            }
        }
        // A scalar accepts axis 0 / -1 as PyTorch does, but has no axis to reduce.
        return rank == 0 ? [] : seen.sorted()
    }
}
