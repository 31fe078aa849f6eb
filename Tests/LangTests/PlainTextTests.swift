import Engine
import Testing

@testable import Lang

/// `str`, `print` and the text a string is built from: a one-element tensor reads as its
/// number (as `str(item(x))` would), whatever its shape; other tensors keep their full
/// form. The cell display of a tensor is unchanged (header and brackets).
@Suite("Plain text of values")
struct PlainTextTests {
    @Test(arguments: ["tensor(2.5)", "tensor([2.5])", "tensor([[2.5]])", "tensor([[[2.5]]])"])
    func oneElementTensorReadsAsItsNumber(_ source: String) {
        #expect(evalCell("str(\(source))") == "\"2.5\"")
        #expect(evalCell("\"loss \" + str(\(source))") == "\"loss 2.5\"")
        let session = EvalSession()
        session.run("print(\"loss\", \(source))")
        #expect(session.host.output == "loss 2.5\n")
    }

    @Test func itReadsAsStrOfItem() {
        #expect(evalCell("x = tensor([1.0]) / 3\nstr(x) == str(item(x))") == "true")
        #expect(evalCell("str(tensor([1e-6]))") == "\"1e-06\"")
        #expect(evalCell("str(tensor([0.0]) / 0)") == "\"nan\"")
    }

    @Test func theCellDisplayKeepsTheTensorForm() {
        #expect(evalCell("tensor([2.5])") == "tensor (1,) float32\n[2.5000]")
    }

    @Test func biggerTensorsKeepTheirFullForm() {
        #expect(evalCell("str(tensor([1, 2]))") == "\"tensor (2,) float32\\n[1., 2.]\"")
        #expect(evalCell("str(zeros(0))") == "\"tensor (0,) float32\\n[]\"")
    }
}
