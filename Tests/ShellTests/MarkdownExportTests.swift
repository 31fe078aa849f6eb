import Foundation
import Testing

@testable import Shell

@Suite("A session as Markdown with its pictures beside it")
struct MarkdownExportTests {
    let text = MarkdownExport.render(ExportSample.session, pictureFolder: "digits")

    @Test func theTitleAndHeaderComeFirst() {
        #expect(text.hasPrefix("# digits\n\nSaved 2026-11-30T00:53:20Z · seed 42 · Sprout 0.1.0 · OpenBLAS 0.3.21 (Zen)\n\n"))
        let bare = MarkdownExport.render(ExportedSession(title: "t", header: nil, items: []), pictureFolder: "t")
        #expect(bare == "# t\n")
    }

    @Test func notesAreWrittenAsTheyAre() {
        #expect(text.contains("\n\n# Become one with the data\n\nThe class balance, and **duplicates**.\n\n"))
    }

    @Test func eachCellIsAFencedBlockWithItsOutputBelow() {
        #expect(
            text.contains(
                "`[2]>`\n\n```sprout\nfn f(a) {\n  a + 1\n}\nf(1)\n```\n\n```text\nepoch 1\ntensor (2, 2) float32\n[[1.0, 2.0],\n [3.0, 4.0]]\n```\n"
            ))
        #expect(text.contains("```sprout\nx / 0\n```\n\n```text\nwarning: 1 value is inf\ninf\n```\n"))
    }

    @Test func errorsAndCellsThatDidNotRunAreLabelled() {
        #expect(text.contains("`[6]>`\n\n```sprout\nz\n```\n\n**error**\n\n```text\nerror: no variable named 'z'\n```\n"))
        #expect(text.contains("`[ ]>` not run\n\n```sprout\ny +\n```\n\n**error**\n\n"))
    }

    @Test func aPlotIsAnImageLinkToThePictureBesideTheFile() {
        #expect(text.contains("\n![<plot: histogram of 1797 values, 10 bins>](digits/cell-4.png)\n"))
        let session = ExportedSession(
            title: "t", header: nil,
            items: [.code(ExportedCell(number: 4, source: "hist(x)", outputs: [.plot(ExportSample.plot(cell: 4, summary: "a [b] \\ c"))]))])
        let odd = MarkdownExport.render(session, pictureFolder: "my plots (1)/100%")
        #expect(odd.contains("![a \\[b\\] \\\\ c](my%20plots%20%281%29/100%25/cell-4.png)"))
        #expect(MarkdownExport.render(session, pictureFolder: "").contains("](cell-4.png)"))
    }

    @Test func aPlotWithoutAPictureIsItsText() {
        let session = ExportedSession(
            title: "t", header: nil,
            items: [.code(ExportedCell(number: 1, source: "hist(x)", outputs: [.plot(ExportSample.plot(cell: 1, png: nil))]))])
        let text = MarkdownExport.render(session, pictureFolder: "t")
        #expect(!text.contains("!["))
        #expect(text.contains("```text\n  10 +----+\n     | ** |\n   0 +----+\n```\n"))
    }

    @Test func fencesAreLongerThanAnyBacktickRunInside() {
        let session = ExportedSession(
            title: "t", header: nil,
            items: [.code(ExportedCell(number: 1, source: "s = \"```\"\nt = \"````\"", outputs: [.value("```````\n"), .error("`x`")]))])
        let text = MarkdownExport.render(session, pictureFolder: "t")
        #expect(text.contains("`````sprout\ns = \"```\"\nt = \"````\"\n`````\n"))
        #expect(text.contains("\n````````text\n```````\n````````\n"))
        #expect(text.contains("\n```text\n`x`\n```\n"))
    }

    @Test func aNoteCannotSwallowTheCellsAfterIt() {
        let session = ExportedSession(
            title: "t", header: nil, items: [.note("look:\n~~~~\nx = 1\n~~~"), .code(ExportedCell(number: 1, source: "y", outputs: []))])
        #expect(
            MarkdownExport.render(session, pictureFolder: "t") == "# t\n\nlook:\n~~~~\nx = 1\n~~~\n~~~~\n\n`[1]>`\n\n```sprout\ny\n```\n")
    }

    @Test func controlCharactersAreShownNotWritten() {
        let session = ExportedSession(
            title: "t\u{1b}", header: nil, items: [.code(ExportedCell(number: 1, source: "\"\u{7}\"", outputs: [.printed("a\u{0}b\n")]))])
        let text = MarkdownExport.render(session, pictureFolder: "t")
        #expect(!text.unicodeScalars.contains { $0 == "\u{1b}" || $0 == "\u{7}" || $0 == "\u{0}" })
        #expect(text.contains("# t\\\\u{1b}") && text.contains("\"\\u{7}\"") && text.contains("a\\u{0}b"))
    }

    @Test func theTitleCannotBecomeMarkup() {
        let session = ExportedSession(title: "<b>*x*</b> [y](z) & #1", header: nil, items: [])
        #expect(MarkdownExport.render(session, pictureFolder: "t") == "# \\<b\\>\\*x\\*\\</b\\> \\[y\\](z) \\& \\#1\n")
    }

    @Test func theSameSessionGivesTheSameText() {
        #expect(MarkdownExport.render(ExportSample.session, pictureFolder: "digits") == text)
    }
}
