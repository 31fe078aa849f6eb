import Foundation
import Lang

/// A plot description turned into gnuplot script text: a pure function, tested without
/// gnuplot (torch/gnuplot, Octave). The transport (`GnuplotProcess`) only sends it.
///
/// Data goes in named datablocks (`$sprout0 << EOD`), never inline `'-'` data: after an
/// error inside a `'-'` plot gnuplot reads the remaining data lines as commands
/// (PLATFORM.md). Every string a user typed (titles, axis and category labels, legend
/// names, a file path) goes through `quoted`, so no text can end a command early.
enum PlotScript {
    /// The whole script for one plot on one terminal: the terminal, a clean slate, the
    /// data, the plot, and closing the output.
    static func text(for plot: PlotRequest, on terminal: GnuplotTerminal) -> String {
        terminal.setup + body(for: plot, pictureHeight: terminal.pixelHeight) + terminal.finish
    }

    /// The plot without its terminal: `reset` (settings of the last plot do not leak into
    /// this one; it keeps the terminal and output), then labels, data and the plot.
    /// - Parameter pictureHeight: the picture's height in pixels, for a grid of images to
    ///   lay its rows out in (nil for text).
    static func body(for plot: PlotRequest, pictureHeight: Int? = nil) -> String {
        var lines = ["reset", "set datafile missing 'NaN'"]
        if let title = plot.title, !title.isEmpty { lines.append("set title \(quoted(title))") }
        if let label = plot.xLabel, !label.isEmpty { lines.append("set xlabel \(quoted(label))") }
        if let label = plot.yLabel, !label.isEmpty { lines.append("set ylabel \(quoted(label))") }
        if plot.logX { lines.append("set logscale x") }
        if plot.logY { lines.append("set logscale y") }
        switch plot.kind {
        case .lines: lines += series(plot, style: "with lines")
        case .scatter: lines += ["set key outside right top"] + series(plot, style: "with points", distinctPoints: true)
        case let .histogram(bins): lines += histogram(plot, bins: bins)
        case .bar: lines += bar(plot)
        case let .image(width, height): lines += image(plot, width: width, height: height, palette: "gray")
        case let .heatmap(width, height): lines += image(plot, width: width, height: height, palette: "viridis")
        case let .images(width, height): lines += imageGrid(plot, width: width, height: height, pictureHeight: pictureHeight)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Kinds

    /// One datablock and one `plot` clause per series; a legend only when asked for.
    /// One clause per series. `distinctPoints` gives each series its own point type, so
    /// the groups of a scatter differ without colour too (`dumb` draws point type n as
    /// its own letter), not only by colour.
    private static func series(_ plot: PlotRequest, style: String, distinctPoints: Bool = false) -> [String] {
        var lines: [String] = []
        var clauses: [String] = []
        for (index, s) in plot.series.enumerated() {
            let x = s.x ?? s.y.indices.map(Float.init)
            lines += datablock(index, rows: zip(x, s.y).map { "\(number($0)) \(number($1))" })
            let points = distinctPoints ? " pointtype \(index % 13 + 1)" : ""
            clauses.append("$sprout\(index) using 1:2 \(style)\(points) \(legend(s.label, shown: plot.showsLegend))")
        }
        if !plot.showsLegend { lines.append("unset key") }
        guard !clauses.isEmpty else { return lines + ["plot 1/0 notitle"] }
        return lines + ["plot " + clauses.joined(separator: ", \\\n     ")]
    }

    /// The counts are made here (`Histogram`), so every terminal shows the same bins
    /// and the script holds `bins` rows, not every value.
    private static func histogram(_ plot: PlotRequest, bins: Int) -> [String] {
        let values = plot.series.first?.y ?? []
        let counts = Histogram(values, bins: bins)
        let rows = counts.bins.map { "\(number($0.center)) \($0.count)" }
        return datablock(0, rows: rows) + [
            "set boxwidth \(number(counts.width)) absolute",
            "set style fill solid 0.5 border",
            "set yrange [0:*]",
            "unset key",
            "plot $sprout0 using 1:2 with boxes notitle",
        ]
    }

    /// Bars at 0, 1, 2, … with the category names as the x axis' tic labels.
    private static func bar(_ plot: PlotRequest) -> [String] {
        let values = plot.series.first?.y ?? []
        var lines = datablock(0, rows: values.enumerated().map { "\($0.offset) \(number($0.element))" })
        if !plot.labels.isEmpty {
            let tics = plot.labels.prefix(values.count).enumerated().map { "\(quoted($0.element)) \($0.offset)" }
            lines.append("set xtics (\(tics.joined(separator: ", ")))")
        }
        return lines + [
            "set boxwidth 0.8 relative",
            "set style fill solid 0.5 border",
            "set xrange [-0.6:\(max(values.count, 1))-0.4]",
            "set yrange [\(values.contains { $0 < 0 } ? "*" : "0"):*]",
            "unset key",
            "plot $sprout0 using 1:2 with boxes notitle",
        ]
    }

    /// One picture, row 0 at the top, square pixels.
    private static func image(_ plot: PlotRequest, width: Int, height: Int, palette: String) -> [String] {
        let pixels = plot.series.first?.y ?? []
        var lines = datablock(0, rows: matrixRows(pixels, width: width, height: height))
        lines += imageSettings(width: width, height: height)
        lines.append(
            palette == "gray"
                ? "set palette gray negative" : "set palette defined (0 '#440154', 1 '#3b528b', 2 '#21918c', 3 '#5ec962', 4 '#fde725')"
        )
        if palette == "gray" { lines.append("unset colorbox") }
        lines += shadeRange(plot)
        // Named rows and columns (a confusion matrix's classes) as tic labels on both axes.
        if !plot.labels.isEmpty {
            let tics = { (n: Int) in plot.labels.prefix(n).enumerated().map { "\(quoted($0.element)) \($0.offset)" }.joined(separator: ", ")
            }
            lines += ["set xtics out nomirror (\(tics(width)))", "set ytics out nomirror (\(tics(height)))"]
        }
        return lines + ["plot $sprout0 matrix with image notitle"]
    }

    /// Pictures in a grid of up to eight columns, each with its caption as its title. On a
    /// picture of known height the margins are set in pixels (`ImageGridLayout`), so the
    /// rows sit under each other with room for their captions; otherwise in fixed screen
    /// fractions.
    private static func imageGrid(_ plot: PlotRequest, width: Int, height: Int, pictureHeight: Int?) -> [String] {
        let layout = ImageGridLayout(plot)
        var lines: [String] = []
        for (index, s) in plot.series.enumerated() {
            lines += datablock(index, rows: matrixRows(s.y, width: width, height: height))
        }
        lines += imageSettings(width: width, height: height) + ["set palette gray negative", "unset colorbox"] + shadeRange(plot)
        // Explicit margins and spacing (screen fractions) let each picture fill its cell:
        // gnuplot's default margins leave an 8×8 digit a few pixels wide in a PNG.
        let (bottom, top, spacing) = pictureHeight.map(layout.fractions(height:)) ?? (0.02, plot.title == nil ? 0.9 : 0.85, 0.1)
        lines.append(
            "set multiplot layout \(layout.rows),\(layout.columns) margins 0.02,0.98,\(fraction(bottom)),\(fraction(top)) spacing 0.02,\(fraction(spacing))"
                + (plot.title.map { " title \(quoted($0))" } ?? ""))
        for (index, s) in plot.series.enumerated() {
            lines.append("set title \(quoted(s.label ?? ""))")
            lines.append("plot $sprout\(index) matrix with image notitle")
        }
        return lines + ["unset multiplot"]
    }

    /// The grey scale's ends, shared by every picture of a grid (see `shadeRange`).
    private static func shadeRange(_ plot: PlotRequest) -> [String] {
        guard let range = plot.shadeRange else { return [] }
        // A blank picture (one value) has an empty range, which gnuplot refuses ("Can't
        // plot with an empty cb range"): centre the value, mid grey as the text drawing.
        guard range.high <= range.low else { return ["set cbrange [\(range.low):\(range.high)]"] }
        return ["set cbrange [\(range.low - 0.5):\(range.low + 0.5)]"]
    }

    private static func imageSettings(width: Int, height: Int) -> [String] {
        [
            "set size ratio -1", "unset key", "unset tics", "unset border",
            "set xrange [-0.5:\(width)-0.5]", "set yrange [\(height)-0.5:-0.5]",
        ]
    }

    // MARK: - Text

    /// A string as a gnuplot single-quoted string. Inside single quotes gnuplot does no
    /// backslash escapes and no backquote (shell command) substitution; a quote is
    /// written twice. A line break would end the command, so control characters become
    /// spaces.
    static func quoted(_ text: String) -> String {
        var out = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "'": out += "''"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }

    /// A number as data: shortest round-tripping text, `NaN` for a missing value (set
    /// as gnuplot's missing marker), so an infinity is skipped rather than breaking the axes.
    /// A screen fraction for gnuplot, to four places.
    static func fraction(_ x: Double) -> String {
        String(format: "%.4f", x)
    }

    static func number(_ x: Float) -> String {
        guard x.isFinite else { return "NaN" }
        return x == x.rounded() && abs(x) < 1e7 ? String(Int(x)) : "\(x)"
    }

    /// `title '<label>'` when the legend shows it, else `notitle`.
    private static func legend(_ label: String?, shown: Bool) -> String {
        guard shown, let label else { return "notitle" }
        return "title \(quoted(label))"
    }

    /// `$sproutN << EOD`, the rows, `EOD`.
    private static func datablock(_ index: Int, rows: [String]) -> [String] {
        ["$sprout\(index) << EOD"] + rows + ["EOD"]
    }

    /// A picture's values as `height` rows of `width` numbers; missing pixels are NaN.
    private static func matrixRows(_ pixels: [Float], width: Int, height: Int) -> [String] {
        (0..<height).map { row in
            (0..<width).map { column in
                let index = row * width + column
                return number(index < pixels.count ? pixels[index] : .nan)
            }.joined(separator: " ")
        }
    }
}
