import Foundation
import Testing

@testable import Shell

@Suite("A session as one self-contained HTML page")
struct HTMLExportTests {
    let page = HTMLExport.render(ExportSample.session)

    @Test func thePageDeclaresItselfForPhonesAndScreenReaders() {
        #expect(page.hasPrefix("<!doctype html>\n<html lang=\"en\">\n"))
        #expect(page.contains("<meta charset=\"utf-8\">"))
        #expect(page.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(page.contains("<title>digits</title>"))
        #expect(page.hasSuffix("</html>\n"))
    }

    @Test func nothingIsFetchedAndNothingRuns() {
        #expect(!page.lowercased().contains("<script"))
        #expect(!page.lowercased().contains("<link"))
        #expect(!page.lowercased().contains("@import"))
        #expect(!page.lowercased().contains("url("))
        let sources = imageSources(in: page)
        #expect(sources.count == 1)
        #expect(sources.allSatisfy { $0.hasPrefix("data:image/png;base64,") })
        // The stylesheet names no other place either.
        let style = page.components(separatedBy: "<style>").dropFirst().first?.components(separatedBy: "</style>").first ?? ""
        #expect(style.contains("@media print"))
        #expect(!style.contains("//") && !style.contains("http"))
    }

    @Test func thePlotsDataURIDecodesToTheExactPNG() throws {
        let source = try #require(imageSources(in: page).first)
        let data = Data(base64Encoded: String(source.dropFirst("data:image/png;base64,".count)))
        #expect(data == ExportSample.png)
        // Its size lets the page lay out before the picture decodes; CSS scales it down.
        #expect(page.contains("width=\"1\" height=\"1\""))
        #expect(page.contains("alt=\"&lt;plot: histogram of 1797 values, 10 bins&gt;\""))
    }

    @Test func aPlotWithoutAPictureShowsItsText() {
        for png in [nil, Data("not a png".utf8)] {
            let session = ExportedSession(
                title: "t", header: nil,
                items: [.code(ExportedCell(number: 1, source: "hist(x)", outputs: [.plot(ExportSample.plot(cell: 1, png: png))]))])
            let page = HTMLExport.render(session)
            #expect(!page.contains("<img"))
            #expect(page.contains("  10 +----+\n     | ** |\n   0 +----+"))
            #expect(page.contains("&lt;plot: histogram of 1797 values, 10 bins&gt;"))
        }
    }

    @Test func everythingFromTheSessionIsEscaped() {
        let hostile = "<script>alert(\"x\" & 'y')</script>"
        let session = ExportedSession(
            title: hostile, header: nil,
            items: [
                .note(hostile),
                .code(
                    ExportedCell(
                        number: 1, source: hostile,
                        outputs: [
                            .printed(hostile + "\n"), .value(hostile + "\n"), .warning(hostile + "\n"),
                            .plot(ExportSample.plot(cell: 1, summary: hostile)), .error(hostile + "\n"),
                        ])),
            ])
        let page = HTMLExport.render(session)
        #expect(!page.contains("<script"))
        #expect(!page.contains("alert(\"x\""))
        let escaped = "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        // The <title> and the <h1>, the note, the source, three text outputs, the alt text and the error.
        #expect(page.components(separatedBy: escaped).count - 1 == 9)
    }

    @Test func controlCharactersAreShownNotSent() {
        let session = ExportedSession(
            title: "t", header: nil,
            items: [.code(ExportedCell(number: 1, source: "print(\"\u{1b}[31m\")", outputs: [.printed("a\u{0}b\n")]))])
        let page = HTMLExport.render(session)
        #expect(!page.unicodeScalars.contains { $0 == "\u{1b}" || $0 == "\u{0}" })
        #expect(page.contains("\\u{1b}[31m") && page.contains("a\\u{0}b"))
    }

    @Test func errorsWarningsAndCellsThatDidNotRunAreMarkedInWords() {
        #expect(page.contains("<div class=\"out error\"><p class=\"label\">error</p><pre>error: no variable named &#39;z&#39;</pre></div>"))
        #expect(page.contains("<pre class=\"out warning\">warning: 1 value is inf</pre>"))
        #expect(page.contains("<section class=\"cell not-run\">"))
        #expect(page.contains("<p class=\"label\">not run</p>"))
        #expect(page.components(separatedBy: "class=\"out error\"").count - 1 == 2)
        // A failed cell's section says so, and the shell's colours name the classes.
        #expect(page.contains("<section class=\"cell failed\" id=\"cell-6\">"))
        #expect(page.contains(".error") && page.contains(".warning") && page.contains(".not-run"))
    }

