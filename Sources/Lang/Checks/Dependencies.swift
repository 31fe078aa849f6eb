import Engine
import Foundation

/// `deps(m, x)`: the recipe's "use backprop to chart dependencies".
///
/// A model maps a batch to a batch, and row i of its output must depend on row i of its
/// input alone: mixing across the batch (a mean over axis 0, batch normalisation in
/// training mode, a reshape or transpose that moves samples into features) makes the
/// model see other examples, which training hides and evaluation on one example reveals.
/// Backprop charts it: for each sample i, the gradient of sum(output[i]) with respect to
/// the whole input must be zero at every other sample j. The check runs one backward pass
/// per sample (up to `depsMaxRows`) and draws the (output i × input j) gradient norms as
/// a heatmap: a clean model shows a diagonal.
///
/// "Zero" means exactly zero: an output that does not depend on an input gets a gradient
/// made only of products with zero, which is zero to the bit; any leak, however small,
/// is a real dependency.
///
/// A model runs on a copy in eval mode (batch and layer norms use their running
/// statistics, dropout is off), so the user's model keeps its mode. A function is called
/// as it is: put the norm layers it uses in eval mode first.
///
/// With `causal: true`, for an input shaped (batch, time, …) whose output keeps the time
/// axis, sample 0's output at each position t must not depend on its inputs at positions
/// after t either (no peeking at the future).
extension Builtins {
    /// The most samples `deps` charts: one backward pass each.
    static let depsMaxRows = 64

    static func deps(_ args: Arguments, _ runtime: Runtime) throws -> Value {
        let x = try args.tensor("x")
        let apply = try depsFunction(args, runtime)
        guard x.rank >= 2, (2...depsMaxRows).contains(x.shape[0]) else {
            throw RuntimeError(
                .call(
                    function: "deps",
                    problem:
                        "x has shape \(Shape.describe(x.shape)); give a batch of 2 to \(depsMaxRows) samples, one per row (e.g. data.take(8).x)"
                ))
        }
        let n = x.shape[0]
        var norms = [Float](repeating: 0, count: n * n)
        var outputShape: [Int] = []
        for i in 0..<n {
            try runtime.cancellation.check()
            let (output, gradient) = try gradientOfRow(apply, x, row: i, of: nil)
            outputShape = output
            guard output.first == n else {
                return .object(
                    runtime.record(
                        VerdictValue(
                            check: "deps", outcome: .undecided,
                            headline:
                                "cannot chart dependencies: the output has shape \(Shape.describe(output)) for \(n) samples; a function from a batch to a batch keeps the batch axis first"
                        )))
            }
            let perSample = gradient.count / n
            gradient.withUnsafeBufferPointer { g in
                for j in 0..<n {
                    var sum: Float = 0
                    for k in j * perSample..<(j + 1) * perSample { sum += g[k] * g[k] }
                    norms[i * n + j] = sum.squareRoot()
                }
            }
        }
        _ = draw(
            PlotRequest(
                .heatmap(width: n, height: n), series: [.init(y: norms)], title: "gradient of output i (row) on input j (column)"),
            runtime)
        var verdict = depsVerdict(norms, n: n)
        if try args.bool("causal"), verdict.outcome == .passed {
            verdict = try causalVerdict(apply, x, outputShape: outputShape, batchVerdict: verdict, runtime)
        }
        return .object(runtime.record(verdict))
    }

    /// The model or function as a Swift function from a batch to a batch.
    private static func depsFunction(_ args: Arguments, _ runtime: Runtime) throws -> (Tensor) throws -> Tensor {
        switch args.value("model") ?? .none {
        case let .layer(layer):
            let copy = layer.copy()
            copy.eval()
            return { x in try engine { try copy.forward(x) } }
        case let .function(f):
            return { x in
                let result = try runtime.callFunction(f, [.tensor(x)], [])
                guard let tensor = try result.asTensor() else {
                    throw RuntimeError(.call(function: "deps", problem: "the function gave \(result.described), not a tensor"))
                }
                return tensor
            }
        case let other:
            throw args.mismatch("model", other)
        }
    }

