import Engine
import Testing

@testable import Lang

/// A tensor prints in one notation, chosen over the elements shown as PyTorch's
/// `_Formatter` does: scientific when the largest nonzero finite magnitude is over 1000
/// times the smallest, over 1e8, or the smallest under 1e-4; whole-valued tensors keep
/// the `1., 2.` style. nan and inf take no part in the choice.
@Suite("Tensor notation")
struct TensorNotationTests {
    let f = TensorFormatter()

    func body(_ scalars: [Float], _ shape: [Int]? = nil) throws -> String {
        f.body(try Tensor(shape: shape ?? [scalars.count], scalars: scalars))
    }

    @Test func aTinyValueSwitchesTheWholeTensor() throws {
        #expect(try body([1.5, 0.00001, -2.0]) == "[ 1.5000e+00,  1.0000e-05, -2.0000e+00]")
    }

    @Test func aWideRatioSwitchesTheWholeTensor() throws {
        #expect(try body([0.5, 2000.5]) == "[5.0000e-01, 2.0005e+03]")
        #expect(try body([0.5, 500]) == "[  0.5000, 500.0000]")
    }

    @Test func aHugeValueSwitchesTheWholeTensor() throws {
        #expect(try body([1.5, 2e8]) == "[1.5000e+00, 2.0000e+08]")
    }

    @Test func zerosTakeTheNotationOfTheRest() throws {
        #expect(try body([0, 1e-5]) == "[0.0000e+00, 1.0000e-05]")
        #expect(try body([0, 0.25]) == "[0.0000, 0.2500]")
    }

    @Test func nanAndInfDoNotSwitchOrBreakWidths() throws {
        #expect(try body([.nan, .infinity, 1.5]) == "[   nan,    inf, 1.5000]")
        #expect(try body([.nan, -.infinity, 1e-5, 2]) == "[       nan,       -inf, 1.0000e-05, 2.0000e+00]")
        #expect(try body([.nan, 3, -.infinity]) == "[ nan,   3., -inf]")
    }

    @Test func wholeNumbersKeepTheirStyle() throws {
        #expect(try body([1, 10_000]) == "[    1., 10000.]")
        #expect(try body([1, 2e9]) == "[1.0000e+00, 2.0000e+09]")
    }

    @Test func aScalarFollowsTheSameRules() {
        #expect(f.body(Tensor(0.00001)) == "1.0000e-05")
        #expect(f.body(Tensor(2.5)) == "2.5000")
    }

    @Test func everyRowOfAMatrixSharesTheNotationAndWidth() throws {
        let text = try body([1.5, 0.00001, 250, -3], [2, 2])
        #expect(text == "[[ 1.5000e+00,  1.0000e-05],\n [ 2.5000e+02, -3.0000e+00]]")
    }

    /// A summarized tensor decides over the elements it shows: a tiny value in the
    /// hidden middle leaves the edges in fixed notation; one on an edge switches all.
    @Test func summarizedTensorsDecideOverTheShownElements() throws {
        var scalars = [Float](repeating: 1.5, count: 2000)
        scalars[1000] = 1e-6
        #expect(try body(scalars) == "[1.5000, 1.5000, 1.5000, ..., 1.5000, 1.5000, 1.5000]")
        scalars[0] = 1e-6
        #expect(try body(scalars) == "[1.0000e-06, 1.5000e+00, 1.5000e+00, ..., 1.5000e+00, 1.5000e+00, 1.5000e+00]")
    }
}
