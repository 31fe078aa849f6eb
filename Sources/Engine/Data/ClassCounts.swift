/// Class balance: how many rows each class of a column has, for `counts`. A class
/// under a tenth of the largest is rare: a model can ignore it and still score well,
/// so it is flagged.
public struct ClassCounts: Sendable, Equatable {
    /// One class: its label as text, and its rows.
    public struct Entry: Sendable, Equatable {
        public let label: String
        public let count: Int
        /// Under a tenth of the largest class's count.
        public let isRare: Bool
    }

    /// The classes in order: numbers ascending, categories in order of first appearance.
    public let entries: [Entry]
    /// Cells with no class.
    public let missing: Int
    /// The cells that have a class.
    public var total: Int { entries.reduce(0) { $0 + $1.count } }
    /// The largest class (the first of equals).
    public var largest: Entry? {
        entries.max { $0.count < $1.count || ($0.count == $1.count && $0.label > $1.label) }
    }

    /// A class is rare below this share of the largest class's count.
    public static let rareFraction = 0.1

    /// The classes of `column`: a categorical column's categories, or a numeric
    /// column's distinct values.
    public init(_ column: DataColumn) {
        var tally: [(label: String, count: Int)] = []
        var absent = 0
        switch column.storage {
        case let .categorical(codes, categories):
            var counts = [Int](repeating: 0, count: categories.count)
            for code in codes {
                if code < 0 { absent += 1 } else { counts[Int(code)] += 1 }
            }
            tally = zip(categories, counts).filter { $0.1 > 0 }.map { ($0.0, $0.1) }
        case let .numeric(values):
            var counts: [Double: Int] = [:]
            for value in values {
                if value.isNaN { absent += 1 } else { counts[value == 0 ? 0 : value, default: 0] += 1 }
            }
            tally = counts.sorted { $0.key < $1.key }.map { (Self.label($0.key), $0.value) }
        }
        let most = tally.map(\.count).max() ?? 0
        entries = tally.map { Entry(label: $0.label, count: $0.count, isRare: Double($0.count) < Double(most) * Self.rareFraction) }
        missing = absent
    }

    /// `3` for a whole number, else the shortest text that reads back as the number.
    static func label(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
