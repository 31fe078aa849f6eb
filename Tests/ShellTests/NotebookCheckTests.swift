import Foundation
import Testing

/// The nbformat check of exported notebooks (`Tests/tools/check_notebook.py`) against
/// hand-written notebooks: a valid one passes and is read back as written; each fault
/// fails, including the ones nbformat would quietly repair on reading.
@Suite("Notebook check with nbformat")
struct NotebookCheckTests {
    /// A notebook as the export writes one: a note, a cell that prints and shows a value,
    /// a cell with a plot, a cell that shows nothing.
    static let valid = """
        {
         "nbformat": 4, "nbformat_minor": 5,
         "metadata": {
          "kernelspec": {"name": "sprout", "display_name": "Sprout", "language": "sprout"},
          "language_info": {"name": "sprout", "file_extension": ".sprout"}
         },
         "cells": [
          {"cell_type": "markdown", "id": "note-1", "metadata": {}, "source": ["# The recipe\\n", "on digits"]},
          {"cell_type": "code", "id": "cell-1", "metadata": {}, "execution_count": 1,
           "source": "ds = load(\\"digits\\")\\nds.rows",
           "outputs": [
            {"output_type": "stream", "name": "stdout", "text": ["dataset digits\\n"]},
            {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": "1797"}}
           ]},
          {"cell_type": "code", "id": "cell-2", "metadata": {}, "execution_count": 2, "source": "plot(ds)",
           "outputs": [
            {"output_type": "display_data", "metadata": {},
             "data": {"image/png": "\(HTMLCheckTests.picture)", "text/plain": "<plot: a gradient>"}}
           ]},
          {"cell_type": "code", "id": "cell-3", "metadata": {}, "execution_count": 3, "source": "seed(1)", "outputs": []}
         ]
        }
        """

    /// Writes `json` to a fresh folder and checks it.
    static func check(_ json: String) async throws -> (ExternalCheck.Completed, NotebookCheck) {
        let path = try makeTemporaryFolder() + "/session.ipynb"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return try await ExternalCheck.notebook(at: path)
    }

    @Test func aValidNotebookPassesAndReadsBackAsWritten() async throws {
        let (run, notebook) = try await Self.check(Self.valid)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(notebook.valid)
        #expect(notebook.cells == ["markdown": 1, "code": 3])
        #expect(notebook.kernelspec == "sprout" && notebook.languageInfo == "sprout")
        let cells = notebook.codeCells ?? []
        #expect(cells.map(\.executionCount) == [1, 2, 3])
        #expect(cells.last?.outputTypes == [])
        #expect(cells.first?.outputTypes == ["stream", "execute_result"])
        #expect(cells.first?.streamNames == ["stdout"])
        #expect(cells.first?.source == "ds = load(\"digits\")\nds.rows")
        #expect(cells.dropFirst().first?.mimeTypes == ["image/png", "text/plain"])
        let image = notebook.images?.first
        #expect(image?.cell == 1 && image?.pngSignature == true)
        #expect(image?.bytes == Data(base64Encoded: HTMLCheckTests.picture)?.count)
        #expect(run.stdout.contains("valid nbformat 4.5, cells: 3 code, 1 markdown, 1 images"))
    }

    @Test(
        "Each fault fails the check, named",
        arguments: [
            (
                "a code cell without outputs", #""source": "seed(1)", "outputs": []"#, #""source": "seed(1)""#,
                "'outputs' is a required property"
            ),
            ("a cell id with a space", #""id": "cell-1""#, #""id": "cell 1""#, "'cell 1' does not match"),
            ("a cell without an id (nbformat would add one)", #""id": "cell-1", "#, "", "'id' is a required property"),
            ("two cells with one id (nbformat would rename one)", #""id": "cell-2""#, #""id": "cell-1""#, "cell ids repeated: cell-1"),
            (
                "an execution count that is text", #""execution_count": 1,"#, #""execution_count": "1","#,
                "'1' is not of type 'integer', 'null'"
            ),
            ("not JSON", "\"nbformat\": 4,", "\"nbformat\": 4", "not JSON"),
        ])
    func eachFaultFailsTheCheck(fault: String, text: String, replacement: String, error: String) async throws {
        let json = Self.valid.replacingOccurrences(of: text, with: replacement)
        #expect(json != Self.valid, "the fault is written: \(fault)")
        let (run, notebook) = try await Self.check(json)
        #expect(run.status == 1, "\(fault): \(run.stdout)")
        #expect(!notebook.valid)
        #expect(notebook.error?.contains(error) == true, "\(fault): \(notebook.error ?? "")")
        #expect(run.stderr.contains("invalid: "))
    }

    @Test func anImageThatIsNotAPNGReadsBackWithoutTheSignature() async throws {
        let json = Self.valid.replacingOccurrences(of: HTMLCheckTests.picture, with: Data("GIF89a".utf8).base64EncodedString())
        let (run, notebook) = try await Self.check(json)
        #expect(run.status == 0)
        #expect(notebook.images?.first?.pngSignature == false)
        #expect(notebook.images?.first?.bytes == 6)
    }

    @Test func withoutNbformatTheCheckExits77SayingHowToInstallIt() async throws {
        guard let python = ExternalCheck.python else { return }
        let hiding = try makeTemporaryFolder()
        try FileManager.default.createDirectory(atPath: hiding + "/nbformat", withIntermediateDirectories: true)
        try "raise ImportError('hidden by the test')\n".write(toFile: hiding + "/nbformat/__init__.py", atomically: true, encoding: .utf8)
        let path = try makeTemporaryFolder() + "/session.ipynb"
        try Self.valid.write(toFile: path, atomically: true, encoding: .utf8)
        let script = ExternalCheck.tools.appendingPathComponent("check_notebook.py").path
        let run = try await ExternalCheck.run(python, [script, path], environment: ["PYTHONPATH": hiding])
        #expect(run.status == ExternalCheck.skipStatus)
        #expect(run.stderr.contains("nbformat is not installed") && run.stderr.contains("make test-deps"))
    }
}
