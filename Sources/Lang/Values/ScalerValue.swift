import Engine

/// A fitted scaler as a Sprout value: `scale = fit_standardize(train)`, then `scale(train)`
/// and `scale(val)` apply train's statistics to either, so validation statistics never
/// leak into training. Callable through the object model's `call` hook; it prints its
/// statistics as a short table, one column per scaled column, fitted to the width.
public final class ScalerValue: SproutObject {
    public let scaler: ColumnScaler

    public init(_ scaler: ColumnScaler) {
        self.scaler = scaler
    }

    public var kindName: String { "scaler" }

    /// What the two statistics are called in print and as members.
    private var names: (shift: String, scale: String) {
        scaler.kind == .standardize ? ("mean", "std") : ("min", "range")
    }

    /// `scaler standardize · fitted on 1437 rows · 64 columns`.
    public var summary: String {
        let columns = scaler.statistics.count
        return "scaler \(scaler.kind.rawValue) · fitted on \(scaler.rows) rows · \(counted(columns, "column"))"
    }

    public var inlineText: String { "<\(summary)>" }

    public func formatted() -> String { formatted(width: ValueFormatter.lineWidth) }

    public func formatted(width: Int) -> String {
        guard !scaler.statistics.isEmpty else { return summary }
        let stats = scaler.statistics
        let table = TextTable(
            headers: [""] + stats.map(\.column),
            rows: [
                [names.shift] + stats.map { DatasetTable.compact($0.shift) },
                [names.scale] + stats.map { DatasetTable.compact($0.scale) },
            ],
            alignments: [.left] + stats.map { _ in .right }, fixedColumns: 1)
        return summary + "\n" + table.render(width: width)
    }

    public var memberNames: [String] { ["columns", names.shift, names.scale] }

    /// `.columns`, and the statistics as 1-D tensors in column order.
    public func member(_ name: String) throws -> Value? {
        switch name {
        case "columns": return .list(scaler.statistics.map { .string($0.column) })
        case names.shift: return statistic(\.shift)
        case names.scale: return statistic(\.scale)
        default: return nil
        }
    }

    private func statistic(_ field: KeyPath<ColumnScaler.Statistics, Double>) -> Value {
        let values = scaler.statistics.map { Float($0[keyPath: field]) }
        return .tensor((try? Tensor(shape: [values.count], scalars: values)) ?? Tensor(0))
    }

    /// `scale(ds)`: the dataset with the fitted columns scaled.
    public func call(_ positional: [Value], named: [(String, Value)]) throws -> Value {
        guard positional.count == 1, named.isEmpty, case let .object(object) = positional[0], let ds = object as? DatasetValue else {
            let got = positional.count == 1 && named.isEmpty ? positional[0].described : "\(positional.count + named.count) arguments"
            throw RuntimeError(.call(function: "scaler", problem: "takes one dataset, e.g. scale(val), got \(got)"))
        }
        do {
            return .object(DatasetValue(try scaler.apply(to: ds.dataset)))
        } catch {
            throw RuntimeError(.call(function: "scaler", problem: error.description))
        }
    }
}
