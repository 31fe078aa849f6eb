import Engine

/// Plots: `hist`, `plot`, `scatter`, `bar`, `heatmap`, `image`, `show` and `savefig`.
/// Each builds a `PlotRequest` (data and labels, nothing about gnuplot or terminals),
/// hands it to the host to draw, keeps it as the session's last plot (what `savefig`
/// writes) and returns none. Sizes are checked here, with messages that say what to
/// give instead; the host only draws what is valid.
extension Builtins {
    /// The most bins a histogram may have: more than a terminal has columns.
    static let maxBins = 1_000
    /// The most points one plot takes: gnuplot reads them as text, and a plot of more
    /// shows nothing a sample would not.
    static let maxPlotPoints = 1_000_000
    /// The most labels `scatter` colours apart.
    static let maxLabels = 100
    /// The most pictures `show` draws at once.
    static let maxShownImages = 256

    static func plots() -> [Builtin] {
        [
            Builtin(
                "hist",
                [
                    arg("x", "a tensor or list of numbers"), arg("bins", "a whole number from 1 to 1000", "10"),
                    arg("title", "a string", "none"),
                ],
                summary: "Draws a histogram of x's values (every element, flattened) in equal bins; missing values are left out.",
                example: "hist(randn([1000]), bins: 20, title: \"noise\")"
            ) { args, runtime in
                let values = try plotValues(args, "x")
                let bins = try args.integer("bins")
                guard (1...maxBins).contains(bins) else {
                    throw RuntimeError(.call(function: "hist", problem: "bins must be from 1 to \(maxBins), got \(bins)"))
                }
                return draw(PlotRequest(.histogram(bins: bins), series: [.init(y: values)], title: try title(args)), runtime)
            },
            Builtin(
                "plot",
                [
                    arg("y", "a tensor, a list of numbers, a list of series, a record of name: series, or a run"),
                    arg("x", "a tensor or list of numbers", "none"), arg("log", "a bool", "false"), arg("logx", "a bool", "false"),
                    arg("title", "a string", "none"), arg("xlabel", "a string", "none"), arg("ylabel", "a string", "none"),
                ],
                summary:
                    "Draws lines: one series, several (a list of them), or named ones (a record, shown in a legend), e.g. loss curves; log: true puts y on a log scale, logx: true x.",
                example: "plot({train: [1.0, 0.5, 0.3], val: [1.1, 0.7, 0.6]}, log: true, title: \"loss\")"
            ) { args, runtime in
                if case let .object(run as RunValue)? = args.value("y") { return draw(try lossPlot(of: run, args), runtime) }
                let (series, named) = try plotSeries(args)
                let request = PlotRequest(
                    .lines, series: series, title: try title(args), xLabel: try optionalString(args, "xlabel"),
                    yLabel: try optionalString(args, "ylabel"), logX: try args.bool("logx"), logY: try args.bool("log"),
                    showsLegend: named)
                return draw(request, runtime)
            },
            Builtin(
                "scatter",
                [
                    arg("x", "a tensor or list of numbers"), arg("y", "a tensor or list of numbers"),
                    arg("by", "labels, one per point", "none"), arg("title", "a string", "none"),
                ],
                summary: "Draws one mark per (x, y) point; by: gives each point a label, and each label its own colour in a legend.",
                example: "scatter([1, 2, 3, 4], [1, 4, 9, 16], by: [\"a\", \"a\", \"b\", \"b\"])"
            ) { args, runtime in
                let x = try plotValues(args, "x"), y = try plotValues(args, "y")
                guard x.count == y.count else {
                    throw RuntimeError(
                        .call(function: "scatter", problem: "x has \(x.count) values but y has \(y.count): give one y per x"))
                }
                guard let labels = args.value("by"), !labels.isNone else {
                    return draw(PlotRequest(.scatter, series: [.init(y: y, x: x)], title: try title(args)), runtime)
                }
                let names = try pointLabels(labels, count: x.count, args: args)
                let distinct = Set(names).count
                guard distinct <= maxLabels else {
                    throw RuntimeError(
                        .call(
                            function: "scatter",
                            problem: "by has \(distinct) different labels, more than the \(maxLabels) colours can tell apart"))
                }
                var order: [String] = []
                var points: [String: (x: [Float], y: [Float])] = [:]
                for (index, name) in names.enumerated() {
                    if points[name] == nil { order.append(name) }
                    points[name, default: ([], [])].x.append(x[index])
                    points[name, default: ([], [])].y.append(y[index])
                }
                let series = order.map { PlotRequest.Series(y: points[$0]?.y ?? [], x: points[$0]?.x, label: $0) }
                return draw(PlotRequest(.scatter, series: series, title: try title(args), showsLegend: true), runtime)
            },
            Builtin(
                "bar",
                [
                    arg("values", "a tensor, a list of numbers or a record of name: number"), arg("labels", "a list of strings", "none"),
                    arg("title", "a string", "none"),
                ],
                summary: "Draws one bar per value, labelled by labels: (or by a record's names), e.g. class counts.",
                example: "bar({cats: 12, dogs: 30, birds: 3}, title: \"classes\")"
            ) { args, runtime in
                var labels: [String] = []
                let values: [Float]
                if case let .record(record)? = args.value("values") {
                    labels = record.names
                    values = try record.values.map { value in
                        guard let t = try value.asTensor(), t.count == 1 else { throw args.mismatch("values", value) }
                        return t[flat: 0]
                    }
                    guard !values.isEmpty else { throw emptyData("bar", "values") }
                } else {
                    values = try plotValues(args, "values")
                }
                if let given = args.value("labels"), !given.isNone {
                    labels = try pointLabels(given, count: values.count, args: args, parameter: "labels")
                }
                return draw(PlotRequest(.bar, series: [.init(y: values)], title: try title(args), labels: labels), runtime)
            },
            pictureBuiltin(
                "heatmap", summary: "Draws a 2-D tensor as a grid of colours, row 0 at the top (a confusion matrix, a weight matrix).",
                example: "heatmap(eye(4), title: \"identity\")"
            ) { .heatmap(width: $0, height: $1) },
            pictureBuiltin(
                "image", summary: "Draws a 2-D tensor as a grey picture, row 0 at the top, low values light and high ones dark.",
                example: "image(reshape(arange(64), [8, 8]))"
            ) { .image(width: $0, height: $1) },
            Builtin(
                "show", [arg("x", "a dataset with images or a tensor"), arg("rows", "a row number, a range or a list of them", "none")],
                summary:
                    "Draws a dataset's rows as pictures, side by side, each with its target label above it (rows default to the first 16), or a tensor: a 2-D one as a picture, a 3-D one as pictures.",
                example: "show(reshape(arange(32), [2, 4, 4]))"
            ) { args, runtime in
                try show(args, runtime)
            },
            Builtin(
                "savefig", [arg("path", "a file path ending in .png or .svg")],
                summary: "Writes the last plot drawn to a PNG or SVG file, by the path's extension.",
                example: "hist([1, 2, 2, 3])\nsavefig(\"/tmp/sprout-hist.png\")"
            ) { args, runtime in
                let path = try args.string("path")
                guard let plot = runtime.lastPlot else {
                    throw RuntimeError(
                        .call(function: "savefig", problem: "there is no plot yet: draw one first (hist, plot, scatter, bar, image, show)"))
                }
                do {
                    try runtime.host.save(plot, to: path)
                } catch let error as RuntimeError {
                    throw error
                } catch {
                    throw RuntimeError(.call(function: "savefig", problem: "\(error)"))
                }
                runtime.noteWritten(path)
                return .none
            },
        ]
    }

