import Foundation
import Lang

/// The PNGs beside a saved session (`sessions/NAME/cell-5.png`, `cell-5-2.png`), which
/// `:save` writes and `sprout export --no-run` shows: `sprout run --record` redraws them
/// from the replay, so a change in how plots are drawn reaches them as it reaches the
/// `#> ` lines.
enum SessionPictures {
    /// The folder of a session file's pictures: its path without `.sprout`, as `:save`
    /// names it.
    static func folder(of path: String) -> String {
        path.hasSuffix(".sprout") ? String(path.dropLast(".sprout".count)) : path + ".plots"
    }

    /// Draws each cell's plots and writes those whose bytes differ from the file there,
    /// and removes the folder's `cell-*.png` files no cell drew. The folder is made only
    /// when there is a picture to put in it.
    /// - Returns: how many pictures were written or removed, and why drawing failed, if it did.
    static func refresh(
        folder: String, plots: [(cell: Int, plots: [PlotRequest])], display: PlotDisplay
    ) -> (changed: Int, problem: String?) {
        var changed = 0
        var drawn: Set<String> = []
        for (cell, requests) in plots {
            for (index, plot) in requests.enumerated() {
                let name = ExportedPlot.fileName(cell: cell, index: index)
                drawn.insert(name)
                guard let png = PlotPicture.png(of: plot, using: display) else {
                    return (changed, "gnuplot could not draw the plot of cell \(cell)")
                }
                let path = folder + "/" + name
                guard FileManager.default.contents(atPath: path) != png else { continue }
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    try AtomicFile.write(png, to: path)
                } catch {
                    return (changed, "\(error)")
                }
                changed += 1
            }
        }
        let present = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in present where name.hasPrefix("cell-") && name.hasSuffix(".png") && !drawn.contains(name) {
            if (try? FileManager.default.removeItem(atPath: folder + "/" + name)) != nil { changed += 1 }
        }
        return (changed, nil)
    }
}
