import Engine

/// What `ds.name` and `ds[key]` read, as pandas reads a data frame.
///
/// Members: `.x` (the features, a rows × features float32 tensor), `.y` (the target as
/// class indices or values), `.columns` (names), `.classes` (the target's class labels,
/// none for a regression target or none at all), `.target` (its name or none), `.image`
/// ([height, width] or none), `.rows` (the row count), and any column by its name. The
/// fixed members win over a column of the same name; `ds["x"]` always reads a column.
///
/// A column reads as a 1-D tensor when numeric (NaN where a cell is missing), so
/// `ds.label == 3` is a mask and `mean(ds.petal_width)` works; a categorical column reads
/// as a list of strings (none where missing). A row reads as a record of column name to
/// a number or string (none where missing), so `ds.where(r -> r.label == 3)` reads as it
/// says.
extension DatasetValue {
    /// The members every dataset has, before its columns.
    static let fixedMembers = ["x", "y", "columns", "classes", "target", "image", "rows"]

    public var memberNames: [String] {
        Self.fixedMembers + dataset.columnNames.filter { !Self.fixedMembers.contains($0) }
    }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "x": return .tensor(try Self.lift { try dataset.features() })
        case "y": return .tensor(try Self.lift { try dataset.targets() })
        case "columns": return .list(dataset.columnNames.map(Value.string))
        case "classes":
            guard case let .classes(labels)? = dataset.targetKind else { return Value.none }
            return .list(labels.map(Value.string))
        case "target": return dataset.target.map(Value.string) ?? Value.none
        case "image":
            guard let shape = dataset.imageShape else { return Value.none }
            return .list([.number(Double(shape.height)), .number(Double(shape.width))])
        case "rows": return .number(Double(dataset.rowCount))
        default: return dataset.column(named: name).map(Self.columnValue)
        }
    }

    public func item(_ key: ObjectKey) throws -> Value {
        switch key {
        case let .position(position):
            return .record(row(at: position))
        case let .slice(slice):
            return .object(picking(Array(slice.positions)))
        case let .name(name):
            return Self.columnValue(try column(name))
        case let .value(value):
            return .object(picking(try rowPositions(value)))
        }
    }

    /// The column named `name`, or an error offering the closest name.
    func column(_ name: String) throws -> DataColumn {
        if let column = dataset.column(named: name) { return column }
        throw RuntimeError(.index(Self.noColumn(name, among: dataset.columnNames)))
    }

    /// `the dataset has no column 'lable' (did you mean 'label'?)`.
    static func noColumn(_ name: String, among names: [String]) -> String {
        let what = "the dataset has no column '\(name)'"
        if let close = closestName(to: name, among: names) { return what + " (did you mean '\(close)'?)" }
        return what + " (its columns are \(DatasetError.listing(names)))"
    }

    /// A new dataset value holding `rows` of this one, in that order.
    func picking(_ rows: [Int]) -> DatasetValue {
        DatasetValue(dataset.picking(rows))
    }

    /// Row `row` as a record of column name to cell (`0..<rowCount`).
    func row(at row: Int) -> Record {
        Record(names: dataset.columnNames, values: dataset.columns.map { Self.cell($0, row) })
    }

    /// One cell as a value: a number, a string, or none when missing.
    static func cell(_ column: DataColumn, _ row: Int) -> Value {
        switch column.storage {
        case let .numeric(values): return values[row].isNaN ? .none : .number(values[row])
        case let .categorical(codes, categories): return codes[row] < 0 ? .none : .string(categories[Int(codes[row])])
        }
    }

    /// A whole column as a value: a 1-D tensor of numbers, or a list of strings.
    static func columnValue(_ column: DataColumn) -> Value {
        switch column.storage {
        case let .numeric(values):
            return .tensor((try? Tensor(shape: [values.count], scalars: values.map(Float.init))) ?? Tensor(0))
        case .categorical:
            return .list((0..<column.count).map { cell(column, $0) })
        }
    }

    /// The rows `ds[value]` picks: a list of positions (negatives from the end), or a
    /// mask (a list of bools, or a tensor of 0s and 1s with one entry per row, what
    /// `ds.label == 3` gives), as NumPy picks rows.
    func rowPositions(_ value: Value) throws -> [Int] {
        let rows = dataset.rowCount
        let bools: [Bool]?
        switch value {
        case let .list(items) where !items.isEmpty && items.allSatisfy({ if case .bool = $0 { true } else { false } }):
            bools = items.map { $0 == .bool(true) }
        case let .tensor(t) where t.rank == 1 && t.count == rows && t.scalars.allSatisfy({ $0 == 0 || $0 == 1 }):
            bools = t.scalars.map { $0 == 1 }
        default:
            bools = nil
        }
        if let bools {
            guard bools.count == rows else {
                throw RuntimeError(.index("a mask over a dataset needs one entry per row (\(rows)), got \(bools.count)"))
            }
            return bools.indices.filter { bools[$0] }
        }
        let numbers: [Double]
        switch value {
        case let .list(items):
            numbers = try items.map { item in
                guard case let .number(x) = item else { throw Self.badIndex(value) }
                return x
            }
        case let .tensor(t) where t.rank == 1: numbers = t.scalars.map(Double.init)
        default: throw Self.badIndex(value)
        }
        return try numbers.map { x in
            guard let i = x.wholeInt else { throw Self.badIndex(value) }
            let j = i < 0 ? i + rows : i
            guard j >= 0 && j < rows else {
                throw RuntimeError(.index("row \(i) is out of range for a dataset of \(rows) rows (0 to \(rows - 1))"))
            }
            return j
        }
    }

    private static func badIndex(_ value: Value) -> RuntimeError {
        RuntimeError(
            .index(
                "a dataset is indexed by a row number, a slice, a list of row numbers, a mask or a column name, not \(value.described)"
            ))
    }

    /// Runs an Engine operation on the dataset, turning its error into the language's.
    static func lift<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatasetError {
            throw RuntimeError(.other(error.message))
        } catch let error as TensorError {
            throw RuntimeError(engine: error)
        }
    }
}

extension DatasetError {
    /// What a user reads: a missing column names the close one when there is one, so
    /// `ds.lable`, `ds.select("lable")` and `load(…, target: "lable")` all say the same.
    var message: String {
        if case let .noSuchColumn(name, columns) = self { return DatasetValue.noColumn(name, among: columns) }
        return description
    }
}
