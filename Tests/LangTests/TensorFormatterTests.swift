import Engine
import Testing

@testable import Lang

@Suite("Tensor printing")
struct TensorFormatterTests {
    let f = TensorFormatter()

    @Test func scalarAndVector() throws {
        #expect(f.format(Tensor(2.5)) == "tensor () float32\n2.5000")
        let v = try Tensor(shape: [3], scalars: [1, 2, 3])
        #expect(f.format(v) == "tensor (3,) float32\n[1., 2., 3.]")
    }

    @Test func matrixColumnsAlign() throws {
        let m = try Tensor(shape: [2, 2], scalars: [1.5, -20.25, 3, 4])
        #expect(f.body(m) == "[[  1.5000, -20.2500],\n [  3.0000,   4.0000]]")
    }

    @Test func threeDimensionsSeparatedByBlankLines() throws {
        let t = try Tensor.arange(0, 8).reshaped(to: [2, 2, 2])
        #expect(f.body(t) == "[[[0., 1.],\n  [2., 3.]],\n\n [[4., 5.],\n  [6., 7.]]]")
    }

    @Test func largeTensorsAreElidedToEdgeItems() throws {
        let t = try Tensor.arange(0, 2000)
        #expect(f.body(t) == "[   0.,    1.,    2., ..., 1997., 1998., 1999.]")
        let m = try Tensor.arange(0, 1600).reshaped(to: [40, 40])
        let lines = f.body(m).split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines[3] == " ...,")
        #expect(lines[0] == "[[   0.,    1.,    2., ...,   37.,   38.,   39.],")
    }

    @Test func specialValuesAndScientific() throws {
        let t = try Tensor(shape: [3], scalars: [.nan, .infinity, 1e-6])
        #expect(f.body(t) == "[       nan,        inf, 1.0000e-06]")
    }

    @Test func headerMarksGradients() throws {
        let t = try Tensor.ones([2]).requiringGradient()
        #expect(f.header(t) == "tensor (2,) float32, requires grad")
    }

    @Test func recordingHostKeepsOutput() {
        let host = RecordingHost()
        host.write("a")
        host.write("b\n")
        host.warn("careful")
        #expect(host.output == "ab\n")
        #expect(host.warnings == ["careful"])
    }
}
