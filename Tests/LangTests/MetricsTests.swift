import Engine
import Foundation
import Testing

@testable import Lang

/// The metric builtins over a model and a dataset whose predictions are known by hand
/// (`MetricsFixture`): accuracy, top-k, precision/recall/F1, the confusion matrix and its
/// heatmap, mse/mae, predict; and the tensor forms that were there before.
@Suite("Metrics over a model and a dataset")
struct MetricsTests {
    static func session(_ fixture: String = MetricsFixture.classes) -> EvalSession {
        let s = EvalSession()
        s.ok(fixture)
        return s
    }

    @Test func accuracyCountsTheDiagonal() {
        let s = Self.session()
        #expect(abs(s.number("accuracy(m, ds)") - 5.0 / 9) < 1e-12)
        // The tensor form, as the prelude had it, still works and agrees.
        #expect(abs(s.number("accuracy(m(ds.x), ds.y)") - 5.0 / 9) < 1e-6)
        #expect(abs(s.number("accuracy(tensor([[0, 1], [1, 0], [3, 2]]), tensor([1, 1, 0]))") - 2.0 / 3) < 1e-12)
    }

    @Test func predictGivesClassIndicesForADatasetAndTheArgmaxForATensor() {
        let s = Self.session()
        #expect(s.ok("list(predict(m, ds))") == "[0, 0, 1, 1, 2, 2, 0, 1, 0]")
        #expect(s.ok("list(predict(m, ds.x))") == "[0, 0, 1, 1, 2, 2, 0, 1, 0]")
        // A missing target is no obstacle to predicting; it is to measuring.
        s.ok("gap = dataset({a: [1, 0, 0, 1], b: [0, 1, 0, 0], label: [\"cat\", \"dog\", \"fox\", none]})")
        #expect(s.ok("list(predict(m, gap))") == "[0, 1, 2, 0]")
        #expect(s.run("accuracy(m, gap)").hasPrefix("error: accuracy: row 3 has no value in the target column 'label'"))
        let r = Self.session(MetricsFixture.values)
        #expect(r.ok("list(predict(r, rd))") == "[2.5, 4.5, 8.5]")
    }

    @Test func topKCountsTheTrueClassAmongTheKLargest() {
        let s = EvalSession()
        // Row 0: target 2 is third largest; row 1: target 0 second; row 2: target 1 first.
        s.ok("logits = tensor([[3, 2, 1], [1, 5, 0], [0, 9, 1]]); y = tensor([2, 0, 1])")
        #expect(abs(s.number("accuracy(logits, y)") - 1.0 / 3) < 1e-12)
        #expect(abs(s.number("accuracy(logits, y, k: 2)") - 2.0 / 3) < 1e-12)
        #expect(s.number("accuracy(logits, y, k: 3)") == 1)
        let f = Self.session()
        #expect(s.number("accuracy(logits, y, k: 5)") == 1)
        // Top-2 misses rows 2, 4 and 8, whose true class scores lowest (row 4's dog ties
        // cat at 0 and, as argmax does, the earlier class wins the tie).
        #expect(abs(f.number("accuracy(m, ds, k: 2)") - 6.0 / 9) < 1e-12)
    }

