import Foundation

/// Section 6: `sprout run --check` against a plain `sprout run` of the same saved session,
/// and of the same cells as a script (no `#> ` lines), each a launch of the release
/// binary, in the same run. Checking compares every cell's output with its recorded lines,
/// which should cost about what printing them does (issue 8, item 18: it cost ~50 times
/// as much, a big-stack thread started per cell). Target: check within 3x of plain run.
struct ReplayCheckBench {
    struct Figures {
        let cells: Int
        /// Best seconds per launch.
        let check: Double?
        let plain: Double?
        let script: Double?
        /// Median over rounds of check / plain in the same round.
        let pairedRatio: Double?
    }

    let sprout: String
    let cells: Int
    let rounds: Int

    func run() throws -> Figures {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sprout-bench-replay-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let session = folder.appendingPathComponent("session.sprout").path
        let script = folder.appendingPathComponent("script.sprout").path
        try Self.session(cells: cells).write(toFile: session, atomically: true, encoding: .utf8)
        try Self.session(cells: cells, recorded: false).write(toFile: script, atomically: true, encoding: .utf8)

        var check: Double?, plain: Double?, scriptBest: Double?
        var ratios: [Double] = []
        func best(_ current: Double?, _ new: Double?) -> Double? { new.map { min(current ?? $0, $0) } ?? current }
        for round in 0..<rounds {
            // Alternate the order, so neither always runs first.
            let c: Double?, p: Double?
            if round % 2 == 0 {
                c = StartupBench.launch(sprout, ["run", "--check", session])
                p = StartupBench.launch(sprout, ["run", session])
            } else {
                p = StartupBench.launch(sprout, ["run", session])
                c = StartupBench.launch(sprout, ["run", "--check", session])
            }
            scriptBest = best(scriptBest, StartupBench.launch(sprout, ["run", script]))
            check = best(check, c)
            plain = best(plain, p)
            if let c, let p { ratios.append(c / p) }
        }
        return Figures(
            cells: cells, check: check, plain: plain, script: scriptBest,
            pairedRatio: ratios.isEmpty ? nil : median(ratios))
    }

    /// A saved session of `cells` cells: a third show a number, a third a list, a third
    /// assign (and show nothing), with their `#> ` lines unless `recorded` is false.
    static func session(cells: Int, recorded: Bool = true) -> String {
        var text = "# seed: 0\n"
        for i in 1...cells {
            switch i % 3 {
            case 0: text += "x\(i % 10) = \(i)\n"
            case 1: text += "\(i) * 2\n" + (recorded ? "#> \(i * 2)\n" : "")
            default: text += "[\(i), \(i).5, \"s\(i)\"]\n" + (recorded ? "#> [\(i), \(i).5, \"s\(i)\"]\n" : "")
            }
        }
        return text
    }

    static func render(_ f: Figures) -> String {
        func perCell(_ seconds: Double?) -> String { seconds.map { Format.fixed($0 / Double(f.cells) * 1e6, 2) } ?? "n/a" }
        var table = TextTable(["\(f.cells) cells", "best s", "µs/cell"])
        for (label, seconds) in [
            ("sprout run --check SESSION", f.check), ("sprout run SESSION", f.plain),
            ("sprout run SCRIPT (same cells, no #> lines)", f.script),
        ] {
            table.add([label, seconds.map { Format.fixed($0, 3) } ?? "n/a", perCell(seconds)])
        }
        return table.render()
    }
}
