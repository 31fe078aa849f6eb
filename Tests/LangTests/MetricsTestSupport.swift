import Engine
import Foundation
import Testing

@testable import Lang

/// Tiny classification and regression problems whose every prediction is known by hand:
/// a `linear` layer with weights set through `set_param`, over a `dataset({...})`.
enum MetricsFixture {
    /// Nine rows, classes cat, dog, fox (in that order: first appearance). The model
    /// scores cat by `a`, dog by `b` and fox by a constant 0.5, so it predicts
    ///
    ///     row   a  b  true  predicted
    ///     0     1  0  cat   cat
    ///     1     1  0  cat   cat
    ///     2     0  1  cat   dog
    ///     3     0  1  dog   dog
    ///     4     0  0  dog   fox
    ///     5     0  0  fox   fox
    ///     6     1  0  fox   cat
    ///     7     0  1  dog   dog
    ///     8     1  0  dog   cat
    ///
    /// so the confusion matrix (rows true, columns predicted) is
    /// cat [2, 1, 0], dog [1, 2, 1], fox [1, 0, 1].
    static let classes = """
        ds = dataset({a: [1, 1, 0, 0, 0, 0, 1, 0, 1], b: [0, 0, 1, 1, 0, 0, 0, 1, 0], label: ["cat", "cat", "cat", "dog", "dog", "fox", "fox", "dog", "dog"]})
        m = linear(2, 3)
        set_param(m, "weight", tensor([[1, 0], [0, 1], [0, 0]]))
        set_param(m, "bias", tensor([0, 0, 0.5]))
        """

    /// The hand-counted confusion matrix of `classes`.
    static let matrix = [[2, 1, 0], [1, 2, 1], [1, 0, 1]]

    /// Precision, recall and F1 per class from `matrix`, by the textbook definitions,
    /// computed here independently of the Engine's `ConfusionMatrix`.
    static func handScores(_ matrix: [[Int]]) -> [(precision: Double, recall: Double, f1: Double)] {
        matrix.indices.map { c in
            let truePositives = Double(matrix[c][c])
            let predicted = Double(matrix.reduce(0) { $0 + $1[c] })
            let actual = Double(matrix[c].reduce(0, +))
            let precision = predicted == 0 ? 0 : truePositives / predicted
            let recall = actual == 0 ? 0 : truePositives / actual
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            return (precision, recall, f1)
        }
    }

    /// Three rows of values; the model `2x + 0.5` misses the last by 2.
    static let values = """
        rd = dataset({x: [1, 2, 4], y: [2.5, 4.5, 10.5]})
        r = linear(1, 1)
        set_param(r, "weight", tensor([[2]]))
        set_param(r, "bias", tensor([0.5]))
        """
}

extension EvalSession {
    /// Runs `text`, failing the test when it shows an error.
    @discardableResult
    func ok(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let shown = run(text)
        #expect(!shown.hasPrefix("error"), "\(text) failed: \(shown)", sourceLocation: sourceLocation)
        return shown
    }

    /// The number a cell gives (in full, not as printed), or nan when it gives something else.
    func number(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Double {
        do {
            if case let .number(x)? = try interpreter.run(Source(name: "cell", text: text)) { return x }
            Issue.record("\(text) gives no number", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(text) failed: \(error)", sourceLocation: sourceLocation)
        }
        return .nan
    }
}
