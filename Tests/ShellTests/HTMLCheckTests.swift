import Foundation
import Testing

/// The browser check of exported pages (`Tests/tools/check_html.py`) against hand-written
/// pages: a good one passes, and each fault fails the check made for it, so a pass on an
/// export means something. Serialized: each test starts a Chromium, and two cores shared
/// with builds are not enough for several at once within the checker's timeouts.
@Suite("HTML page check in a headless browser", .serialized)
struct HTMLCheckTests {
    /// An 8 x 6 RGB gradient, written by `png_pixels.encode`.
    static let picture =
        "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAABxZ0isAAAAeUlEQVR4nA3JoRVAIQgFUEYxUv4OdAsjUN2AaHONV9zDcyiMoZP4vfUS0S10hMJodhqgtqhu"
        + "+oj4Fj7CYTw7D3BbXDe/0Fv0iIbp7DqgbWnd+sJv8SMe5rP7gLfldfsL3IIjCMPsGEBbqBsv8pY8kmE5ew5kW1l3fj+0TUPhFxnlhgAAAABJRU5ErkJggg=="

    /// A page like an export: a title, code with its output (one line wider than a phone,
    /// in a box that scrolls sideways on its own), a plot as a data URI, laid out for
    /// phones. `head` and `body` add to it.
    static func page(head: String = "", body: String = "", viewport: Bool = true) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        \(viewport ? #"<meta name="viewport" content="width=device-width, initial-scale=1">"# : "")
        <title>digits</title>
        <style>
          body { font: 16px/1.4 sans-serif; margin: 1rem; color: #222; }
          pre { background: #f0f0f0; padding: .5rem; overflow-x: auto; }
          img { width: 100%; max-width: 480px; height: auto; image-rendering: pixelated; }
        </style>\(head)</head>
        <body><h1>digits</h1>
        <pre>[1]&gt; ds = load("digits")
        dataset digits · 1797 rows × 65 columns
        \(String(repeating: "a line wider than a phone, which scrolls in its own box ", count: 3))</pre>
        <img src="data:image/png;base64,\(picture)" alt="plot: a gradient">
        \(body)</body></html>
        """
    }

    /// Writes `html` to a fresh folder and checks it.
    static func check(
        _ html: String, _ options: [String] = [], environment: [String: String] = [:]
    ) async throws -> (
        ExternalCheck.Completed, PageCheck
    ) {
        let path = try makeTemporaryFolder() + "/page.html"
        try html.write(toFile: path, atomically: true, encoding: .utf8)
        return try await ExternalCheck.page(at: path, options, environment: environment)
    }

    @Test func aSelfContainedPageWithAPicturePassesEveryCheck() async throws {
        let shot = try makeTemporaryFolder() + "/shot.png"
        let (run, page) = try await Self.check(Self.page(), ["--screenshot", shot])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(page.passed && page.failed.isEmpty)
        let names = ["loads", "console", "exceptions", "failed-loads", "self-contained", "no-script", "images", "phone-width"]
        #expect(Set(page.checks.keys).isSuperset(of: names + ["screenshot-390", "screenshot-1280", "print"]))
        #expect(page.images == 1)
        #expect(page.screenshots?["390"]?.width == 390)
        #expect(page.screenshots?["1280"]?.width == 1280)
        #expect((page.screenshots?["390"]?.contentShare ?? 0) >= 0.01)
        #expect((page.pdfPages ?? 0) >= 1)
        let png = FileManager.default.contents(atPath: shot) ?? Data()
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "--screenshot writes the 1280 px PNG")
        #expect(run.stdout.contains("ok   images           1 images decoded"))
    }

    @Test func anImageThatDoesNotDecodeFailsTheImageCheck() async throws {
        let broken = #"<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAG" alt="plot: cut short">"#
        let (run, page) = try await Self.check(Self.page(body: broken))
        #expect(run.status == 1)
        #expect(page.failed.contains("images"))
        #expect(page.checks["images"]?.detail.contains("1 of 2 images did not decode: plot: cut short") == true)
        #expect(run.stderr.contains("failed images"))
    }

    @Test(
        "A request outside the file fails self-containment",
        arguments: [
            #"<img src="https://example.com/x.png" alt="remote">"#,
            #"<div style="height: 40px; background: url(http://example.com/bg.png)"></div>"#,
            #"<img src="beside.png" alt="a file beside the page">"#,
        ])
    func aRequestOutsideTheFileFailsSelfContainment(element: String) async throws {
        let (run, page) = try await Self.check(Self.page(body: element))
        #expect(run.status == 1)
        #expect(page.failed.contains("self-contained"), "\(run.stdout)")
        #expect(page.checks["self-contained"]?.detail.hasPrefix("requests ") == true)
    }

    @Test func aConsoleErrorFailsTheConsoleCheck() async throws {
        let (run, page) = try await Self.check(Self.page(body: #"<script>console.error("plot", 3, "missing")</script>"#))
        #expect(run.status == 1)
        #expect(page.failed.contains("console"))
        #expect(page.checks["console"]?.detail.contains("console.error: plot 3 missing") == true)
        #expect(page.failed.contains("no-script"))
        #expect(!page.failed.contains("exceptions"))
    }

    @Test func anUncaughtExceptionFailsTheExceptionCheck() async throws {
        let (run, page) = try await Self.check(Self.page(body: #"<p onclick="x()">p</p><script>throw new TypeError("no plot")</script>"#))
        #expect(run.status == 1)
        #expect(page.failed.contains("exceptions"))
        #expect(page.checks["exceptions"]?.detail.contains("TypeError: no plot") == true)
        #expect(page.checks["no-script"]?.detail == "1 <script> elements, 1 elements with on* handlers")
    }

    @Test func aBlankPageFailsBothScreenshots() async throws {
        let blank = "<!doctype html><html><head><meta name=\"viewport\" content=\"width=device-width\"></head><body></body></html>"
        let (run, page) = try await Self.check(blank)
        #expect(run.status == 1)
        #expect(page.failed == ["screenshot-390", "screenshot-1280"])
        #expect(page.screenshots?["1280"]?.colours == 1)
        #expect(page.checks["screenshot-390"]?.detail.hasSuffix(": blank") == true)
    }

    @Test(
        "What is wider than a phone fails the phone check, named",
        arguments: [
            (
                #"<div style="width: 2000px">a wide table</div>"#,
                "content 2016 px wide on a 390 px phone: it scrolls sideways (too wide: div (2000 px))"
            ),
            (
                #"<pre class="out" style="overflow-x: visible">"# + String(repeating: "a long line of output ", count: 20) + "</pre>",
                "it scrolls sideways (too wide: pre.out (content "
            ),
        ])
    func whatIsWiderThanAPhoneFailsThePhoneCheck(element: String, detail: String) async throws {
        let (run, page) = try await Self.check(Self.page(body: element))
        #expect(run.status == 1)
        #expect(page.failed == ["phone-width"])
        #expect(page.checks["phone-width"]?.detail.contains(detail) == true, "\(page.checks["phone-width"]?.detail ?? "")")
    }

    @Test func aPageWithoutAViewportFailsThePhoneCheck() async throws {
        let (_, page) = try await Self.check(Self.page(viewport: false))
        #expect(page.failed == ["phone-width"])
        #expect(page.checks["phone-width"]?.detail.contains(#"<meta name="viewport""#) == true)
    }

    @Test func aPageThatNeverLoadsFailsWithinTheTimeoutAndLeavesNothingBehind() async throws {
        let temporary = try makeTemporaryFolder()
        let busy = Self.page(head: "<script>for (;;) {}</script>")
        let (run, page) = try await Self.check(busy, ["--timeout", "3"], environment: ["TMPDIR": temporary])
        #expect(run.status == 1)
        #expect(page.failed.contains("loads") || page.failed.contains("finished"), "\(run.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty, "the browser's profile folder is removed")
        #expect(Self.processes(mentioning: temporary).isEmpty, "the browser is killed")
    }

    @Test func noBrowserIsASkipThatSaysHowToInstallOne() async throws {
        guard let python = ExternalCheck.python else { return }
        let path = try makeTemporaryFolder() + "/page.html"
        try Self.page().write(toFile: path, atomically: true, encoding: .utf8)
        let script = ExternalCheck.tools.appendingPathComponent("check_html.py").path
        for browser in ["/nonexistent/chromium", "/bin/false"] {
            let run = try await ExternalCheck.run(python, [script, path], environment: ["SPROUT_BROWSER": browser])
            #expect(run.status == ExternalCheck.skipStatus, "\(browser): \(run.stderr)")
            #expect(run.stderr.contains("make test-deps"))
        }
    }

    @Test func thePNGDecoderReadsEveryFilterAndColourType() async throws {
        let run = try await ExternalCheck.run(script: "png_pixels.py", ["--self-test"])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains(#""passed": true, "cases": 24"#))
    }

    /// The processes whose command line mentions `text`.
    static func processes(mentioning text: String) -> [String] {
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return ids.filter { $0.allSatisfy(\.isNumber) }.filter { id in
            guard let line = FileManager.default.contents(atPath: "/proc/\(id)/cmdline") else { return false }
            return String(decoding: line, as: UTF8.self).contains(text)
        }
    }
}
