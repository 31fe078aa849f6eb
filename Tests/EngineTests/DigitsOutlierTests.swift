import Testing

@testable import Engine

/// `outliers` on the real digits data, the case a plain per-column z-score gets wrong.
@Suite("outliers on digits")
struct DigitsOutlierTests {
    /// digits.csv as a Dataset: 64 pixel columns (an 8×8 image) and the target `label`.
    static func digits() throws -> Dataset {
        let table = try NumericCSV.load(path: NumericCSVTests.bundledData("digits.csv"))
        let width = table.columns.count
        let columns = table.columns.enumerated().map { j, name in
            DataColumn.numeric(name, (0..<table.rows).map { Double(table.values[$0 * width + j]) })
        }
        return try Dataset(name: "digits", columns: columns, target: "label", imageShape: .init(height: 8, width: 8))
    }

    /// Replaces one pixel of one row.
    static func planting(_ value: Double, row: Int, column: String, in ds: Dataset) throws -> Dataset {
        let columns = ds.columns.map { c -> DataColumn in
            guard c.name == column, case var .numeric(values) = c.storage else { return c }
            values[row] = value
            return .numeric(c.name, values)
        }
        return try Dataset(name: ds.name, columns: columns, target: ds.target, imageShape: ds.imageShape)
    }

    /// Every digits pixel is one of the 17 levels 0...16 the UCI data was made of, so
    /// nothing in it is corrupted: the pooled pixels have quartiles 0 and 10, a robust
    /// scale of 7.4, and 16 scores 2.0, so no row is flagged at z 4 or iqr 3. (A plain
    /// per-column z-score, population std, flags 210 rows here.)
    @Test func unmodifiedDigitsHaveNoOutliers() throws {
        let ds = try Self.digits()
        #expect(ds.outliers(.z(4)).isEmpty)
        #expect(ds.outliers(.iqr(3)).isEmpty)
        #expect(Self.naiveZFlaggedRows(ds, threshold: 4) == 210)
    }

    @Test(arguments: [999.0, -50.0])
    func aCorruptedPixelComesFirst(value: Double) throws {
        let ds = try Self.planting(value, row: 1234, column: "pixel_3_4", in: Self.digits())
        let found = ds.outliers(.z(4))
        #expect(found.first?.row == 1234)
        #expect(found.first?.cells.first?.column == "pixel_3_4")
        #expect(found.count == 1)
    }

    /// The rule the robust one replaces: per column (mean, population std), |z| > threshold.
    static func naiveZFlaggedRows(_ ds: Dataset, threshold: Double) -> Int {
        var flagged = Set<Int>()
        for column in ds.featureColumns {
            guard case let .numeric(values) = column.storage else { continue }
            let mean = values.reduce(0, +) / Double(values.count)
            let std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
            guard std > 0 else { continue }
            for (row, x) in values.enumerated() where abs(x - mean) / std > threshold { flagged.insert(row) }
        }
        return flagged.count
    }
}
