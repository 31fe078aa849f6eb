import Testing

@testable import Engine

/// `ConfusionMatrix` against hand arithmetic: counts, accuracy, precision, recall, F1,
/// macro averages, and the zero-division convention for a class never predicted.
@Suite("Confusion matrix")
struct ConfusionMatrixTests {
    @Test func countsAndScoresByHand() throws {
        // true:      0 0 0 1 1 1 1 2 2
        // predicted: 0 0 1 1 2 0 1 0 2
        let m = try ConfusionMatrix(predicted: [0, 0, 1, 1, 2, 0, 1, 0, 2], targets: [0, 0, 0, 1, 1, 1, 1, 2, 2], classes: 3)
        #expect(m.counts == [2, 1, 0, 1, 2, 1, 1, 0, 1])
        #expect(m.total == 9 && m.support(1) == 4 && m.predictedCount(0) == 4)
        #expect(abs(m.accuracy - 5.0 / 9) < 1e-15)
        #expect(abs(m.precision(0) - 0.5) < 1e-15 && abs(m.recall(0) - 2.0 / 3) < 1e-15)
        #expect(abs(m.f1(0) - 4.0 / 7) < 1e-15)  // 2 · ½ · ⅔ / (½ + ⅔)
        #expect(abs(m.macro(m.f1) - (4.0 / 7 + 4.0 / 7 + 0.5) / 3) < 1e-15)
    }

    @Test func aClassNeverPredictedScoresZeroNotNaN() throws {
        let m = try ConfusionMatrix(predicted: [0, 0, 1], targets: [0, 2, 1], classes: 3)
        #expect(m.precision(2) == 0 && m.recall(2) == 0 && m.f1(2) == 0)
        let macro = m.macro(m.f1)
        #expect(macro.isFinite && abs(macro - (2.0 / 3 + 1 + 0) / 3) < 1e-15)  // class 0: p ½, r 1, F1 ⅔
    }

    @Test func refusesMismatchedOrOutOfRangeIndices() {
        #expect(throws: TensorError.self) { try ConfusionMatrix(predicted: [0], targets: [0, 1], classes: 2) }
        #expect(throws: TensorError.self) { try ConfusionMatrix(predicted: [3], targets: [0], classes: 2) }
        #expect(throws: TensorError.self) { try ConfusionMatrix(predicted: [0], targets: [-1], classes: 2) }
        #expect(throws: TensorError.self) { try ConfusionMatrix(predicted: [], targets: [], classes: 0) }
    }
}

/// `ConfusionMatrix` against the same scores computed by NumPy from the same labels
/// (scikit-learn's definitions with `zero_division=0`), on random labels where some class
/// is never predicted.
@Suite("Confusion matrix against NumPy", .enabled(if: NumPyPython.path != nil, "python3 with numpy is not installed"))
struct ConfusionMatrixNumPyTests {
    static let script = #"""
        import sys, numpy as np
        c = int(sys.argv[1])
        p = np.array([int(v) for v in sys.argv[2].split(",")])
        t = np.array([int(v) for v in sys.argv[3].split(",")])
        m = np.zeros((c, c), dtype=np.int64)
        np.add.at(m, (t, p), 1)
        tp = np.diag(m).astype(float)
        with np.errstate(all="ignore"):
            precision = np.where(m.sum(0) > 0, tp / m.sum(0), 0.0)
            recall = np.where(m.sum(1) > 0, tp / m.sum(1), 0.0)
            f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
        print(" ".join(str(v) for v in m.ravel()))
        for row in (precision, recall, f1):
            print(" ".join(repr(float(v)) for v in row))
        print(repr(float(f1.mean())), repr(float(tp.sum() / len(t))))
        """#

    @Test func scoresMatchNumPy() throws {
        var generator = SeededGenerator(seed: 11)
        let classes = 5
        let targets = (0..<200).map { _ in Int.random(in: 0..<classes, using: &generator) }
        // Class 4 is never predicted: its precision is 0 / 0.
        let predicted = targets.map { t in Int.random(in: 0..<4, using: &generator) == 0 ? t % 4 : Int.random(in: 0..<4, using: &generator)
        }
        let m = try ConfusionMatrix(predicted: predicted, targets: targets, classes: classes)
        let (status, output) = try NumPyPython.run(
            script: Self.script,
            [String(classes), predicted.map(String.init).joined(separator: ","), targets.map(String.init).joined(separator: ",")])
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
        guard lines.count == 5 else {
            Issue.record("unexpected NumPy output: \(output)")
            return
        }
        #expect(lines[0] == m.counts.map(Double.init))
        let ours = [(0..<classes).map(m.precision), (0..<classes).map(m.recall), (0..<classes).map(m.f1)]
        for (theirs, mine) in zip(lines[1...3], ours) {
            #expect(zip(theirs, mine).allSatisfy { abs($0 - $1) < 1e-12 }, "\(theirs) vs \(mine)")
        }
        #expect(abs(lines[4][0] - m.macro(m.f1)) < 1e-12 && abs(lines[4][1] - m.accuracy) < 1e-12)
        #expect(m.predictedCount(4) == 0 && m.f1(4) == 0)
    }
}
