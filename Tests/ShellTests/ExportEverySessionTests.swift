import Foundation
import Lang
import Testing

@testable import Shell

/// The repository's sessions/ folder, from this file's path.
private let sessionsFolder =
    URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path + "/sessions"

/// Every saved session in sessions/.
private let everySession: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: sessionsFolder)) ?? []
    return names.filter { $0.hasSuffix(".sprout") }.sorted().map { sessionsFolder + "/" + $0 }
}()

/// Every session in sessions/ exports to all three formats, checked by the tools those
/// formats come from: the notebook validates with Python's nbformat and reads back with
/// every cell, result and picture; the page passes the headless-browser check (loads
/// without errors, self-contained, every image decodes, no sideways scroll on a phone,
/// non-blank screenshots, prints); the Markdown's image links name pictures written
/// beside it. One replay per session serves the three (as `sprout export` replays).
/// Serialized: each page check starts a Chromium.
@Suite("every saved session exports", .serialized)
struct ExportEverySessionTests {
    @Test func thereAreSessions() {
        #expect(everySession.count >= 8)
    }

    @Test(arguments: everySession)
    func exportsToANotebookAPageAndMarkdownThatCheck(_ path: String) async throws {
        let text = try ScriptFile.read(path)
        let title = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let replayed = try Interpreter.runningCells {
            ExportedSession.fromReplay(
                text, name: path, title: title, replay: try SessionReplay(seed: ReplayCheck.seed(in: text) ?? 0))
        }
        #expect(replayed.failed.isEmpty && replayed.differing.isEmpty, "cells failed \(replayed.failed), differ \(replayed.differing)")
        let session = replayed.session
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pictures = session.plots.filter { $0.png != nil }.count
        #expect(pictures == session.plots.count, "gnuplot drew every plot")

        let notebookPath = folder + "/\(title).ipynb"
        _ = try SessionExport.write(session, as: .ipynb, to: notebookPath)
        let (notebookRun, notebook) = try await ExternalCheck.notebook(at: notebookPath)
        #expect(notebookRun.status == 0 && notebook.valid, "\(notebook.error ?? notebookRun.stderr)")
        #expect(notebook.codeCells?.count == session.codeCells.count)
        #expect(notebook.codeCells?.map { $0.executionCount } == session.codeCells.map { $0.number })
        #expect(notebook.kernelspec == "sprout" && notebook.languageInfo == "sprout")
        #expect(notebook.images?.count == pictures && notebook.images?.allSatisfy(\.pngSignature) == true)

        let pagePath = folder + "/\(title).html"
        _ = try SessionExport.write(session, as: .html, to: pagePath)
        let (pageRun, page) = try await ExternalCheck.page(at: pagePath)
        #expect(pageRun.status == 0 && page.passed, "failed: \(page.failed)\n\(pageRun.stdout)")
        #expect(page.images == pictures)

        let markdownPath = folder + "/\(title).md"
        _ = try SessionExport.write(session, as: .md, to: markdownPath)
        let markdown = try String(contentsOfFile: markdownPath, encoding: .utf8)
        let links = markdown.matches(of: /!\[[^\]\n]*\]\(([^)\s]+)\)/).map { String($0.output.1) }
        #expect(links.count == pictures)
        for link in links {
            let file = folder + "/" + (link.removingPercentEncoding ?? link)
            #expect(FileManager.default.contents(atPath: file)?.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true, "\(link)")
        }
    }
}
