import Testing

@testable import Engine

/// The accuracy the issue promises, through the Engine's loop: the digits MLP 64-128-10,
/// Adam 3e-4, batch 64, 20 epochs, features standardized with the training rows'
/// statistics, tested on the rows whose index % 5 == 4. PyTorch reaches 0.93–0.95 on
/// this split; about 460 steps, a few seconds in a debug build.
@Suite("Training accuracy")
struct TrainingAccuracyTests {
    @Test func digitsMLPReachesPyTorchsAccuracy() throws {
        let digits = try TrainingTests.loadDigits()
        let (x, y) = try digits.batch(digits.train[...])
        let (testX, testY) = try digits.batch(digits.test[...])
        let (trainX, scaledTest) = try Self.standardized(x, testX)
        let random = RandomSource(seed: 0)
        let model = try TrainingTests.mlp(rng: random)
        let loop = try TrainingLoop(
            model: model, optimizer: Adam(parameters: model.parameters, learningRate: 3e-4),
            data: TrainingData(x: trainX, y: y, targets: .classes), validation: TrainingData(x: scaledTest, y: testY, targets: .classes),
            options: TrainingOptions(batchSize: 64), random: random)
        let run = TrainingRun()
        try loop.train(run, until: 20)
        let accuracy = try #require(run.history.epochs.last?.validationMetric)
        #expect(accuracy >= 0.93, "test accuracy \(accuracy)")
        #expect(accuracy <= 0.99)
        #expect(run.history.steps == 20 * 23)
    }

    /// Both feature sets shifted and scaled by the first's column means and standard
    /// deviations (a constant column is only shifted), as fit_standardize does.
    static func standardized(_ train: Tensor, _ test: Tensor) throws -> (Tensor, Tensor) {
        let (rows, width) = (train.shape[0], train.shape[1])
        let a = train.scalars
        var mean = [Double](repeating: 0, count: width), std = [Double](repeating: 0, count: width)
        for r in 0..<rows { for c in 0..<width { mean[c] += Double(a[r * width + c]) / Double(rows) } }
        for r in 0..<rows { for c in 0..<width { std[c] += pow2(Double(a[r * width + c]) - mean[c]) / Double(rows) } }
        func scale(_ t: Tensor) throws -> Tensor {
            let s = t.scalars
            return try Tensor(
                shape: t.shape,
                scalars: s.indices.map { i in
                    let c = i % width, sd = std[c].squareRoot()
                    return Float((Double(s[i]) - mean[c]) / (sd > 0 ? sd : 1))
                })
        }
        return (try scale(train), try scale(test))
    }
}

private func pow2(_ v: Double) -> Double { v * v }
