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
