/// Whole-number draws from the session's stream: `randint`, `randperm`, and the index
/// samples behind `shuffle` and `choice`. Like every draw they advance the one generator,
/// so under a fixed seed a program gets the same numbers on every run and machine.
///
/// Results are float32 tensors (Sprout has one element type), which hold every whole
/// number up to 2^24 exactly; sizes and bounds past that are refused rather than rounded.
extension RandomSource {
    /// The largest whole number a float32 holds with every smaller one: 2^24.
    public static let exactIntegerLimit = 1 << 24

    /// Whole numbers uniform in `low ..< high` (PyTorch's `randint`, high excluded).
    /// - Throws: `TensorError` for a bad shape, `low >= high`, or bounds past ±2^24.
    /// - Complexity: O(elements), one draw each.
    public func integers(_ shape: [Int], low: Int, high: Int) throws -> Tensor {
        try Shape.validate(shape, op: "randint")
        guard low < high else {
            throw TensorError.invalidArgument(op: "randint", reason: "low \(low) must be less than high \(high) (high is left out)")
        }
        let limit = Self.exactIntegerLimit
        guard low >= -limit, high <= limit else {
            throw TensorError.invalidArgument(
                op: "randint", reason: "low and high must lie within ±\(limit) (2^24), the whole numbers a float32 holds exactly")
        }
        let span = high - low
        return try Tensor.make(shape, op: "randint") { p in
            for i in 0..<Shape.count(shape) { p[i] = Float(low + generator.nextIndex(below: span)) }
        }
    }

    /// `0 ..< n` in a uniformly random order (PyTorch's `randperm`), drawn exactly as
    /// `permutation(n)` draws, made in the tensor's checked buffer.
    /// - Throws: `TensorError` for n < 0 or n > 2^24.
    /// - Complexity: O(n).
    public func permutationTensor(_ n: Int, op: String = "randperm") throws -> Tensor {
        try Self.requireIndexCount(n, op: op)
        return try Tensor.make([n], op: op) { p in
            for i in 0..<n { p[i] = Float(i) }
            guard n >= 2 else { return }
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = generator.nextIndex(below: i + 1)
                (p[i], p[j]) = (p[j], p[i])
            }
        }
    }

    /// `k` indices into `0 ..< n`: with replacement each uniform on its own; without, a
    /// uniformly random ordered sample of distinct indices (a partial Fisher–Yates that
    /// keeps only the positions it moved, so memory is O(k) however large n is).
    /// - Throws: `TensorError` for a negative k or n, nothing to draw from, or (without
    ///   replacement) k > n.
    /// - Complexity: O(k).
    public func sample(_ k: Int, from n: Int, replacing: Bool, op: String = "choice") throws -> [Int] {
        guard k >= 0, n >= 0 else { throw TensorError.invalidArgument(op: op, reason: "k must be at least 0, got \(k)") }
        guard k == 0 || n > 0 else { throw TensorError.invalidArgument(op: op, reason: "there is nothing to choose from") }
        if replacing { return (0..<k).map { _ in generator.nextIndex(below: n) } }
        guard k <= n else {
            throw TensorError.invalidArgument(
                op: op, reason: "cannot choose \(k) different items from \(n); pass replace: true to allow repeats")
        }
        var moved: [Int: Int] = [:]
        return (0..<k).map { i in
            let j = i + generator.nextIndex(below: n - i)
            let picked = moved[j] ?? j
            moved[j] = moved[i] ?? i
            return picked
        }
    }

    /// Checks a count of indices that must each be exact as a float32.
    /// - Throws: `TensorError.invalidArgument` for n < 0 or n > 2^24.
    public static func requireIndexCount(_ n: Int, op: String) throws {
        guard n >= 0 else { throw TensorError.invalidArgument(op: op, reason: "n must be at least 0, got \(n)") }
        guard n <= exactIntegerLimit else {
            throw TensorError.invalidArgument(
                op: op,
                reason:
                    "\(n) indices are too many: at most \(exactIntegerLimit) (2^24), past which a float32 cannot hold each index exactly")
        }
    }
}
