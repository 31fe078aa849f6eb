/// A table of named columns with an optional target column and image shape: what
/// `load("digits")` gives. A value: every operation (picking rows, selecting columns)
/// returns a new dataset and leaves this one as it was; the columns' arrays are shared
/// until one is changed.
public struct Dataset: Sendable, Equatable {
    /// The height and width of the picture the feature columns make, row by row.
    public struct ImageShape: Sendable, Equatable {
        public let height: Int
        public let width: Int
        public init(height: Int, width: Int) {
            self.height = height
            self.width = width
        }
    }

    /// Where the data came from (`digits`, `my.csv`), for the summary line.
    public var name: String
    public private(set) var columns: [DataColumn]
    /// The column the model predicts, when there is one; never also a feature.
    public private(set) var target: String?
    /// The picture the features make (digits: 8×8), when they make one.
    public private(set) var imageShape: ImageShape?
    /// What the target holds, or nil without a target. Fixed when the target is set, so
    /// rows picked from the dataset (a split, a filter) keep the full class list and
    /// `.y` numbers the classes the same way in every part, even one lacking a class.
    public private(set) var targetKind: TargetKind?
    public let rowCount: Int

    /// - Throws: `DatasetError` when columns differ in length, two share a name, the
    ///   target is not a column, or the image shape does not match the feature count.
    public init(name: String, columns: [DataColumn], target: String? = nil, imageShape: ImageShape? = nil) throws(DatasetError) {
        let rows = columns.first?.count ?? 0
        var seen = Set<String>()
        for column in columns {
            guard column.count == rows else {
                throw .lengthMismatch(column: column.name, rows: column.count, expected: rows)
            }
            guard seen.insert(column.name).inserted else { throw .duplicateColumn(column.name) }
        }
        self.name = name
        self.columns = columns
        self.rowCount = rows
        self.target = nil
        self.imageShape = nil
        self.targetKind = nil
        try setTarget(target)
        try setImageShape(imageShape)
    }

    /// The names of the columns, in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The column named `name`, or nil.
    public func column(named name: String) -> DataColumn? {
        columns.first { $0.name == name }
    }

    /// The columns that are not the target, in order: what `.x` holds.
    public var featureColumns: [DataColumn] {
        columns.filter { $0.name != target }
    }

    /// The target column, when there is one.
    public var targetColumn: DataColumn? {
        target.flatMap { column(named: $0) }
    }

    /// Makes `name` the target (nil for none).
    /// - Throws: `DatasetError.noSuchColumn` when no column has that name, or
    ///   `.imageShapeMismatch` when the features would no longer make the image.
    public mutating func setTarget(_ name: String?) throws(DatasetError) {
        if let name, column(named: name) == nil { throw .noSuchColumn(name, columns: columnNames) }
        let old = target
        target = name
        if let shape = imageShape, shape.height * shape.width != featureColumns.count {
            target = old
            throw .imageShapeMismatch(height: shape.height, width: shape.width, features: featureColumns.count)
        }
        targetKind = targetColumn.map(Self.kind(of:))
    }

    /// Makes the features a `height × width` picture (nil for none).
    /// - Throws: `DatasetError.imageShapeMismatch` when height × width is not the
    ///   number of feature columns.
    public mutating func setImageShape(_ shape: ImageShape?) throws(DatasetError) {
        if let shape {
            let (cells, overflow) = shape.height.multipliedReportingOverflow(by: shape.width)
            guard shape.height > 0, shape.width > 0, !overflow, cells == featureColumns.count else {
                throw .imageShapeMismatch(height: shape.height, width: shape.width, features: featureColumns.count)
            }
        }
        imageShape = shape
    }

    /// The dataset holding only `rows`, in that order (a row may repeat). Every entry
    /// must be in `0..<rowCount`.
    public func picking(_ rows: [Int]) -> Dataset {
        Dataset(
            unchecked: name, columns: columns.map { $0.picking(rows) }, target: target, targetKind: targetKind, imageShape: imageShape,
            rowCount: rows.count)
    }

    /// The dataset with only the named columns, in the order given. The target stays
    /// when it is among them; the image shape stays when the features still make it.
    /// - Throws: `DatasetError.noSuchColumn` for a name that is not a column.
    public func selecting(_ names: [String]) throws(DatasetError) -> Dataset {
        var picked: [DataColumn] = []
        for name in names {
            guard let column = column(named: name) else { throw .noSuchColumn(name, columns: columnNames) }
            picked.append(column)
        }
        var result = try Dataset(name: name, columns: picked, target: target.flatMap { names.contains($0) ? $0 : nil })
        if let shape = imageShape, shape.height * shape.width == result.featureColumns.count {
            try result.setImageShape(shape)
        }
        return result
    }

    /// Replaces the values of the column `name`, keeping its name, its place, the target
    /// and its class list (a target's values being replaced re-reads its kind).
    /// - Throws: `DatasetError.noSuchColumn`, or `.lengthMismatch` for values of another
    ///   length than the dataset's rows.
    public mutating func replaceValues(of name: String, with storage: DataColumn.Storage) throws(DatasetError) {
        guard let i = columns.firstIndex(where: { $0.name == name }) else { throw .noSuchColumn(name, columns: columnNames) }
        let replacement = DataColumn(name: name, storage: storage)
        guard replacement.count == rowCount else { throw .lengthMismatch(column: name, rows: replacement.count, expected: rowCount) }
        columns[i] = replacement
        if name == target { targetKind = Self.kind(of: replacement) }
    }

    /// For `picking`, whose columns all have `rowCount` rows and keep their names.
    private init(
        unchecked name: String, columns: [DataColumn], target: String?, targetKind: TargetKind?, imageShape: ImageShape?, rowCount: Int
    ) {
        self.name = name
        self.columns = columns
        self.target = target
        self.targetKind = targetKind
        self.imageShape = imageShape
        self.rowCount = rowCount
    }
}

/// Why a dataset cannot be built or changed as asked.
public enum DatasetError: Error, Sendable, Equatable, CustomStringConvertible {
    case lengthMismatch(column: String, rows: Int, expected: Int)
    case duplicateColumn(String)
    case noSuchColumn(String, columns: [String])
    case imageShapeMismatch(height: Int, width: Int, features: Int)
    case noTarget(columns: [String])
    case missingTarget(column: String, row: Int)
    case notNumeric(String)

    /// Column names for a message: the first eight, then `…`.
    public static func listing(_ columns: [String]) -> String {
        columns.prefix(8).joined(separator: ", ") + (columns.count > 8 ? ", …" : "")
    }

    public var description: String {
        switch self {
        case let .lengthMismatch(column, rows, expected):
            return "column '\(column)' has \(rows) rows where the others have \(expected)"
        case let .duplicateColumn(name):
            return "two columns are named '\(name)'; column names must differ"
        case let .noSuchColumn(name, columns):
            return "the dataset has no column '\(name)' (its columns are \(Self.listing(columns)))"
        case let .imageShapeMismatch(height, width, features):
            return "an image of \(height)×\(width) needs \(height &* width) feature columns, but there are \(features)"
        case let .noTarget(columns):
            return "the dataset has no target column; name one with load(..., target: \"col\") (its columns are \(Self.listing(columns)))"
        case let .missingTarget(column, row):
            return "row \(row) has no value in the target column '\(column)'; drop such rows first with where"
        case let .notNumeric(name):
            return "column '\(name)' holds text, not numbers"
        }
    }
}