    /// `image` and `heatmap`: a 2-D tensor drawn as the plot kind `kind(width, height)` makes.
    private static func pictureBuiltin(
        _ name: String, summary: String, example: String, kind: @escaping (Int, Int) -> PlotRequest.Kind
    ) -> Builtin {
        Builtin(name, [arg("t", "a 2-D tensor"), arg("title", "a string", "none")], summary: summary, example: example) { args, runtime in
            let (width, height, pixels) = try picture(args)
            return draw(PlotRequest(kind(width, height), series: [.init(y: pixels)], title: try title(args)), runtime)
        }
    }

    /// Hands the plot to the host and keeps it for `savefig`.
    static func draw(_ plot: PlotRequest, _ runtime: Runtime) -> Value {
        runtime.lastPlot = plot
        runtime.host.draw(plot)
        return .none
    }

    /// A run's loss curves with the options `plot` was given (a log scale, a title and
    /// axis labels in place of the run's own); `x:` is refused, as the run brings its own.
    private static func lossPlot(of run: RunValue, _ args: Arguments) throws -> PlotRequest {
        guard !args.has("x") else {
            throw RuntimeError(.call(function: "plot", problem: "x: does not apply to a run, which brings its own epochs"))
        }
        var plot = run.lossPlot
        (plot.logX, plot.logY) = (try args.bool("logx"), try args.bool("log"))
        plot.title = try title(args) ?? plot.title
        plot.xLabel = try optionalString(args, "xlabel") ?? plot.xLabel
        plot.yLabel = try optionalString(args, "ylabel") ?? plot.yLabel
        return plot
    }

