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
}
