import Testing

@testable import Engine

/// `Layer.copy()`: a deep copy the recipe's checks train without touching the user's
/// model. Every layer kind is copied; changing the copy leaves the original; outputs
/// agree; shared parameters stay shared once inside the copy; modes and frozen flags
/// come along.
@Suite("Layer copies")
struct LayerCopyTests {
    /// One model holding every layer kind, with its input.
    static func everyKind() throws -> (model: Sequential, input: Tensor) {
        let rng = RandomSource(seed: 3)
        let convolutional = Sequential([
            try Conv2d(inChannels: 1, outChannels: 2, kernel: 3, padding: 1, rng: rng), try MaxPool2d(kernel: 2),
            try AvgPool2d(kernel: 2), Flatten(),
        ])
        let dense = Sequential([
            try Linear(inFeatures: 2, outFeatures: 6, rng: rng), ReLU(), try BatchNorm1d(features: 6), Tanh(),
            try LayerNorm(features: 6), Sigmoid(), GELU(), try Dropout(probability: 0.5, rng: rng),
        ])
        let model = Sequential([convolutional, dense])
        model.eval()  // dropout off, so outputs are comparable
        return (model, try Sample.uniform([3, 1, 4, 4], seed: 4))
    }

    @Test func aCopyGivesTheSameOutputsAndHasItsOwnParametersAndBuffers() throws {
        let (model, x) = try Self.everyKind()
        let copy = model.copy()
        Approx.expect(try copy.forward(x), equals: try model.forward(x).scalars.map(Double.init))
        #expect(copy.allParameters.map(\.name) == model.allParameters.map(\.name))
        #expect(copy.allBuffers.map(\.name) == model.allBuffers.map(\.name))
        let originals = Set((model.parameters.map { ObjectIdentifier($0) }) + model.allBuffers.map { ObjectIdentifier($0.buffer) })
        let copies = Set(copy.parameters.map { ObjectIdentifier($0) } + copy.allBuffers.map { ObjectIdentifier($0.buffer) })
        #expect(originals.isDisjoint(with: copies))
        #expect(copy.leavesKinds == model.leavesKinds)
    }

    @Test func changingTheCopyLeavesTheOriginal() throws {
        let (model, x) = try Self.everyKind()
        let before = try model.forward(x).scalars
        let copy = model.copy()
        for p in copy.parameters { try p.value.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] += 1 } } }
        copy.train()
        _ = try copy.forward(x)  // batch norm updates the copy's running statistics
        #expect(try model.forward(x).scalars == before)
        #expect(model.allBuffers.map { $0.buffer.value.scalars } != copy.allBuffers.map { $0.buffer.value.scalars })
        #expect(!model.isTraining)
    }

    @Test func modesAndFrozenParametersAreCopied() throws {
        let rng = RandomSource(seed: 1)
        let first = try Linear(inFeatures: 2, outFeatures: 2, rng: rng)
        let model = Sequential([first, try Dropout(probability: 0.5, rng: rng)])
        model.layers[1].isTraining = false
        first.weight.requiresGradient = false
        let copy = model.copy()
        #expect(copy.isTraining && !(copy as? Sequential)!.layers[1].isTraining)
        #expect(copy.allParameters.map(\.parameter.requiresGradient) == [false, true])
    }

    @Test func aSharedLayerStaysSharedOnceInTheCopy() throws {
        let layer = try Linear(inFeatures: 2, outFeatures: 2, rng: RandomSource(seed: 0))
        let model = Sequential([layer, ReLU(), layer])
        let copy = model.copy()
        let copied = try #require(copy as? Sequential)
        #expect(copied.layers[0] === copied.layers[2])
        #expect(copy.parameters.count == 2)
        #expect(copied.layers[0] !== layer)
    }

    @Test func aDeeplyNestedChainCopiesWithoutRecursion() throws {
        var model = Sequential([ReLU()])
        for _ in 0..<100_000 { model = Sequential([model]) }
        let copy = model.copy()
        #expect(try copy.forward(Tensor(-1)).scalars == [0])
    }
}

extension Layer {
    /// The kinds of the layers in application order, nested sequences opened.
    fileprivate var leavesKinds: [String] {
        var kinds: [String] = []
        walk { layer, _ in if !(layer is Sequential) { kinds.append(layer.kind) } }
        return kinds
    }
}
