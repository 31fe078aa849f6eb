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

    /// Draws each cell's plots and writes them into `folder` (`write`).
    /// - Returns: how many pictures were written or removed, and why drawing failed, if it did.
    static func refresh(
        folder: String, plots: [(cell: Int, plots: [PlotRequest])], display: PlotDisplay
    ) -> (changed: Int, problem: String?) {
        var pictures: [(name: String, png: Data)] = []
        for (cell, requests) in plots {
            for (index, plot) in requests.enumerated() {
                guard let png = PlotPicture.png(of: plot, using: display) else {
                    return (0, "gnuplot could not draw the plot of cell \(cell)")
                }
                pictures.append((ExportedPlot.fileName(cell: cell, index: index), png))
            }
        }
        do {
            return (try write(pictures, to: folder), nil)
        } catch {
            return (0, "\(error)")
        }
    }

    /// Writes each picture whose bytes differ from the file of its name in `folder` (made
    /// when there is a picture to put in it), and removes the folder's `cell-*.png` files
    /// not among them: a folder of pictures that matches its session or page exactly.
    /// - Returns: how many files were written or removed.
    /// - Throws: `FileWriteError` for a folder or file that cannot be written.
    static func write(_ pictures: [(name: String, png: Data)], to folder: String) throws(FileWriteError) -> Int {
        var changed = 0
        for picture in pictures {
            let path = folder + "/" + picture.name
            guard FileManager.default.contents(atPath: path) != picture.png else { continue }
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw FileWriteError(path: folder, reason: plainReason(of: error))
            }
            try AtomicFile.write(picture.png, to: path)
            changed += 1
        }
        let names = Set(pictures.map(\.name))
        let present = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in present where name.hasPrefix("cell-") && name.hasSuffix(".png") && !names.contains(name) {
            if (try? FileManager.default.removeItem(atPath: folder + "/" + name)) != nil { changed += 1 }
        }
        return changed
    }
}
