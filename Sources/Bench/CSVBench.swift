import Engine
import Foundation

/// Section 7 (`--only=csv`): loading a generated 1,000,000 × 10 numeric CSV (about 92 MB)
/// with Sprout's reader (both cores) against NumPy's `loadtxt`, pandas' `read_csv` and
/// polars' `read_csv`, all on the same file in this run (`bench/csv_peers.py`, which
/// installs pandas and polars for the user when they are missing). Target: faster than
/// polars. Each figure is the best of several loads, file already in the page cache.
struct CSVBench {
    struct Peer {
        let name: String
        var seconds: Double?
        var sum: Double?
        var version = ""
        var problem: String?
    }

    struct Figures {
        let path: String
        let bytes: Int
        let rows: Int
        let columns: Int
        let sprout: Double
        /// The first column's sum, compared with each peer's as a check they read the same numbers.
        let sproutSum: Double
        let peers: [Peer]

        var polarsRatio: Double? {
            peers.first { $0.name == "polars" }?.seconds.map { $0 / sprout }
        }
    }

    let rows: Int
    let columns: Int
    let reps: Int

    /// The generated file, kept in the temporary folder between runs; the generator's
    /// version is in the name (change it with the generator), and the file is written
    /// to a temporary name and renamed, so a run cut short never leaves half a file.
    func dataFile() throws -> (path: String, bytes: Int) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sprout-bench").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = "\(folder)/numbers-v1-\(rows)x\(columns).csv"
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int {
            return (path, size)
        }
        let text = generated()
        let partial = path + ".\(getpid()).partial"
        try Data(text).write(to: URL(fileURLWithPath: partial))
        guard rename(partial, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        return (path, text.count)
    }

    /// `c0,…,c9`, then rows of numbers like `-41.27934` and `7.50012` from a fixed seed.
    private func generated() -> [UInt8] {
        var out: [UInt8] = Array((0..<columns).map { "c\($0)" }.joined(separator: ",").utf8) + [10]
        out.reserveCapacity(rows * columns * 10)
        var state: UInt64 = 0x5EED
        var digits = [UInt8](repeating: 0, count: 24)
        for _ in 0..<rows {
            for c in 0..<columns {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let value = Double(Int64(bitPattern: state >> 11) % 20_000_000 - 10_000_000) / 100_000  // ±100.00000
                let count = digits.withUnsafeMutableBufferPointer { buffer in
                    withVaList([value]) { vsnprintf(buffer.baseAddress, 24, "%.5f", $0) }
                }
                out += digits[0..<Int(count)]
                out.append(c == columns - 1 ? 10 : 44)
            }
        }
        return out
    }

    func run(repositoryRoot root: String?) throws -> Figures {
        let (path, bytes) = try dataFile()
        var best = Double.infinity
        var result: CSVReader.Result?
        let sproutLoads = {
            for _ in 0..<reps {
                let start = Timing.now()
                result = try CSVReader.read(path: path)
                best = min(best, Timing.now() - start)
            }
        }
        try sproutLoads()
        let peers = runPeers(path: path, root: root)
        try sproutLoads()  // again after the peers, so a burst of load during one side shows
        guard let result, case let .numeric(first)? = result.dataset.columns.first?.storage else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return Figures(
            path: path, bytes: bytes, rows: result.dataset.rowCount, columns: result.dataset.columns.count,
            sprout: best, sproutSum: first.reduce(0, +), peers: peers)
    }

    /// Runs `bench/csv_peers.py` and reads its RESULT / UNAVAILABLE lines.
    private func runPeers(path: String, root: String?) -> [Peer] {
        let names = ["loadtxt", "pandas", "polars"]
        func unavailable(_ why: String) -> [Peer] { names.map { Peer(name: $0, problem: why) } }
        guard let root else { return unavailable("bench/csv_peers.py not found") }
        guard let run = NumPyPeer.runPython([root + "/bench/csv_peers.py", path, "--reps", String(reps)]) else {
            return unavailable("python3 not found on PATH, or it cannot be started")
        }
        var peers: [String: Peer] = [:]
        for line in run.output.split(separator: "\n") {
            let fields = NumPyPeer.fields(String(line))
            guard let name = fields["name"] else { continue }
            if line.hasPrefix("RESULT") {
                peers[name] = Peer(
                    name: name, seconds: fields["seconds"].flatMap(Double.init), sum: fields["sum"].flatMap(Double.init),
                    version: fields["version"] ?? "")
            } else if let reason = fields["reason"] {
                peers[name] = Peer(name: name, problem: reason)
            }
        }
        return names.map {
            peers[$0] ?? Peer(name: $0, problem: "the peer script printed nothing for it (exit \(run.status))")
        }
    }

    static func render(_ f: Figures) -> String {
        var table = TextTable(["reader", "seconds", "MB/s", "peer time / Sprout time", "first column sum"])
        let megabytes = Double(f.bytes) / 1e6
        table.add([
            "Sprout load (CSVReader)", Format.fixed(f.sprout, 3), Format.fixed(megabytes / f.sprout, 0), "1.00x",
            Format.fixed(f.sproutSum, 3),
        ])
        var notes: [String] = []
        for peer in f.peers {
            let label = peer.name == "loadtxt" ? "NumPy loadtxt" : "\(peer.name) read_csv"
            guard let seconds = peer.seconds else {
                notes.append("  \(label): skipped (\(peer.problem ?? "no figure"))")
                continue
            }
            table.add([
                "\(label) \(peer.version)", Format.fixed(seconds, 3), Format.fixed(megabytes / seconds, 0),
                Format.ratio(seconds / f.sprout), peer.sum.map { Format.fixed($0, 3) } ?? "n/a",
            ])
        }
        let header = "  file: \(f.rows) rows × \(f.columns) columns, \(Format.fixed(megabytes, 1)) MB (\(f.path))"
        return ([header, table.render()] + notes).joined(separator: "\n")
    }

    static func summary(_ f: Figures?) -> String {
        let ratio = f?.polarsRatio
        return
            "  CSV load of 1M × 10 faster than polars read_csv: \(ratio.map { "polars takes \(Format.ratio($0)) Sprout's time" } ?? "n/a")"
    }
}
