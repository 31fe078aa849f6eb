/// Creating tensors: constants, ranges, identity, nested lists and random numbers.
extension Tensor {
    /// A constant tensor for a shape that is already known to be valid.
    /// - Throws: `TensorError.tooLarge` (naming `op`) when it cannot be allocated.
    static func filled(_ shape: [Int], _ value: Float, op: String) throws -> Tensor {
        Tensor(shape: shape, storage: try TensorStorage(repeating: value, shape: shape, op: op))
    }

    public static func full(_ shape: [Int], _ value: Float) throws -> Tensor {
        try Shape.validate(shape, op: "full")
        return try filled(shape, value, op: "full")
    }
    public static func zeros(_ shape: [Int]) throws -> Tensor { try full(shape, 0) }
    public static func ones(_ shape: [Int]) throws -> Tensor { try full(shape, 1) }

    /// Values from `start` up to (not including) `end` in steps of `step`, as NumPy's arange.
    public static func arange(_ end: Float) throws -> Tensor { try arange(0, end) }

    /// Values from `start` up to (not including) `end` in steps of `step`.
    public static func arange(_ start: Float, _ end: Float, step: Float = 1) throws -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
            throw TensorError.invalidArgument(op: "arange", reason: "start, end and step must be finite and step non-zero")
        }
        let steps = (Double(end) - Double(start)) / Double(step)
        guard steps < Double(1 << 40) else {
            throw TensorError.invalidArgument(op: "arange", reason: "would make \(steps) elements; use a larger step")
        }
        let n = Swift.max(0, Int(steps.rounded(.up)))
        try Shape.validate([n], op: "arange")
        return try make([n], op: "arange") { p in for i in 0..<n { p[i] = start + Float(i) * step } }
    }

    /// The whole numbers of `range` in order, each rounded to the nearest float, as a list
    /// of them would convert; made in place, with no intermediate array.
    public static func counting(_ range: Range<Int>) throws -> Tensor {
        try Shape.validate([range.count], op: "tensor")
        return try make([range.count], op: "tensor") { p in
            for i in 0..<range.count { p[i] = Float(range.lowerBound + i) }
        }
    }

    /// `count` evenly spaced values from `start` to `end`, both included.
    public static func linspace(_ start: Float, _ end: Float, count: Int) throws -> Tensor {
        guard count >= 0 else { throw TensorError.invalidArgument(op: "linspace", reason: "count must be at least 0, got \(count)") }
        try Shape.validate([count], op: "linspace")
        let step = count > 1 ? (Double(end) - Double(start)) / Double(count - 1) : 0
        return try make([count], op: "linspace") { p in
            for i in 0..<count { p[i] = Float(Double(start) + Double(i) * step) }
            if count > 1 { p[count - 1] = end }
        }
    }

    /// The n×n identity matrix.
    public static func eye(_ n: Int) throws -> Tensor {
        var t = try zeros([n, n])
        try t.withUnsafeMutableBufferPointer { p in for i in 0..<n { p[i * n + i] = 1 } }
        return t
    }

    /// Uniform samples in `[low, high)`.
    public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1, using rng: inout SeededGenerator) throws -> Tensor {
        try Shape.validate(shape, op: "uniform")
        guard low <= high else { throw TensorError.invalidArgument(op: "uniform", reason: "low \(low) is greater than high \(high)") }
        return try make(shape, op: "uniform") { p in
            for i in 0..<Shape.count(shape) { p[i] = low + (high - low) * rng.nextUnitFloat() }
        }
    }

    /// Normal samples with the given mean and standard deviation.
    public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1, using rng: inout SeededGenerator) throws -> Tensor {
        try Shape.validate(shape, op: "normal")
        guard std >= 0 else { throw TensorError.invalidArgument(op: "normal", reason: "std must be at least 0, got \(std)") }
        return try make(shape, op: "normal") { p in
            for i in 0..<Shape.count(shape) { p[i] = Float(Double(mean) + Double(std) * rng.nextNormal()) }
        }
    }
}

/// A nested list of numbers, as a user writes `[[1, 2], [3, 4]]`.
public indirect enum NestedScalars: Sendable, Equatable {
    case scalar(Float)
    case list([NestedScalars])
}

extension Tensor {
    /// A tensor from nested lists; every list at one depth must have the same length.
    public init(nested: NestedScalars) throws {
        var shape: [Int] = []
        var level = nested
        while case let .list(items) = level {
            guard shape.count < Shape.maxRank else { throw Shape.tooManyDimensions(shape.count + 1, op: "tensor", fromLists: true) }
            shape.append(items.count)
            guard let first = items.first else { break }
            level = first
        }
        var scalars: [Float] = []
        scalars.reserveCapacity(Shape.count(shape))
        func walk(_ node: NestedScalars, depth: Int, path: [Int]) throws {
            switch node {
            case let .scalar(x):
                guard depth == shape.count else {
                    throw TensorError.invalidShape(
                        op: "tensor", shape: shape, reason: "is ragged: a number at \(path) where a list of \(shape[depth]) was expected")
                }
                scalars.append(x)
            case let .list(items):
                guard depth < shape.count, items.count == shape[depth] else {
                    let expected = depth < shape.count ? "a list of \(shape[depth])" : "a number"
                    throw TensorError.invalidShape(
                        op: "tensor", shape: shape, reason: "is ragged: a list of \(items.count) at \(path) where \(expected) was expected")
                }
                for (i, item) in items.enumerated() { try walk(item, depth: depth + 1, path: path + [i]) }
            }
        }
        try walk(nested, depth: 0, path: [])
        try self.init(shape: shape, scalars: scalars)
    }
}