    @Test func promptsAreTheShells() {
        // `[2]> ` before the first line, `...> ` right-aligned under it before the others.
        let lines = ["fn f(a) {", "  a + 1", "}", "f(1)"]
        let expected = lines.enumerated().map { index, line in
            "<span class=\"prompt\">" + HTMLExport.escaped(REPL.prompt(cell: 2, continuing: index > 0)) + "</span>"
                + HTMLExport.escaped(line)
        }
        #expect(page.contains("<pre class=\"source\">" + expected.joined(separator: "\n") + "</pre>"))
        #expect(page.contains("<span class=\"prompt\">[ ]&gt; </span>y +"))
    }

    @Test func outputsFollowInOrderAndTextKeepsItsColumns() throws {
        let printed = try #require(page.range(of: "epoch 1"))
        let value = try #require(page.range(of: "[[1.0, 2.0],\n [3.0, 4.0]]"))
        let plot = try #require(page.range(of: "<img"))
        #expect(printed.lowerBound < value.lowerBound && value.lowerBound < plot.lowerBound)
        // What one cell printed and showed reads as one block, as at the terminal.
        #expect(page.contains("<pre class=\"out\">epoch 1\ntensor (2, 2) float32\n[[1.0, 2.0],\n [3.0, 4.0]]</pre>"))
        #expect(page.contains("white-space: pre;") && page.contains("overflow-x: auto;"))
    }

    @Test func aLeadingBlankLineSurvivesThePreTag() {
        let session = ExportedSession(
            title: "t", header: nil, items: [.code(ExportedCell(number: 1, source: "x", outputs: [.printed("\nafter\n")]))])
        // A newline straight after <pre> is dropped by the parser: one more keeps the blank line.
        #expect(HTMLExport.render(session).contains("<pre class=\"out\">\n\nafter</pre>"))
    }

    @Test func theHeaderSaysWhatTheSessionRanOn() {
        #expect(page.contains("<table class=\"facts\">"))
        #expect(page.contains("<th scope=\"row\">saved</th><td>2026-11-30T00:53:20Z</td>"))
        #expect(page.contains("<th scope=\"row\">seed</th><td>42</td>"))
        #expect(page.contains("<th scope=\"row\">Sprout</th><td>0.1.0</td>"))
        #expect(page.contains("<th scope=\"row\">BLAS</th><td>OpenBLAS 0.3.21 (Zen)</td>"))
        let bare = HTMLExport.render(ExportedSession(title: "t", header: nil, items: []))
        #expect(!bare.contains("<table"))
    }

    @Test func notesAreMarkdownAndHeadingsSitBelowTheTitle() {
        #expect(page.contains("<h1>digits</h1>"))
        #expect(
            page.contains(
                "<section class=\"note\">\n<h2>Become one with the data</h2>\n<p>The class balance, and <strong>duplicates</strong>.</p>\n</section>"
            ))
    }

    @Test func theSameSessionGivesTheSameBytes() {
        #expect(HTMLExport.render(ExportSample.session) == page)
    }

    @Test(.enabled(if: ExportPython.path != nil, "python3 is not installed"))
    func pythonsParserFindsBalancedTagsAndTheTextAsTyped() throws {
        let hostile = "<b>bold?</b> & </pre> <!-- x"
        var session = ExportSample.session
        session.items.append(
            .note("- one\n- *two* `<i>`\n\n```\n</pre>\n```\n\n1. [a](https://example.com/a?b=1&c=2)\n2. [b](javascript:alert(1))"))
        session.items.append(.code(ExportedCell(number: 7, source: hostile, outputs: [.printed(hostile + "\n"), .error(hostile)])))
        let parsed = try ExportPython.parse(HTMLExport.render(session))
        #expect(parsed.problems == [])
        #expect(parsed.doctype == "doctype html")
        #expect(!parsed.tags.contains("script"))
        #expect(parsed.text.contains("[7]> " + hostile))
        #expect(parsed.text.components(separatedBy: hostile).count - 1 == 3)
        #expect(parsed.href == ["https://example.com/a?b=1&c=2"])
        #expect(parsed.alt == ["<plot: histogram of 1797 values, 10 bins>"])
        #expect(parsed.src.allSatisfy { $0.hasPrefix("data:image/png;base64,") })
    }
}
