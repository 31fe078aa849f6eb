import Testing

@testable import Lang

/// Messages a newcomer meets in the first minutes: misspelt names, an index past the
/// end, a bad shape given to a tensor maker. Each names what the user wrote.
@Suite("Messages")
struct MessageTests {
    @Test(arguments: [
        EvalCase("one letter doubled", "lenn([1])", "error: 'lenn' is not defined (did you mean 'len'?)"),
        EvalCase("longer name the typed one starts with", "lenght([1])", "error: 'lenght' is not defined (did you mean 'len'?)"),
        EvalCase("swap counts as one edit", "x = 1\nsoftmxa(x)", "error: 'softmxa' is not defined (did you mean 'softmax'?)"),
        EvalCase("long name, three edits", "crss_entrpyy(1, 2)", "error: 'crss_entrpyy' is not defined (did you mean 'cross_entropy'?)"),
        EvalCase("short name, two edits is too far", "mqz(1)", "error: 'mqz' is not defined"),
    ])
    func didYouMean(_ c: EvalCase) {
        #expect(evalError(c.source) == c.expected)
    }

    @Test func theLimitScalesWithTheLength() {
        #expect(allowedEdits(forLength: 3) == 1)
        #expect(allowedEdits(forLength: 6) == 2)
        #expect(allowedEdits(forLength: 12) == 4)
        #expect(closestName(to: "lenght", among: ["length", "len"]) == "length")
        #expect(closestName(to: "le", among: ["len"]) == "len")
        #expect(closestName(to: "xyz", among: ["len"]) == nil)
    }

    /// No message says its subject twice, as `index: index 5 is out of range` did.
    @Test(arguments: [
        "x = tensor([1, 2, 3])\nx[5]",
        "x = tensor([[1, 2], [3, 4]])\nx[0, 7]",
        "x = tensor([1, 2, 3])\nx[-9]",
        "x = tensor([1, 2, 3])\nx[0, 0]",
    ])
    func noMessageRepeatsItsPrefix(_ source: String) {
        let message = evalError(source)
        #expect(message.hasPrefix("error: "), "\(message)")
        let words = message.dropFirst(7).split(separator: " ")
        #expect(words.count >= 2 && words[0] != words[1] + ":", "\(message)")
    }

    @Test func anIndexPastTheEndSaysWhere() {
        #expect(evalError("x = tensor([1, 2, 3])\nx[5]") == "error: index 5 is out of range for dimension 0 of size 3")
    }

    /// A tensor maker's error names the maker the user called, not the one it is built on.
    @Test(arguments: [
        ("zeros(-1)", "zeros"), ("ones(2, -1)", "ones"), ("full([-1], 3)", "full"), ("eye(-2)", "eye"),
        ("rand(-1)", "rand"), ("randn(-1)", "randn"), ("uniform([-1])", "uniform"), ("normal([-1])", "normal"),
        ("linspace(0, 1, -1)", "linspace"), ("arange(0, 1, 0)", "arange"),
    ])
    func makersNameThemselves(_ source: String, _ name: String) {
        let message = evalError(source)
        #expect(message.hasPrefix("error: \(name): "), "\(source): \(message)")
    }
}
