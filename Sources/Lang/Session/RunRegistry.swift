import Engine

/// The last run of each model, held weakly both ways, so that `health(m)` can read the
/// statistics of the last `fit` of `m` without a run keeping a model alive or a model a
/// run. Entries whose model or run has gone are dropped as others are added.
public struct RunRegistry {
    private struct Entry {
        weak var model: AnyObject?
        weak var run: RunValue?
    }
    private var entries: [ObjectIdentifier: Entry] = [:]

    public init() {}

    /// Records `run` as the last run of `model`.
    mutating func remember(_ run: RunValue, for model: Layer) {
        entries = entries.filter { $0.value.model != nil && $0.value.run != nil }
        entries[ObjectIdentifier(model)] = Entry(model: model, run: run)
    }

    /// The last run of `model`, if both are still alive.
    func last(for model: Layer) -> RunValue? {
        guard let entry = entries[ObjectIdentifier(model)], entry.model === model else { return nil }
        return entry.run
    }
}
