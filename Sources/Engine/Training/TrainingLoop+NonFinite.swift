/// Finding where a non-finite number came from, once the loop has seen one: the search
/// runs only then, so it costs nothing while training is healthy.
extension TrainingLoop {
    /// The report for a non-finite `quantity` seen at `place`: the first parameter (in
    /// state-dict order) whose gradient or weight is not finite, or else, for the loss,
    /// the first layer of a `Sequential` whose output on `input` is not.
    func locateNonFinite(
        _ quantity: NonFiniteReport.Quantity, at place: (epoch: Int, step: Int, total: Int), input: Tensor
    )
        -> NonFiniteReport
    {
        func report(_ q: NonFiniteReport.Quantity, _ layer: String?) -> NonFiniteReport {
            NonFiniteReport(epoch: place.epoch, step: place.step, totalStep: place.total, quantity: q, layer: layer)
        }
        if let bad = named.first(where: { !Self.isFinite($0.parameter.value) }) { return report(.weight, bad.name) }
        if quantity == .gradient, let bad = named.first(where: { $0.parameter.grad.map { !Self.isFinite($0) } ?? false }) {
            return report(.gradient, bad.name)
        }
        return report(quantity == .loss ? .output : quantity, firstNonFiniteOutput(input) ?? nil)
    }

    /// The name ("2") of the first layer whose output on `input` has a non-finite element,
    /// run in evaluation mode without gradients; nil when none does or the model is not a
    /// `Sequential` (then the loss itself overflowed).
    private func firstNonFiniteOutput(_ input: Tensor) -> String? {
        guard let sequence = model as? Sequential else { return nil }
        var names: [ObjectIdentifier: String] = [:]
        model.walk { layer, prefix in
            let p = prefix()
            names[ObjectIdentifier(layer)] = p.hasSuffix(".") ? String(p.dropLast()) : p
        }
        return GradMode.withoutGradients {
            var h = input
            for layer in sequence.leaves {
                guard let next = try? layer.forward(h) else { return nil }
                if !Self.isFinite(next) { return names[ObjectIdentifier(layer)] ?? layer.kind }
                h = next
            }
            return nil
        }
    }
}
