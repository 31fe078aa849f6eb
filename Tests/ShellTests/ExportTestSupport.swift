import Foundation
import Testing

@testable import Shell

/// Sessions and checks shared by the export tests (HTML, Markdown, notes).
enum ExportSample {
    /// A real 1×1 PNG (a grey pixel), so a page that embeds it shows a picture that decodes.
    static let png = Data(
        base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!

    static let header = SessionHeader(
        date: Date(timeIntervalSince1970: 1_796_000_000), seed: 42, sproutVersion: "0.1.0", blasVersion: "OpenBLAS 0.3.21 (Zen)")

    /// A plot of cell `number` with `png`, its summary and dumb-terminal text.
    static func plot(
        cell number: Int, png: Data? = ExportSample.png, summary: String = "<plot: histogram of 1797 values, 10 bins>"
    )
        -> ExportedPlot
    {
        ExportedPlot(
            png: png, summary: summary, text: "  10 +----+\n     | ** |\n   0 +----+\n",
            fileName: ExportedPlot.fileName(cell: number, index: 0))
    }

    /// A session with a note, a two-line cell, printed text, a value, a warning, a plot, an
    /// error and a cell that did not run.
    static let session = ExportedSession(
        title: "digits",
        header: header,
        items: [
            .note("# Become one with the data\n\nThe class balance, and **duplicates**."),
            .code(ExportedCell(number: 1, source: "ds = load(\"digits\")", outputs: [.printed("dataset digits · 1797 rows\n")])),
            .code(
                ExportedCell(
                    number: 2, source: "fn f(a) {\n  a + 1\n}\nf(1)",
                    outputs: [.printed("epoch 1\n"), .value("tensor (2, 2) float32\n[[1.0, 2.0],\n [3.0, 4.0]]\n")])),
            .code(ExportedCell(number: 3, source: "x / 0", outputs: [.warning("warning: 1 value is inf\n"), .value("inf\n")])),
            .code(ExportedCell(number: 4, source: "hist(ds.pixel)", outputs: [.plot(plot(cell: 4))])),
            .code(
                ExportedCell(number: nil, source: "y +", outputs: [.error("error: expected an expression after '+'\n --> cell 5:1:4\n")])),
            .code(ExportedCell(number: 6, source: "z", outputs: [.error("error: no variable named 'z'\n")])),
        ])
}

/// python3, when there is one: the HTML tests parse pages with its html.parser.
enum ExportPython {
    static let path: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return (folders.map { $0 + "/python3" } + ["/usr/bin/python3"]).first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Parses `page` with Python's html.parser: the tags must balance (void elements
    /// aside), and it reports the text a reader sees, every `src`, `href` and `alt`, and
    /// the tags used.
    static let parseScript = #"""
        import sys, json
        from html.parser import HTMLParser
        VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
        class Check(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.stack, self.problems, self.text = [], [], []
                self.attributes = {"src": [], "href": [], "alt": [], "class": []}
                self.tags, self.doctype = [], None
            def handle_decl(self, decl):
                self.doctype = decl
            def handle_starttag(self, tag, attrs):
                self.tags.append(tag)
                for name, value in attrs:
                    if name in self.attributes:
                        self.attributes[name].append(value)
                if tag not in VOID:
                    self.stack.append((tag, self.getpos()))
            def handle_startendtag(self, tag, attrs):
                self.handle_starttag(tag, attrs)
                if tag not in VOID:
                    self.stack.pop()
            def handle_endtag(self, tag):
                if not self.stack or self.stack[-1][0] != tag:
                    self.problems.append("</%s> at %s closes %s" % (tag, self.getpos(), self.stack[-1] if self.stack else "nothing"))
                else:
                    self.stack.pop()
            def handle_data(self, data):
                self.text.append(data)
        check = Check()
        check.feed(sys.stdin.read())
        check.close()
        check.problems += ["<%s> at %s is not closed" % item for item in check.stack]
        print(json.dumps({"problems": check.problems, "text": "".join(check.text), "tags": check.tags,
                          "doctype": check.doctype, **check.attributes}))
        """#

    struct Parsed: Decodable {
        var problems: [String]
        var text: String
        var tags: [String]
        var doctype: String?
        var src: [String]
        var href: [String]
        var alt: [String]
        var `class`: [String]
    }

    static func parse(_ page: String) throws -> Parsed {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? "/usr/bin/python3")
        process.arguments = ["-c", parseScript]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(page.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode(Parsed.self, from: data)
    }
}

/// The `src` of every `<img>` in `page` (each ends at the next quote: the renderer quotes
/// attributes with `"`).
func imageSources(in page: String) -> [String] {
    page.components(separatedBy: "<img ").dropFirst().compactMap { tag in
        guard let start = tag.range(of: "src=\"") else { return nil }
        return String(tag[start.upperBound...].prefix { $0 != "\"" })
    }
}
