/// How the language reaches the outside world. Lang never prints, opens terminals or
/// starts processes: it hands text and values to a host. The shell implements this for
/// the terminal; tests implement a recording host.
///
/// Besides text, the host takes typed values for what only it knows how to show: a plot
/// to draw (`PlotRequest`) and progress of a long operation (`Progress`). Each has a
/// default that writes plain text, so a host written for scripts or tests shows them
/// without doing anything, and the language never knows about terminals or gnuplot.
public protocol Host: AnyObject {
    /// Text a program prints (`print(...)`), without a trailing newline added.
    func write(_ text: String)
    /// A warning that is not an error: the recipe's checks use this to make silent
    /// failures loud without stopping the cell.
    func warn(_ text: String)
    /// Something worth knowing that is neither output nor a problem: a definition that
    /// hides a builtin. The shell shows it as `note: …`.
    func note(_ text: String)
    /// A plot to draw. By default its one-line `summary` is written as output.
    func draw(_ plot: PlotRequest)
    /// Writes a plot to an image file (`savefig`), PNG or SVG by the path's extension.
    /// By default it throws: only a host with a renderer can save.
    func save(_ plot: PlotRequest, to path: String) throws
    /// A long operation starts. By default nothing is shown.
    func beginProgress(_ progress: Progress)
    /// A long operation has moved on. By default nothing is shown: a line per step would
    /// flood a script's output, and its timing would make recorded output differ.
    func updateProgress(_ progress: Progress)
    /// A long operation has ended (finished, failed or stopped; `done` says how far it
    /// got). By default its `finalLine` is written as output.
    func endProgress(_ progress: Progress)
    /// How many characters wide a printed table may be. By default 80, so output that is
    /// recorded or compared never depends on a window's size; the shell at a terminal
    /// gives the terminal's width.
    var displayWidth: Int { get }
}

extension Host {
    /// Shown as output, `note: …` on a line of its own, for hosts that keep no notes apart
    /// (so a host written before notes existed still shows them).
    public func note(_ text: String) { write("note: \(text)\n") }
    public func draw(_ plot: PlotRequest) { write(plot.summary + "\n") }
    public func save(_ plot: PlotRequest, to path: String) throws {
        throw RuntimeError(.other("savefig: cannot save plots here (only the sprout shell and scripts can)"))
    }
    public func beginProgress(_ progress: Progress) {}
    public func updateProgress(_ progress: Progress) {}
    public func endProgress(_ progress: Progress) { write(progress.finalLine + "\n") }
    public var displayWidth: Int { 80 }
}

/// A host that keeps everything it is given; for tests and for capturing cell output.
/// Plots and progress are kept as the values they are, not as text.
public final class RecordingHost: Host {
    /// One progress callback, in the order they came.
    public enum ProgressEvent: Equatable, Sendable {
        case begin(Progress)
        case update(Progress)
        case end(Progress)
    }

    public private(set) var output = ""
    public private(set) var warnings: [String] = []
    public private(set) var notes: [String] = []
    public private(set) var plots: [PlotRequest] = []
    public private(set) var progress: [ProgressEvent] = []
    /// Where `savefig` asked plots to be written (nothing is written).
    public private(set) var savedPaths: [String] = []
    public init() {}
    public func write(_ text: String) { output += text }
    public func warn(_ text: String) { warnings.append(text) }
    public func note(_ text: String) { notes.append(text) }
    public func draw(_ plot: PlotRequest) { plots.append(plot) }
    public func save(_ plot: PlotRequest, to path: String) throws { savedPaths.append(path) }
    public func beginProgress(_ progress: Progress) { self.progress.append(.begin(progress)) }
    public func updateProgress(_ progress: Progress) { self.progress.append(.update(progress)) }
    public func endProgress(_ progress: Progress) { self.progress.append(.end(progress)) }
}
