import Foundation
import Testing

@testable import Engine

@Suite("Layers")
struct LayerTests {
    // MARK: Shapes

    /// A layer, an input shape it accepts, and the output shape PyTorch gives for it.
    static func shapeCases() throws -> [(String, Layer, [Int], [Int])] {
        let rng = RandomSource(seed: 1)
        return [
            ("linear 2-D", try Linear(inFeatures: 5, outFeatures: 3, rng: rng), [4, 5], [4, 3]),
            ("linear 1-D", try Linear(inFeatures: 5, outFeatures: 3, rng: rng), [5], [3]),
            ("linear 3-D", try Linear(inFeatures: 5, outFeatures: 3, rng: rng), [2, 4, 5], [2, 4, 3]),
            ("linear 4-D", try Linear(inFeatures: 5, outFeatures: 3, bias: false, rng: rng), [2, 2, 3, 5], [2, 2, 3, 3]),
            ("conv2d", try Conv2d(inChannels: 3, outChannels: 4, kernel: 3, padding: 1, rng: rng), [2, 3, 8, 8], [2, 4, 8, 8]),
            ("conv2d stride", try Conv2d(inChannels: 1, outChannels: 2, kernel: 3, stride: 2, rng: rng), [1, 1, 9, 7], [1, 2, 4, 3]),
            ("max pool", try MaxPool2d(kernel: 2), [2, 3, 8, 7], [2, 3, 4, 3]),
            ("max pool padded", try MaxPool2d(kernel: 3, stride: 2, padding: 1), [1, 2, 7, 7], [1, 2, 4, 4]),
            ("avg pool", try AvgPool2d(kernel: 2, stride: 1), [1, 1, 4, 4], [1, 1, 3, 3]),
            ("flatten", Flatten(), [2, 3, 4, 5], [2, 60]),
            ("relu", ReLU(), [2, 3], [2, 3]),
            ("tanh", Tanh(), [7], [7]),
            ("sigmoid", Sigmoid(), [2, 1, 3], [2, 1, 3]),
            ("gelu", GELU(), [4, 4], [4, 4]),
            ("dropout", try Dropout(probability: 0.5, rng: rng), [3, 5], [3, 5]),
            ("batch norm", try BatchNorm1d(features: 4), [6, 4], [6, 4]),
            ("batch norm 3-D", try BatchNorm1d(features: 4), [6, 4, 5], [6, 4, 5]),
            ("layer norm", try LayerNorm(features: 6), [2, 3, 6], [2, 3, 6]),
            ("embedding", try Embedding(count: 10, dimension: 4, rng: rng), [2, 3], [2, 3, 4]),
            (
                "sequential",
                Sequential([
                    try Linear(inFeatures: 8, outFeatures: 4, rng: rng), ReLU(), try Linear(inFeatures: 4, outFeatures: 2, rng: rng),
                ]), [5, 8], [5, 2]
            ),
            (
                "cnn",
                Sequential([
                    try Conv2d(inChannels: 1, outChannels: 4, kernel: 3, padding: 1, rng: rng), ReLU(), try MaxPool2d(kernel: 2),
                    Flatten(), try Linear(inFeatures: 64, outFeatures: 10, rng: rng),
                ]), [2, 1, 8, 8], [2, 10]
            ),
            ("empty sequential", Sequential([]), [3, 2], [3, 2]),
        ]
    }

    @Test("forward gives the shape outputShape(for:) predicts, and PyTorch's")
    func shapesAgree() throws {
        let rng = RandomSource(seed: 2)
        for (id, layer, input, expected) in try Self.shapeCases() {
            let predicted = try layer.outputShape(for: input)
            // Embedding takes indices; everything else takes real numbers.
            let x = layer is Embedding ? try Tensor.full(input, 3) : try rng.normal(input)
            let y = try layer.forward(x)
            #expect(predicted == expected, "\(id)")
            #expect(y.shape == expected, "\(id)")
        }
    }

