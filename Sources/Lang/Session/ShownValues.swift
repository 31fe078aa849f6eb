/// The values cells showed, for `_N`: only the last `capacity` of them.
///
/// Keeping every shown value would keep every big tensor a session ever showed alive
/// (100 × 100 tensors: ~39 MB per 1,000 cells), so, as IPython's output cache does, only
/// the newest shown values are kept and the oldest is dropped when a new one arrives.
/// A value assigned to a variable lives on regardless: this only bounds `_N`.
struct ShownValues {
    /// How many shown values a session keeps (IPython's `cache_size`).
    static let defaultCapacity = 1_000

    let capacity: Int
    private var values: [Int: Value] = [:]
    /// The kept cells, oldest first from `oldest`, as a ring of `capacity` slots.
    private var order: [Int] = []
    private var oldest = 0
    private var hasDropped = false

    /// - Parameter capacity: values kept; at least one.
    init(capacity: Int = ShownValues.defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    /// How many values are kept.
    var count: Int { values.count }

    /// The value `cell` showed, if it is still kept.
    subscript(cell: Int) -> Value? { values[cell] }

    /// Whether values were dropped and `cell` is older than every kept one, so a value it
    /// showed is gone (cells take increasing numbers, so the oldest kept is the lowest).
    func isDropped(_ cell: Int) -> Bool { hasDropped && cell < order[oldest] }

    /// Keeps `value` as the one `cell` showed, dropping the oldest kept value when full.
    mutating func keep(_ value: Value, cell: Int) {
        if values.updateValue(value, forKey: cell) != nil { return }
        guard order.count == capacity else { return order.append(cell) }
        let dropped = order[oldest]
        values[dropped] = nil
        hasDropped = true
        order[oldest] = cell
        oldest = (oldest + 1) % capacity
    }

    /// Why `_cell` has no value, for a session (`ofFile` false) or a replayed file's own
    /// numbering; `next` is the number the next cell will take.
    func whyMissing(_ cell: Int, next: Int, ofFile: Bool) -> String {
        let which = ofFile ? "cell \(cell) of this file" : "cell \(cell)"
        if cell >= next { return ofFile ? "_\(cell): there is no cell \(cell) in this file yet" : "_\(cell): there is no cell \(cell) yet" }
        if isDropped(cell) {
            return
                "_\(cell): \(which) is too old: only the last \(ValueFormatter.groupedThousands(capacity)) shown values are kept for _N (assign a value to a variable to keep it)"
        }
        let leftOut = ofFile ? " or was left out" : ""
        return
            "_\(cell): \(which) showed no value (a cell hidden by ';', or one that failed\(ofFile ? "," : " or") gave none\(leftOut), has no _\(cell))"
    }
}
