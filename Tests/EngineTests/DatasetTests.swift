import Testing

@testable import Engine

@Suite("Datasets: columns, target, image shape, tensors")
struct DatasetTests {
    private func sample() throws -> Dataset {
        try Dataset(
            name: "t",
            columns: [
                .numeric("a", [1, 2, .nan, 4]),
                .categorical("kind", ["x", "y", "x", nil]),
                .numeric("label", [3, 1, 3, 2]),
            ],
            target: "label")
    }

    @Test func picksTheTargetAndImageShapeByConvention() {
        #expect(Dataset.inferredTarget(in: ["a", "Class", "y"]) == "Class")
        #expect(Dataset.inferredTarget(in: ["a", "b"]) == nil)
        let pixels = (0..<2).flatMap { r in (0..<3).map { c in "pixel_\(r)_\(c)" } }
        #expect(Dataset.inferredImageShape(features: pixels) == Dataset.ImageShape(height: 2, width: 3))
        #expect(Dataset.inferredImageShape(features: Array(pixels.reversed())) == nil)
        #expect(Dataset.inferredImageShape(features: Array(pixels.dropLast())) == nil)
        #expect(Dataset.inferredImageShape(features: ["a"]) == nil)
    }

    @Test func featuresAndTargetsBecomeTensors() throws {
        let ds = try sample()
        #expect(ds.targetKind == .classes(["1", "2", "3"]))
        #expect(try ds.targets().scalars == [2, 0, 2, 1])
        let x = try ds.features()
        #expect(x.shape == [4, 2])
        #expect(x.scalars[0] == 1 && x.scalars[1] == 0 && x.scalars[3] == 1)
        #expect(x.scalars[4].isNaN && x.scalars[7].isNaN)
        #expect(ds.columns[0].missingCount == 1 && ds.columns[1].missingCount == 1)
    }

    @Test func pickingAndSelectingKeepWhatStillHolds() throws {
        let ds = try sample()
        let picked = ds.picking([3, 0, 0])
        #expect(picked.rowCount == 3)
        #expect(picked.column(named: "a")?.storage == .numeric([4, 1, 1]))
        #expect(picked.column(named: "kind")?.text(at: 0) == nil && picked.column(named: "kind")?.text(at: 1) == "x")
        let selected = try ds.selecting(["kind", "a"])
        #expect(selected.columnNames == ["kind", "a"] && selected.target == nil)
        #expect(throws: DatasetError.noSuchColumn("zz", columns: ["a", "kind", "label"])) { try ds.selecting(["zz"]) }
    }

    @Test func refusesInconsistentTables() {
        #expect(throws: DatasetError.lengthMismatch(column: "b", rows: 1, expected: 2)) {
            try Dataset(name: "t", columns: [.numeric("a", [1, 2]), .numeric("b", [1])])
        }
        #expect(throws: DatasetError.duplicateColumn("a")) {
            try Dataset(name: "t", columns: [.numeric("a", [1]), .numeric("a", [1])])
        }
        #expect(throws: DatasetError.imageShapeMismatch(height: 2, width: 2, features: 1)) {
            try Dataset(name: "t", columns: [.numeric("a", [1])], imageShape: .init(height: 2, width: 2))
        }
        let regression = try? Dataset(name: "t", columns: [.numeric("y", [0.5, 2])], target: "y")
        #expect(regression?.targetKind == .values)
        #expect(throws: DatasetError.missingTarget(column: "y", row: 1)) {
            try Dataset(name: "t", columns: [.numeric("y", [1, .nan])], target: "y").targets()
        }
    }
}

@Suite("Datasets keep their classes through row picking")
struct DatasetClassTests {
    /// A validation split that lacks a class must still number the others as the full
    /// data does, or `.y` silently means different classes in train and val.
    @Test func aSubsetKeepsTheClassListAndItsIndices() throws {
        let ds = try Dataset(name: "t", columns: [.numeric("a", [0, 1, 2, 3]), .numeric("label", [1, 2, 3, 3])], target: "label")
        let subset = ds.picking([2, 3])
        #expect(subset.targetKind == .classes(["1", "2", "3"]))
        #expect(try subset.targets().scalars == [2, 2])
        var retargeted = subset
        try retargeted.setTarget("a")
        #expect(retargeted.targetKind == .classes(["2", "3"]))
    }
}

@Suite("Scaling keeps a part's classes")
struct DatasetScalingClassTests {
    @Test func scalingASubsetKeepsTheFullClassList() throws {
        let ds = try Dataset(name: "t", columns: [.numeric("a", [0, 1, 2, 3]), .numeric("label", [1, 2, 3, 3])], target: "label")
        let scaler = ColumnScaler(.standardize, fittedOn: ds)
        let val = try scaler.apply(to: ds.picking([2, 3]))
        #expect(val.targetKind == .classes(["1", "2", "3"]))
        #expect(try val.targets().scalars == [2, 2])
    }
}
