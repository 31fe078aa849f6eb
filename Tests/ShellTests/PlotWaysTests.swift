import Foundation
import Testing

@testable import Shell

/// A plot through the ways in that do not keep a session: `sprout -e`, `sprout FILE` and
/// piped input draw plain 80×24 text, the same every time; without gnuplot they show the
/// summary line and say once why. (sessions/plots.sprout covers `run --check`, `:load`
/// and the rest through `ReplayWaysTests`.)
@Suite("Plots through -e, files and pipes")
struct PlotWaysTests {
    private static let cell = "hist([1, 2, 2, 3], bins: 3)\nprint(\"after\")"

    @Test func eFileAndPipeDrawTheSameText() throws {
        let e = try runSprout(["-e", Self.cell])
        #expect(e.status == 0 && e.stderr == "", "\(e.stderr)")
        let lines = e.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("    2 +---") }, "\(e.stdout)")
        #expect(lines.last == "after")
        let file = try runSprout([try writeSproutFile(Self.cell)])
        #expect(file.stdout == e.stdout)
        let piped = try runSprout([], input: Self.cell + "\n")
        #expect(piped.stdout == e.stdout)
    }

    @Test func withoutGnuplotTheSummaryLineAndOneWarning() throws {
        let r = try runSprout(["-e", "hist([1, 2])\nbar([3])\nprint(\"still here\")"], environment: ["PATH": "/nonexistent"])
        #expect(r.status == 0)
        #expect(r.stdout == "<plot: histogram of 2 values, 10 bins>\n<plot: bar chart of 1 value>\nstill here\n")
        #expect(r.stderr == "warning: \(GnuplotError.notFound.description)\n")
    }

    @Test func savefigWritesTheLastPlotFromAScript() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try runSprout(["-e", "image(eye(3))\nsavefig(\"\(folder)/eye.png\")\nsavefig(\"\(folder)/eye.jpg\")"])
        #expect(try #require(pngSize("\(folder)/eye.png")) == (640, 400))
        #expect(r.status == 1)
        #expect(r.stderr.contains("savefig: cannot save a plot as \(folder)/eye.jpg: give a path ending in .png or .svg"), "\(r.stderr)")
    }

    /// Drawing a plot must not change how the process meets a closed pipe: `sprout FILE |
    /// head` ends quietly as before (talking to gnuplot once ignored SIGPIPE for the whole
    /// process, and the next write to the closed pipe crashed).
    @Test func aPlotThenAClosedPipeEndsQuietly() throws {
        let sprout = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(
            "sprout"
        ).path
        let script = try writeSproutFile("hist([1, 2, 3])\nfor i in range(100000) { print(i) }\n")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "\"$0\" \"$1\" | head -1", sprout, script]
        shell.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        let out = Pipe(), err = Pipe()
        shell.standardOutput = out
        shell.standardError = err
        try shell.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(stdout.split(separator: "\n").count == 1)
        #expect(!stderr.contains("Fatal error") && !stderr.contains("crashed"), "\(stderr)")
    }
}
