import Foundation
import Testing

@testable import Shell

/// The ipynb writer, read back as JSON: nbformat 4.5's shape (ids, sources as lines,
/// outputs by type), the picture's bytes, Sprout's kernel metadata. (That nbformat itself
/// accepts the exports is tested on real sessions with Python's nbformat.)
@Suite("notebook export")
struct NotebookExportTests {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 1, 2, 255])

    static let session = ExportedSession(
        title: "demo",
        header: SessionHeader(date: Date(timeIntervalSince1970: 0), seed: 7, sproutVersion: "0.1.0", blasVersion: "OpenBLAS x"),
        items: [
            .note("# Title\nSome *prose*."),
            .code(
                ExportedCell(
                    number: 1, source: "x = load(\"iris\")\nx.shape",
                    outputs: [
                        .printed("dataset iris\n"), .warning("warning: careful\n"), .value("[150, 4]\n"),
                        .plot(ExportedPlot(png: png, summary: "<plot: line>", text: "TEXT\n", fileName: "cell-1.png")),
                        .plot(ExportedPlot(png: nil, summary: "<plot: b>", text: "DRAWN\nAS TEXT\n", fileName: "cell-1-2.png")),
                    ])),
            .code(ExportedCell(number: 2, source: "y +", outputs: [.error("error: expected an expression\n --> cell 2:1:4\n")])),
        ])

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func theNotebookHasNbformat45sShapeAndSproutsMetadata() throws {
        let notebook = try Self.object(NotebookExport.render(Self.session))
        #expect(notebook["nbformat"] as? Int == 4 && notebook["nbformat_minor"] as? Int == 5)
        let metadata = try #require(notebook["metadata"] as? [String: Any])
        #expect((metadata["kernelspec"] as? [String: String])?["language"] == "sprout")
        #expect((metadata["language_info"] as? [String: String])?["name"] == "sprout")
        #expect((metadata["sprout"] as? [String: Any])?["seed"] as? Int == 7)
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        #expect(cells.map { $0["cell_type"] as? String } == ["markdown", "code", "code"])
        #expect(cells.map { $0["id"] as? String } == ["cell-1", "cell-2", "cell-3"])
        #expect(cells[0]["source"] as? [String] == ["# Title\n", "Some *prose*."])
        #expect(cells[1]["source"] as? [String] == ["x = load(\"iris\")\n", "x.shape"])
        #expect(cells[1]["execution_count"] as? Int == 1)
    }

    @Test func outputsAreStreamsAResultPicturesAndAnError() throws {
        let cells = try #require(try Self.object(NotebookExport.render(Self.session))["cells"] as? [[String: Any]])
        let outputs = try #require(cells[1]["outputs"] as? [[String: Any]])
        #expect(outputs.map { $0["output_type"] as? String } == ["stream", "stream", "execute_result", "display_data", "display_data"])
        #expect(outputs[0]["name"] as? String == "stdout" && outputs[0]["text"] as? [String] == ["dataset iris\n"])
        #expect(outputs[1]["name"] as? String == "stderr")
        #expect(outputs[2]["execution_count"] as? Int == 1)
        #expect((outputs[2]["data"] as? [String: Any])?["text/plain"] as? [String] == ["[150, 4]"])
        let picture = try #require(outputs[3]["data"] as? [String: Any])
        #expect(Data(base64Encoded: picture["image/png"] as? String ?? "") == Self.png)
        #expect(picture["text/plain"] as? [String] == ["<plot: line>"])
        // No picture: the plot's text stands in.
        let text = try #require(outputs[4]["data"] as? [String: Any])
        #expect(text["image/png"] == nil && text["text/plain"] as? [String] == ["DRAWN\n", "AS TEXT\n"])
        let error = try #require((cells[2]["outputs"] as? [[String: Any]])?.first)
        #expect(error["output_type"] as? String == "error")
        #expect(error["evalue"] as? String == "expected an expression")
        #expect(error["traceback"] as? [String] == ["error: expected an expression", " --> cell 2:1:4"])
    }

    @Test func theSameSessionGivesTheSameBytes() {
        #expect(NotebookExport.render(Self.session) == NotebookExport.render(Self.session))
    }

    @Test func linesKeepTheirNewlinesButTheLast() {
        #expect(NotebookExport.lines("a\nb") == ["a\n", "b"])
        #expect(NotebookExport.lines("a\n") == ["a\n"])
        #expect(NotebookExport.lines("a\n\n") == ["a\n", "\n"])
        #expect(NotebookExport.lines("") == [])
        #expect(NotebookExport.lines("a\r\nb") == ["a\r\n", "b"])
    }
}
