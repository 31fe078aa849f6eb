import Foundation
import Lang

/// How a grid of images (`show`, `peek`, `worst`) is laid out in a picture: up to eight
/// columns, as many rows as needed, each picture as wide as its column and as tall as its
/// aspect makes it, with room above each row for the captions.
///
/// A picture of the standard 640×400 letterboxed a row or two of 8×8 digits at the bottom
/// of a mostly blank canvas (an exported page showed more white than digits), so a
/// grid's picture is made as tall as its rows need (`pictureHeight`), and its margins
/// are set in pixels for the height it is drawn at (`fractions(height:)`).
struct ImageGridLayout: Equatable {
    let columns: Int
    let rows: Int
    /// A picture's height in pixels, in a picture `width` wide.
    let cellHeight: Double
    /// Above the first row: its captions, and the grid's title if it has one.
    let topMargin: Double
    /// Between rows: the next row's captions.
    static let rowGap = 36.0
    static let bottomMargin = 6.0

    init(_ plot: PlotRequest, width: Int = GnuplotTerminal.pictureWidth) {
        let count = max(plot.series.count, 1)
        columns = min(count, 8)
        rows = (count + columns - 1) / columns
        var aspect = 1.0
        if case let .images(imageWidth, imageHeight) = plot.kind, imageWidth > 0 { aspect = Double(imageHeight) / Double(imageWidth) }
        // The horizontal margins (2% each side) and the 2% spacing between columns.
        let columnWidth = Double(width) * (0.96 - 0.02 * Double(columns - 1)) / Double(columns)
        cellHeight = columnWidth * min(max(aspect, 0.05), 20)
        topMargin = plot.title == nil ? 36 : 60
    }

    /// The height a picture of the grid needs, capped at the standard height's twice (a
    /// long grid's pictures get smaller rather than the picture taller without bound).
    var pictureHeight: Int {
        let needed = topMargin + Double(rows) * cellHeight + Double(rows - 1) * Self.rowGap + Self.bottomMargin
        return Int(min(needed, Double(2 * GnuplotTerminal.pictureHeight)).rounded(.up))
    }

    /// The bottom and top margins and the row spacing as gnuplot's screen fractions, for
    /// a picture `height` pixels tall.
    func fractions(height: Int) -> (bottom: Double, top: Double, spacing: Double) {
        let h = Double(max(height, 1))
        let bottom = min(Self.bottomMargin / h, 0.2)
        let top = max(1 - topMargin / h, bottom + 0.1)
        return (bottom, top, min(Self.rowGap / h, 0.2))
    }

    /// The height to draw `plot` at as a picture `width` wide: a grid's own, the standard
    /// height for anything else.
    static func pictureHeight(for plot: PlotRequest, width: Int = GnuplotTerminal.pictureWidth) -> Int {
        guard case .images = plot.kind else { return GnuplotTerminal.pictureHeight }
        return ImageGridLayout(plot, width: width).pictureHeight
    }
}
