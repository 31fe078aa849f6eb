import Lang

/// The live progress bar a terminal shows while `fit` runs: one line, redrawn in place
/// at most `interval` seconds apart, erased when the report ends and replaced by its
/// final line (the epoch's line), so what stays on screen is what a pipe or a recording
/// gets.
///
///     epoch 3/20 [=========>          ] 41/90 · loss 0.4123 · 512 steps/s · ETA 0:01
///
/// The clock and the writer are handed in, so tests drive it without a terminal or time.
final class ProgressBar {
    /// Seconds between two redraws: ten a second is smooth and costs nothing.
    static let interval = 0.1
    /// Characters of the bar between the brackets.
    static let barWidth = 20

    private let write: (String) -> Void
    private let now: () -> Double
    private let width: () -> Int
    private var lastDraw: Double?
    /// Whether a bar line is on screen (and must be erased before other output).
    private(set) var isShowing = false

    /// - Parameters:
    ///   - write: writes to the terminal.
    ///   - now: a monotonic clock in seconds.
    ///   - width: the terminal's width; the line is cut to fit, so it never wraps.
    init(write: @escaping (String) -> Void, now: @escaping () -> Double, width: @escaping () -> Int) {
        self.write = write
        self.now = now
        self.width = width
    }

    func begin(_ progress: Progress) {
        lastDraw = nil
        update(progress)
    }

    /// Redraws unless the last redraw was less than `interval` ago.
    func update(_ progress: Progress) {
        let t = now()
        if let last = lastDraw, t - last < Self.interval { return }
        lastDraw = t
        let line = Self.line(progress)
        write("\r" + String(line.prefix(max(width() - 1, 10))) + "\u{1B}[K")
        isShowing = true
    }

    /// Erases the bar and leaves the report's final line.
    func end(_ progress: Progress) {
        erase()
        write(progress.finalLine + "\n")
        lastDraw = nil
    }

    /// Clears the bar's line, if one is on screen.
    func erase() {
        guard isShowing else { return }
        write("\r\u{1B}[K")
        isShowing = false
    }

    /// The bar's text: label, bar, count, metric, rate and time left in the report.
    static func line(_ p: Progress) -> String {
        var parts = [p.label]
        if let total = p.total, total > 0 {
            let filled = min(barWidth, p.done * barWidth / total)
            let bar = String(repeating: "=", count: filled) + (filled < barWidth ? ">" : "")
            parts[0] += " [" + bar.padding(toLength: barWidth, withPad: " ", startingAt: 0) + "]"
            parts.append("\(p.done)/\(total)")
        } else {
            parts.append("\(p.done)")
        }
        if !p.metric.isEmpty { parts.append(p.metric) }
        if let seconds = p.seconds, seconds > 0, p.done > 0 {
            let rate = Double(p.done) / seconds
            parts.append("\(Int(rate.rounded())) steps/s")
            if let total = p.total, total > p.done { parts.append("ETA " + clock(Double(total - p.done) / rate)) }
        }
        return parts.joined(separator: " · ")
    }

    /// `m:ss`, or `h:mm:ss` past an hour.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
    }
}
