import Foundation

/// The formats a session exports to.
enum ExportFormat: String, CaseIterable, Sendable {
    case ipynb, md, html

    /// The format a file name's extension names (`.ipynb`, `.md` or `.markdown`, `.html`
    /// or `.htm`); nil for any other.
    init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "ipynb": self = .ipynb
        case "md", "markdown": self = .md
        case "html", "htm": self = .html
        default: return nil
        }
    }

    /// The words a user may give for it: `ipynb`, `md`, `html`.
    static var names: String { "ipynb, md or html" }
}

/// What an export wrote.
struct ExportSummary: Equatable {
    var path: String
    var cells: Int
    var plots: Int
    /// Plots with no picture (gnuplot could not draw them): their text stands in.
    var plotsWithoutPicture: Int
    /// For Markdown, the folder the pictures went to.
    var pictureFolder: String?

    /// `wrote PATH (12 cells, 3 plots)`.
    var line: String {
        var parts = [counted(cells, "cell")]
        if plots > 0 { parts.append(counted(plots, "plot")) }
        var text = "wrote \(path) (\(parts.joined(separator: ", ")))"
        if let pictureFolder, plots > plotsWithoutPicture { text += "; pictures in \(pictureFolder)" }
        return text
    }
}

/// Writes an `ExportedSession` in a format: the file whole or not at all (`AtomicFile`).
/// Markdown's pictures go in a folder beside it named after it (`page.md` →
/// `page_files/cell-5.png`, as Jupyter's converter names it), which its image links name
/// relative to the page, so the two move together.
enum SessionExport {
    static func write(_ session: ExportedSession, as format: ExportFormat, to path: String) throws(FileWriteError) -> ExportSummary {
        let plots = session.plots
        var summary = ExportSummary(
            path: path, cells: session.codeCells.count, plots: plots.count,
            plotsWithoutPicture: plots.filter { $0.png == nil }.count)
        switch format {
        case .ipynb:
            try AtomicFile.write(NotebookExport.render(session), to: path)
        case .html:
            try AtomicFile.write(HTMLExport.render(session), to: path)
        case .md:
            let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let folderName = stem + "_files"
            let pictures = plots.compactMap { plot in plot.png.map { (name: plot.fileName, png: $0) } }
            if !pictures.isEmpty {
                let folder = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(folderName)
                _ = try SessionPictures.write(pictures, to: folder)
                summary.pictureFolder = folder
            }
            try AtomicFile.write(MarkdownExport.render(session, pictureFolder: folderName), to: path)
        }
        return summary
    }
}
