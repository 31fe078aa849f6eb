/// The gnuplot terminal a plot is drawn on, and the commands that select it.
///
/// Text goes to gnuplot's standard output (`dumb`, `sixelgd`), which the transport reads
/// back; pictures go to a file (`pngcairo`, `svg`), complete only after `unset output`
/// (PLATFORM.md). Sizes are characters for `dumb` and pixels for the rest.
enum GnuplotTerminal: Equatable, Sendable {
    /// `dumb`: characters, with ANSI 256 colours or plain (`mono`).
    case text(width: Int, height: Int, colour: Bool)
    /// `sixelgd`: an image in the terminal's own sixel graphics, on standard output.
    case sixel(width: Int, height: Int)
    /// `pngcairo` into a file.
    case png(path: String, width: Int, height: Int)
    /// `svg` into a file.
    case svg(path: String, width: Int, height: Int)

    /// The fixed size a script's (and a saved session's) text plots are drawn at, so their
    /// output is the same on every machine and `run --check` can compare it.
    static let scriptText = GnuplotTerminal.text(width: 80, height: 24, colour: false)

    /// The pixel size of pictures unless asked otherwise.
    static let pictureWidth = 640
    static let pictureHeight = 400

    /// The smallest `dumb` size that still holds axes and a few rows of marks.
    static let minimumTextWidth = 20
    static let minimumTextHeight = 8

    /// Selects the terminal and its output. `noenhanced` keeps a user's `_` and `^` in
    /// titles as they are typed, not as sub- and superscripts.
    var setup: String {
        switch self {
        case let .text(width, height, colour):
            let w = max(width, Self.minimumTextWidth), h = max(height, Self.minimumTextHeight)
            return "set terminal dumb size \(w),\(h) nofeed noenhanced \(colour ? "ansi256" : "mono")\nset output\n"
        case let .sixel(width, height):
            return "set terminal sixelgd size \(width),\(height) truecolor noenhanced\nset output\n"
        case let .png(path, width, height):
            return "set terminal pngcairo size \(width),\(height) noenhanced\nset output \(PlotScript.quoted(path))\n"
        case let .svg(path, width, height):
            return "set terminal svg size \(width),\(height) noenhanced\nset output \(PlotScript.quoted(path))\n"
        }
    }

    /// What closes the drawing: a file is complete only once its output is closed.
    var finish: String {
        switch self {
        case .text, .sixel: ""
        case .png, .svg: "unset output\n"
        }
    }

    /// Whether gnuplot can draw images on it: `dumb` cannot (it prints nothing or
    /// coloured `X`s), so text images are drawn with half blocks (`HalfBlockImage`).
    var drawsImages: Bool {
        if case .text = self { return false }
        return true
    }

    /// The height in pixels of a picture terminal; nil for text.
    var pixelHeight: Int? {
        switch self {
        case .text: nil
        case let .sixel(_, height), let .png(_, _, height), let .svg(_, _, height): height
        }
    }

    /// A picture terminal for a file, chosen by its extension; nil for any other.
    static func file(_ path: String, width: Int = pictureWidth, height: Int = pictureHeight) -> GnuplotTerminal? {
        switch path.split(separator: ".").last?.lowercased() {
        case "png": .png(path: path, width: width, height: height)
        case "svg": .svg(path: path, width: width, height: height)
        default: nil
        }
    }
}
