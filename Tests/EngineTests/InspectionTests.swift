import Testing

@testable import Engine

@Suite("Inspection: describe, counts, dups, outliers, missing")
struct InspectionTests {
    // MARK: describe

    @Test func describeMatchesPandas() {
        // pandas: Series([4, 1, 3, 2, 10, nan]).describe(): count 5, mean 4, std 3.535534,
        // min 1, 25% 2, 50% 3, 75% 4, max 10.
        let stats = ColumnStatistics(.numeric("x", [4, 1, 3, 2, 10, .nan]))
        #expect(stats.count == 5 && stats.missing == 1 && stats.unique == 5)
        #expect(stats.mean == 4 && stats.min == 1 && stats.max == 10)
        #expect(abs((stats.std ?? 0) - 3.5355339059) < 1e-9)
        #expect(stats.quartiles == [2, 3, 4])
    }

    @Test func quartilesInterpolateLinearlyAsNumPy() {
        // np.percentile([1, 2, 3, 4], [25, 50, 75]) == [1.75, 2.5, 3.25]
        #expect(ColumnStatistics(.numeric("x", [4, 3, 2, 1])).quartiles == [1.75, 2.5, 3.25])
        #expect(ColumnStatistics(.numeric("x", [7])).quartiles == [7, 7, 7])
        #expect(ColumnStatistics(.numeric("x", [7])).std == nil)
    }

    @Test(arguments: [1, 2, 5, 100, 1001, 100_000])
    func selectionAgreesWithSorting(n: Int) {
        var random = SystemRandomNumberGenerator()
        let values = (0..<n).map { _ in Double(Int.random(in: 0..<(n / 2 + 1), using: &random)) }
        let sorted = values.sorted()
        let expected = [0.25, 0.5, 0.75].map { level -> Double in
            let p = level * Double(n - 1)
            let k = Int(p)
            return k + 1 < n ? sorted[k] + (sorted[k + 1] - sorted[k]) * (p - Double(k)) : sorted[k]
        }
        let stats = ColumnStatistics(.numeric("x", values))
        #expect(stats.quartiles == expected)
        #expect(stats.unique == Set(values).count)
    }

    @Test func categoricalColumnsGetTopAndUnique() {
        let stats = ColumnStatistics(.categorical("c", ["x", "y", nil, "y"]))
        #expect(!stats.isNumeric && stats.count == 3 && stats.missing == 1 && stats.unique == 2)
        #expect(stats.top == "y" && stats.topCount == 2 && stats.mean == nil)
    }

    @Test func describeCoversEveryColumn() throws {
        let ds = try PlantedProblems.dataset()
        let stats = ds.describe()
        #expect(stats.map(\.name) == ["height", "weight", "label"])
        #expect(stats[0].missing == 1 && stats[0].count == 119)
        #expect(stats[2].unique == 3)
    }

    // MARK: The planted problems: each found exactly

    @Test func countsFlagsExactlyTheRareClass() throws {
        let counts = ClassCounts(try PlantedProblems.dataset().targetColumn ?? .numeric("", []))
        #expect(counts.entries.map(\.label) == ["a", "b", "c"])
        #expect(counts.entries.map(\.count) == [59, 58, 3])
        #expect(counts.entries.filter(\.isRare).map(\.label) == ["c"])
        #expect(counts.largest?.label == "a")
    }

    @Test func dupsFindsExactlyThePlantedPair() throws {
        #expect(try PlantedProblems.dataset().duplicateGroups() == [PlantedProblems.duplicatePair])
    }

    @Test func dupsTreatsMissingCellsAsEqual() throws {
        let ds = try Dataset(name: "d", columns: [.numeric("a", [.nan, 1, .nan]), .categorical("b", [nil, "x", nil])])
        #expect(ds.duplicateGroups() == [[0, 2]])
    }

    @Test func dupsOfTwoDatasetsFindsExactlyTheLeak() throws {
        let (train, val) = try PlantedProblems.trainAndVal()
        let pairs = try train.sharedRows(with: val)
        #expect(pairs.map(\.row) == [PlantedProblems.leak.train])
        #expect(pairs.map(\.otherRow) == [PlantedProblems.leak.val])
    }

    @Test func dupsOfTwoDatasetsNeedsTheFeatures() throws {
        let a = try Dataset(name: "a", columns: [.numeric("x", [1])])
        let b = try Dataset(name: "b", columns: [.numeric("y", [1])])
        #expect(throws: DatasetError.noSuchColumn("x", columns: ["y"])) { try a.sharedRows(with: b) }
    }

    @Test(arguments: [OutlierRule.z(4), .iqr(3)])
    func outliersFindsExactlyThePlantedRow(rule: OutlierRule) throws {
        let found = try PlantedProblems.dataset().outliers(rule)
        #expect(found.map(\.row) == [PlantedProblems.outlierRow])
        #expect(found.first?.cells.map(\.column) == ["weight"])
    }

    @Test func missingFindsExactlyThePlantedCell() throws {
        let cells = MissingCells(try PlantedProblems.dataset())
        #expect(cells.rows.map(\.row) == [PlantedProblems.missingRow])
        #expect(cells.rows.first?.columns == ["height"])
        #expect(cells.columns.map(\.name) == ["height"] && cells.cellCount == 1)
    }

    // MARK: outliers on sparse columns

    @Test func aLoneOneInASparseColumnIsOrdinary() throws {
        var sparse = [Double](repeating: 0, count: 200)
        sparse[3] = 1
        sparse[150] = 1
        var corrupted = sparse
        corrupted[77] = 999
        #expect(try Dataset(name: "s", columns: [.numeric("p", sparse)]).outliers(.z(4)).isEmpty)
        #expect(try Dataset(name: "s", columns: [.numeric("p", corrupted)]).outliers(.z(4)).map(\.row) == [77])
    }
}

@Suite("Inspection of extreme values")
struct InspectionExtremeTests {
    /// Infinities and numbers near the largest double must not trap (a bucket index from
    /// an infinite range would be NaN converted to an integer).
    @Test func infinitiesAndHugeNumbersAreDescribedAndScored() throws {
        let columns: [DataColumn] = [
            .numeric("inf", [1, .infinity, -.infinity, 2, .nan]),
            .numeric("huge", [-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude, 0, 1, 2]),
        ]
        let ds = try Dataset(name: "x", columns: columns)
        let stats = ds.describe()
        #expect(stats[0].count == 4 && stats[0].min == -.infinity && stats[0].max == .infinity && stats[0].unique == 4)
        #expect(stats[1].unique == 5 && stats[1].quartiles?[1] == 1)
        #expect(ds.outliers(.z(4)).map(\.row).sorted() == [0, 1, 2])
        #expect(ds.duplicateGroups().isEmpty)
    }
}