    @Test func confusionMatrixIsTheHandCountedOneWithATableAndAHeatmap() {
        let s = Self.session()
        #expect(s.ok("confusion(m, ds).matrix") == "[[2, 1, 0], [1, 2, 1], [1, 0, 1]]")
        #expect(
            s.ok("confusion(m, ds)") == """
                true \\ predicted  cat  dog  fox
                cat                 2    1    0
                dog                 1    2    1
                fox                 1    0    1
                5 of 9 rows on the diagonal (accuracy 0.556)
                """)
        let heatmap = s.host.plots.last
        #expect(heatmap?.kind == .heatmap(width: 3, height: 3))
        #expect(heatmap?.series.first?.y == [2, 1, 0, 1, 2, 1, 1, 0, 1])
        #expect(heatmap?.labels == ["cat", "dog", "fox"])
        #expect(heatmap?.xLabel == "predicted" && heatmap?.yLabel == "true")
        #expect(s.ok("confusion(m, ds)[\"dog\"].fox") == "1")
    }

    @Test func precisionRecallAndF1AgreeWithTheTextbookFormulas() {
        let s = Self.session()
        let hand = MetricsFixture.handScores(MetricsFixture.matrix)
        for (c, name) in ["cat", "dog", "fox"].enumerated() {
            #expect(abs(s.number("scores(m, ds)[\"\(name)\"].precision") - hand[c].precision) < 1e-12, "\(name)")
            #expect(abs(s.number("scores(m, ds)[\"\(name)\"].recall") - hand[c].recall) < 1e-12, "\(name)")
            #expect(abs(s.number("scores(m, ds)[\"\(name)\"].f1") - hand[c].f1) < 1e-12, "\(name)")
        }
        // cat: precision 2/4, recall 2/3; dog: 2/3 and 2/4; fox: 1/2 and 1/2.
        #expect(abs(hand[0].precision - 0.5) < 1e-12 && abs(hand[1].recall - 0.5) < 1e-12)
        let macroF1 = hand.map(\.f1).reduce(0, +) / 3
        #expect(abs(s.number("scores(m, ds).f1") - macroF1) < 1e-12)
        #expect(abs(s.number("f1(m, ds)") - macroF1) < 1e-12)
        #expect(
            s.ok("scores(m, ds)") == """
                class      precision  recall     f1  support
                cat            0.500   0.667  0.571        3
                dog            0.667   0.500  0.571        4
                fox            0.500   0.500  0.500        2
                macro avg      0.556   0.556  0.548        9
                accuracy 0.556 over 9 rows
                """)
    }

    @Test func aClassNeverPredictedCountsAsZeroNotNaN() {
        let s = Self.session()
        s.ok("set_param(m, \"bias\", tensor([0, 0, -10]))")  // fox is never predicted
        #expect(s.number("scores(m, ds)[\"fox\"].precision") == 0)
        #expect(s.number("scores(m, ds)[\"fox\"].f1") == 0)
        let macro = s.number("f1(m, ds)")
        #expect(macro.isFinite && macro > 0 && macro < 1, "\(macro)")
        #expect(s.ok("scores(m, ds).never_predicted") == #"["fox"]"#)
        #expect(s.ok("scores(m, ds)").contains("never predicted: fox (precision counted as 0"))
    }

    @Test func regressionMetricsOverADatasetAndTheLossesOnTensors() {
        let s = Self.session(MetricsFixture.values)
        #expect(abs(s.number("mse(r, rd)") - 4.0 / 3) < 1e-12)
        #expect(abs(s.number("mae(r, rd)") - 2.0 / 3) < 1e-12)
        // mse on tensors is still the loss, with gradients; mae is its L1 sibling.
        #expect(s.number("item(mse(tensor([1, 2]), tensor([1, 4])))") == 2)
        #expect(s.number("item(mae(tensor([1, 2]), tensor([1, 5])))") == 1.5)
        s.ok("w = requires_grad(tensor([1, 2])); backward(mae(w, tensor([0, 5])))")
        #expect(s.ok("list(grad(w))") == "[0.5, -0.5]")
    }

    @Test func aDatasetLargerThanAChunkGivesTheWholeTensorsAnswer() {
        let s = EvalSession(seed: 3)
        s.ok("x = randn(2500, 4); ds = dataset({a: x[:, 0], b: x[:, 1], c: x[:, 2], d: x[:, 3], label: argmax(x[:, 0:3], axis: 1)})")
        s.ok("m = linear(4, 3)")
        let whole = s.number("accuracy(m(ds.x), ds.y)")
        #expect(abs(s.number("accuracy(m, ds)") - whole) < 1e-9)
        #expect(s.ok("len(predict(m, ds))") == "2500")
        #expect(s.ok("sum(confusion(m, ds).matrix[0]) + sum(confusion(m, ds).matrix[1]) + sum(confusion(m, ds).matrix[2])") == "2500")
    }

    @Test func evaluationRunsInEvalModeAndLeavesTheModelsModeAlone() {
        let s = Self.session()
        s.ok("d = seq(m, dropout(0.99))")
        // Dropout off while evaluating: the same answer as the model without it.
        #expect(abs(s.number("accuracy(d, ds)") - 5.0 / 9) < 1e-12)
        // Still training afterwards: dropout changes almost every output.
        let same = "item(sum(d(ds.x) == no_grad(() -> m(ds.x))))"
        #expect(s.number(same) < 27)
        s.ok("eval(d)")
        s.ok("accuracy(d, ds)")
        #expect(s.number(same) == 27, "a model in evaluation mode stays in it")
    }
}