    @Test("a shape a layer cannot take is the same error from forward and outputShape")
    func badShapes() throws {
        let rng = RandomSource(seed: 3)
        let cases: [(Layer, [Int])] = [
            (try Linear(inFeatures: 5, outFeatures: 3, rng: rng), [4, 6]),
            (try Linear(inFeatures: 5, outFeatures: 3, rng: rng), []),
            (try Conv2d(inChannels: 3, outChannels: 4, kernel: 3, rng: rng), [2, 2, 8, 8]),
            (try Conv2d(inChannels: 3, outChannels: 4, kernel: 3, rng: rng), [3, 8, 8]),
            (try Conv2d(inChannels: 1, outChannels: 1, kernel: 5, rng: rng), [1, 1, 3, 3]),
            (try MaxPool2d(kernel: 2), [4, 4]),
            (Flatten(), [5]),
            (try BatchNorm1d(features: 4), [6, 5]),
            (try BatchNorm1d(features: 4), [6]),
            (try LayerNorm(features: 4), [2, 5]),
            (
                Sequential([try Linear(inFeatures: 8, outFeatures: 4, rng: rng), try Linear(inFeatures: 5, outFeatures: 2, rng: rng)]),
                [1, 8]
            ),
        ]
        for (layer, shape) in cases {
            var fromShape: TensorError?, fromForward: TensorError?
            do { _ = try layer.outputShape(for: shape) } catch let e as TensorError { fromShape = e }
            do { _ = try layer.forward(Tensor.zeros(shape)) } catch let e as TensorError { fromForward = e }
            #expect(fromShape != nil, "\(layer.summary) on \(shape)")
            #expect(fromShape == fromForward, "\(layer.summary) on \(shape)")
        }
    }

