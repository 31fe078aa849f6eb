/// The one shared random stream of a session: every layer initialisation, dropout mask
/// and shuffle draws from it, in the order they happen.
///
/// A class, so that a model's layers, its dropout and the training loop all advance the
/// same generator: `seed(0)` followed by the same program gives the same weights, masks
/// and batch order on every run and every machine (the generator is integer arithmetic
/// only, see `SeededGenerator`). Not thread-safe; the engine runs on one thread at a time.
public final class RandomSource {
    /// The generator itself; draw with `Tensor.uniform(_:low:high:using:)` and friends.
    public var generator: SeededGenerator

    /// The seed this source was last started from.
    public var seed: UInt64 { generator.seed }

    public init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }

    /// Restarts the stream from `seed`, as if this source had just been created with it.
    public func reseed(_ seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }

    /// Uniform samples in `[low, high)`.
    /// - Throws: `TensorError` for a negative size or `low > high`.
    public func uniform(_ shape: [Int], low: Float = 0, high: Float = 1) throws -> Tensor {
        try Tensor.uniform(shape, low: low, high: high, using: &generator)
    }

    /// Normal samples with the given mean and standard deviation.
    /// - Throws: `TensorError` for a negative size or a negative `std`.
    public func normal(_ shape: [Int], mean: Float = 0, std: Float = 1) throws -> Tensor {
        try Tensor.normal(shape, mean: mean, std: std, using: &generator)
    }

    /// A uniformly random order of `0 ..< count` (Fisher–Yates), for shuffling a data set.
    /// - Complexity: O(count).
    public func permutation(_ count: Int) -> [Int] {
        generator.permutation(count)
    }

    /// A 0/1 mask of `shape` whose elements are 1 with probability `keep`, each scaled by
    /// `scale`: inverted dropout's `mask / (1 − p)` in one pass.
    /// - Complexity: O(elements), one draw per element.
    func bernoulliMask(_ shape: [Int], keep: Float, scale: Float) throws -> Tensor {
        try Tensor.make(shape, op: "random") { p in
            for i in 0..<Shape.count(shape) { p[i] = generator.nextUnitFloat() < keep ? scale : 0 }
        }
    }
}
