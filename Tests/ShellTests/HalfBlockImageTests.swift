import Foundation
import Lang
import Testing

@testable import Shell

/// Images in text mode, where gnuplot's `dumb` cannot draw them: exact characters for
/// tiny known pictures.
@Suite("Half-block images for text mode")
struct HalfBlockImageTests {
    private let esc = "\u{1B}["

    @Test func withColourTwoPixelRowsShareACellAsForegroundAndBackground() {
        // 1 wide, 3 high: black over white, then grey with nothing below it.
        let picture = HalfBlockImage.Picture(width: 1, height: 3, pixels: [0, 1, 0.5], caption: "a")
        let text = HalfBlockImage.render([picture], colour: true, columns: 80)
        let expected = "a\n\(esc)38;5;232m\(esc)48;5;255m▀\(esc)0m\n\(esc)38;5;244m\(esc)49m▀\(esc)0m\n"
        #expect(text == expected)
    }

    @Test func withoutColourEachPixelIsTwoShadeCharacters() {
        let picture = HalfBlockImage.Picture(width: 2, height: 2, pixels: [0, 4, 2, .nan], caption: "7")
        #expect(HalfBlockImage.render([picture], colour: false, columns: 80) == "7\n  ██\n▒▒\n")
    }

    @Test func picturesSitSideBySideAsManyAsFitThenWrap() {
        let pictures = (0..<3).map { HalfBlockImage.Picture(width: 1, height: 1, pixels: [Float($0)], caption: "\($0)") }
        // Each picture is 2 characters wide plus a gap of 2: two fit in 6 columns.
        #expect(HalfBlockImage.render(pictures, colour: false, columns: 6) == "0   1\n    ▒▒\n2\n██\n")
    }

    @Test func aCaptionLongerThanItsPictureIsCut() {
        let picture = HalfBlockImage.Picture(width: 1, height: 1, pixels: [1], caption: "seven")
        #expect(HalfBlockImage.render([picture], colour: false, columns: 80) == "se\n▒▒\n")
    }

    /// A standardized picture: 200 pixels from 0 to 4 and two far out at 60 (a blank
    /// corner divided by a tiny standard deviation). Scaled to its extremes every
    /// ordinary pixel would be drawn in the lightest shade or two.
    @Test func aFewFarOutPixelsDoNotFlattenThePicture() {
        var pixels = (0..<200).map { Float($0 % 5) }
        pixels[0] = 60
        pixels[199] = 60
        let plot = PlotRequest(.images(width: 20, height: 10), series: [.init(y: pixels, label: "x")])
        let range = plot.shadeRange
        #expect(range?.low == 0 && range?.high == 4)
        let text = HalfBlockImage.render(plot, colour: false, columns: 80) ?? ""
        for shade in ["░", "▒", "▓", "█"] { #expect(text.contains(shade), "\(shade) missing") }
        #expect(PlotScript.body(for: plot).contains("set cbrange [0.0:4.0]"))
        // Raw pixels keep their extremes, and heatmaps span every value.
        let raw = PlotRequest(.images(width: 2, height: 1), series: [.init(y: [0, 16])])
        #expect(raw.shadeRange?.low == 0 && raw.shadeRange?.high == 16)
        #expect(PlotRequest(.heatmap(width: 2, height: 1), series: [.init(y: [0, 16])]).shadeRange == nil)
    }

    @Test func heatmapsUseTheHeatColoursAndOtherPlotsAreNotImages() {
        let heat = PlotRequest(.heatmap(width: 2, height: 1), series: [.init(y: [0, 1])], title: "w")
        let text = HalfBlockImage.render(heat, colour: true, columns: 80)
        #expect(text?.hasPrefix("w\n\(esc)38;5;17m\(esc)49m▀") == true)
        #expect(text?.contains("38;5;226m") == true)
        #expect(HalfBlockImage.render(PlotRequest(.bar, series: [.init(y: [1])]), colour: false, columns: 80) == nil)
    }

    @Test func inlineImagesWrapThePNGInTheTerminalsEscape() {
        let png = Data(repeating: 7, count: 4000)
        let kitty = InlineImage.kitty(png)
        let encoded = png.base64EncodedString()
        #expect(encoded.count > 4096)
        #expect(kitty.hasPrefix("\u{1B}_Gf=100,a=T,m=1;" + encoded.prefix(4096) + "\u{1B}\\\u{1B}_Gm=0;"))
        #expect(kitty.hasSuffix(encoded.dropFirst(4096) + "\u{1B}\\\n"))
        #expect(InlineImage.iterm(png) == "\u{1B}]1337;File=inline=1;size=4000;preserveAspectRatio=1:\(encoded)\u{07}\n")
    }

    @Test func theModeFollowsTheTerminalsName() {
        #expect(PlotMode.detected(in: ["TERM": "xterm-kitty"]) == .kitty)
        #expect(PlotMode.detected(in: ["TERM_PROGRAM": "iTerm.app"]) == .iterm)
        #expect(PlotMode.detected(in: ["TERM_PROGRAM": "WezTerm"]) == .iterm)
        #expect(PlotMode.detected(in: ["TERM": "xterm-256color"]) == .dumb)
    }
}