    private static func title(_ args: Arguments) throws -> String? {
        try optionalString(args, "title")
    }

    private static func optionalString(_ args: Arguments, _ name: String) throws -> String? {
        args.has(name) ? try args.string(name) : nil
    }

    private static func emptyData(_ function: String, _ parameter: String) -> RuntimeError {
        RuntimeError(.call(function: function, problem: "\(parameter) is empty: give at least one value"))
    }

    /// A parameter's numbers, flattened; not empty and not over `maxPlotPoints`.
    static func plotValues(_ args: Arguments, _ name: String) throws -> [Float] {
        guard let value = args.value(name) else { throw args.missing(name) }
        return try plotValues(value, args: args, name: name)
    }

    private static func plotValues(_ value: Value, args: Arguments, name: String) throws -> [Float] {
        guard let tensor = try value.asTensor() else { throw args.mismatch(name, value) }
        guard tensor.count > 0 else { throw emptyData(args.function, name) }
        guard tensor.count <= maxPlotPoints else {
            throw RuntimeError(
                .call(
                    function: args.function,
                    problem: "\(name) has \(tensor.count) values, over the \(maxPlotPoints) a plot takes: plot a sample"))
        }
        return tensor.scalars
    }

    /// `plot`'s series: one (numbers), several (a list of series) or named (a record);
    /// and whether they are named (then a legend shows the names).
    private static func plotSeries(_ args: Arguments) throws -> ([PlotRequest.Series], Bool) {
        let y = args.value("y") ?? .none
        var x: [Float]?
        if let given = args.value("x"), !given.isNone { x = try plotValues(given, args: args, name: "x") }
        var parts: [(String?, Value)]
        switch y {
        case let .record(record): parts = zip(record.names, record.values).map { ($0, $1) }
        case let .list(items) where items.contains(where: { if case .number = $0 { false } else { true } }):
            parts = items.map { (nil, $0) }
        default: parts = [(nil, y)]
        }
        guard !parts.isEmpty else { throw emptyData("plot", "y") }
        let series = try parts.map { label, value in
            let values = try plotValues(value, args: args, name: "y")
            if let x, x.count != values.count {
                throw RuntimeError(
                    .call(function: "plot", problem: "x has \(x.count) values but a series in y has \(values.count): give one y per x"))
            }
            return PlotRequest.Series(y: values, x: x, label: label)
        }
        if case .record = y { return (series, true) }
        return (series, false)
    }

    /// One label per point, as text: strings as they are, numbers as they print.
    private static func pointLabels(_ value: Value, count: Int, args: Arguments, parameter: String = "by") throws -> [String] {
        let labels: [String]
        switch value {
        case let .list(items):
            labels = try items.map { item in
                switch item {
                case let .string(s): return s
                case let .number(n): return formatNumber(n)
                default: throw args.mismatch(parameter, value)
                }
            }
        default:
            guard let tensor = try value.asTensor() else { throw args.mismatch(parameter, value) }
            labels = tensor.scalars.map { formatNumber(Double($0)) }
        }
        guard labels.count == count else {
            throw RuntimeError(
                .call(function: args.function, problem: "\(parameter) has \(labels.count) labels for \(count) values: give one each"))
        }
        return labels
    }

    /// A 2-D tensor as a picture: its width, height and values row by row.
    private static func picture(_ args: Arguments) throws -> (Int, Int, [Float]) {
        let value = args.value("t") ?? .none
        guard let tensor = try value.asTensor(), tensor.rank == 2 else { throw args.mismatch("t", value) }
        guard tensor.count > 0 else { throw emptyData(args.function, "t") }
        guard tensor.count <= maxPlotPoints else { throw RuntimeError(.call(function: args.function, problem: "t is too large to draw")) }
        return (tensor.shape[1], tensor.shape[0], tensor.scalars)
    }
}
