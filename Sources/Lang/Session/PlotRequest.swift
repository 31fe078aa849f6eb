/// What a program asks the host to draw: the data and its labels, never how to draw it.
/// Lang builds one (a plotting builtin) and hands it to `Host.draw`; the shell turns it
/// into gnuplot script text, a script or test host shows `summary`. Keeping the value
/// free of gnuplot lets the description be tested without a process, and another
/// renderer be added without touching the language (torch/gnuplot, Octave).
public struct PlotRequest: Equatable, Sendable {
    /// The chart a plot is.
    public enum Kind: Equatable, Sendable {
        /// One line per series, through its points in order.
        case lines
        /// The first series' values counted into `bins` equal bins.
        case histogram(bins: Int)
        /// One mark per point, unconnected.
        case scatter
        /// One bar per value of the first series.
        case bar
        /// The first series' values as a grey-scale picture, row by row.
        case image(width: Int, height: Int)
        /// The first series' values as a coloured grid (a confusion matrix, weights), row
        /// by row, with a colour scale.
        case heatmap(width: Int, height: Int)
        /// Several grey-scale pictures of one size side by side (`show(ds, 0..16)`): one
        /// per series, its values row by row, its `label` the caption above it.
        case images(width: Int, height: Int)
    }

    /// One set of points. `x` is nil for points at 0, 1, 2, …; otherwise as long as `y`.
    public struct Series: Equatable, Sendable {
        public var y: [Float]
        public var x: [Float]?
        /// The series' name in the legend; nil for none.
        public var label: String?

        public init(y: [Float], x: [Float]? = nil, label: String? = nil) {
            self.y = y
            self.x = x
            self.label = label
        }
    }

    public var kind: Kind
    public var series: [Series]
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    /// Logarithmic axes (a loss curve over many orders of magnitude).
    public var logX: Bool
    public var logY: Bool
    /// Whether the series' labels are shown in a legend.
    public var showsLegend: Bool
    /// A bar chart's category names, one per bar (fewer leaves the rest numbered).
    public var labels: [String]

    public init(
        _ kind: Kind, series: [Series], title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
        logX: Bool = false, logY: Bool = false, showsLegend: Bool = false, labels: [String] = []
    ) {
        self.kind = kind
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.logY = logY
        self.showsLegend = showsLegend
        self.labels = labels
    }

    /// One line saying what the plot shows, for hosts that cannot draw (scripts, tests, a
    /// saved session's `#> ` lines): `<plot: histogram of 1000 values, 17 bins>`.
    public var summary: String {
        let points = series.first?.y.count ?? 0
        var what: String
        switch kind {
        case .lines:
            what = series.count == 1 ? "line of \(counted(points, "point"))" : "\(series.count) lines"
        case let .histogram(bins):
            what = "histogram of \(counted(points, "value")), \(counted(bins, "bin"))"
        case .scatter:
            what = "scatter of \(counted(series.reduce(0) { $0 + $1.y.count }, "point"))"
        case .bar:
            what = "bar chart of \(counted(points, "value"))"
        case let .image(width, height):
            what = "image \(width)×\(height)"
        case let .heatmap(width, height):
            what = "heatmap \(width)×\(height)"
        case let .images(width, height):
            what = "\(counted(series.count, "image")) \(width)×\(height)"
        }
        if let title, !title.isEmpty { what += ", \"\(title)\"" }
        return "<plot: \(what)>"
    }
}
