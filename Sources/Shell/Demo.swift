import Engine

/// The engine demo: loads digits, splits it as the benchmarks do (every fifth row is a
/// test row) and trains a small network on it.
/// - Parameter dataPath: a digits CSV file: 64 pixel columns, then `label`.
/// - Throws: `CSVError` when the file cannot be read, or an engine error.
func runDemo(dataPath: String) throws {
    let table = try NumericCSV.load(path: dataPath)
    let (train, test) = table.split()
    print("digits: \(table.rows) rows, train \(train.count), test \(test.count)")
}
