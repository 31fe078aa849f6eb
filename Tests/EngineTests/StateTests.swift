import Testing

@testable import Engine

/// A model's state (`Layer.stateEntries`, `state`, `loadState`) and the whole-number
/// draws of `RandomSource` behind `randint`, `randperm`, `shuffle` and `choice`.
@Suite("Layer state and integer draws")
struct LayerStateTests {
    static func model(seed: UInt64) throws -> Sequential {
        let rng = RandomSource(seed: seed)
        let inner = Sequential([try Linear(inFeatures: 3, outFeatures: 1, rng: rng)])
        return Sequential([try Linear(inFeatures: 2, outFeatures: 3, rng: rng), ReLU(), try BatchNorm1d(features: 3), inner])
    }

    @Test func namesFollowPyTorchAndMatchTheParameterNames() throws {
        let m = try Self.model(seed: 1)
        #expect(
            m.stateEntries.map(\.name) == [
                "0.weight", "0.bias", "2.weight", "2.bias", "2.running_mean", "2.running_var", "3.0.weight", "3.0.bias",
            ])
        #expect(m.stateEntries.filter(\.isParameter).map(\.name) == m.allParameters.map(\.name))
    }

    @Test func aSharedLayerIsListedOnce() throws {
        let layer = try Linear(inFeatures: 2, outFeatures: 2, rng: RandomSource(seed: 0))
        #expect(Sequential([layer, ReLU(), layer]).stateEntries.map(\.name) == ["0.weight", "0.bias"])
    }

    @Test func everyProblemIsFoundAndNothingIsWrittenUnlessAllFit() throws {
        let m = try Self.model(seed: 1)
        var given = try Self.model(seed: 2).state.filter { $0.name != "3.0.bias" }
        given[0].value = try Tensor.zeros([2, 3])
        given.append(("4.weight", try Tensor.zeros([1])))
        let before = m.state.map(\.value)
        #expect(
            throws: StateMismatch(
                missing: ["3.0.bias"], unexpected: ["4.weight"], reshaped: [.init(name: "0.weight", expected: [3, 2], given: [2, 3])])
        ) {
            try m.loadState(given)
        }
        #expect(zip(m.state.map(\.value), before).allSatisfy { $0.0.scalars == $0.1.scalars })
    }

    @Test func aLoadWritesIntoTheObjectsAnOptimizerHolds() throws {
        let (source, target) = (try Self.model(seed: 1), try Self.model(seed: 2))
        let held = target.parameters
        try target.loadState(source.state)
        #expect(zip(held, target.parameters).allSatisfy { $0.0 === $0.1 })
        #expect(zip(target.state, source.state).allSatisfy { $0.0.value.scalars == $0.1.value.scalars })
    }

    @Test func permutationTensorDrawsAsPermutationDoes() throws {
        let (a, b) = (RandomSource(seed: 7), RandomSource(seed: 7))
        #expect(try a.permutationTensor(100).scalars == b.permutation(100).map(Float.init))
        #expect(throws: TensorError.self) { try a.permutationTensor(-1) }
        #expect(throws: TensorError.self) { try a.permutationTensor((1 << 24) + 1) }
    }

    @Test func samplesWithoutReplacementAreDistinctAndInRange() throws {
        let rng = RandomSource(seed: 3)
        let picks = try rng.sample(500, from: 1_000, replacing: false)
        #expect(Set(picks).count == 500 && picks.allSatisfy { (0..<1_000).contains($0) })
        #expect(try rng.sample(50, from: 50, replacing: false).sorted() == Array(0..<50))
        let huge = try rng.sample(3, from: Int.max, replacing: false)
        #expect(Set(huge).count == 3)
        #expect(throws: TensorError.self) { try rng.sample(3, from: 2, replacing: false) }
        #expect(throws: TensorError.self) { try rng.sample(1, from: 0, replacing: true) }
    }

    @Test func integersStayInTheirBounds() throws {
        let t = try RandomSource(seed: 5).integers([1_000], low: -2, high: 3)
        #expect(Set(t.scalars) == [-2, -1, 0, 1, 2])
        #expect(throws: TensorError.self) { try RandomSource(seed: 5).integers([1], low: 3, high: 3) }
    }
}
