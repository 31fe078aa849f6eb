/// The counts behind every class metric: how many rows of each true class were predicted
/// as each class. Accuracy, precision, recall and F1 are all read off it, so they cannot
/// disagree with the table `confusion` prints.
///
/// A class nobody predicted has no precision (0 / 0); like scikit-learn's
/// `zero_division=0`, it counts as 0 rather than NaN, so the macro average stays a number
/// and drops, which is the loud outcome the recipe wants from a class the model ignores.
/// A class absent from the true labels likewise has recall 0; `support` tells them apart.
public struct ConfusionMatrix: Sendable, Equatable {
    /// How many classes: the matrix is `classes × classes`.
    public let classes: Int
    /// `counts[t * classes + p]`: rows whose true class is `t` and predicted class `p`.
    public private(set) var counts: [Int]

    /// Counts `predicted` against `targets`, pairwise.
    /// - Parameters:
    ///   - predicted: class indices, one per row.
    ///   - targets: class indices, one per row, as many as `predicted`.
    /// - Throws: `TensorError.invalidArgument` when the counts differ or an index is
    ///   outside `0..<classes`.
    /// - Complexity: O(rows + classes²).
    public init(predicted: [Int], targets: [Int], classes: Int) throws {
        guard predicted.count == targets.count else {
            throw TensorError.invalidArgument(
                op: "confusion", reason: "\(predicted.count) predictions but \(targets.count) targets: give one of each per row")
        }
        guard classes > 0 else { throw TensorError.invalidArgument(op: "confusion", reason: "there are no classes") }
        self.classes = classes
        counts = Array(repeating: 0, count: classes * classes)
        for (p, t) in zip(predicted, targets) {
            guard (0..<classes).contains(p), (0..<classes).contains(t) else {
                throw TensorError.invalidArgument(
                    op: "confusion", reason: "class index \((0..<classes).contains(p) ? t : p) is outside 0..\(classes - 1)")
            }
            counts[t * classes + p] += 1
        }
    }

    /// Rows of true class `t` predicted as `p`.
    public func count(true t: Int, predicted p: Int) -> Int { counts[t * classes + p] }

    /// Every row counted.
    public var total: Int { counts.reduce(0, +) }

    /// Rows whose true class is `c`.
    public func support(_ c: Int) -> Int { (0..<classes).reduce(0) { $0 + count(true: c, predicted: $1) } }

    /// Rows predicted as `c`.
    public func predictedCount(_ c: Int) -> Int { (0..<classes).reduce(0) { $0 + count(true: $1, predicted: c) } }

    /// The fraction of rows on the diagonal; 0 when there are no rows.
    public var accuracy: Double {
        let correct = (0..<classes).reduce(0) { $0 + count(true: $1, predicted: $1) }
        return Self.ratio(correct, total)
    }

    /// Of the rows predicted as `c`, the fraction truly `c`; 0 when none was predicted.
    public func precision(_ c: Int) -> Double { Self.ratio(count(true: c, predicted: c), predictedCount(c)) }

    /// Of the rows truly `c`, the fraction predicted as `c`; 0 when there are none.
    public func recall(_ c: Int) -> Double { Self.ratio(count(true: c, predicted: c), support(c)) }

    /// The harmonic mean of precision and recall; 0 when both are 0.
    public func f1(_ c: Int) -> Double {
        let (p, r) = (precision(c), recall(c))
        return p + r > 0 ? 2 * p * r / (p + r) : 0
    }

    /// The unweighted mean over classes of `metric` (scikit-learn's `average="macro"`):
    /// every class counts the same, however rare.
    public func macro(_ metric: (Int) -> Double) -> Double {
        (0..<classes).reduce(0) { $0 + metric($1) } / Double(classes)
    }

    /// `part / whole`, or 0 for an empty whole (see the type's note on zero division).
    static func ratio(_ part: Int, _ whole: Int) -> Double {
        whole > 0 ? Double(part) / Double(whole) : 0
    }
}
