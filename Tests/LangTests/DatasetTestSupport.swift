import Engine
import Foundation

@testable import Lang

/// Datasets for the table tests, made without `load` (another part of the work): digits
/// read through the Engine's `NumericCSV`, and a small mixed one built by `dataset(...)`.
enum DatasetFixtures {
    /// `stdlib/data/NAME` in this checkout, found from this file's path.
    static func bundled(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("stdlib/data/\(name)").path
    }

    /// digits.csv as a dataset: 64 pixel columns (8×8) and the target `label`.
    static let digits: Dataset = {
        let table = (try? NumericCSV.load(path: bundled("digits.csv"))) ?? NumericTable(columns: [], rows: 0, values: [])
        let width = table.columns.count
        let columns = table.columns.enumerated().map { j, name in
            DataColumn.numeric(name, (0..<table.rows).map { Double(table.values[$0 * width + j]) })
        }
        var ds = (try? Dataset(name: "digits", columns: columns, target: "label"))
        if let shape = Dataset.inferredImageShape(features: ds?.featureColumns.map(\.name) ?? []) { try? ds?.setImageShape(shape) }
        return ds ?? (try! Dataset(name: "digits", columns: []))
    }()

    /// A session with `digits` defined as a global.
    static func digitsSession(seed: UInt64 = 0) -> EvalSession {
        let session = EvalSession(seed: seed)
        session.interpreter.define("digits", .object(DatasetValue(digits)))
        return session
    }

    /// Six rows: a numeric feature with a missing cell, a categorical one with a
    /// missing cell, and a class target, as `pets`.
    static let petsSource = """
        pets = dataset({name: ["rex", "tom", "kit", none, "bo", "ada"], weight: [12.5, 4, 3.25, 30, none, 4], \
        label: ["dog", "cat", "cat", "dog", "dog", "cat"]})
        """

    /// A session with `pets` defined.
    static func petsSession(seed: UInt64 = 0) -> EvalSession {
        let session = EvalSession(seed: seed)
        session.run(petsSource)
        return session
    }
}
