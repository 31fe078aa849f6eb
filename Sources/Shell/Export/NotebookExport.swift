import Foundation

/// A session as a Jupyter notebook (nbformat 4.5, the format's JSON schema): a Markdown
/// cell per note; a code cell per Sprout cell with its source, its number as the
/// execution count, and its outputs in order: printed text as a `stdout` stream,
/// warnings as a `stderr` stream, the value as the `execute_result`, each plot as
/// `display_data` with an `image/png` (its summary as the text alternative), an error as
/// an `error` output. The kernel and language metadata name Sprout, so Jupyter shows the
/// language and no one mistakes the notebook for Python.
///
/// Multi-line strings are written as lists of lines, each but the last ending in a
/// newline, as Jupyter writes them (diffs of a notebook stay line by line). Keys are
/// sorted, so one session always gives the same bytes.
enum NotebookExport {
    static func render(_ session: ExportedSession) -> Data {
        var cells: [Any] = []
        for (index, item) in session.items.enumerated() {
            let id = "cell-\(index + 1)"
            switch item {
            case let .note(text):
                cells.append(["cell_type": "markdown", "id": id, "metadata": [String: Any](), "source": lines(text)])
            case let .code(cell):
                cells.append([
                    "cell_type": "code", "id": id, "metadata": [String: Any](), "source": lines(cell.source),
                    "execution_count": cell.number.map { $0 as Any } ?? NSNull(),
                    "outputs": outputs(of: cell),
                ])
            }
        }
        var metadata: [String: Any] = [
            "kernelspec": ["name": "sprout", "display_name": "Sprout", "language": "sprout"],
            "language_info": [
                "name": "sprout", "version": SproutVersion.string, "file_extension": ".sprout", "mimetype": "text/x-sprout",
            ],
            "title": session.title,
        ]
        if let header = session.header { metadata["sprout"] = headerMetadata(header) }
        let notebook: [String: Any] = ["nbformat": 4, "nbformat_minor": 5, "metadata": metadata, "cells": cells]
        // Only plain strings, numbers, lists and dictionaries are in it: serialization
        // cannot fail, but an empty notebook is still valid if it ever did.
        let data = (try? JSONSerialization.data(withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return data + Data("\n".utf8)
    }

    /// A code cell's outputs, in nbformat's output types.
    private static func outputs(of cell: ExportedCell) -> [Any] {
        cell.outputs.map { output -> Any in
            switch output {
            case let .printed(text):
                return ["output_type": "stream", "name": "stdout", "text": lines(text)]
            case let .warning(text):
                return ["output_type": "stream", "name": "stderr", "text": lines(text)]
            case let .value(text):
                return [
                    "output_type": "execute_result", "execution_count": cell.number.map { $0 as Any } ?? NSNull(),
                    "data": ["text/plain": lines(text.hasSuffix("\n") ? String(text.dropLast()) : text)],
                    "metadata": [String: Any](),
                ]
            case let .plot(plot):
                var data: [String: Any] = ["text/plain": lines(plot.png == nil && !plot.text.isEmpty ? plot.text : plot.summary)]
                if let png = plot.png { data["image/png"] = png.base64EncodedString() }
                return ["output_type": "display_data", "data": data, "metadata": [String: Any]()]
            case let .error(text):
                let rendered = CellRecord.lines(of: text)
                let first = rendered.first ?? "error"
                let message = first.hasPrefix("error: ") ? String(first.dropFirst("error: ".count)) : first
                return ["output_type": "error", "ename": "error", "evalue": message, "traceback": rendered]
            }
        }
    }

    /// The header as notebook metadata: when it was saved, the seed, the versions.
    private static func headerMetadata(_ header: SessionHeader) -> [String: Any] {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var metadata: [String: Any] = [
            "saved": formatter.string(from: header.date), "seed": header.seed, "sprout_version": header.sproutVersion,
            "blas": header.blasVersion,
        ]
        if let threads = header.blasThreads { metadata["blas_threads"] = threads }
        if let files = header.dataFiles {
            metadata["data_files"] = files.map { ["path": $0.path, "bundled": $0.isBundled, "bytes": $0.size, "sha256": $0.sha256] }
        }
        return metadata
    }

    /// Text as nbformat's multi-line string: its lines, each but the last with its newline.
    static func lines(_ text: String) -> [String] {
        var pieces = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            String(String.UnicodeScalarView($0))
        }
        if pieces.last == "" { pieces.removeLast() }  // the text ends in a newline, or is empty
        let endsInNewline = text.unicodeScalars.last == "\n"
        return pieces.indices.map { index in index < pieces.count - 1 || endsInNewline ? pieces[index] + "\n" : pieces[index] }
    }
}
