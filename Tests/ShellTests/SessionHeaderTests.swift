import Foundation
import Testing

@testable import Shell

/// A saved session's header: written, read back, and refreshed in place.
@Suite("Session headers")
struct SessionHeaderTests {
    static let hash = String(repeating: "5f2c", count: 16)
    static let header = SessionHeader(
        date: Date(timeIntervalSince1970: 1_800_000_000), seed: 7, sproutVersion: "0.1.0",
        blasVersion: "OpenBLAS 0.3.21 (Zen, DYNAMIC_ARCH)", blasThreads: 1,
        dataFiles: [
            .init(path: "digits", isBundled: true, size: 271_372, sha256: hash),
            .init(path: "runs/x.csv", isBundled: false, size: 7, sha256: hash),
        ])

    @Test func linesAreShortReadableAndParseBack() throws {
        #expect(
            Self.header.lines == [
                "# Sprout session saved 2027-01-15T08:00:00Z",
                "# seed: 7",
                "# Sprout 0.1.0, OpenBLAS 0.3.21 (Zen, DYNAMIC_ARCH), 1 thread",
                "# data: digits.csv (bundled) · 271,372 bytes · sha256 \(Self.hash)",
                "# data: runs/x.csv · 7 bytes · sha256 \(Self.hash)",
            ])
        let text = Self.header.lines.joined(separator: "\n") + "\n\nx = 1\n"
        #expect(SessionHeader.parse(text) == Self.header)
        #expect(ReplayCheck.seed(in: text) == 7)
    }

    @Test func noDataFilesIsSaidAndReadAsNone() {
        var header = Self.header
        header.dataFiles = []
        header.blasThreads = 2
        #expect(header.lines.suffix(2) == ["# Sprout 0.1.0, OpenBLAS 0.3.21 (Zen, DYNAMIC_ARCH), 2 threads", "# data: none"])
        #expect(SessionHeader.parse(header.lines.joined(separator: "\n")) == header)
    }

    /// A header from before the thread count and data lines: they read as unknown (nil).
    @Test func anOlderHeaderStillParses() {
        let text = "# Sprout session saved 2026-11-29T04:09:46Z\n# seed: 3\n# Sprout 0.1.0, OpenBLAS 0.3.21 (Zen)\n\n1 + 2\n#> 3\n"
        let header = SessionHeader.parse(text)
        #expect(header?.seed == 3)
        #expect(header?.sproutVersion == "0.1.0")
        #expect(header?.blasVersion == "OpenBLAS 0.3.21 (Zen)")
        #expect(header?.blasThreads == nil)
        #expect(header?.dataFiles == nil)
        #expect(header?.lines == Array(text.split(separator: "\n").prefix(3).map(String.init)))
    }

    @Test func notAHeaderIsNil() {
        #expect(SessionHeader.parse("x = 1\n") == nil)
        #expect(SessionHeader.parse("# Sprout session saved yesterday\n# seed: 1\n# Sprout 0.1.0, B\n") == nil)
        #expect(SessionHeader.parse("# Sprout session saved 2026-11-29T04:09:46Z\n# Sprout 0.1.0, B\n") == nil, "no seed")
    }

    /// Paths that would not read back as themselves are quoted; every one round-trips.
    @Test(arguments: [
        "plain.csv", "a · b.csv", "\"quoted\".csv", "digits.csv (bundled)", "tab\there.csv", "new\nline.csv", " spaced.csv",
        "back\\slash.csv", "esc\u{1b}[2J.csv", "ünïcödé.csv",
    ])
    func pathsRoundTrip(path: String) {
        var header = Self.header
        header.dataFiles = [.init(path: path, isBundled: false, size: 1_234_567, sha256: Self.hash)]
        let line = header.lines[3]
        #expect(!line.dropFirst().contains("\n") && !line.contains("\u{1b}"), "one line, no control characters: \(line)")
        #expect(SessionHeader.parse(header.lines.joined(separator: "\n"))?.dataFiles == header.dataFiles, "\(line)")
    }

    @Test func aMalformedDataLineIsSkipped() {
        let text = Self.header.lines.prefix(3).joined(separator: "\n") + "\n# data: x.csv · many bytes · sha256 00\n"
        #expect(SessionHeader.parse(text)?.dataFiles == [])
    }

    /// `run --record`'s refresh: the version line and data lines change, nothing else.
    @Test func replacingDependenciesKeepsEverythingElse() {
        let old = "# Sprout session saved 2026-11-29T04:09:46Z\n# seed: 3\n# Sprout 0.0.9, OpenBLAS 0.3.20 (Zen)\n\n# note\nx = 1\n#> 1\n"
        var header = Self.header
        header.seed = 3
        let new = header.replacingDependencies(in: old)
        #expect(
            new == """
                # Sprout session saved 2026-11-29T04:09:46Z
                # seed: 3
                # Sprout 0.1.0, OpenBLAS 0.3.21 (Zen, DYNAMIC_ARCH), 1 thread
                # data: digits.csv (bundled) · 271,372 bytes · sha256 \(Self.hash)
                # data: runs/x.csv · 7 bytes · sha256 \(Self.hash)

                # note
                x = 1
                #> 1

                """)
        var fewer = header
        fewer.dataFiles = []
        #expect(
            fewer.replacingDependencies(in: new)
                == new.replacingOccurrences(of: header.lines[3] + "\n" + header.lines[4], with: "# data: none"))
        #expect(header.replacingDependencies(in: "x = 1\n") == "x = 1\n", "not a saved session: unchanged")
    }
}
