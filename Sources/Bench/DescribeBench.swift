import Engine
import Foundation

/// `describe` of a 1,000,000 × 10 numeric dataset built in memory, against NumPy
/// computing the same statistics (count, mean, std with ddof 1, min, the three
/// quartiles by `np.percentile`, max, missing, distinct values by `np.unique`) on an
/// array of the same shape and distribution, in the same run. The target is under
/// 100 ms; the ratio says how the Engine's selection and hashing compare with NumPy's
/// sorts.
struct DescribeBench {
    let rows: Int
    let columns: Int
    let reps: Int

    struct Figures {
        let seconds: Double
        let numpySeconds: Double?
        let peerProblem: String?
    }

    /// Uniform doubles in [0, 1) from a fixed xorshift stream: all distinct, as a
    /// float column of real data mostly is.
    func dataset() throws -> Dataset {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let columns = (0..<self.columns).map { j -> DataColumn in
            var values = [Double](repeating: 0, count: rows)
            for i in 0..<rows {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                values[i] = Double(state >> 11) * 0x1p-53
            }
            return .numeric("c\(j)", values)
        }
        return try Dataset(name: "bench", columns: columns)
    }

    func run() throws -> Figures {
        let ds = try dataset()
        _ = ds.describe()
        var best = Double.infinity
        for _ in 0..<reps { best = min(best, Timing.seconds { _ = ds.describe() }) }
        do {
            return Figures(seconds: best, numpySeconds: try numpySeconds(), peerProblem: nil)
        } catch {
            return Figures(seconds: best, numpySeconds: nil, peerProblem: "\(error)")
        }
    }

    /// The peer's best time, from its `RESULT seconds=…` line.
    private func numpySeconds() throws -> Double {
        let script = """
            import time, numpy as np
            x = np.random.default_rng(0).random((\(rows), \(columns)))
            def describe(a):
                out = []
                for j in range(a.shape[1]):
                    c = a[:, j]
                    missing = int(np.isnan(c).sum())
                    c = c[~np.isnan(c)]
                    out.append((c.size, c.mean(), c.std(ddof=1), c.min(), *np.percentile(c, [25, 50, 75]), c.max(), missing, np.unique(c).size))
                return out
            describe(x)
            times = []
            for _ in range(\(reps)):
                t = time.perf_counter(); describe(x); times.append(time.perf_counter() - t)
            print("RESULT seconds=%.6f" % min(times))
            """
        var env = ProcessInfo.processInfo.environment
        env["OPENBLAS_NUM_THREADS"] = "1"
        guard let run = NumPyPeer.runPython(["-c", script], environment: env) else {
            throw NumPyPeer.Failure.unavailable("python3 not found on PATH, or it cannot be started")
        }
        guard run.status == 0,
            let line = run.output.split(separator: "\n").first(where: { $0.hasPrefix("RESULT ") }),
            let seconds = NumPyPeer.fields(String(line))["seconds"].flatMap(Double.init)
        else {
            throw NumPyPeer.Failure.failed("the NumPy describe peer failed: \(run.errors.suffix(300))")
        }
        return seconds
    }

    static func render(_ f: Figures, rows: Int, columns: Int) -> String {
        var table = TextTable(["describe \(rows) × \(columns)", "best ms", "NumPy ms", "NumPy/Sprout time"])
        table.add([
            "Engine describe", Format.fixed(f.seconds * 1e3, 1), f.numpySeconds.map { Format.fixed($0 * 1e3, 1) } ?? "n/a",
            f.numpySeconds.map { Format.ratio($0 / f.seconds) } ?? "n/a",
        ])
        var text = table.render()
        text += "\n  target under 100 ms: \(f.seconds < 0.1 ? "MET" : "NOT MET")"
        if let problem = f.peerProblem { text += "\n  NumPy peer: \(problem)" }
        return text
    }
}
