import Testing

@testable import Lang

@Suite("Text tables fitted to a width")
struct TextTableTests {
    private let table = TextTable(
        headers: ["", "a", "bb", "c", "label"],
        rows: [["0", "1.5", "x", "10", "3"], ["1", "-2", "yy", "200", "4"]],
        alignments: [.right, .right, .left, .right, .right], fixedColumns: 1)

    @Test func alignsNumbersRightAndTextLeft() {
        #expect(
            table.render(width: 80) == """
                     a  bb    c  label
                0  1.5  x    10      3
                1   -2  yy  200      4
                """)
    }

    @Test func dropsMiddleColumnsToFitKeepingBothEnds() {
        let text = table.render(width: 16)
        #expect(
            text == """
                     a  …  label
                0  1.5  …      3
                1   -2  …      4
                """)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 16 })
    }

    @Test func keepsFixedColumnsAndOneMoreEvenWhenTooNarrow() {
        let text = table.render(width: 3)
        #expect(text.hasPrefix("     a  …"))
    }

    @Test func marksLeftOutRows() {
        var cut = table
        cut.gapAfter = 0
        #expect(
            cut.render(width: 80) == """
                     a  bb    c  label
                0  1.5  x    10      3
                …    …  …     …      …
                1   -2  yy  200      4
                """)
    }
}
