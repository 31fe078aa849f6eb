import Engine
import Foundation

/// Section 10 (`--only=hash`): what fingerprinting a loaded file costs. `load` hashes
/// every data file it reads (SHA-256, for a saved session's header), so a load is the
/// CSV read plus the hash: this times each alone, interleaved in one run, on digits.csv
/// and on a generated ~50 MB numeric CSV (the file section 7 generates, at 550,000 rows),
/// with coreutils' `sha256sum` on the same file as a peer for the hash's own speed.
struct HashBench {
    struct Figures {
        let name: String
        let bytes: Int
        let read: Double
        let hash: Double
        /// Hash time / read time, the paired median of rounds.
        let pairedRatio: Double
        /// `sha256sum`'s wall time on the same file (process start included), when present.
        let sha256sum: Double?
    }

    let rounds: Int

    func run(digitsPath: String) throws -> [Figures] {
        let big = try CSVBench(rows: 550_000, columns: 10, reps: 1).dataFile()
        let digitsBytes = (try FileManager.default.attributesOfItem(atPath: digitsPath)[.size] as? Int) ?? 0
        return try [(digitsPath, "digits.csv", digitsBytes), (big.path, "50 MB CSV", big.bytes)].map { path, name, bytes in
            let timed = try Timing.interleaved(minRounds: rounds) {
                _ = try CSVReader.read(path: path)
            } _: {
                _ = try SHA256.file(at: path)
            }
            return Figures(
                name: name, bytes: bytes, read: timed.a, hash: timed.b, pairedRatio: timed.pairedSpeedup, sha256sum: sha256sum(path))
        }
    }

    /// The best of three `sha256sum` runs on `path`, or nil without it.
    private func sha256sum(_ path: String) -> Double? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") else { return nil }
        return (0..<3).compactMap { _ -> Double? in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            process.arguments = [path]
            process.standardOutput = FileHandle.nullDevice
            return try? Timing.seconds {
                try process.run()
                process.waitUntilExit()
            }
        }.min()
    }

    static func render(_ figures: [Figures]) -> String {
        var table = TextTable(["file", "bytes", "CSV read", "SHA-256", "hash / read", "MB/s hashed", "sha256sum"])
        for f in figures {
            table.add([
                f.name, "\(f.bytes)", Format.fixed(f.read * 1e3, 2) + " ms", Format.fixed(f.hash * 1e3, 2) + " ms",
                Format.ratio(f.pairedRatio), Format.fixed(Double(f.bytes) / f.hash / 1e6, 0),
                f.sha256sum.map { Format.fixed($0 * 1e3, 2) + " ms" } ?? "n/a",
            ])
        }
        return table.render()
    }
}
