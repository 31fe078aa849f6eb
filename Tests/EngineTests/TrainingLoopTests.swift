import Testing

@testable import Engine

/// The training loop behind `fit`: reproducible under a seed, stoppable at a step
/// boundary and continued as if never stopped, loud about non-finite numbers (naming the
/// parameter), early stopping that restores the best weights, clipping, and the
/// per-layer statistics `health` reads, on a case small enough to check by hand.
@Suite("Training loop")
struct TrainingLoopTests {
    /// 120 rows of digits, an MLP and Adam, all from `seed`.
    struct Setup {
        let model: Sequential
        let optimizer: Adam
        let loop: TrainingLoop
        let random: RandomSource

        init(
            seed: UInt64 = 7, rows: Range<Int> = 0..<120, validation: Range<Int>? = nil, shiftValidationLabels: Bool = false,
            options: TrainingOptions = TrainingOptions(batchSize: 16), learningRate: Float = 1e-2
        ) throws {
            let digits = try TrainingLoopTests.digits
            random = RandomSource(seed: seed)
            model = try TrainingTests.mlp(rng: random)
            optimizer = try Adam(parameters: model.parameters, learningRate: learningRate)
            let (x, y) = try digits.batch(Array(rows)[...])
            var val: TrainingData? = nil
            if let validation {
                var (vx, vy) = try digits.batch(Array(validation)[...])
                if shiftValidationLabels { vy = try Tensor(shape: vy.shape, scalars: vy.scalars.map { Float((Int($0) + 1) % 10) }) }
                val = try TrainingData(x: vx, y: vy, targets: .classes)
            }
            loop = try TrainingLoop(
                model: model, optimizer: optimizer, data: TrainingData(x: x, y: y, targets: .classes), validation: val, options: options,
                random: random)
        }
    }

    static var digits: TrainingTests.Digits { get throws { try TrainingTests.loadDigits() } }

    @Test func sameSeedSameRunBitForBit() throws {
        let a = try Setup(), b = try Setup()
        let runA = TrainingRun(), runB = TrainingRun()
        try a.loop.train(runA, until: 3)
        try b.loop.train(runB, until: 3)
        #expect(runA.history.steps == 3 * 8)
        #expect(bits(runA.history.stepLosses) == bits(runB.history.stepLosses))
        #expect(bits(a.model.parameters.flatMap(\.value.scalars)) == bits(b.model.parameters.flatMap(\.value.scalars)))
        // A different seed shuffles differently.
        let c = try Setup(seed: 8)
        let runC = TrainingRun()
        try c.loop.train(runC, until: 1)
        #expect(bits(runC.history.stepLosses) != bits(Array(runA.history.stepLosses.prefix(8))))
    }

    @Test func stopRequestStopsAtStepBoundaryAndContinuesAsIfNeverStopped() throws {
        let whole = try Setup()
        let wholeRun = TrainingRun()
        try whole.loop.train(wholeRun, until: 2)

        let stopped = try Setup()
        let flag = StopFlag()
        stopped.loop.stopFlag = flag
        stopped.loop.onStep = { progress in if progress.epoch == 2 && progress.step == 3 { flag.request() } }
        let run = TrainingRun()
        try stopped.loop.train(run, until: 2)
        #expect(run.stop == .requested(epoch: 2, step: 4, of: 8))
        #expect(run.history.steps == 11)
        #expect(run.completedEpochs == 1 && run.isMidEpoch)
        #expect(!flag.isRequested)
        stopped.loop.onStep = nil
        try stopped.loop.train(run, until: 2)
        #expect(run.stop == nil)
        #expect(bits(run.history.stepLosses) == bits(wholeRun.history.stepLosses))
        #expect(bits(stopped.model.parameters.flatMap(\.value.scalars)) == bits(whole.model.parameters.flatMap(\.value.scalars)))
        #expect(run.history.epochs.map(\.trainLoss) == wholeRun.history.epochs.map(\.trainLoss))
    }

