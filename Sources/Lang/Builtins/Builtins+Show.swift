import Engine

/// `show`: rows of data as pictures, the recipe's "look at the data". A dataset's rows are
/// drawn with its image shape (digits: 8×8) and captioned with their target labels; a
/// tensor is drawn as it is (2-D: one picture; 3-D: one per leading index).
extension Builtins {
    /// How many rows `show(ds)` draws when not told which.
    static let defaultShownRows = 16

    static func show(_ args: Arguments, _ runtime: Runtime) throws -> Value {
        let x = args.value("x") ?? .none
        if case let .object(object) = x, let dataset = object as? DatasetValue {
            return try showRows(of: dataset.dataset, args, runtime)
        }
        guard let tensor = try x.asTensor() else { throw args.mismatch("x", x) }
        switch tensor.rank {
        case 2:
            guard !args.has("rows") else {
                throw RuntimeError(.call(function: "show", problem: "a 2-D tensor is one picture: leave out rows, or give a 3-D tensor"))
            }
            let plot = PlotRequest(.image(width: tensor.shape[1], height: tensor.shape[0]), series: [.init(y: tensor.scalars)])
            return try drawChecked(plot, pixels: tensor.count, runtime)
        case 3:
            let (count, height, width) = (tensor.shape[0], tensor.shape[1], tensor.shape[2])
            let rows = try shownRows(args, count: count, what: "pictures")
            let scalars = tensor.scalars
            let series = rows.map { row in
                PlotRequest.Series(y: Array(scalars[row * height * width..<(row + 1) * height * width]), label: String(row))
            }
            return try drawChecked(
                PlotRequest(.images(width: width, height: height), series: series), pixels: rows.count * height * width, runtime)
        default:
            throw RuntimeError(
                .call(function: "show", problem: "cannot draw \(x.described): give a 2-D tensor (one picture) or a 3-D one (pictures)"))
        }
    }

    /// A dataset's rows as captioned pictures.
    private static func showRows(of dataset: Dataset, _ args: Arguments, _ runtime: Runtime) throws -> Value {
        guard let shape = dataset.imageShape else {
            throw RuntimeError(
                .call(
                    function: "show",
                    problem:
                        "dataset \(dataset.name) has no image shape: its features are not pixel_R_C columns (load it with image: [height, width])"
                ))
        }
        let rows = try shownRows(args, count: dataset.rowCount, what: "rows")
        let features = dataset.featureColumns
        let target = dataset.targetColumn
        let series = rows.map { row in
            PlotRequest.Series(
                y: features.map { Float($0.number(at: row)) },
                label: target.map { "\($0.text(at: row).map(Self.captionText) ?? "?")" } ?? "row \(row)")
        }
        let plot = PlotRequest(.images(width: shape.width, height: shape.height), series: series)
        return try drawChecked(plot, pixels: rows.count * features.count, runtime)
    }

    /// A numeric label without a trailing `.0` (a digit's class is `7`, not `7.0`).
    static func captionText(_ text: String) -> String {
        text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// The rows `show` draws: `rows` as given (a number, a range, a list), each in range,
    /// or the first `defaultShownRows`.
    private static func shownRows(_ args: Arguments, count: Int, what: String) throws -> [Int] {
        guard let given = args.value("rows"), !given.isNone else {
            guard count > 0 else { throw RuntimeError(.call(function: "show", problem: "there are no \(what) to show")) }
            return Array(0..<min(count, defaultShownRows))
        }
        let rows = try args.integers("rows")
        guard !rows.isEmpty else { throw RuntimeError(.call(function: "show", problem: "rows is empty: give at least one row")) }
        guard rows.count <= maxShownImages else {
            throw RuntimeError(
                .call(function: "show", problem: "\(rows.count) rows are too many to draw at once (at most \(maxShownImages))"))
        }
        for row in rows where !(0..<count).contains(row) {
            throw RuntimeError(.index("show: row \(row) is out of range: there are \(count) \(what) (0 to \(count - 1))"))
        }
        return rows
    }

    private static func drawChecked(_ plot: PlotRequest, pixels: Int, _ runtime: Runtime) throws -> Value {
        guard pixels <= maxPlotPoints else { throw RuntimeError(.call(function: "show", problem: "too many pixels to draw at once")) }
        return draw(plot, runtime)
    }
}
