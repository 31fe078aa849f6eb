import Testing

@testable import Lang

@Suite("dataset(...): a dataset from values")
struct DatasetBuiltinTests {
    @Test func numbersAreNumericStringsCategoricalAndTheTargetIsInferred() throws {
        let session = EvalSession()
        session.run("d = dataset({a: [1, none, 3], kind: [\"x\", none, 2], label: tensor([0, 1, 0])})")
        guard case let .object(object)? = session.interpreter.value(named: "d"), let value = object as? DatasetValue else {
            Issue.record("d is not a dataset")
            return
        }
        let ds = value.dataset
        #expect(ds.columnNames == ["a", "kind", "label"] && ds.target == "label")
        #expect(ds.column(named: "a")?.missingCount == 1)
        #expect(ds.column(named: "kind")?.storage == .categorical(codes: [0, -1, 1], categories: ["x", "2"]))
        #expect(value.summary == "dataset dataset · 3 rows × 3 columns · 2 features · target label: 2 classes · 2 missing cells")
    }

    @Test func theSummaryCountsInTheSingularToo() {
        #expect(evalCell("dataset({a: [1]})").hasPrefix("dataset dataset · 1 row × 1 column · 1 feature\n"))
    }

    @Test func badColumnsAreClearErrors() {
        #expect(evalError("dataset({a: [1, 2], b: [1]})").contains("column 'b' has 1 rows where the others have 2"))
        #expect(evalError("dataset({a: [[1, 2]]})").contains("column 'a' is"))
        #expect(evalError("dataset({a: [1]}, target: \"z\")").contains("no column 'z'"))
        // Every way a column is named says the close name, as ds.lable does.
        #expect(evalError("dataset({alpha: [1]}, target: \"alpah\")").contains("did you mean 'alpha'?"))
    }
}
