/// One named column of a dataset, stored whole (column-major), as pandas and R keep a
/// data frame: statistics, sorting and selection walk one contiguous array.
///
/// A numeric column keeps doubles, so a whole-number id or count up to 2^53 survives a
/// load exactly (a float32 column would round 16,777,217); the feature tensor is float32.
/// A missing numeric cell is NaN. A categorical column keeps each distinct string once,
/// in order of first appearance, and a code per row; a missing cell has code -1.
public struct DataColumn: Sendable, Equatable {
    public enum Storage: Sendable, Equatable {
        /// Numbers; NaN marks a missing cell.
        case numeric([Double])
        /// Strings as codes into `categories`; -1 marks a missing cell.
        case categorical(codes: [Int32], categories: [String])
    }

    public var name: String
    public var storage: Storage

    public init(name: String, storage: Storage) {
        self.name = name
        self.storage = storage
    }

    /// A numeric column.
    public static func numeric(_ name: String, _ values: [Double]) -> DataColumn {
        DataColumn(name: name, storage: .numeric(values))
    }

    /// A categorical column from its strings; nil entries are missing.
    public static func categorical(_ name: String, _ values: [String?]) -> DataColumn {
        var categories: [String] = []
        var index: [String: Int32] = [:]
        var codes: [Int32] = []
        codes.reserveCapacity(values.count)
        for value in values {
            guard let value else {
                codes.append(-1)
                continue
            }
            if let code = index[value] {
                codes.append(code)
            } else {
                let code = Int32(truncatingIfNeeded: categories.count)
                index[value] = code
                categories.append(value)
                codes.append(code)
            }
        }
        return DataColumn(name: name, storage: .categorical(codes: codes, categories: categories))
    }

    /// The number of rows.
    public var count: Int {
        switch storage {
        case let .numeric(values): return values.count
        case let .categorical(codes, _): return codes.count
        }
    }

    public var isNumeric: Bool {
        if case .numeric = storage { return true }
        return false
    }

    /// Whether the cell in `row` is missing. `row` must be in `0..<count`.
    public func isMissing(_ row: Int) -> Bool {
        switch storage {
        case let .numeric(values): return values[row].isNaN
        case let .categorical(codes, _): return codes[row] < 0
        }
    }

    /// How many cells are missing.
    public var missingCount: Int {
        switch storage {
        case let .numeric(values): return values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        case let .categorical(codes, _): return codes.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        }
    }

    /// The cell in `row` as a number: the value, or the category's code; NaN when missing.
    /// `row` must be in `0..<count`.
    public func number(at row: Int) -> Double {
        switch storage {
        case let .numeric(values): return values[row]
        case let .categorical(codes, _): return codes[row] < 0 ? .nan : Double(codes[row])
        }
    }

    /// The cell in `row` as text (`nil` when missing): a category's string, or the number.
    /// `row` must be in `0..<count`.
    public func text(at row: Int) -> String? {
        switch storage {
        case let .numeric(values):
            return values[row].isNaN ? nil : String(values[row])
        case let .categorical(codes, categories):
            return codes[row] < 0 ? nil : categories[Int(codes[row])]
        }
    }

    /// The column holding only `rows`, in that order (a row may repeat). Every entry of
    /// `rows` must be in `0..<count`; categories are kept as they are.
    public func picking(_ rows: [Int]) -> DataColumn {
        switch storage {
        case let .numeric(values):
            return DataColumn(name: name, storage: .numeric(rows.map { values[$0] }))
        case let .categorical(codes, categories):
            return DataColumn(name: name, storage: .categorical(codes: rows.map { codes[$0] }, categories: categories))
        }
    }
}
