import Foundation
import Lang

/// `:export NAME.ipynb|.md|.html`: the session so far (since the start or the last
/// `:reset`) as a notebook, Markdown or a web page. A bare name goes in the sessions
/// folder, beside what `:save` writes; a name with a `/` or `~` is a path.
extension REPL {
    static var exportCommand: ShellCommand {
        ShellCommand(
            name: "export", usage: ":export NAME.ipynb|.md|.html",
            summary: "the session so far as a Jupyter notebook, Markdown or a web page (in sessions/, or a path when NAME has a /)"
        ) { repl, argument in
            repl.export(argument)
        }
    }

    func export(_ argument: String) {
        guard let words = words(of: argument, for: "export") else { return }
        guard words.count == 1, let name = words.first, !name.isEmpty, !name.hasPrefix("-") else {
            return failUsage(of: "export", because: words.count > 1 ? "quote a path that has spaces" : nil)
        }
        guard let format = ExportFormat(path: name) else {
            return failUsage(of: "export", because: "give a name ending in .ipynb, .md or .html")
        }
        let path: String
        if SessionPath.isBareName(name) {
            do {
                try FileManager.default.createDirectory(atPath: sessionsFolder, withIntermediateDirectories: true)
            } catch {
                return fail("error: cannot create the folder \(sessionsFolder): \(plainReason(of: error))")
            }
            path = (sessionsFolder as NSString).appendingPathComponent(name)
        } else {
            path = UserPath.expanded(name, environment: environment)
        }
        let title = (((path as NSString).lastPathComponent) as NSString).deletingPathExtension
        let session = ExportedSession.fromShell(
            title: title, header: .current(seed: seed, dataFiles: interpreter.dataFiles), cells: cells, plotsByCell: plotsByCell,
            picture: { [plots] plot in plots.flatMap { PlotPicture.png(of: plot, using: $0) } })
        do {
            let summary = try SessionExport.write(session, as: format, to: path)
            say(summary.line.replacingOccurrences(of: "wrote ", with: "exported "))
            if summary.plotsWithoutPicture > 0 {
                say("warning: \(counted(summary.plotsWithoutPicture, "plot")) could not be drawn as pictures; their text stands in")
            }
        } catch {
            fail("error: \(error)")
        }
    }
}
