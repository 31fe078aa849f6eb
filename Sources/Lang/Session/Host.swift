/// How the language reaches the outside world. Lang never prints, opens terminals or
/// starts processes: it hands text and values to a host. The shell implements this for
/// the terminal; tests implement a recording host.
public protocol Host: AnyObject {
    /// Text a program prints (`print(...)`), without a trailing newline added.
    func write(_ text: String)
    /// A warning that is not an error: the recipe's checks use this to make silent
    /// failures loud without stopping the cell.
    func warn(_ text: String)
    /// Something worth knowing that is neither output nor a problem: a definition that
    /// hides a builtin. The shell shows it as `note: …`.
    func note(_ text: String)
}

extension Host {
    /// Shown as output, `note: …` on a line of its own, for hosts that keep no notes apart
    /// (so a host written before notes existed still shows them).
    public func note(_ text: String) { write("note: \(text)\n") }
}

/// A host that keeps everything it is given; for tests and for capturing cell output.
public final class RecordingHost: Host {
    public private(set) var output = ""
    public private(set) var warnings: [String] = []
    public private(set) var notes: [String] = []
    public init() {}
    public func write(_ text: String) { output += text }
    public func warn(_ text: String) { warnings.append(text) }
    public func note(_ text: String) { notes.append(text) }
}
