/// What a dataset feeds a network: the features as a float32 matrix (`.x`) and the
/// target as class indices or values (`.y`), and the conventions that pick the target
/// and the image shape when `load` is not told them.
extension Dataset {
    /// What the target holds.
    public enum TargetKind: Sendable, Equatable {
        /// Classes, by their labels; `.y` holds indices into this list.
        case classes([String])
        /// Numbers to regress; `.y` holds them as they are.
        case values
    }

    /// The most classes a whole-number target may have and still count as classes.
    public static let maxClasses = 1000

    /// Column names taken as the target when `load` is given none, in order of preference.
    public static let targetNames = ["label", "target", "class", "y"]

    /// The target `load` picks when none is given: the first column named (in any case)
    /// `label`, `target`, `class` or `y`.
    public static func inferredTarget(in names: [String]) -> String? {
        for wanted in targetNames {
            if let name = names.first(where: { $0.lowercased() == wanted }) { return name }
        }
        return nil
    }

    /// The picture the feature columns make when they are named `pixel_R_C` and walk a
    /// full `H × W` grid row by row, as digits' 64 columns walk 8×8; nil otherwise.
    public static func inferredImageShape(features names: [String]) -> ImageShape? {
        var cells: [(row: Int, column: Int)] = []
        cells.reserveCapacity(names.count)
        for name in names {
            let parts = name.split(separator: "_", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "pixel", let r = Int(parts[1]), let c = Int(parts[2]), r >= 0, c >= 0 else {
                return nil
            }
            cells.append((r, c))
        }
        guard let last = cells.last else { return nil }
        let height = last.row + 1
        let width = last.column + 1
        guard height * width == cells.count else { return nil }
        for (i, cell) in cells.enumerated() where cell.row != i / width || cell.column != i % width {
            return nil
        }
        return ImageShape(height: height, width: width)
    }

    /// What `column` holds as a target: a categorical column is classes in order of
    /// first appearance; a numeric one is classes (sorted) when every value is a whole
    /// number and there are at most `maxClasses` of them, else values.
    static func kind(of column: DataColumn) -> TargetKind {
        switch column.storage {
        case let .categorical(_, categories):
            return .classes(categories)
        case let .numeric(values):
            var distinct = Set<Double>()
            for value in values where !value.isNaN {
                guard value == value.rounded(), abs(value) < 1e15 else { return .values }
                distinct.insert(value)
                if distinct.count > Self.maxClasses { return .values }
            }
            return .classes(distinct.sorted().map { String(Int64($0)) })
        }
    }

    /// The feature columns as a `rows × features` float32 tensor: numbers as they are,
    /// categories as their codes, missing cells as NaN.
    public func features() throws -> Tensor {
        let features = featureColumns
        var scalars = [Float](repeating: 0, count: rowCount * features.count)
        let width = features.count
        for (j, column) in features.enumerated() {
            for row in 0..<rowCount { scalars[row * width + j] = Float(column.number(at: row)) }
        }
        return try Tensor(shape: [rowCount, width], scalars: scalars)
    }

    /// The target as a tensor of `rows` values: class indices into `targetKind`'s labels,
    /// or the values to regress.
    /// - Throws: `DatasetError.noTarget` without a target, `.missingTarget` naming the
    ///   first row whose target is missing.
    public func targets() throws -> Tensor {
        guard let column = targetColumn, let kind = targetKind else { throw DatasetError.noTarget(columns: columnNames) }
        var scalars = [Float](repeating: 0, count: rowCount)
        var classIndex: [Double: Int] = [:]
        if case let .classes(labels) = kind, column.isNumeric {
            for (i, label) in labels.enumerated() { classIndex[Double(label) ?? .nan] = i }
        }
        for row in 0..<rowCount {
            let value = column.number(at: row)
            guard !value.isNaN else { throw DatasetError.missingTarget(column: column.name, row: row) }
            scalars[row] = Float(classIndex.isEmpty ? value : Double(classIndex[value] ?? 0))
        }
        return try Tensor(shape: [rowCount], scalars: scalars)
    }
}
