import Engine
import Foundation

/// `overfit(m, batch)`: the recipe's "overfit one batch".
///
/// A model that cannot drive the loss on a handful of examples to about zero cannot be
/// trusted on the whole set: it is too small, or something between the data and the
/// update is broken (a wrong loss, labels misaligned, a layer cut from the gradient).
/// The check trains a COPY of the model (the user's model is not changed) with Adam,
/// weight decay off, and dropout off (dropout in eval mode, the identity, while every
/// other layer trains), on the one batch, until the loss is below 1% of where it
/// started (two orders of magnitude down: for ten classes 0.023, the right class at
/// about 98% on average, so the batch is memorised rather than merely fitted better;
/// Adam approaches zero slowly from there, and a stricter bar measures the optimizer,
/// not the model) or the step budget runs out.
///
/// Adam's rate defaults to 3e-3, ten times the recipe's rate for training: one batch
/// has no generalisation to protect, and at 3e-4 a small model takes thousands of steps
/// to memorise even 16 examples (measured: iris, mlp([4, 32, 3]), 16 rows: ~400 steps
/// at 3e-3, over 1000 at 1e-3).
///
/// Every parameter must also get a gradient: one that never does (frozen, or not on the
/// path to the loss) fails the check by name, even when the rest memorises the batch.
///
/// Then a control: a fresh copy trained the same way on the same inputs with the labels
/// shuffled. Memorising shuffled labels of a tiny batch takes capacity only, so the
/// control separates the two failures: a model that fits neither lacks capacity (or has a
/// bug on every path); a model that fits the shuffled labels but not the real ones has
/// labels that contradict each other (equal inputs with different labels). When both
/// fit, the model has the capacity to memorise: the recipe's stage 3 can begin. The
/// control is reported, not judged.
extension Builtins {
    /// The most rows `overfit` takes: the point is one small batch.
    static let overfitMaxRows = 256
    /// Near zero: the loss below this fraction of its first value.
    static let overfitTarget = 1e-2

    /// One training attempt on a copy of the model.
    struct OverfitAttempt {
        var initial = Double.nan
        var last = Double.nan
        var best = Double.infinity
        /// Updates taken before the loss was measured below the target (or all of them).
        var steps = 0
        var reached = false
        /// The step whose loss was not finite, if one was.
        var nonFiniteStep: Int?
        /// Parameters that never got a non-zero gradient.
        var silent: [String] = []
    }

    static func overfit(_ args: Arguments, _ runtime: Runtime) throws -> Value {
        let model = try args.layer("model")
        let batch = try CheckSupport.examples(args, "batch")
        let steps = try args.integer("steps")
        let lr = try args.number("lr")
        guard (1...100_000).contains(steps) else { throw args.mismatch("steps", .number(Double(steps))) }
        guard lr > 0, Float(lr).isFinite else { throw args.mismatch("lr", .number(lr)) }
        guard batch.rows > 0 else {
            throw RuntimeError(.call(function: "overfit", problem: "the batch has no rows: give a few, e.g. data.take(16)"))
        }
        guard batch.rows <= overfitMaxRows else {
            throw RuntimeError(
                .call(
                    function: "overfit",
                    problem:
                        "the batch has \(batch.rows) rows; overfit takes one small batch (at most \(overfitMaxRows)): give data.take(16)"))
        }
        guard !model.parameters.isEmpty else {
            throw RuntimeError(.call(function: "overfit", problem: "the model has no parameters to train"))
        }
        let real = try train(model, batch.x, batch.y, batch, steps: steps, lr: Float(lr), runtime)
        let order = try engine { try runtime.random.permutationTensor(batch.rows, op: "overfit") }
        let shuffled = try engine { try batch.y.indexSelect(axis: 0, indices: order) }
        let control = try train(model, batch.x, shuffled, batch, steps: steps, lr: Float(lr), runtime)
        return .object(runtime.record(verdict(real, control, rows: batch.rows, steps: steps)))
    }

