import Engine
import Foundation
import Testing

/// An optimizer's state through a safetensors file: training resumed from a checkpoint
/// (a fresh model and optimizer, loaded) continues exactly as training that never stopped.
@Suite("Optimizer state in checkpoints")
struct OptimizerCheckpointTests {
    enum Kind: String, CaseIterable, Sendable { case adam, adamw, sgd, nesterov }

    static func optimizer(_ kind: Kind, _ model: Layer) throws -> Optimizer {
        switch kind {
        case .adam: try Adam(parameters: model.parameters, learningRate: 0.01, betas: (0.8, 0.99), weightDecay: 0.01)
        case .adamw: try AdamW(parameters: model.parameters, learningRate: 0.01)
        case .sgd: try SGD(parameters: model.parameters, learningRate: 0.1, momentum: 0.9, dampening: 0.1)
        case .nesterov: try SGD(parameters: model.parameters, learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.001)
        }
    }

    static func model(seed: UInt64) throws -> Sequential {
        let rng = RandomSource(seed: seed)
        return Sequential([
            try Linear(inFeatures: 4, outFeatures: 8, rng: rng), ReLU(), try Linear(inFeatures: 8, outFeatures: 3, rng: rng),
        ])
    }

    /// k steps on fixed batches, starting at batch `from`.
    static func train(_ model: Layer, _ optimizer: Optimizer, steps: Range<Int>) throws {
        for step in steps {
            let x = try Sample.normal([6, 4], seed: UInt64(100 + step))
            let y = try Sample.indices([6], below: 3, seed: UInt64(200 + step))
            _ = try TrainingTests.trainStep(model, optimizer, x, y)
        }
    }

    /// The model's and the optimizer's state in one file, as `save(m, path, opt: opt)` writes it.
    static func save(_ model: Layer, _ optimizer: Optimizer, path: String) throws {
        let names = model.stateEntries.filter(\.isParameter).map { "optimizer." + $0.name }
        let saved = try OptimizerCheckpoint.state(of: optimizer, names: names)
        try SafetensorsFile.write(model.state + saved.tensors, metadata: saved.metadata, path: path)
    }

    @Test("train k steps, save, load into a fresh model and optimizer, train k more: identical to 2k straight", arguments: Kind.allCases)
    func resumesBitForBit(_ kind: Kind) throws {
        let folder = try makeNPYTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let straight = try Self.model(seed: 1)
        try Self.train(straight, try Self.optimizer(kind, straight), steps: 0..<10)

        // A model and its optimizer trained 5 steps, saved together.
        let model = try Self.model(seed: 1)
        let optimizer = try Self.optimizer(kind, model)
        try Self.train(model, optimizer, steps: 0..<5)
        try Self.save(model, optimizer, path: folder + "/ckpt.safetensors")

        let resumed = try Self.model(seed: 99)
        let resumedOptimizer = try Self.optimizer(kind, resumed)
        let file = try SafetensorsFile.read(path: folder + "/ckpt.safetensors")
        try resumed.loadState(file.tensors.filter { !$0.name.hasPrefix("optimizer.") })
        let names = resumed.stateEntries.filter(\.isParameter).map { "optimizer." + $0.name }
        try OptimizerCheckpoint.restore(
            resumedOptimizer, names: names, tensors: file.tensors.filter { $0.name.hasPrefix("optimizer.") }, metadata: file.metadata)
        try Self.train(resumed, resumedOptimizer, steps: 5..<10)
        for ((name, a), (_, b)) in zip(straight.state, resumed.state) {
            #expect(bits(a.scalars) == bits(b.scalars), "\(kind) \(name)")
        }
        // Without the optimizer's state the run differs: the test can tell.
        let cold = try Self.model(seed: 99)
        try cold.loadState(file.tensors.filter { !$0.name.hasPrefix("optimizer.") })
        try Self.train(cold, try Self.optimizer(kind, cold), steps: 5..<10)
        #expect(bits(cold.state[0].value.scalars) != bits(straight.state[0].value.scalars))
    }

    @Test("the state names its parameters and the metadata its settings")
    func names() throws {
        let model = try Self.model(seed: 1)
        let optimizer = try Self.optimizer(.adam, model)
        try Self.train(model, optimizer, steps: 0..<2)
        let saved = try OptimizerCheckpoint.state(of: optimizer, names: model.stateEntries.map(\.name))
        #expect(saved.tensors.map(\.name).prefix(3) == ["0.weight.step", "0.weight.exp_avg", "0.weight.exp_avg_sq"])
        #expect(saved.tensors[0].value.scalars == [2])
        #expect(
            saved.metadata.map { "\($0.key)=\($0.value)" } == [
                "optimizer=Adam", "optimizer.lr=0.01", "optimizer.betas=0.8,0.99", "optimizer.eps=1e-08", "optimizer.weight_decay=0.01",
            ])
    }

    @Test("another kind, other settings, a stray or mis-shaped tensor: refused, nothing changed")
    func refusals() throws {
        let model = try Self.model(seed: 1)
        let adam = try Self.optimizer(.adam, model)
        try Self.train(model, adam, steps: 0..<2)
        let names = model.stateEntries.map(\.name)
        let saved = try OptimizerCheckpoint.state(of: adam, names: names)
        func problems(
            _ optimizer: Optimizer, tensors: [(name: String, value: Tensor)]? = nil, metadata: [(key: String, value: String)]? = nil
        )
            -> [String]
        {
            do {
                try OptimizerCheckpoint.restore(
                    optimizer, names: names, tensors: tensors ?? saved.tensors, metadata: metadata ?? saved.metadata)
                return []
            } catch { return error.problems }
        }
        #expect(problems(try Self.optimizer(.sgd, model)) == ["the file holds Adam state; this optimizer is SGD"])
        let other = try Adam(parameters: model.parameters, learningRate: 0.5, betas: (0.9, 0.99), weightDecay: 0.01)
        #expect(problems(other) == ["the file's betas is 0.8,0.99, this optimizer's is 0.9,0.99"])
        let fresh = try Self.optimizer(.adam, model)
        let stray = saved.tensors + [("9.weight.exp_avg", Tensor(1))]
        #expect(problems(fresh, tensors: stray) == ["'9.weight.exp_avg' is not the state of one of this optimizer's parameters"])
        var reshaped = saved.tensors
        reshaped[1].value = try Tensor(shape: [2], scalars: [1, 2])
        #expect(problems(fresh, tensors: reshaped) == ["'0.weight.exp_avg' has shape (2,), the parameter's state has (8, 4)"])
        #expect(
            problems(fresh, tensors: Array(saved.tensors.dropFirst())) == [
                "the state of '0.weight' needs step, exp_avg and exp_avg_sq together"
            ])
        #expect((fresh as? Adam)?.states.allSatisfy { $0 == nil } == true)
        #expect(problems(fresh, metadata: []) == ["the file holds no optimizer state"])
        #expect(problems(fresh).isEmpty && fresh.learningRate == 0.01)
    }
}
