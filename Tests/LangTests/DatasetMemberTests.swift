import Engine
import Testing

@testable import Lang

@Suite("datasets: members and indexing")
struct DatasetMemberTests {
    @Test func membersReadTheFeaturesTargetAndNames() {
        let s = DatasetFixtures.digitsSession()
        #expect(s.run("digits.x.shape") == "[1797, 64]")
        #expect(s.run("digits.y.shape") == "[1797]")
        #expect(s.run("digits.classes") == #"["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]"#)
        #expect(s.run("digits.target") == #""label""#)
        #expect(s.run("digits.image") == "[8, 8]")
        #expect(s.run("digits.rows") == "1797")
        #expect(s.run("len(digits.columns)") == "65")
        #expect(s.run("digits.columns[0]") == #""pixel_0_0""#)
        #expect(s.run("len(digits)") == "1797")
    }

    @Test func aNumericColumnIsATensorACategoricalOneAListOfStrings() {
        let s = DatasetFixtures.petsSession()
        #expect(s.run("list(pets.weight)") == "[12.5, 4, 3.25, 30, nan, 4]")
        #expect(s.run("pets.name") == #"["rex", "tom", "kit", none, "bo", "ada"]"#)
        #expect(s.run("pets[\"label\"]") == #"["dog", "cat", "cat", "dog", "dog", "cat"]"#)
        #expect(s.run("pets.classes") == #"["dog", "cat"]"#)
        #expect(s.run("pets.image == none") == "true")
        #expect(s.run("list(pets.y)") == "[0, 1, 1, 0, 0, 1]")
    }

    @Test func aRegressionTargetHasNoClassesAndNoTargetNoY() {
        let s = EvalSession()
        s.run("d = dataset({a: [1, 2], y: [0.5, 1.5]})")
        #expect(s.run("d.classes == none") == "true")
        #expect(s.run("list(d.y)") == "[0.5, 1.5]")
        s.run("e = dataset({a: [1, 2]})")
        #expect(s.run("e.target == none") == "true")
        #expect(evalErrorIn(s, "e.y").contains("no target column"))
    }

    @Test func aRowIsARecordOfNumbersStringsAndNone() {
        let s = DatasetFixtures.petsSession()
        #expect(s.run("pets[0]") == #"{name: "rex", weight: 12.5, label: "dog"}"#)
        #expect(s.run("pets[-1]") == #"{name: "ada", weight: 4, label: "cat"}"#)
        #expect(s.run("pets[3].name == none") == "true")
        #expect(s.run("pets[4].weight == none") == "true")
        let d = DatasetFixtures.digitsSession()
        #expect(d.run("digits[0].label") == "0")
        #expect(d.run("digits[-1].label") == "8")
    }

    @Test func slicesListsAndMasksPickRowsAsNumPyDoes() {
        let s = DatasetFixtures.petsSession()
        #expect(s.run("pets[1:3].name") == #"["tom", "kit"]"#)
        #expect(s.run("pets[::-2].name") == #"["ada", none, "tom"]"#)
        #expect(s.run("pets[[3, 1, -1]].name") == #"[none, "tom", "ada"]"#)
        #expect(s.run("pets[pets.weight == 4].name") == #"["tom", "ada"]"#)
        #expect(s.run("pets[[true, false, false, false, false, true]].name") == #"["rex", "ada"]"#)
        #expect(s.run("len(pets[[]])") == "0")
        let d = DatasetFixtures.digitsSession()
        #expect(d.run("len(digits[digits.label == 3])") == "183")
        #expect(d.run("len(digits[0:100])") == "100")
    }

    @Test func indexErrorsNameTheProblemAndItsRange() {
        let s = DatasetFixtures.petsSession()
        #expect(evalErrorIn(s, "pets[6]").contains("index 6 is out of range for a dataset of 6 items"))
        #expect(evalErrorIn(s, "pets[[0, 9]]").contains("row 9 is out of range for a dataset of 6 rows (0 to 5)"))
        #expect(evalErrorIn(s, "pets[\"lable\"]").contains("the dataset has no column 'lable' (did you mean 'label'?)"))
        #expect(evalErrorIn(s, "pets.lable").contains("did you mean 'label'?"))
        #expect(evalErrorIn(s, "pets[[true, false]]").contains("one entry per row (6), got 2"))
        #expect(evalErrorIn(s, "pets[{a: 1}]").contains("a dataset is indexed by a row number, a slice"))
        #expect(evalErrorIn(s, "pets[[0.5]]").contains("a dataset is indexed by"))
    }

    @Test func memberNamesOfferTheColumnsOnTab() throws {
        let s = DatasetFixtures.petsSession()
        guard case let .object(ds)? = s.interpreter.value(named: "pets") else {
            Issue.record("pets is not an object")
            return
        }
        #expect(ds.memberNames == ["x", "y", "columns", "classes", "target", "image", "rows", "name", "weight", "label"])
    }

    @Test func aLoopWalksTheRows() {
        let s = DatasetFixtures.petsSession()
        #expect(s.run("[r.label for r in pets[0:2]]") == #"["dog", "cat"]"#)
    }
}

/// The first line of the error `text` gives in `session`.
func evalErrorIn(_ session: EvalSession, _ text: String) -> String {
    String(session.run(text).split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
}
