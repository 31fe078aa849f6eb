import Testing

@testable import Shell

@Suite("Notes' Markdown as HTML")
struct NoteMarkupTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var id: String
        var markdown: String
        var html: String
        var testDescription: String { id }
    }

    static let blocks: [Case] = [
        Case(id: "paragraph lines join", markdown: "one\ntwo\n\nthree", html: "<p>one\ntwo</p>\n<p>three</p>\n"),
        Case(
            id: "headings sit one level down", markdown: "# A\n## B\n###### F\n#not",
            html: "<h2>A</h2>\n<h3>B</h3>\n<h6>F</h6>\n<p>#not</p>\n"),
        Case(id: "a heading ends a paragraph", markdown: "text\n# A", html: "<p>text</p>\n<h2>A</h2>\n"),
        Case(id: "bullets", markdown: "- a\n* b\n+ c", html: "<ul>\n<li>a</li>\n<li>b</li>\n<li>c</li>\n</ul>\n"),
        Case(id: "an item continues on indented lines", markdown: "- a\n  more\n- b", html: "<ul>\n<li>a\nmore</li>\n<li>b</li>\n</ul>\n"),
        Case(
            id: "numbered lists keep their start", markdown: "3. c\n4) d\n\n1. a",
            html: "<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>\n<ol>\n<li>a</li>\n</ol>\n"),
        Case(id: "a list after a paragraph", markdown: "steps:\n1. a\n2. b", html: "<p>steps:</p>\n<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n"),
        Case(
            id: "fenced code is kept as it is", markdown: "```sprout\nx = a * b *c\n\n<i>`\n```\nafter",
            html: "<pre><code>x = a * b *c\n\n&lt;i&gt;`</code></pre>\n<p>after</p>\n"),
        Case(id: "an unclosed fence runs to the end", markdown: "~~~\ncode", html: "<pre><code>code</code></pre>\n"),
        Case(id: "a longer fence is closed only by one as long", markdown: "````\n```\n````", html: "<pre><code>```</code></pre>\n"),
        Case(id: "html is text", markdown: "<b>x</b> & <!-- y", html: "<p>&lt;b&gt;x&lt;/b&gt; &amp; &lt;!-- y</p>\n"),
        Case(id: "blank note", markdown: "\n\n", html: ""),
    ]

    static let spans: [Case] = [
        Case(id: "code", markdown: "run `x <- 1` **now**", html: "run <code>x &lt;- 1</code> <strong>now</strong>"),
        Case(id: "code keeps stars", markdown: "`**a**` and ``a`b``", html: "<code>**a**</code> and <code>a`b</code>"),
        Case(id: "an unclosed backtick is text", markdown: "a ` b", html: "a ` b"),
        Case(
            id: "emphasis", markdown: "*a* and **b** and ***c***", html: "<em>a</em> and <strong>b</strong> and <em><strong>c</strong></em>"
        ),
        Case(id: "emphasis inside strong", markdown: "**a *b* c**", html: "<strong>a <em>b</em> c</strong>"),
        Case(id: "lone stars are text", markdown: "2 * 3 * 4 and a** b", html: "2 * 3 * 4 and a** b"),
        Case(id: "underscores stay in names", markdown: "snake_case_name", html: "snake_case_name"),
        Case(id: "backslash escapes", markdown: "\\*not\\* \\`x\\` a\\b", html: "*not* `x` a\\b"),
        Case(
            id: "https link", markdown: "[the recipe](https://karpathy.github.io/2019/04/25/recipe/)",
            html: "<a href=\"https://karpathy.github.io/2019/04/25/recipe/\">the recipe</a>"),
        Case(
            id: "http, relative and fragment links", markdown: "[a](http://x.org) [b](docs/fit.html) [c](#cell-5)",
            html: "<a href=\"http://x.org\">a</a> <a href=\"docs/fit.html\">b</a> <a href=\"#cell-5\">c</a>"),
        Case(id: "javascript is not linked", markdown: "[a](javascript:alert(1))", html: "[a](javascript:alert(1))"),
        Case(
            id: "other schemes are not linked",
            markdown: "[a]( JavaScript:x) [b](data:text/html,x) [c](//evil.org) [d](java\tscript:x) [e](\\\\evil.org)",
            html: "[a]( JavaScript:x) [b](data:text/html,x) [c](//evil.org) [d](java\tscript:x) [e](\\\\evil.org)"),
        Case(
            id: "link text has spans, urls are escaped", markdown: "[**b** `c`](a?x=1&y=\"2\")",
            html: "<a href=\"a?x=1&amp;y=&quot;2&quot;\"><strong>b</strong> <code>c</code></a>"),
        Case(id: "brackets without a link are text", markdown: "[5] and [x](", html: "[5] and [x]("),
        Case(
            id: "a link url with parentheses", markdown: "[w](https://en.wikipedia.org/wiki/F_(x)) after",
            html: "<a href=\"https://en.wikipedia.org/wiki/F_(x)\">w</a> after"),
    ]

    @Test(arguments: blocks) func block(_ test: Case) {
        #expect(NoteMarkup.html(test.markdown) == test.html)
    }

    @Test(arguments: spans) func span(_ test: Case) {
        #expect(NoteMarkup.html(test.markdown) == "<p>" + test.html + "</p>\n")
    }

    /// A loaded file's note can be anything: spans nested 20,000 deep (a stack overflow if
    /// each level recursed) render with the deepest levels as text.
    @Test func deeplyNestedSpansStopNesting() {
        let nested = String(repeating: "*a [", count: 20_000) + String(repeating: "b](c) a* ", count: 20_000)
        let html = NoteMarkup.html(nested)
        #expect(html.hasPrefix("<p><em>a <a href=\"c\">"))
        let depth = html.components(separatedBy: "<em>").count - 1
        #expect(depth > 0 && depth <= NoteMarkup.SpanReader.maxDepth)
    }

    @Test func headingLevelsFollowTheOffset() {
        #expect(NoteMarkup.html("# A\n###### F", headingOffset: 0) == "<h1>A</h1>\n<h6>F</h6>\n")
        #expect(NoteMarkup.html("##### E", headingOffset: 2) == "<h6>E</h6>\n")
    }
}
