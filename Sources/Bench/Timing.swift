import Glibc

/// Wall-clock timing for the benchmarks: a monotonic clock, repetition with a warm-up, and
/// the summary statistic every table uses.
///
/// The machine is shared and noisy, so each figure is the **best** of several timed
/// repetitions (noise only ever adds time), and a figure and its peer are measured
/// interleaved, rep by rep, in the same run, so a burst of load hits both.
enum Timing {
    /// Seconds on CLOCK_MONOTONIC.
    @inline(__always)
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Seconds one call to `body` takes.
    @inline(__always)
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }

    /// Times `a` and `b` in alternation, after a warm-up of each: rounds of `iterations`
    /// calls of each, at least `minRounds` rounds and more until about `budget` seconds
    /// have passed. The order swaps every round (a b, b a, …) so neither always runs
    /// first. Returns the best seconds per call of each, and the median over rounds of
    /// b's time / a's time in the same round: a's speed relative to b's, paired so that
    /// load that drifts over seconds cancels.
    static func interleaved(
        minRounds: Int, budget: Double = 0, iterations: Int = 1, _ a: () throws -> Void, _ b: () throws -> Void
    ) rethrows -> (a: Double, b: Double, pairedSpeedup: Double) {
        try a(); try b()
        var bestA = Double.infinity, bestB = Double.infinity
        var ratios: [Double] = []
        let start = now()
        var rounds = 0
        while rounds < minRounds || now() - start < budget {
            let ta: Double, tb: Double
            if rounds % 2 == 0 {
                ta = try seconds { for _ in 0..<iterations { try a() } }
                tb = try seconds { for _ in 0..<iterations { try b() } }
            } else {
                tb = try seconds { for _ in 0..<iterations { try b() } }
                ta = try seconds { for _ in 0..<iterations { try a() } }
            }
            bestA = Swift.min(bestA, ta / Double(iterations))
            bestB = Swift.min(bestB, tb / Double(iterations))
            ratios.append(tb / ta)
            rounds += 1
        }
        return (bestA, bestB, median(ratios))
    }
}

/// A fixed-width text table: right-aligned numbers, left-aligned first column.
struct TextTable {
    let headers: [String]
    var rows: [[String]] = []

    init(_ headers: [String]) { self.headers = headers }

    mutating func add(_ cells: [String]) { rows.append(cells) }

    func render(indent: String = "  ") -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = Swift.max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var out = indent
            for (i, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: Swift.max(0, widths[i] - cell.count))
                out += i == 0 ? cell + pad : "  " + pad + cell
            }
            return out
        }
        var lines = [line(headers)]
        lines.append(indent + widths.enumerated().map { String(repeating: "-", count: $0.element + ($0.offset == 0 ? 0 : 2)) }.joined())
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }
}

/// Number formatting without Foundation's locale machinery.
enum Format {
    /// `value` with `digits` decimals.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : "inf" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (abs(value) * scale).rounded() / scale
        let sign = value < 0 && rounded != 0 ? "-" : ""
        let whole = Int(rounded)
        if digits == 0 { return sign + String(whole) }
        let frac = Int(((rounded - Double(whole)) * scale).rounded())
        let fracText = String(frac)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fracText.count) + fracText
    }

    /// A ratio such as "0.98x".
    static func ratio(_ value: Double) -> String { fixed(value, 2) + "x" }

    /// Three significant-ish digits for rates spanning orders of magnitude.
    static func rate(_ value: Double) -> String {
        if value >= 1000 { return fixed(value, 0) }
        if value >= 100 { return fixed(value, 1) }
        return fixed(value, 2)
    }
}
