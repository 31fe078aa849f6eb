import Foundation

/// A session as an export shows it (`:export`, `sprout export`): notes, and code cells
/// with what each showed, in order. The three formats (`NotebookExport`,
/// `MarkdownExport`, `HTMLExport`) render this one description, so they agree on what a
/// session contains; where it comes from (the shell's cells, a replay of a saved
/// session, or a saved session's recorded lines) is `ExportedSession+Sources.swift`.
struct ExportedSession: Equatable {
    /// What the page or notebook is called (the session file's name without `.sprout`).
    var title: String
    /// The saved session's header, or the shell's own for `:export`.
    var header: SessionHeader?
    var items: [ExportItem]

    /// The code cells, in order.
    var codeCells: [ExportedCell] {
        items.compactMap { if case let .code(cell) = $0 { cell } else { nil } }
    }

    /// Every plot, in order.
    var plots: [ExportedPlot] {
        codeCells.flatMap { cell in cell.outputs.compactMap { if case let .plot(plot) = $0 { plot } else { nil } } }
    }
}

/// One piece of a session.
enum ExportItem: Equatable {
    /// Prose: a note's comment lines without their `# ` marker (Markdown text).
    case note(String)
    case code(ExportedCell)
}

/// A code cell: its source and what it showed.
struct ExportedCell: Equatable {
    /// The cell's number (`[5]>`, Jupyter's execution count); nil for a cell that did not
    /// run (a failed cell a `--all` session keeps commented out).
    var number: Int?
    /// The source as typed, without a trailing newline.
    var source: String
    var outputs: [ExportedOutput]

    /// Whether the cell ended in an error.
    var failed: Bool {
        outputs.contains { if case .error = $0 { true } else { false } }
    }
}

/// What a cell showed, in the order it showed it.
enum ExportedOutput: Equatable {
    /// Text the cell printed (a dataset's summary line, a fit's epoch lines), ending in a
    /// newline.
    case printed(String)
    /// Warnings and notes, as shown (`warning: …`, `note: …`), ending in a newline.
    case warning(String)
    /// The value the cell showed, formatted, ending in a newline.
    case value(String)
    case plot(ExportedPlot)
    /// The error that ended the cell, rendered without colour (source line and caret).
    case error(String)

    /// The text, for the kinds that are text.
    var text: String? {
        switch self {
        case let .printed(text), let .warning(text), let .value(text), let .error(text): text
        case .plot: nil
        }
    }
}

/// A plot: the picture, and its text for readers that show no pictures.
struct ExportedPlot: Equatable {
    /// The PNG; nil when it could not be drawn (no gnuplot), then `text` stands in.
    var png: Data?
    /// What the plot shows in one line (`<plot: histogram of 1797 values, 10 bins>`): an
    /// image's alt text.
    var summary: String
    /// The plot as plain text (gnuplot's `dumb` rendering), as the session recorded it.
    var text: String
    /// A file name for the picture, unique in the session: `cell-5.png`, `cell-5-2.png`.
    var fileName: String

    /// The file name of the `index`-th plot (0-based) of cell `number`, as `:save` names
    /// the PNGs beside a session.
    static func fileName(cell number: Int, index: Int) -> String {
        index == 0 ? "cell-\(number).png" : "cell-\(number)-\(index + 1).png"
    }
}
