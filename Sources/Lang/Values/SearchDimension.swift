import Foundation

/// One dimension of a random search's space that is not a list of choices:
/// `between(1e-4, 1e-2, log: true)`. A list in the space is a choice among its items;
/// this is a range drawn uniformly, on a log scale when `log` is set (Bergstra & Bengio:
/// a learning rate is searched by its order of magnitude), rounded when `whole` is set.
public final class SearchDimension: SproutObject {
    public let low: Double
    public let high: Double
    public let isLog: Bool
    public let isWhole: Bool

    /// A checked range: finite, `low ≤ high`, positive when on a log scale.
    /// - Throws: `RuntimeError` naming the problem, for `between`.
    public init(low: Double, high: Double, log: Bool, whole: Bool) throws {
        func refuse(_ problem: String) -> RuntimeError { RuntimeError(.call(function: "between", problem: problem)) }
        guard low.isFinite, high.isFinite else { throw refuse("low and high must be finite numbers") }
        guard low <= high else { throw refuse("low (\(formatNumber(low))) is above high (\(formatNumber(high)))") }
        if log, low <= 0 { throw refuse("a log scale needs low > 0, got \(formatNumber(low))") }
        if whole, low.rounded(.up) > high.rounded(.down) {
            throw refuse("no whole number lies between \(formatNumber(low)) and \(formatNumber(high))")
        }
        self.low = low
        self.high = high
        isLog = log
        isWhole = whole
    }

    public var kindName: String { "search dimension" }

    public func formatted() -> String {
        "between(\(formatNumber(low)), \(formatNumber(high))\(isLog ? ", log: true" : "")\(isWhole ? ", whole: true" : ""))"
    }

    /// The value at `u` in [0, 1): uniform between low and high, or uniform in their logs;
    /// a whole dimension rounds to the nearest whole number inside the range.
    func value(at u: Double) -> Double {
        let x = isLog ? Foundation.exp(Foundation.log(low) + u * (Foundation.log(high) - Foundation.log(low))) : low + u * (high - low)
        guard isWhole else { return min(max(x, low), high) }
        return min(max(x.rounded(), low.rounded(.up)), high.rounded(.down))
    }
}
