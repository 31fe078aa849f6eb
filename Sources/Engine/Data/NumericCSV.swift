/// A numeric table read from a CSV file: named columns and row-major float32 values.
public struct NumericTable: Sendable, Equatable {
    /// The names from the header row, in file order.
    public let columns: [String]
    /// The number of data rows (the header is not counted).
    public let rows: Int
    /// `rows × columns.count` values, row-major: row `r`, column `c` is at `r * columns.count + c`.
    public let values: [Float]

    public init(columns: [String], rows: Int, values: [Float]) {
        self.columns = columns
        self.rows = rows
        self.values = values
    }
}

public extension NumericTable {
    /// The benchmark split: row `i` (0-based, in file order) is a test row when
    /// `i % testEvery == testRemainder`, a training row otherwise.
    /// With the defaults, digits.csv gives 1438 training and 359 test rows.
    /// A `testEvery` below 1 puts every row in training.
    /// - Complexity: O(rows).
    func split(testEvery: Int = 5, testRemainder: Int = 4) -> (train: [Int], test: [Int]) {
        guard testEvery > 0 else { return (Array(0..<rows), []) }
        var train: [Int] = []
        var test: [Int] = []
        train.reserveCapacity(rows)
        test.reserveCapacity(rows / testEvery + 1)
        for row in 0..<rows {
            if row % testEvery == testRemainder { test.append(row) } else { train.append(row) }
        }
        return (train, test)
    }
}

/// CSV files of numbers as a `NumericTable`, for the demo and the benchmarks: every
/// column numbers, no missing cells, each within float32's range. The parsing is
/// `CSVReader`'s (one CSV parser); this only asks it to refuse anything else.
public enum NumericCSV {
    /// Reads and parses the file at `path`; error messages name it as given.
    /// - Throws: `CSVError`.
    public static func load(path: String) throws(CSVError) -> NumericTable {
        table(try CSVReader.read(path: path, options: CSVReader.Options(numericOnly: true)).dataset)
    }

    /// Parses CSV text; `source` names it in error messages (a file name, say).
    /// - Throws: `CSVError`.
    public static func parse(_ text: String, source: String) throws(CSVError) -> NumericTable {
        table(try CSVReader.parse(text, source: source, options: CSVReader.Options(numericOnly: true)).dataset)
    }

    /// The dataset's cells as float32, row-major (every column is numeric: the reader
    /// was told to allow nothing else).
    private static func table(_ dataset: Dataset) -> NumericTable {
        let width = dataset.columns.count
        var values = [Float](repeating: 0, count: dataset.rowCount * width)
        for (c, column) in dataset.columns.enumerated() {
            guard case let .numeric(numbers) = column.storage else { continue }
            for (r, number) in numbers.enumerated() { values[r * width + c] = Float(number) }
        }
        return NumericTable(columns: dataset.columnNames, rows: dataset.rowCount, values: values)
    }
}
