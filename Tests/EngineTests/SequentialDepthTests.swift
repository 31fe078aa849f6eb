import Foundation
import Testing

@testable import Engine

/// A model nested far deeper than any stack could recurse (issue 8, item 3): a loop
/// `m = seq([m])` builds one in a Sprout program. Applying it, computing its shapes,
/// walking its parameters and freeing it are all iterative.
@Suite("Deeply nested Sequential")
struct SequentialDepthTests {
    static let depth = 200_000

    static func nested(_ depth: Int, around inner: Layer) -> Sequential {
        var model = Sequential([inner])
        for _ in 1..<depth { model = Sequential([model]) }
        return model
    }

    @Test func forwardShapesAndParametersDoNotRecurse() throws {
        let linear = try Linear(inFeatures: 2, outFeatures: 3, rng: RandomSource(seed: 1))
        let model = Self.nested(Self.depth, around: linear)
        let x = try Tensor(shape: [4, 2], scalars: Array(repeating: 1, count: 8))
        #expect(try model.outputShape(for: [4, 2]) == [4, 3])
        #expect(try model.forward(x).scalars == linear.forward(x).scalars)
        #expect(try model.layerTable(for: [4, 2]).map(\.outputShape) == [[4, 3]])
        #expect(model.parameterCount == 9)
        #expect(model.allParameters.first?.name == String(repeating: "0.", count: Self.depth) + "weight")
        #expect(throws: TensorError.self) { try model.outputShape(for: [4, 5]) }
    }

    @Test func freeingADeepModelDoesNotRecurse() throws {
        // Freed on this (test) thread: the chain is taken apart one level at a time, and
        // the innermost layer goes with it (a recursive free would crash first).
        weak var innermost: ReLU?
        var model: Sequential?
        do {
            let relu = ReLU()
            innermost = relu
            model = Self.nested(Self.depth, around: relu)
        }
        #expect(innermost != nil)
        model = nil
        #expect(innermost == nil, "the innermost layer outlived its model")
    }

    @Test func aSharedInnerModelSurvivesItsOuterOnesBeingFreed() throws {
        let inner = Sequential([ReLU(), Sequential([Tanh()])])
        var outer: Sequential? = Self.nested(1_000, around: inner)
        #expect(outer != nil)
        outer = nil
        #expect(inner.layers.count == 2)
        #expect((inner.layers[1] as? Sequential)?.layers.count == 1)
    }
}