    @Test("Linear's shape error names both shapes")
    func linearMessage() throws {
        let layer = try Linear(inFeatures: 64, outFeatures: 128, rng: RandomSource(seed: 0))
        #expect(
            throws: TensorError.shapeMismatch(
                op: "linear", lhs: [32, 10], rhs: [128, 64],
                reason: "do not match: the input's last dimension is 10, the layer expects 64 features")
        ) {
            try layer.forward(Tensor.zeros([32, 10]))
        }
    }

    @Test("bad constructor arguments throw")
    func badArguments() throws {
        let rng = RandomSource(seed: 0)
        #expect(throws: TensorError.self) { try Linear(inFeatures: 0, outFeatures: 3, rng: rng) }
        #expect(throws: TensorError.self) { try Conv2d(inChannels: 1, outChannels: 1, kernel: 0, rng: rng) }
        #expect(throws: TensorError.self) { try Conv2d(inChannels: 1, outChannels: 1, kernel: 3, padding: -1, rng: rng) }
        #expect(throws: TensorError.self) { try MaxPool2d(kernel: 2, padding: 2) }
        #expect(throws: TensorError.self) { try AvgPool2d(kernel: 2, stride: 0) }
        #expect(throws: TensorError.self) { try Dropout(probability: 1.5, rng: rng) }
        #expect(throws: TensorError.self) { try Dropout(probability: -0.1, rng: rng) }
        #expect(throws: TensorError.self) { try Dropout(probability: .nan, rng: rng) }
        #expect(throws: TensorError.self) { try BatchNorm1d(features: 4, momentum: 2) }
        #expect(throws: TensorError.self) { try Embedding(count: 0, dimension: 2, rng: rng) }
    }

    // MARK: Linear

    @Test("Linear computes x·Wᵀ + b")
    func linearValues() throws {
        let layer = try Linear(inFeatures: 3, outFeatures: 4, rng: RandomSource(seed: 5))
        let x = try RandomSource(seed: 6).normal([2, 3])
        let y = try layer.forward(x)
        let w = layer.weight.value.scalars, b = layer.bias?.value.scalars ?? [], xs = x.scalars
        for n in 0..<2 {
            for o in 0..<4 {
                var expected = Double(b[o])
                for i in 0..<3 { expected += Double(xs[n * 3 + i]) * Double(w[o * 3 + i]) }
                #expect(Approx.isClose(Double(y.scalars[n * 4 + o]), expected, tolerance: 1e-5))
            }
        }
        // A single vector is one row.
        let row = try layer.forward(x.slice([.index(1)]))
        for o in 0..<4 { #expect(Approx.isClose(Double(row.scalars[o]), Double(y.scalars[4 + o]), tolerance: 1e-5)) }
    }

    @Test("Linear and Conv2d start as PyTorch's: uniform in ±1/sqrt(fan_in)")
    func initialisation() throws {
        let rng = RandomSource(seed: 0)
        for (inFeatures, outFeatures) in [(64, 128), (128, 10), (1000, 1000)] {
            let layer = try Linear(inFeatures: inFeatures, outFeatures: outFeatures, rng: rng)
            let bound = 1 / Float(inFeatures).squareRoot()
            let w = layer.weight.value.scalars, b = layer.bias?.value.scalars ?? []
            #expect(layer.weight.value.shape == [outFeatures, inFeatures] && b.count == outFeatures)
            #expect(w.allSatisfy { abs($0) <= bound } && b.allSatisfy { abs($0) <= bound })
            if inFeatures == 1000 {
                // U(−a, a) has standard deviation a/√3 = 1/√(3·in); 10⁶ samples pin it to ~0.1%.
                let mean = w.reduce(0.0) { $0 + Double($1) } / Double(w.count)
                let std = (w.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(w.count)).squareRoot()
                let expected = 1 / (3.0 * Double(inFeatures)).squareRoot()
                #expect(abs(std - expected) / expected < 0.01)
                #expect(abs(mean) < 1e-4)
            }
        }
        let conv = try Conv2d(inChannels: 3, outChannels: 8, kernel: 3, rng: rng)
        let bound = 1 / Float(27).squareRoot()
        #expect(conv.weight.value.scalars.allSatisfy { abs($0) <= bound })
        #expect(conv.weight.value.scalars.contains { abs($0) > bound * 0.9 })
    }

    @Test("Conv2d adds one bias per output channel")
    func convBias() throws {
        let conv = try Conv2d(inChannels: 2, outChannels: 3, kernel: 3, padding: 1, rng: RandomSource(seed: 4))
        let y = try conv.forward(Tensor.zeros([1, 2, 4, 4])).scalars
        let bias = conv.bias?.value.scalars ?? []
        for c in 0..<3 { #expect(y[(c * 16)..<((c + 1) * 16)].allSatisfy { Approx.isClose(Double($0), Double(bias[c]), tolerance: 1e-5) }) }
    }

    // MARK: Normalisation

    @Test("BatchNorm1d: batch statistics in training, running statistics in evaluation")
    func batchNorm() throws {
        let bn = try BatchNorm1d(features: 2)
        // Column 0 is 1, 3, 5, 7: mean 4, biased variance 5, unbiased 20/3. Column 1 is 2, 4, 6, 8.
        let x = try Tensor(shape: [4, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        let trained = try bn.forward(x).scalars
        let column0: [Double] = [1, 3, 5, 7], column1: [Double] = [2, 4, 6, 8]
        for r in 0..<4 {
            #expect(Approx.isClose(Double(trained[r * 2]), (column0[r] - 4) / (5 + 1e-5).squareRoot(), tolerance: 1e-5))
            #expect(Approx.isClose(Double(trained[r * 2 + 1]), (column1[r] - 5) / (5 + 1e-5).squareRoot(), tolerance: 1e-5))
        }
        // running = 0.9 · initial + 0.1 · batch, with the unbiased variance.
        let mean = bn.runningMean.value.scalars, variance = bn.runningVariance.value.scalars
        #expect(Approx.isClose(Double(mean[0]), 0.4, tolerance: 1e-5) && Approx.isClose(Double(mean[1]), 0.5, tolerance: 1e-5))
        #expect(
            Approx.isClose(Double(variance[0]), 0.9 + 0.1 * 20 / 3, tolerance: 1e-5)
                && Approx.isClose(Double(variance[1]), 0.9 + 0.1 * 20 / 3, tolerance: 1e-5))
        // A second batch moves them again.
        _ = try bn.forward(x)
        #expect(Approx.isClose(Double(bn.runningMean.value.scalars[0]), 0.9 * 0.4 + 0.4, tolerance: 1e-5))

        bn.eval()
        let evaluated = try bn.forward(x).scalars
        let rm = 0.9 * 0.4 + 0.4, rv = 0.9 * (0.9 + 0.1 * 20 / 3) + 0.1 * 20 / 3
        for r in 0..<4 { #expect(Approx.isClose(Double(evaluated[r * 2]), (column0[r] - rm) / (rv + 1e-5).squareRoot(), tolerance: 1e-5)) }
        // Evaluation does not move the statistics, and one row at a time works.
        #expect(Approx.isClose(Double(bn.runningMean.value.scalars[0]), rm, tolerance: 1e-5))
        let one = try bn.forward(x.slice([.range(start: 0, end: 1, step: nil)])).scalars
        #expect(Approx.isClose(Double(one[0]), Double(evaluated[0]), tolerance: 1e-5))
        bn.train()
        #expect(throws: TensorError.self) { try bn.forward(x.slice([.range(start: 0, end: 1, step: nil)])) }
    }

    @Test("BatchNorm1d names its parameters and buffers as PyTorch")
    func batchNormNames() throws {
        let model = Sequential([try Linear(inFeatures: 3, outFeatures: 2, rng: RandomSource(seed: 0)), try BatchNorm1d(features: 2)])
        #expect(model.allParameters.map(\.name) == ["0.weight", "0.bias", "1.weight", "1.bias"])
        #expect(model.allBuffers.map(\.name) == ["1.running_mean", "1.running_var"])
    }

    @Test("LayerNorm gives each row mean 0 and variance 1")
    func layerNorm() throws {
        let ln = try LayerNorm(features: 16)
        let x = try RandomSource(seed: 8).normal([8, 16], mean: 5, std: 3)
        let y = try ln.forward(x).scalars
        for r in 0..<8 {
            let row = y[(r * 16)..<((r + 1) * 16)].map(Double.init)
            let mean = row.reduce(0, +) / 16
            let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 16
            #expect(abs(mean) < 1e-5)
            #expect(abs(variance - 1) < 1e-3)
        }
    }

    // MARK: Dropout

    @Test("Dropout zeroes about p of the elements and scales the rest by 1/(1 − p)")
    func dropoutStatistics() throws {
        let dropout = try Dropout(probability: 0.3, rng: RandomSource(seed: 9))
        let y = try dropout.forward(Tensor.ones([100_000])).scalars
        let zeros = y.filter(\.isZero).count
        #expect(abs(Double(zeros) / 100_000 - 0.3) < 0.01)
        #expect(y.allSatisfy { $0.isZero || Approx.isClose(Double($0), 1 / 0.7, tolerance: 1e-5) })
        let mean = y.reduce(0.0) { $0 + Double($1) } / 100_000
        #expect(abs(mean - 1) < 0.02)
    }

    @Test("Dropout is the identity in evaluation and with p = 0, and zeroes all with p = 1")
    func dropoutModes() throws {
        let rng = RandomSource(seed: 10)
        let x = try rng.normal([50])
        let dropout = try Dropout(probability: 0.5, rng: rng)
        dropout.eval()
        #expect(bits(try dropout.forward(x).scalars) == bits(x.scalars))
        #expect(bits(try Dropout(probability: 0, rng: rng).forward(x).scalars) == bits(x.scalars))
        #expect(try Dropout(probability: 1, rng: rng).forward(x).scalars.allSatisfy(\.isZero))
    }

    @Test("the same seed gives the same dropout masks")
    func dropoutIsSeeded() throws {
        let a = try Dropout(probability: 0.5, rng: RandomSource(seed: 11)).forward(Tensor.ones([64]))
        let b = try Dropout(probability: 0.5, rng: RandomSource(seed: 11)).forward(Tensor.ones([64]))
        #expect(bits(a.scalars) == bits(b.scalars))
    }

    // MARK: Embedding

    @Test("Embedding looks up rows; bad indices are errors")
    func embedding() throws {
        let table = try Embedding(count: 5, dimension: 3, rng: RandomSource(seed: 12))
        let y = try table.forward(Tensor(shape: [2, 2], scalars: [2, 0, 4, 2]))
        #expect(y.shape == [2, 2, 3])
        let w = table.weight.value.scalars
        for (k, row) in [2, 0, 4, 2].enumerated() {
            #expect(bits(Array(y.scalars[(k * 3)..<(k * 3 + 3)])) == bits(Array(w[(row * 3)..<(row * 3 + 3)])))
        }
        #expect(throws: TensorError.indexOutOfRange(op: "embedding", index: 5, dimension: 0, size: 5)) {
            try table.forward(Tensor(shape: [1], scalars: [5]))
        }
        #expect(throws: TensorError.self) { try table.forward(Tensor(shape: [1], scalars: [-1])) }
        #expect(throws: TensorError.self) { try table.forward(Tensor(shape: [1], scalars: [1.5])) }
    }

    // MARK: Models

    @Test("an MLP 64-128-10 lists its parameters as a PyTorch state dict")
    func mlpParameters() throws {
        let rng = RandomSource(seed: 0)
        let model = Sequential([
            try Linear(inFeatures: 64, outFeatures: 128, rng: rng), ReLU(), try Linear(inFeatures: 128, outFeatures: 10, rng: rng),
        ])
        // 64·128 + 128 + 128·10 + 10 = 8,192 + 128 + 1,280 + 10.
        #expect(model.parameterCount == 9_610)
        #expect(
            model.parameterTable == [
                ParameterRow(name: "0.weight", shape: [128, 64], count: 8_192),
                ParameterRow(name: "0.bias", shape: [128], count: 128),
                ParameterRow(name: "2.weight", shape: [10, 128], count: 1_280),
                ParameterRow(name: "2.bias", shape: [10], count: 10),
            ])
        #expect(model.parameters.count == 4)
        let rows = try model.layerTable(for: [64, 64])
        #expect(rows.map(\.summary) == ["Linear(64 → 128)", "ReLU()", "Linear(128 → 10)"])
        #expect(rows.map(\.outputShape) == [[64, 128], [64, 128], [64, 10]])
        #expect(rows.map(\.parameterCount) == [8_320, 0, 1_290])
    }

    @Test("nested models prefix names at every level; a shared layer is listed once")
    func nestedNames() throws {
        let rng = RandomSource(seed: 0)
        let shared = try Linear(inFeatures: 2, outFeatures: 2, rng: rng)
        let inner = Sequential([shared, Tanh()])
        let model = Sequential([inner, try Linear(inFeatures: 2, outFeatures: 1, bias: false, rng: rng), shared])
        #expect(model.allParameters.map(\.name) == ["0.0.weight", "0.0.bias", "1.weight"])
        #expect(model.parameterCount == 4 + 2 + 2)
    }

    @Test("train() and eval() reach every nested layer")
    func modes() throws {
        let rng = RandomSource(seed: 0)
        let dropout = try Dropout(probability: 0.5, rng: rng), bn = try BatchNorm1d(features: 3)
        let model = Sequential([Sequential([dropout]), bn])
        #expect(model.isTraining && dropout.isTraining && bn.isTraining)
        model.eval()
        #expect(!model.isTraining && !dropout.isTraining && !bn.isTraining)
        model.train()
        #expect(model.isTraining && dropout.isTraining && bn.isTraining)
    }

    @Test("gradients reach every parameter of a small CNN")
    func cnnGradients() throws {
        let rng = RandomSource(seed: 13)
        let cnn = Sequential([
            try Conv2d(inChannels: 1, outChannels: 2, kernel: 3, padding: 1, rng: rng), GELU(), try AvgPool2d(kernel: 2),
            Flatten(), try LayerNorm(features: 32), try Linear(inFeatures: 32, outFeatures: 3, rng: rng),
        ])
        let loss = try Losses.crossEntropy(cnn.forward(rng.normal([4, 1, 8, 8])), Tensor(shape: [4], scalars: [0, 1, 2, 1]))
        try loss.backward()
        for p in cnn.allParameters {
            #expect(p.parameter.grad?.shape == p.parameter.value.shape, "\(p.name)")
        }
    }
}