    /// Trains a copy of `model` on (x, y) until the loss is near zero or `steps` run out.
    private static func train(
        _ model: Layer, _ x: Tensor, _ y: Tensor, _ batch: CheckSupport.Examples, steps: Int, lr: Float, _ runtime: Runtime
    ) throws -> OverfitAttempt {
        let copy = model.copy()
        copy.trainWithoutDropout()
        let named = copy.allParameters
        let optimizer = try engine { try Adam(parameters: named.map(\.parameter), learningRate: lr, weightDecay: 0) }
        var silent = Set(named.indices)
        var attempt = OverfitAttempt()
        var objective: CheckSupport.Objective?
        for step in 0...steps {
            try runtime.cancellation.check()
            optimizer.zeroGrad()
            let output = try engine { try copy.forward(x) }
            let chosen = objective ?? CheckSupport.objective(for: batch, output: output)
            objective = chosen
            let loss = try CheckSupport.loss(chosen, output, y)
            let value = Double(try engine { try loss.item() })
            guard value.isFinite else {
                attempt.nonFiniteStep = step
                break
            }
            if step == 0 { attempt.initial = value }
            attempt.last = value
            attempt.best = min(attempt.best, value)
            attempt.steps = step
            if value <= overfitTarget * attempt.initial {
                attempt.reached = true
                break
            }
            guard step < steps else { break }
            try engine { try loss.backward() }
            for i in silent where named[i].parameter.grad.map(hasNonZero) == true { silent.remove(i) }
            try engine { try optimizer.step() }
        }
        attempt.silent = silent.sorted().map { named[$0].name }
        return attempt
    }

    private static func hasNonZero(_ t: Tensor) -> Bool {
        t.withUnsafeBufferPointer { $0.contains { $0 != 0 } }
    }

    private static func verdict(_ real: OverfitAttempt, _ control: OverfitAttempt, rows: Int, steps: Int) -> VerdictValue {
        let f = CheckSupport.figure
        let controlText: String
        if control.reached {
            controlText = "shuffled-label control: memorised too, after \(control.steps) steps"
        } else {
            controlText = "shuffled-label control: stuck at \(f(control.best))"
        }
        var figures = Record([
            ("loss", .number(real.last)), ("best", .number(real.best)), ("initial", .number(real.initial)),
            ("steps", .number(Double(real.steps))), ("reached", .bool(real.reached)),
            ("control_loss", .number(control.best)), ("control_reached", .bool(control.reached)),
        ])
        figures["silent"] = .list(real.silent.map(Value.string))
        if let step = real.nonFiniteStep {
            return VerdictValue(
                check: "overfit", outcome: .failed,
                headline: "the loss became \(f(.nan)) at step \(step) (it started at \(f(real.initial)))",
                details: ["fix: a smaller lr, or look for a log of 0 or a division by 0 in the model or loss"], figures: figures)
        }
        if !real.silent.isEmpty {
            return VerdictValue(
                check: "overfit", outcome: .failed,
                headline:
                    "no gradient reached \(CheckSupport.listing(real.silent)) in \(real.steps) steps: frozen, or cut from the loss (loss \(f(real.last)))",
                details: [
                    "a layer that gets no gradient never learns: unfreeze(m) if it was frozen, or look for a detach or no_grad on its path",
                    controlText,
                ],
                figures: figures)
        }
        if real.reached {
            return VerdictValue(
                check: "overfit", outcome: .passed, headline: "loss \(f(real.last)) after \(real.steps) steps (\(controlText))",
                figures: figures)
        }
        return VerdictValue(
            check: "overfit", outcome: .failed,
            headline:
                "cannot memorise \(counted(rows, "example")): loss still \(f(real.last)) after \(steps) steps (best \(f(real.best)), from \(f(real.initial)))",
            details: [
                controlText,
                "a model that cannot drive one small batch to ~0 is too small or has a bug: look for a narrow layer, a wrong loss or misaligned labels; or give it more steps or a larger lr (steps:, lr:)",
            ],
            figures: figures)
    }
}