    @Test func nonFiniteWeightIsNamed() throws {
        let setup = try Setup()
        let linear = try #require(setup.model.layers[2] as? Linear)
        var w = linear.weight.value
        try w.withUnsafeMutableBufferPointer { $0[5] = .infinity }
        linear.weight.value = w
        let run = TrainingRun()
        #expect(throws: NonFiniteReport(epoch: 1, step: 1, totalStep: 1, quantity: .weight, layer: "2.weight")) {
            try setup.loop.train(run, until: 1)
        }
        #expect(run.history.steps == 0)
    }

    @Test func nonFiniteGradientIsNamedAfterTheStepsBefore() throws {
        let digits = try Self.digits
        let random = RandomSource(seed: 1)
        let model = try TrainingTests.mlp(rng: random)
        let (x, y) = try digits.batch(Array(0..<64)[...])
        // sqrt at 0 has an infinite slope: the loss is finite, its gradient is not.
        var calls = 0
        let loss = TrainingLoss.custom { prediction, target in
            calls += 1
            let ce = try Losses.crossEntropy(prediction, target)
            return calls < 3 ? ce : try ce + (prediction * 0).sqrt().sum()
        }
        let loop = try TrainingLoop(
            model: model, optimizer: SGD(parameters: model.parameters, learningRate: 0.1),
            data: TrainingData(x: x, y: y, targets: .classes),
            loss: loss, options: TrainingOptions(batchSize: 32), random: random)
        let run = TrainingRun()
        #expect(throws: NonFiniteReport(epoch: 2, step: 1, totalStep: 3, quantity: .gradient, layer: "0.weight")) {
            try loop.train(run, until: 5)
        }
        #expect(run.history.steps == 2)
        #expect(model.parameters.allSatisfy { TrainingLoop.isFinite($0.value) })
    }

    @Test func finitenessCheckSeesEveryElement() throws {
        for bad in [Float.nan, .infinity, -.infinity] {
            for at in [0, 7, 8, 20] {
                var scalars = [Float](repeating: 1e30, count: 21)
                scalars[at] = bad
                #expect(!TrainingLoop.isFinite(try Tensor(shape: [21], scalars: scalars)))
            }
        }
        #expect(TrainingLoop.isFinite(try Tensor(shape: [21], scalars: [Float](repeating: .greatestFiniteMagnitude, count: 21))))
    }

    @Test func patienceStopsEarlyAndRestoresTheBestWeights() throws {
        // Validation labels shifted by one: the better the model fits, the worse it does.
        let setup = try Setup(
            validation: 200..<300, shiftValidationLabels: true, options: TrainingOptions(batchSize: 16, patience: 2), learningRate: 1e-2)
        var states: [[Float]] = []
        setup.loop.onEpoch = { _, _ in states.append(setup.model.parameters.flatMap(\.value.scalars)) }
        let run = TrainingRun()
        try setup.loop.train(run, until: 20)
        let best = try #require(run.bestEpoch)
        #expect(run.stop == .earlyStopped(bestEpoch: best))
        #expect(run.completedEpochs == best + 2)
        #expect(run.completedEpochs < 20)
        let losses = run.history.epochs.compactMap(\.validationLoss)
        #expect(losses[best - 1] == losses.min())
        #expect(bits(setup.model.parameters.flatMap(\.value.scalars)) == bits(states[best - 1]))
        #expect(bits(setup.model.parameters.flatMap(\.value.scalars)) != bits(states[states.count - 1]))
    }

    @Test func clippingBoundsTheUpdate() throws {
        let digits = try Self.digits
        let random = RandomSource(seed: 3)
        let model = try TrainingTests.mlp(rng: random)
        let (x, y) = try digits.batch(Array(0..<32)[...])
        let before = model.parameters.map(\.value)
        let loop = try TrainingLoop(
            model: model, optimizer: SGD(parameters: model.parameters, learningRate: 1), data: TrainingData(x: x, y: y, targets: .classes),
            options: TrainingOptions(batchSize: 32, clipNorm: 1e-3), random: random)
        try loop.train(TrainingRun(), until: 1)
        // One SGD step with lr 1 moves the weights by exactly the clipped gradient.
        let moved = zip(model.parameters, before).map { LayerStatistics.distance($0.value, $1) }
        let global = moved.map { Double($0) * Double($0) }.reduce(0, +).squareRoot()
        #expect(abs(global - 1e-3) < 1e-5)
    }

    @Test func statisticsOnAHandCheckedCase() throws {
        // y = relu(x·Wᵀ + b) summed, W = [[1, 0], [0, 1]], b = [0, -100]: unit 1 is dead.
        let random = RandomSource(seed: 0)
        let linear = try Linear(inFeatures: 2, outFeatures: 2, rng: random)
        linear.weight.value = try Tensor(shape: [2, 2], scalars: [1, 0, 0, 1])
        linear.bias?.value = try Tensor(shape: [2], scalars: [0, -100])
        let model = Sequential([linear, ReLU()])
        let x = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let loop = try TrainingLoop(
            model: model, optimizer: SGD(parameters: model.parameters, learningRate: 0.1),
            data: TrainingData(x: x, y: Tensor(shape: [2], scalars: [0, 0]), targets: .values),
            loss: .custom { prediction, _ in try prediction.sum() }, options: TrainingOptions(batchSize: 2, shuffle: false), random: random)
        let run = TrainingRun()
        try loop.train(run, until: 1)
        let sample = try #require(run.statistics.first)
        #expect(sample.step == 1)
        #expect(sample.activations == [.init(name: "1", kind: "ReLU", deadFraction: 0.5)])
        // d/dW of Σ relu: row 0 gets Σx over the batch = (4, 6), row 1 nothing; d/db = (2, 0).
        let weight = try #require(sample.parameters.first { $0.name == "0.weight" })
        let bias = try #require(sample.parameters.first { $0.name == "0.bias" })
        #expect(abs(weight.gradientNorm - Float(52).squareRoot()) < 1e-5)
        #expect(abs(bias.gradientNorm - 2) < 1e-6)
        #expect(abs(weight.weightNorm - Float(2).squareRoot()) < 1e-6)
        // SGD moves by lr · gradient: ratio = 0.1 · √52 / √2.
        #expect(abs(weight.updateRatio - 0.1 * Float(26).squareRoot()) < 1e-5)
        #expect(abs(bias.updateRatio - 0.2 / 100) < 1e-6)
    }

    @Test func validationReportsLossAndAccuracyInEvalModeWithoutGradients() throws {
        let setup = try Setup(validation: 200..<300)
        let run = TrainingRun()
        try setup.loop.train(run, until: 2)
        let last = try #require(run.history.epochs.last)
        let metric = try #require(last.validationMetric)
        #expect(metric > 0.5 && metric <= 1)
        let (loss, again) = try setup.loop.evaluate(try #require(setup.loop.validation))
        #expect(loss == last.validationLoss && again == metric)
        setup.model.train()
        // Evaluation records no graph: the parameters' gradients are those of the last step.
        let grads = setup.model.parameters.map { $0.grad?.scalars ?? [] }
        _ = try setup.loop.evaluate(try #require(setup.loop.validation))
        #expect(setup.model.parameters.map { $0.grad?.scalars ?? [] } == grads)
        #expect(!setup.model.isTraining)
    }

    @Test func badOptionsAreRefused() throws {
        for options in [
            TrainingOptions(batchSize: 0), TrainingOptions(clipNorm: 0), TrainingOptions(patience: 0), TrainingOptions(patience: 2),
        ] {
            #expect(throws: TensorError.self) { try Setup(options: options) }
        }
        #expect(throws: TensorError.self) {
            try TrainingData(
                x: Tensor(shape: [3, 2], scalars: [Float](repeating: 0, count: 6)), y: Tensor(shape: [2], scalars: [0, 1]),
                targets: .classes)
        }
    }
}
