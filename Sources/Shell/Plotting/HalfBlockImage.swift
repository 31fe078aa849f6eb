import Lang

/// Pictures drawn with characters, for text mode: gnuplot's `dumb` terminal cannot draw
/// an image (it prints nothing, or coloured `X`s), so `show`, `image` and `heatmap` are
/// drawn here.
///
/// With colour, each character cell is an upper half block `▀` whose foreground is one
/// pixel and background the pixel below it: two pixel rows per line, so a cell (about
/// twice as tall as wide) holds two square pixels. Grey pictures use the 24 greys of the
/// 256-colour palette, heatmaps a dark-blue-to-yellow ramp. Without colour (piped output,
/// `NO_COLOR`, a saved session's `#> ` lines) each pixel is two shade characters of
/// ` ░▒▓█` on a line of its own, so a digit still reads.
///
/// All pictures of one plot share one scale (the finite values' least to greatest), so
/// a faint digit looks faint beside a dark one. Captions go above each picture;
/// pictures sit side by side, as many as fit the width, in rows.
enum HalfBlockImage {
    /// One picture: `pixels` row by row, `width × height` of them.
    struct Picture: Equatable {
        var width: Int
        var height: Int
        var pixels: [Float]
        var caption: String
    }

    /// The shade characters, lightest (lowest value) first.
    static let shades: [Character] = [" ", "░", "▒", "▓", "█"]
    /// A heatmap's colours in the 256-colour palette: dark blue through green to yellow.
    static let heatColours = [17, 18, 19, 25, 31, 37, 36, 35, 71, 107, 149, 191, 226]
    private static let escape = "\u{1B}["

    /// The pictures of an image plot (`.image`, `.heatmap`, `.images`); nil for other kinds.
    static func pictures(of plot: PlotRequest) -> (pictures: [Picture], isHeatmap: Bool)? {
        switch plot.kind {
        case let .image(width, height), let .heatmap(width, height):
            let picture = Picture(width: width, height: height, pixels: plot.series.first?.y ?? [], caption: "")
            return ([picture], plot.kind == .heatmap(width: width, height: height))
        case let .images(width, height):
            return (plot.series.map { Picture(width: width, height: height, pixels: $0.y, caption: $0.label ?? "") }, false)
        case .lines, .histogram, .scatter, .bar:
            return nil
        }
    }

    /// The plot's pictures as text, each line ending in a newline; nil for a plot that
    /// is not an image.
    /// - Parameter columns: the width to fit pictures side by side in.
    static func render(_ plot: PlotRequest, colour: Bool, columns: Int) -> String? {
        guard let (pictures, isHeatmap) = pictures(of: plot) else { return nil }
        var text = plot.title.map { $0.isEmpty ? "" : $0 + "\n" } ?? ""
        text += render(pictures, colour: colour, heatmap: isHeatmap, columns: columns, range: plot.shadeRange)
        return text
    }

    /// - Parameter range: the values drawn black and white (beyond them, clamped); by
    ///   default the pictures' extremes.
    static func render(
        _ pictures: [Picture], colour: Bool, heatmap: Bool = false, columns: Int, range: (low: Float, high: Float)? = nil
    ) -> String {
        guard let first = pictures.first else { return "" }
        let values = pictures.flatMap(\.pixels).filter(\.isFinite)
        let low = range?.low ?? values.min() ?? 0, high = range?.high ?? values.max() ?? 1
        /// A pixel's place on the scale, 0…1; nil when missing.
        func level(_ picture: Picture, _ row: Int, _ column: Int) -> Float? {
            let index = row * picture.width + column
            guard row < picture.height, index < picture.pixels.count, picture.pixels[index].isFinite else { return nil }
            // In Double: the range of far-apart floats overflows a Float.
            return high > low ? Float((Double(picture.pixels[index]) - Double(low)) / (Double(high) - Double(low))) : 0.5
        }
        let blockWidth = colour ? first.width : first.width * 2
        let perRow = max(1, (columns + 2) / (blockWidth + 2))
        var lines: [String] = []
        for start in stride(from: 0, to: pictures.count, by: perRow) {
            let group = pictures[start..<min(start + perRow, pictures.count)]
            if group.contains(where: { !$0.caption.isEmpty }) {
                lines.append(group.map { padded(String($0.caption.prefix(blockWidth)), blockWidth) }.joined(separator: "  "))
            }
            let textRows = colour ? (first.height + 1) / 2 : first.height
            for textRow in 0..<textRows {
                let cells = group.map { picture in
                    (0..<picture.width).map { column in
                        colour
                            ? halfBlock(level(picture, textRow * 2, column), level(picture, textRow * 2 + 1, column), heatmap: heatmap)
                            : String(repeating: shade(level(picture, textRow, column)), count: 2)
                    }.joined()
                }
                lines.append(cells.joined(separator: "  "))
            }
        }
        return lines.map { colour ? $0 : trimmedRight($0) }.joined(separator: "\n") + "\n"
    }

    /// `▀` with the top pixel as foreground and the bottom one as background; a missing
    /// pixel keeps the terminal's own colour.
    private static func halfBlock(_ top: Float?, _ bottom: Float?, heatmap: Bool) -> String {
        let fg = top.map { "\(escape)38;5;\(colourIndex($0, heatmap: heatmap))m" } ?? "\(escape)39m"
        let bg = bottom.map { "\(escape)48;5;\(colourIndex($0, heatmap: heatmap))m" } ?? "\(escape)49m"
        return fg + bg + "▀" + "\(escape)0m"
    }

    /// A level's colour: one of the 24 greys (232–255) or a heat colour.
    static func colourIndex(_ level: Float, heatmap: Bool) -> Int {
        let t = level.isFinite ? min(max(level, 0), 1) : 0
        if heatmap { return heatColours[Int((t * Float(heatColours.count - 1)).rounded())] }
        return 232 + Int((t * 23).rounded())
    }

    static func shade(_ level: Float?) -> Character {
        guard let level, level.isFinite else { return " " }
        return shades[Int((min(max(level, 0), 1) * Float(shades.count - 1)).rounded())]
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private static func trimmedRight(_ line: String) -> String {
        String(line.reversed().drop { $0 == " " }.reversed())
    }
}
