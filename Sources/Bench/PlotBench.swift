import Foundation
import Glibc

/// Section 7: a warm histogram of 1,000 values drawn as `dumb` text through Sprout's whole
/// path (a piped session: read the cell, run `hist`, bin, write the script, gnuplot's
/// round trip, trim, print) against gnuplot's own round trip for the very same script
/// (captured from Sprout with `SPROUT_GNUPLOT_TRACE`) and completion protocol, sent to a
/// gnuplot of its own, alternating, in the same run. Target: within 1.5x.
struct PlotBench {
    struct Figures {
        /// Best seconds per plot.
        let sprout: Double
        let gnuplot: Double
        /// Median seconds per plot.
        let sproutMedian: Double
        let gnuplotMedian: Double
        /// Median over rounds of sprout / gnuplot in the same round.
        let pairedRatio: Double
    }

    let sprout: String
    let rounds: Int

    func run() throws -> Figures {
        let trace = NSTemporaryDirectory() + "sprout-bench-plot-\(getpid()).gp"
        defer { unlink(trace) }
        let cell = "hist(x, bins: 20)\nprint(\"<<done>>\")\n"
        let setup = "seed(1)\nx = randn([1000])\n"
        // Capture the script Sprout sends, then time sessions without the trace.
        let traced = try Child(sprout, [], environment: ["SPROUT_GNUPLOT_TRACE": trace, "NO_COLOR": "1"])
        try traced.send(setup + cell)
        try traced.read(until: ["<<done>>\n"])
        traced.finish()
        let script = try String(contentsOfFile: trace, encoding: .utf8)

        let session = try Child(sprout, [], environment: ["NO_COLOR": "1"])
        defer { session.finish() }
        try session.send(setup)
        let gnuplot = try Child("/usr/bin/env", ["gnuplot"], environment: [:], mergeErrors: true)
        defer { gnuplot.finish() }
        var tag = 0
        func viaSprout() throws -> Double {
            try Timing.seconds {
                try session.send(cell)
                try session.read(until: ["<<done>>\n"])
            }
        }
        func viaGnuplot() throws -> Double {
            tag += 1
            let mark = "<<bench-\(tag)>>"
            let trailer = "\nset print '-'\nprint '\(mark)', GPVAL_ERRNO\nprinterr '\(mark)'\nreset errors\n"
            return try Timing.seconds {
                try gnuplot.send(script + trailer)
                try gnuplot.read(until: ["\(mark) 0\n", "\(mark)\n"])
            }
        }
        for _ in 0..<5 {
            _ = try viaSprout()
            _ = try viaGnuplot()
        }
        var sproutBest = Double.infinity, gnuplotBest = Double.infinity
        var ratios: [Double] = [], sprouts: [Double] = [], gnuplots: [Double] = []
        for round in 0..<rounds {
            // Alternate the order, so neither always runs first.
            var s = 0.0, g = 0.0
            if round % 2 == 0 {
                s = try viaSprout()
                g = try viaGnuplot()
            } else {
                g = try viaGnuplot()
                s = try viaSprout()
            }
            sproutBest = min(sproutBest, s)
            gnuplotBest = min(gnuplotBest, g)
            ratios.append(s / g)
            sprouts.append(s)
            gnuplots.append(g)
        }
        return Figures(
            sprout: sproutBest, gnuplot: gnuplotBest, sproutMedian: median(sprouts), gnuplotMedian: median(gnuplots),
            pairedRatio: median(ratios))
    }

    static func render(_ f: Figures) -> String {
        var table = TextTable(["warm hist of 1000 values to dumb", "best ms", "median ms"])
        table.add(["Sprout: piped cell hist(x) (whole path)", Format.fixed(f.sprout * 1e3, 2), Format.fixed(f.sproutMedian * 1e3, 2)])
        table.add(["gnuplot alone: same script, same protocol", Format.fixed(f.gnuplot * 1e3, 2), Format.fixed(f.gnuplotMedian * 1e3, 2)])
        return table.render()
            + "\n  Sprout/gnuplot: \(Format.ratio(f.pairedRatio)) paired median (\(Format.ratio(f.sprout / f.gnuplot)) best/best); target within 1.50x"
    }
}

/// A child process fed on standard input and read on standard output (standard error
/// too with `mergeErrors`), for the plot bench's two round trips.
private final class Child {
    let pid: pid_t
    private let input: Int32
    private let output: Int32
    private var buffer: [UInt8] = []

    init(_ path: String, _ arguments: [String], environment: [String: String], mergeErrors: Bool = false) throws {
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else { throw BenchError("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], STDOUT_FILENO)
        if mergeErrors {
            posix_spawn_file_actions_adddup2(&actions, fromChild[1], STDERR_FILENO)
        } else {
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        }
        for fd in toChild + fromChild { posix_spawn_file_actions_addclose(&actions, fd) }
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let env: [UnsafeMutablePointer<CChar>?] = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in env + argv { free(p) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, path, &actions, nil, argv, env)
        close(toChild[0])
        close(fromChild[1])
        guard status == 0 else { throw BenchError("cannot start \(path)") }
        pid = child
        input = toChild[1]
        output = fromChild[0]
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
            guard n > 0 else { throw BenchError("the child stopped reading") }
            written += n
        }
    }

    /// Reads until every marker has appeared (in any order); drops what was read.
    func read(until markers: [String]) throws {
        let wanted = markers.map { Array($0.utf8) }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while !wanted.allSatisfy({ contains($0) }) {
            let n = Glibc.read(output, &chunk, chunk.count)
            guard n > 0 else { throw BenchError("the child ended early") }
            buffer += chunk[..<n]
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func contains(_ needle: [UInt8]) -> Bool {
        guard buffer.count >= needle.count else { return false }
        return (0...(buffer.count - needle.count)).contains { buffer[$0..<$0 + needle.count].elementsEqual(needle) }
    }

    func finish() {
        close(input)
        close(output)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}

/// Why the plot bench could not measure.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
