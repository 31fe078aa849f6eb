import Engine
import Foundation
import Testing

@testable import Lang

/// `worst` ranks rows by loss (a planted mislabeled row comes first) and draws image
/// datasets' rows captioned true→predicted; `ensemble` averages models; and every metric
/// refuses what it cannot measure with a message that says what to do.
@Suite("Worst rows, ensembles and metric errors")
struct MistakesAndEnsembleTests {
    /// Eight 2×2 images whose class is the brighter column; row 5 is planted mislabeled
    /// (bright left, labeled right) and the model is confident about it.
    static let images = """
        ds = dataset({pixel_0_0: [3, 0, 3, 0, 3, 3, 0, 0], pixel_0_1: [0, 3, 0, 3, 0, 0, 3, 3], pixel_1_0: [3, 0, 3, 0, 3, 3, 0, 0], pixel_1_1: [0, 3, 0, 3, 0, 0, 3, 3], label: ["left", "right", "left", "right", "left", "right", "right", "right"]})
        m = linear(4, 2)
        set_param(m, "weight", tensor([[1, 0, 1, 0], [0, 1, 0, 1]]))
        set_param(m, "bias", tensor([0, 0]))
        """

    @Test func worstPutsThePlantedMislabeledRowFirstAndDrawsIt() {
        let s = EvalSession()
        s.ok(Self.images)
        #expect(s.ok("worst(m, ds, k: 3).rows[0]") == "5")
        #expect(s.ok("worst(m, ds, k: 1)[0][\"true\"]") == #""right""#)
        #expect(s.ok("worst(m, ds, k: 1)[0].predicted") == #""left""#)
        // Its loss is the cross-entropy of logits (6, 0) at class 1: ln(1 + e^6).
        #expect(abs(s.number("worst(m, ds, k: 1)[0].loss") - log(1 + exp(6.0))) < 1e-4)
        #expect(abs(s.number("worst(m, ds, k: 1)[0].confidence") - 1 / (1 + exp(-6.0))) < 1e-6)
        let plot = s.host.plots.last
        #expect(plot?.kind == .images(width: 2, height: 2))
        #expect(plot?.series.first?.label == "right→left")
        #expect(plot?.series.first?.y == [3, 0, 3, 0])
        #expect(s.ok("len(worst(m, ds, k: 100))") == "8", "k past the rows gives every row")
        #expect(s.ok("worst(m, ds, k: 2)").hasPrefix("the 2 rows of 8 with the highest loss\nrow  true   predicted"))
    }

    /// A convolutional model takes a dataset of images as one channel of pictures: a 2×2
    /// kernel over the 2×2 images is the linear model above, so it scores the same.
    @Test func aConvolutionalModelSeesTheImagesAsPictures() {
        let s = EvalSession()
        s.ok(Self.images)
        s.ok(
            "c = conv(1, 2, 2); set_param(c, \"weight\", tensor([[[[1, 0], [1, 0]]], [[[0, 1], [0, 1]]]])); set_param(c, \"bias\", tensor([0, 0]))"
        )
        #expect(s.number("accuracy(c, ds)") == 7.0 / 8)
        #expect(s.ok("worst(c, ds, k: 1).rows") == "[5]")
        #expect(s.ok("list(predict(c, ds))") == s.ok("list(predict(m, ds))"))
    }

    @Test func worstOverValuesRanksBySquaredError() {
        let s = EvalSession()
        s.ok(MetricsFixture.values)
        #expect(s.ok("worst(r, rd, k: 1).rows") == "[2]")
        #expect(abs(s.number("worst(r, rd, k: 1)[0].loss") - 4) < 1e-9)
        #expect(s.host.plots.isEmpty, "no image shape, no plot")
    }

    @Test func anEnsembleOfCopiesEqualsItsMember() {
        let s = EvalSession()
        s.ok(MetricsFixture.classes)
        s.ok("e = ensemble([m, m, m])")
        #expect(s.ok("predict(e, ds)") == s.ok("predict(m, ds)"))
        #expect(abs(s.number("accuracy(e, ds)") - 5.0 / 9) < 1e-9)
        #expect(s.ok("confusion(e, ds).matrix") == "[[2, 1, 0], [1, 2, 1], [1, 0, 1]]")
        #expect(s.ok("str(ensemble([m, m], ds).ok)") == #""none""#, "a tie with the best member decides nothing")
        #expect(s.ok("ensemble([m, m], ds)").hasPrefix("? ensemble of 2 models: accuracy 0.556 ties every member's"))
        #expect(s.ok("e(ds.x)") == s.ok("no_grad(() -> m(ds.x))"))
        #expect(s.interpreter.runtime.recipe.latest("ensemble")?.outcome == .undecided)
    }

