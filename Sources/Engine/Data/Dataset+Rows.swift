/// Which rows an operation keeps, in which order: sorting by a column, finding a value,
/// and splitting into training and validation rows. Each gives row positions, which
/// `picking` turns into a dataset, so every row operation shares one way of copying.
extension Dataset {
    /// The rows in order of the column `name`, stable (equal cells keep their order), with
    /// missing cells last whichever the direction. Numbers compare as numbers, categories
    /// as their text.
    /// - Throws: `DatasetError.noSuchColumn`.
    public func sortedRows(by name: String, descending: Bool) throws(DatasetError) -> [Int] {
        guard let column = column(named: name) else { throw .noSuchColumn(name, columns: columnNames) }
        let present = (0..<rowCount).filter { !column.isMissing($0) }
        let missing = (0..<rowCount).filter { column.isMissing($0) }
        let ordered: [Int]
        switch column.storage {
        case let .numeric(values):
            ordered = present.sorted { i, j in
                let (a, b) = (values[i], values[j])
                if a != b { return descending ? a > b : a < b }
                return i < j
            }
        case let .categorical(codes, categories):
            ordered = present.sorted { i, j in
                let (a, b) = (categories[Int(codes[i])], categories[Int(codes[j])])
                if a != b { return descending ? a > b : a < b }
                return i < j
            }
        }
        return ordered + missing
    }

    /// The rows whose column `name` holds `number`: equal to it in a numeric column, or
    /// whose text reads as it in a categorical one (a label "3").
    /// - Throws: `DatasetError.noSuchColumn`.
    public func rows(where name: String, equals number: Double) throws(DatasetError) -> [Int] {
        guard let column = column(named: name) else { throw .noSuchColumn(name, columns: columnNames) }
        switch column.storage {
        case let .numeric(values):
            return (0..<rowCount).filter { values[$0] == number }
        case let .categorical(codes, categories):
            let matching = Set(categories.indices.filter { Double(categories[$0]) == number }.map { Int32($0) })
            return (0..<rowCount).filter { matching.contains(codes[$0]) }
        }
    }

    /// The rows whose column `name`, as text, contains `text` (any case-sensitive
    /// substring; numbers are read as the digits they print as).
    /// - Throws: `DatasetError.noSuchColumn`.
    public func rows(where name: String, contains text: String, numberText: (Double) -> String) throws(DatasetError) -> [Int] {
        guard let column = column(named: name) else { throw .noSuchColumn(name, columns: columnNames) }
        switch column.storage {
        case let .numeric(values):
            return (0..<rowCount).filter { !values[$0].isNaN && numberText(values[$0]).contains(text) }
        case let .categorical(codes, categories):
            let matching = Set(categories.indices.filter { categories[$0].contains(text) }.map { Int32($0) })
            return (0..<rowCount).filter { matching.contains(codes[$0]) }
        }
    }

    /// The rows split in two, `fraction` of them (rounded) in the first part, in a random
    /// order drawn from `random`. Stratified, each class of the target (and the rows
    /// with no target, as one more group) puts its own rounded `fraction` in the first
    /// part, so both parts keep the classes' shares. Every row lands in exactly one part.
    /// - Throws: `DatasetError.noTarget` when stratifying a dataset without a target.
    public func splitRows(fraction: Double, stratify: Bool, random: RandomSource) throws(DatasetError) -> (first: [Int], second: [Int]) {
        let order = random.permutation(rowCount)
        guard stratify else {
            let cut = Swift.min(rowCount, Swift.max(0, Int((fraction * Double(rowCount)).rounded())))
            return (Array(order[..<cut]), Array(order[cut...]))
        }
        guard let target = targetColumn else { throw .noTarget(columns: columnNames) }
        // A class's key: its cell as a number (NaN for missing, kept as one group by its bits).
        var sizes: [UInt64: Int] = [:]
        for row in 0..<rowCount { sizes[target.number(at: row).bitPattern, default: 0] += 1 }
        var quota = sizes.mapValues { Int((fraction * Double($0)).rounded()) }
        // Each class's first rows in the random order go first: a uniform sample of the
        // class. Both parts are then put in a second random order: in the first one the
        // second part would start with the classes whose quota filled first, so
        // `val.take(16)` would hold one or two classes.
        var inFirst = [Bool](repeating: false, count: rowCount)
        for row in order {
            let key = target.number(at: row).bitPattern
            if let left = quota[key], left > 0 {
                inFirst[row] = true
                quota[key] = left - 1
            }
        }
        let arrangement = random.permutation(rowCount)
        return (arrangement.filter { inFirst[$0] }, arrangement.filter { !inFirst[$0] })
    }
}
