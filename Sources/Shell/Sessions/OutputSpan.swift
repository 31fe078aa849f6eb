/// A stretch of a cell's recorded output and what kind of output it was, so an export
/// can show each as its format does: a notebook shows the value as the cell's result, a
/// warning on standard error, a plot as a picture (its text left out).
///
/// `CellOutput` keeps the spans as it keeps the text: in order, each covering the next
/// `bytes` UTF-8 bytes of the record's `output`. A plot always has a span of its own
/// (even of 0 bytes, when gnuplot drew no text), so the n-th plot span is the cell's n-th
/// plot.
struct OutputSpan: Codable, Equatable, Sendable {
    enum Kind: String, Codable, Sendable {
        /// What the cell printed (a summary line, a fit's epoch lines).
        case printed
        /// `warning: …` and `note: …` lines.
        case warning
        /// The value the cell showed.
        case value
        /// One plot's text.
        case plot
    }

    var kind: Kind
    var bytes: Int

    /// The output cut into its spans' pieces. Bytes the spans do not cover (the "… not
    /// kept" line after a long output) are printed text; a span reaching past the end, as
    /// in a record edited by hand, is cut short there.
    static func pieces(of output: String, spans: [OutputSpan]) -> [(kind: Kind, text: String)] {
        let bytes = Array(output.utf8)
        var pieces: [(kind: Kind, text: String)] = []
        var start = 0
        for span in spans {
            let end = min(bytes.count, start + max(0, span.bytes))
            pieces.append((span.kind, String(decoding: bytes[start..<end], as: UTF8.self)))
            start = end
        }
        if start < bytes.count { pieces.append((.printed, String(decoding: bytes[start...], as: UTF8.self))) }
        return pieces
    }
}