    /// Four rows, each its own one-hot feature, so a model's weight column i is its
    /// logits for row i. a is right (confidently) on rows 0 and 2 and mildly wrong on 1
    /// and 3; b the other way round: each scores 0.5, their average 1.
    static let complementary = """
        cd = dataset({r0: [1, 0, 0, 0], r1: [0, 1, 0, 0], r2: [0, 0, 1, 0], r3: [0, 0, 0, 1], label: [0, 0, 1, 1]})
        a = linear(4, 2); set_param(a, "bias", tensor([0, 0])); set_param(a, "weight", tensor([[3, 0, 0, 0.5], [0, 0.5, 3, 0]]))
        b = linear(4, 2); set_param(b, "bias", tensor([0, 0])); set_param(b, "weight", tensor([[0, 3, 0.5, 0], [0.5, 0, 0, 3]]))
        """

    @Test func anEnsembleOfComplementaryModelsBeatsBoth() {
        let s = EvalSession()
        s.ok(Self.complementary)
        #expect(s.number("accuracy(a, cd)") == 0.5 && s.number("accuracy(b, cd)") == 0.5)
        let verdict = s.ok("v = ensemble([a, b], cd); v")
        #expect(
            verdict == """
                ✓ ensemble of 2 models: accuracy 1.000 beats the best member's 0.500
                  model     accuracy
                  model 0      0.500
                  model 1      0.500
                  ensemble     1.000
                """)
        #expect(s.ok("v.ok") == "true")
        #expect(s.number("v.ensemble") == 1 && s.number("v.best") == 0.5)
        #expect(s.ok("v.members") == "[0.5, 0.5]")
        #expect(s.interpreter.runtime.recipe.latest("ensemble")?.outcome == .passed)
    }

    /// A confident model right on every row and b, right on half: the average follows
    /// the confident one, so it ties the best member while the members differ. Averaging
    /// lost nothing, which passes; only copies (every member the same) decide nothing.
    @Test func anEnsembleThatMatchesTheBestOfDifferentMembersPasses() {
        let s = EvalSession()
        s.ok(Self.complementary)
        s.ok("c = linear(4, 2); set_param(c, \"bias\", tensor([0, 0])); set_param(c, \"weight\", tensor([[3, 3, 0, 0], [0, 0, 3, 3]]))")
        let verdict = s.ok("v = ensemble([c, b], cd); v")
        #expect(
            verdict.hasPrefix("✓ ensemble of 2 models: accuracy 1.000 matches the best member's (members 0.500 to 1.000)"), "\(verdict)")
        #expect(s.ok("v.ok") == "true")
    }

    /// Soft voting averages probabilities, not logits: on one row, logit margins 10, -2
    /// and -2 (for class 0) average to +2, yet the probabilities of class 0 (1.0, 0.12,
    /// 0.12) average to 0.41, so the ensemble predicts class 1.
    @Test func anEnsembleAveragesProbabilitiesNotLogits() {
        let s = EvalSession()
        s.ok("sure = linear(1, 2); set_param(sure, \"weight\", tensor([[10], [0]])); set_param(sure, \"bias\", tensor([0, 0]))")
        s.ok("unsure = linear(1, 2); set_param(unsure, \"weight\", tensor([[0], [2]])); set_param(unsure, \"bias\", tensor([0, 0]))")
        s.ok("two = dataset({a: [1, 1], label: [0, 1]})")
        #expect(s.ok("list(predict(ensemble([sure, unsure, unsure]), two))") == "[1, 1]")
        #expect(s.ok("list(predict(sure, two))") == "[0, 0]")
        let logProbability = s.number("item(ensemble([sure, unsure, unsure])(tensor([[1]]))[0, 0])")
        #expect(abs(logProbability - 10.0 / 3) < 1e-5, "called on a tensor, the mean of the outputs")
    }

    @Test func anEnsembleOfRegressionsAveragesOutputs() {
        let s = EvalSession()
        s.ok(MetricsFixture.values)
        s.ok("r2 = linear(1, 1); set_param(r2, \"weight\", tensor([[2]])); set_param(r2, \"bias\", tensor([2.5]))")
        // r misses row 2 by -2, r2 misses each row by +2 (rows 0, 1) and 0: the mean of the
        // two models, 2x + 1.5, misses rows by 1, 1 and -1: mse 1, below both members'.
        #expect(abs(s.number("mse(ensemble([r, r2]), rd)") - 1) < 1e-9)
        #expect(s.ok("ensemble([r, r2], rd).ok") == "true")
    }

    static let errors: [EvalCase] = [
        EvalCase(
            "no target", "accuracy(m, dataset({a: [1, 0], b: [0, 1]}))",
            "error: accuracy: the dataset has no target column; name one with load(..., target: \"col\") (its columns are a, b)"),
        EvalCase(
            "features do not fit", "accuracy(linear(5, 3), ds)",
            "error: accuracy: the model does not take the dataset's features, of shape (9, 2): linear: shapes (9, 2) and (3, 5) do not match: the input's last dimension is 2, the layer expects 5 features"
        ),
        EvalCase(
            "regression target for a class metric", "confusion(r, rd)",
            "error: confusion: confusion needs a target of classes, but the target 'y' holds values: for a regression use mse(m, data) or mae(m, data)"
        ),
        EvalCase(
            "class target for a regression metric", "mse(m, ds)",
            "error: mse: mse needs a target of values, but the target holds 3 classes: for a classifier use accuracy(m, data) or scores(m, data)"
        ),
        EvalCase(
            "outputs are not one per class", "scores(linear(2, 2), ds)",
            "error: scores: the model gives 2 outputs per row, but the target has 3 classes: a classifier gives one output (logit) per class"
        ),
        EvalCase("k of zero", "accuracy(m, ds, k: 0)", "error: accuracy: k expects a whole number ≥ 1, got the number 0"),
        EvalCase(
            "a tensor has no targets", "accuracy(m, ds.x)",
            "error: accuracy: a tensor of shape (9, 2) has no targets to compare with: give a dataset with a target (e.g. val, not val.x)"),
        EvalCase(
            "targets not classes", "accuracy(tensor([[1, 0]]), tensor([4]))",
            "error: accuracy: target 4 at row 0 is not a class index (0 to 1)"),
        EvalCase("empty ensemble", "ensemble([])", "error: ensemble: models is empty: give at least one model"),
        EvalCase("not a model", "ensemble([m, 3])", "error: ensemble: models holds the number 3, not a model: give a list of models"),
        EvalCase(
            "members of different sizes", "ensemble([m, linear(2, 2)], ds)",
            "error: ensemble: the ensemble's models give outputs of different shapes ((9, 2), (9, 3)): average models of one kind"),
        EvalCase(
            "missing target", "accuracy(m, dataset({a: [1, 0], b: [0, 1], label: [\"cat\", none]}))",
            "error: accuracy: row 1 has no value in the target column 'label'"),
        EvalCase("no rows", "accuracy(m, ds[0:0])", "error: accuracy: the dataset has no rows to evaluate"),
        EvalCase("worst without a target", "worst(m, ds.x)", "error: worst: "),
    ]

    @Test(arguments: errors)
    func metricErrorsSayWhatToDo(_ c: EvalCase) {
        let s = EvalSession()
        s.ok(MetricsFixture.classes)
        s.ok(MetricsFixture.values)
        let shown = String(s.run(c.source).split(separator: "\n").first ?? "")
        #expect(shown.hasPrefix(c.expected), "\(c.id): \(shown)")
    }
}

