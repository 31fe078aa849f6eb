import Engine
import Foundation
import Lang

/// Section "table": `digits.where(r -> r.label == 3)` over digits' 1797 rows against the
/// same predicate run by `filter` over the same rows already made into a list of
/// records, in the same run. The ratio is what `where` adds per row beyond calling the
/// predicate: building each row's record of 65 cells.
struct DatasetBench {
    let reps: Int
    let dataPath: String

    /// (where seconds, filter seconds, paired speedup of filter over where).
    func run() throws -> (where: Double, filter: Double, paired: Double) {
        let table = try NumericCSV.load(path: dataPath)
        let width = table.columns.count
        let columns = table.columns.enumerated().map { j, name in
            DataColumn.numeric(name, (0..<table.rows).map { Double(table.values[$0 * width + j]) })
        }
        let digits = try Dataset(name: "digits", columns: columns, target: "label")
        let interpreter = Interpreter(host: RecordingHost(), seed: 0)
        interpreter.define("digits", .object(DatasetValue(digits)))
        _ = try interpreter.run(Source(name: "bench", text: "rows = [r for r in digits];"))
        let whereCall = Source(name: "bench", text: "digits.where(r -> r.label == 3);")
        let filterCall = Source(name: "bench", text: "filter(rows, r -> r.label == 3);")
        let timed = try Timing.interleaved(
            minRounds: reps, budget: 1, { _ = try interpreter.run(whereCall) }, { _ = try interpreter.run(filterCall) })
        return (timed.a, timed.b, timed.pairedSpeedup)
    }
}