    /// The output's shape and the gradient of the sum of output row `row` (at time
    /// position `position` when given) with respect to all of `x`.
    private static func gradientOfRow(
        _ apply: (Tensor) throws -> Tensor, _ x: Tensor, row: Int, of position: Int?
    ) throws -> (shape: [Int], gradient: Tensor) {
        let input = x.detached().requiringGradient()
        let output = try apply(input)
        guard output.rank >= 1, output.shape[0] == x.shape[0] else { return (output.shape, try Tensor.zeros(x.shape)) }
        var mask = [Float](repeating: 0, count: output.count)
        let perRow = output.count / output.shape[0]
        if let position, output.rank >= 2 {
            let perStep = perRow / output.shape[1]
            let start = row * perRow + position * perStep
            for k in start..<start + perStep { mask[k] = 1 }
        } else {
            for k in row * perRow..<(row + 1) * perRow { mask[k] = 1 }
        }
        let selector = try Tensor(shape: output.shape, scalars: mask)
        let selected = try engine { try (output * selector).sum() }
        guard selected.requiresGradient else { return (output.shape, try Tensor.zeros(x.shape)) }
        try engine { try selected.backward() }
        if let gradient = input.grad { return (output.shape, gradient) }
        return (output.shape, try Tensor.zeros(x.shape))
    }

    private static func depsVerdict(_ norms: [Float], n: Int) -> VerdictValue {
        var leaks: [(i: Int, j: Int, norm: Float)] = []
        for i in 0..<n {
            for j in 0..<n where i != j && norms[i * n + j] != 0 { leaks.append((i, j, norms[i * n + j])) }
        }
        let selfless = (0..<n).filter { norms[$0 * n + $0] == 0 }
        let largest = leaks.map(\.norm).max() ?? 0
        var figures = Record([
            ("leaks", .number(Double(leaks.count))), ("largest", .number(Double(largest))), ("samples", .number(Double(n))),
        ])
        figures["pairs"] = .list(leaks.prefix(20).map { .list([.number(Double($0.i)), .number(Double($0.j))]) })
        guard leaks.isEmpty else {
            let worst = leaks.sorted { $0.norm > $1.norm }.prefix(3).map { "output \($0.i) ← input \($0.j)" }
            return VerdictValue(
                check: "deps", outcome: .failed,
                headline:
                    "backprop dependency check: samples mix across the batch: \(leaks.count) of \(n * (n - 1)) cross-sample gradients are non-zero, largest \(CheckSupport.figure(Double(largest))) (\(worst.joined(separator: ", ")))",
                details: [
                    "fix: look for a reduction over the batch axis (a mean over axis 0, batch norm in training mode) or a reshape or transpose that moves samples into features"
                ],
                figures: figures)
        }
        if selfless.count == n {
            return VerdictValue(
                check: "deps", outcome: .undecided,
                headline: "cannot chart dependencies: the output does not depend on x at all (every gradient is zero)", figures: figures)
        }
        var details: [String] = []
        if !selfless.isEmpty {
            details.append("the output of \(counted(selfless.count, "sample")) does not depend on its own input (dead units?)")
        }
        return VerdictValue(
            check: "deps", outcome: .passed, headline: "backprop dependency check: no mixing across the batch", details: details,
            figures: figures)
    }

    /// Sample 0's output at each time position must not depend on later positions.
    private static func causalVerdict(
        _ apply: (Tensor) throws -> Tensor, _ x: Tensor, outputShape: [Int], batchVerdict: VerdictValue, _ runtime: Runtime
    ) throws -> VerdictValue {
        guard x.rank >= 3, x.shape[1] > 0, outputShape.count >= 2, outputShape[1] == x.shape[1] else {
            return VerdictValue(
                check: "deps", outcome: .undecided,
                headline:
                    "no mixing across the batch, but cannot check causality: it needs an input (batch, time, …) and an output that keeps the time axis; got \(Shape.describe(x.shape)) → \(Shape.describe(outputShape))",
                figures: batchVerdict.figures)
        }
        let steps = x.shape[1]
        let perStep = x.count / (x.shape[0] * steps)
        var peeks: [(t: Int, later: Int)] = []
        for t in 0..<steps {
            try runtime.cancellation.check()
            let gradient = try gradientOfRow(apply, x, row: 0, of: t).gradient
            gradient.withUnsafeBufferPointer { g in
                for later in t + 1..<steps where (later * perStep..<(later + 1) * perStep).contains(where: { g[$0] != 0 }) {
                    peeks.append((t, later))
                }
            }
        }
        var figures = batchVerdict.figures
        figures["future_leaks"] = .number(Double(peeks.count))
        guard peeks.isEmpty else {
            let shown = peeks.prefix(3).map { "position \($0.t) ← \($0.later)" }
            return VerdictValue(
                check: "deps", outcome: .failed,
                headline:
                    "backprop dependency check: outputs see the future: \(peeks.count) (position, later position) pairs leak (\(shown.joined(separator: ", ")))",
                details: ["fix: mask attention or convolutions so position t reads only positions up to t"], figures: figures)
        }
        return VerdictValue(
            check: "deps", outcome: .passed,
            headline: "backprop dependency check: no mixing across the batch, no dependence on future positions", figures: figures)
    }
}
