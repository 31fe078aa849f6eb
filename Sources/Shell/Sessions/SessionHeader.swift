import Engine
import Foundation
import Lang

/// What a saved session's header records: when it was saved, and what its replay
/// depends on (the seed, Sprout's version, the BLAS build and thread count, and the size
/// and SHA-256 of every data file the session loaded), so `sprout run --check` can say
/// which of them changed before it shows an output diff.
///
/// ```
/// # Sprout session saved 2026-12-05T18:27:40Z
/// # seed: 0
/// # Sprout 0.1.0, OpenBLAS 0.3.21 (Zen, DYNAMIC_ARCH), 2 threads
/// # data: digits.csv (bundled) · 271,372 bytes · sha256 5f2c…(64 hex digits)
/// # data: runs/x.csv · 1,024 bytes · sha256 …
/// ```
///
/// One `# data:` line per file, in the order the session first loaded them, named as the
/// load named it (a bundled data set by its file and "(bundled)"); `# data: none` when it
/// loaded none. A path that would not read back as itself (one holding ` · ` or a control
/// character, starting with a quote, or ending in " (bundled)") is written as a quoted
/// string literal. Headers written before these parts existed (no thread count, no data
/// lines) still parse, with those fields nil: unknown, not none.
struct SessionHeader: Equatable {
    var date: Date
    var seed: UInt64
    var sproutVersion: String
    /// The BLAS library and build: "OpenBLAS 0.3.21 (Zen, DYNAMIC_ARCH)". The kernel
    /// family decides the order of float additions, so a different one can change the
    /// last digits of results.
    var blasVersion: String
    /// How many threads BLAS ran on (nil in an older header): a matrix product split
    /// another way can round differently.
    var blasThreads: Int? = nil
    /// Every data file the session loaded (nil in an older header, which did not say).
    var dataFiles: [DataFileEntry]? = nil

    /// A data file as the header lists it.
    struct DataFileEntry: Equatable {
        /// The path as the session's load named it (a bundled data set's name: "digits").
        var path: String
        var isBundled: Bool
        var size: Int
        /// 64 lowercase hex digits.
        var sha256: String

        /// How the header and messages name it: the path, or "digits.csv (bundled)".
        var label: String { isBundled ? "\(path).csv (bundled)" : path }
    }

    /// Now, with this build's Sprout and BLAS, and the data files an interpreter loaded.
    static func current(seed: UInt64, dataFiles: [DataFile] = []) -> SessionHeader {
        SessionHeader(
            date: Date(), seed: seed, sproutVersion: SproutVersion.string, blasVersion: currentBLAS,
            blasThreads: BLAS.threadCount, dataFiles: dataFiles.map(DataFileEntry.init))
    }

    /// "OpenBLAS 0.3.21 (Zen, DYNAMIC_ARCH)": the version, the kernels chosen for this
    /// processor, and whether the build chooses them at run time (so the same binary
    /// picks other kernels on another processor).
    static var currentBLAS: String {
        let isDynamic = BLAS.configuration.split(separator: " ").contains("DYNAMIC_ARCH")
        return "OpenBLAS \(BLAS.version) (\(BLAS.coreName)\(isDynamic ? ", DYNAMIC_ARCH" : ""))"
    }

    /// The header's lines, without line breaks.
    var lines: [String] {
        var lines = [
            "# Sprout session saved \(Self.dateFormatter.string(from: date))",
            "# seed: \(seed)",
            "# Sprout \(sproutVersion), \(blasVersion)" + (blasThreads.map { ", " + counted($0, "thread") } ?? ""),
        ]
        if let dataFiles {
            lines += dataFiles.isEmpty ? ["# data: none"] : dataFiles.map { "# data: " + $0.headerText }
        }
        return lines
    }

    /// Reads a saved session's header back: its first lines, up to the first that is not
    /// a `# ` comment. Nil when the text does not start with `# Sprout session saved DATE`
    /// or lacks the seed or version line; a `# data:` line that does not read is skipped.
    static func parse(_ text: String) -> SessionHeader? {
        var lines = text.split(separator: "\n", maxSplits: 1000, omittingEmptySubsequences: false).prefix(1000).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }[...]
        let savedPrefix = "# Sprout session saved "
        guard let first = lines.popFirst(), first.hasPrefix(savedPrefix),
            let date = dateFormatter.date(from: String(first.dropFirst(savedPrefix.count)))
        else { return nil }
        var seed: UInt64?
        var versions: (sprout: String, blas: String, threads: Int?)?
        var dataFiles: [DataFileEntry]?
        for line in lines {
            guard line.hasPrefix("# ") else { break }
            if line.hasPrefix("# seed:") {
                seed = UInt64(line.dropFirst("# seed:".count).trimmingCharacters(in: .whitespaces))
            } else if line.hasPrefix("# Sprout "), versions == nil {
                versions = parseVersions(String(line.dropFirst("# Sprout ".count)))
            } else if line.hasPrefix("# data: ") {
                let rest = String(line.dropFirst("# data: ".count))
                if dataFiles == nil { dataFiles = [] }
                if rest != "none", let entry = DataFileEntry(headerText: rest) { dataFiles?.append(entry) }
            }
        }
        guard let seed, let versions else { return nil }
        return SessionHeader(
            date: date, seed: seed, sproutVersion: versions.sprout, blasVersion: versions.blas,
            blasThreads: versions.threads, dataFiles: dataFiles)
    }

    /// This header with the dependencies of a replay that ran now: this build's Sprout
    /// and BLAS, and the data files the replay loaded (date and seed kept).
    func refreshed(dataFiles files: [DataFile]) -> SessionHeader {
        var header = self
        let now = SessionHeader.current(seed: seed, dataFiles: files)
        (header.sproutVersion, header.blasVersion, header.blasThreads, header.dataFiles) =
            (now.sproutVersion, now.blasVersion, now.blasThreads, now.dataFiles)
        return header
    }

    /// `text` (a saved session) with its header's version line and `# data:` lines
    /// replaced by this header's, the `# data:` lines right under the version line;
    /// every other line stays as it is. Unchanged when `text` has no version line.
    func replacingDependencies(in text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headerEnd = lines.firstIndex { !$0.hasPrefix("# ") } ?? lines.count
        guard let versionLine = lines[..<headerEnd].indices.dropFirst().first(where: { lines[$0].hasPrefix("# Sprout ") }) else {
            return text
        }
        let dependencies = Array(self.lines.dropFirst(2))
        let kept = lines[versionLine + 1..<headerEnd].filter { !$0.hasPrefix("# data: ") }
        lines.replaceSubrange(versionLine..<headerEnd, with: dependencies + kept)
        return lines.joined(separator: "\n")
    }

    /// "0.1.0, OpenBLAS 0.3.21 (Zen, DYNAMIC_ARCH), 2 threads" (the thread count absent
    /// from older headers).
    private static func parseVersions(_ text: String) -> (sprout: String, blas: String, threads: Int?)? {
        guard let comma = text.range(of: ", ") else { return nil }
        let sprout = String(text[..<comma.lowerBound])
        var blas = String(text[comma.upperBound...])
        var threads: Int?
        if let last = blas.range(of: ", ", options: .backwards) {
            let words = blas[last.upperBound...].split(separator: " ")
            if words.count == 2, words[1] == "thread" || words[1] == "threads", let n = Int(words[0]) {
                threads = n
                blas = String(blas[..<last.lowerBound])
            }
        }
        return (sprout, blas, threads)
    }

    /// ISO 8601 in UTC: `2026-12-05T18:27:40Z`.
    static var dateFormatter: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }
}
