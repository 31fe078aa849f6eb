/// How far a long operation (a training run) has got, as the language hands it to the
/// host: `Host.beginProgress`, then `updateProgress` as often as the operation likes,
/// then `endProgress` once. The shell may draw a bar that redraws in place; a script or
/// test host shows only the final line (`finalLine`), so recorded output stays the same
/// from run to run whatever the speed of the machine.
public struct Progress: Equatable, Sendable {
    /// What is running: `train`, `epoch 3`.
    public var label: String
    /// Steps done so far.
    public var done: Int
    /// Steps in all; nil when not known in advance.
    public var total: Int?
    /// A short measurement to show beside the count (`loss 0.231`); empty for none.
    public var metric: String
    /// Seconds since the operation started, for a bar's rate and ETA; nil when unknown.
    public var seconds: Double?
    /// The line to leave when the operation ends, instead of the count (`fit`'s epoch line).
    public var summary: String?

    public init(
        label: String, done: Int = 0, total: Int? = nil, metric: String = "", seconds: Double? = nil, summary: String? = nil
    ) {
        self.label = label
        self.done = done
        self.total = total
        self.metric = metric
        self.seconds = seconds
        self.summary = summary
    }

    /// `train: 100/100, loss 0.231` (or `train: 100` without a total): what a host that
    /// draws no bar shows when the operation ends.
    public var finalLine: String {
        if let summary { return summary }
        let count = total.map { "\(done)/\($0)" } ?? "\(done)"
        return "\(label): \(count)" + (metric.isEmpty ? "" : ", \(metric)")
    }
}
