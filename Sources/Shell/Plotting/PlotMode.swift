/// Where plots go: `:plot dumb|sixel|kitty|iterm|png|svg|off`.
///
/// At a terminal the default is `dumb` (text, in colour unless `NO_COLOR`), or the
/// terminal's own inline-image protocol when `TERM`/`TERM_PROGRAM` names a terminal
/// known to read it: kitty's graphics protocol (`TERM=xterm-kitty`), iTerm2's OSC 1337
/// (`TERM_PROGRAM=iTerm.app`, and WezTerm, which reads it too). gnuplot 5.4 has no
/// terminal for either, so those modes have gnuplot draw a PNG and Sprout wraps it in
/// the escape sequence (`InlineImage`).
enum PlotMode: String, CaseIterable, Sendable {
    /// gnuplot's `dumb` text terminal; images as half blocks.
    case dumb
    /// gnuplot's `sixelgd`.
    case sixel
    /// A PNG through kitty's graphics protocol.
    case kitty
    /// A PNG through iTerm2's OSC 1337 inline images.
    case iterm
    /// A PNG file; the shell says where.
    case png
    /// An SVG file; the shell says where.
    case svg
    /// No drawing: the plot's one-line summary.
    case off

    /// The words `:plot` takes, in the order its usage lists them.
    static var words: [String] { allCases.map(\.rawValue) }

    /// The mode a terminal starts in, from its environment.
    static func detected(in environment: [String: String]) -> PlotMode {
        if environment["TERM"] == "xterm-kitty" { return .kitty }
        if let program = environment["TERM_PROGRAM"], program == "iTerm.app" || program == "WezTerm" { return .iterm }
        return .dumb
    }

    /// Whether the mode needs gnuplot to draw a PNG first.
    var drawsPNG: Bool { self == .kitty || self == .iterm || self == .png }
}
