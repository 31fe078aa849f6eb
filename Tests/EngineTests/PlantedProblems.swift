import Engine

/// Small datasets with known problems planted in them, for the inspection tests: each
/// inspection must find exactly what was planted, no more, no less.
enum PlantedProblems {
    /// 120 rows of two features (`height`, `weight`) and a `label` of classes a, b, c,
    /// all rows distinct and ordinary (a smooth pattern), with:
    /// - rows 40 and 97 identical in every column (a duplicate pair);
    /// - row 63's weight 950, far outside the other weights (an outlier);
    /// - row 18's height missing;
    /// - class c only in rows 5, 50 and 110 (3 rows; a and b have 50 or more).
    static let duplicatePair = [40, 97]
    static let outlierRow = 63
    static let missingRow = 18
    static let rareRows = [5, 50, 110]

    static func dataset() throws -> Dataset {
        let rows = 120
        var height: [Double] = (0..<rows).map { (i: Int) -> Double in 150 + Double((i * 37) % 50) + Double(i) * 0.01 }
        var weight: [Double] = (0..<rows).map { (i: Int) -> Double in 50 + Double((i * 53) % 40) + Double(i) * 0.001 }
        var label: [String?] = (0..<rows).map { $0 % 2 == 0 ? "a" : "b" }
        for row in rareRows { label[row] = "c" }
        height[duplicatePair[1]] = height[duplicatePair[0]]
        weight[duplicatePair[1]] = weight[duplicatePair[0]]
        label[duplicatePair[1]] = label[duplicatePair[0]]
        weight[outlierRow] = 950
        height[missingRow] = .nan
        return try Dataset(
            name: "planted", columns: [.numeric("height", height), .numeric("weight", weight), .categorical("label", label)],
            target: "label")
    }

    /// A train/val pair of the planted dataset's rows: train rows 0..<90, val rows
    /// 90..<120, except val row 7 copies train row 12's features (with another label:
    /// a leak is about the inputs).
    static let leak = (train: 12, val: 7)

    static func trainAndVal() throws -> (Dataset, Dataset) {
        let all = try dataset()
        let train = all.picking(Array(0..<90))
        var valRows = Array(90..<120)
        valRows[leak.val] = leak.train
        var val = all.picking(valRows)
        // Another label on the copied row: the leak must still be found.
        let labels = (0..<val.rowCount).map { $0 == leak.val ? "b" : val.columns[2].text(at: $0) }
        val = try Dataset(name: "val", columns: [val.columns[0], val.columns[1], .categorical("label", labels)], target: "label")
        return (train, val)
    }
}
