import Foundation
import Lang
import Testing

@testable import Shell

/// A grid of images is drawn as tall as its rows need, not letterboxed in 640×400.
@Suite("image grid layout")
struct ImageGridLayoutTests {
    static func grid(_ count: Int, width: Int = 8, height: Int = 8, title: String? = nil) -> PlotRequest {
        PlotRequest(
            .images(width: width, height: height),
            series: (0..<count).map { PlotRequest.Series(y: [Float](repeating: 1, count: width * height), label: "\($0)") }, title: title)
    }

    @Test func twoRowsOfDigitsTakeTwoRowsOfHeight() {
        let layout = ImageGridLayout(Self.grid(16))
        #expect(layout.columns == 8 && layout.rows == 2)
        // Each 8×8 picture is as tall as its column is wide (about 66 px of 640).
        #expect(abs(layout.cellHeight - 65.6) < 0.5)
        #expect((150...230).contains(layout.pictureHeight), "\(layout.pictureHeight)")
        #expect(ImageGridLayout(Self.grid(8)).pictureHeight < 120)
        // A title takes room above the rows; a tall picture makes the rows taller.
        #expect(ImageGridLayout(Self.grid(16, title: "t")).pictureHeight == layout.pictureHeight + 24)
        #expect(ImageGridLayout(Self.grid(16, width: 4, height: 8)).pictureHeight > layout.pictureHeight)
        // Other plots keep the standard height; a very long grid is capped.
        #expect(ImageGridLayout.pictureHeight(for: PlotRequest(.lines, series: [.init(y: [1, 2])])) == 400)
        #expect(ImageGridLayout(Self.grid(200)).pictureHeight == 800)
    }

    @Test func theScriptSetsMarginsInPixelsForThePicturesHeight() {
        let plot = Self.grid(16)
        let height = ImageGridLayout(plot).pictureHeight
        let script = PlotScript.text(for: plot, on: .png(path: "/tmp/x.png", width: 640, height: height))
        let top = 1 - 36 / Double(height), bottom = 6 / Double(height), gap = 36 / Double(height)
        let expected = String(format: "set multiplot layout 2,8 margins 0.02,0.98,%.4f,%.4f spacing 0.02,%.4f", bottom, top, gap)
        #expect(script.contains(expected), "\(script)")
    }

    /// Blank pictures (every pixel one value) draw, mid grey as the text drawing shows
    /// them: their empty shade range made gnuplot refuse the whole grid.
    @Test func aGridOfBlankPicturesGetsAShadeRangeGnuplotTakes() {
        let script = PlotScript.body(for: Self.grid(3))
        #expect(script.contains("set cbrange [0.5:1.5]"), "\(script)")
    }

    @Test func aSavedGridIsAsTallAsItsLayout() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plot = Self.grid(16)
        let display = PlotDisplay.script()
        let path = folder + "/grid.png"
        do {
            try display.save(plot, to: path)
        } catch {
            // No gnuplot here: the layout tests above still ran. Under CI `make test`
            // installs gnuplot, so not drawing is a failure there.
            if ExternalCheck.underCI { Issue.record("gnuplot did not draw the grid: \(error)") }
            return
        }
        let bytes = try #require(FileManager.default.contents(atPath: path)).map { $0 }
        // The PNG's IHDR: width and height, big-endian, at bytes 16 and 20.
        let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(height == ImageGridLayout(plot).pictureHeight)
    }
}