/// Ctrl-C during an evaluation stops it at the next chunk of rows, and the model is put
/// back in the mode it was in, as after a finished one.
@Suite("Evaluation and Ctrl-C")
struct EvaluationCancellationTests {
    @Test func aStopRequestEndsTheEvaluationAndRestoresTheModelsMode() throws {
        let rows = 3 * Builtins.evaluationChunk
        let ds = try Dataset(
            name: "big", columns: [.numeric("a", (0..<rows).map(Double.init)), .numeric("label", (0..<rows).map { Double($0 % 2) })],
            target: "label")
        let model = try Linear(inFeatures: 1, outFeatures: 2, rng: RandomSource(seed: 0))
        let stop = StopFlag()
        stop.request()
        var caught: RuntimeError?
        StopFlag.$current.withValue(stop) {
            do {
                _ = try Builtins.evaluate(.model(model), on: .object(DatasetValue(ds)), function: "accuracy")
            } catch let error as RuntimeError {
                caught = error
            } catch {}
        }
        if case .cancelled? = caught?.kind {} else { Issue.record("expected a stop, got \(String(describing: caught))") }
        #expect(model.isTraining, "the model is back in training mode")
        #expect(!stop.isRequested, "one Ctrl-C stops one evaluation")
        // Without a request it runs to the end, over every chunk.
        let evaluation = try Builtins.evaluate(.model(model), on: .object(DatasetValue(ds)), function: "accuracy")
        #expect(evaluation.rowCount == rows && model.isTraining)
    }
}
