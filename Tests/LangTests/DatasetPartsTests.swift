import Engine
import Testing

@testable import Lang

@Suite("datasets: columns, splits, batches and scalers")
struct DatasetPartsTests {
    @Test func selectAndDropPickColumnsByNameOrList() {
        let s = DatasetFixtures.petsSession()
        #expect(s.run("pets.select(\"label\", \"name\").columns") == #"["label", "name"]"#)
        #expect(s.run("pets.select([\"weight\"]).target == none") == "true")
        #expect(s.run("pets.drop(\"name\").columns") == #"["weight", "label"]"#)
        #expect(s.run("pets.drop([\"name\", \"weight\"]).columns") == #"["label"]"#)
        #expect(evalErrorIn(s, "pets.select(\"nme\")").contains("did you mean 'name'?"))
        #expect(evalErrorIn(s, "pets.drop()").contains("needs at least one column name"))
        #expect(evalErrorIn(s, "pets.select(3)").contains("columns"))
        let d = DatasetFixtures.digitsSession()
        #expect(d.run("digits.drop(\"pixel_0_0\").image == none") == "true")
        #expect(d.run("digits.select(\"label\").x.shape") == "[1797, 0]")
    }

    @Test func splitLosesAndRepeatsNoRowAndStratifyKeepsShares() throws {
        let s = DatasetFixtures.digitsSession(seed: 1)
        s.run("train, val = digits.split(0.8, stratify: true)")
        #expect(s.run("len(train)") == "1438")
        #expect(s.run("len(val)") == "359")
        let (train, val) = (try datasetNamed("train", s), try datasetNamed("val", s))
        let all = DatasetFixtures.digits
        // Every row once: the rows of both parts, as pixel+label rows, are digits' rows.
        func rows(_ ds: Dataset) -> [[Double]] { (0..<ds.rowCount).map { r in ds.columns.map { $0.number(at: r) } } }
        #expect(
            (rows(train) + rows(val)).sorted { $0.lexicographicallyPrecedes($1) } == rows(all).sorted { $0.lexicographicallyPrecedes($1) })
        // Each class's share within one row of its rounded 80%.
        let labels = all.column(named: "label")
        let trainLabels = train.column(named: "label")
        for k in 0..<10 {
            let total = (0..<all.rowCount).filter { labels?.number(at: $0) == Double(k) }.count
            let kept = (0..<train.rowCount).filter { trainLabels?.number(at: $0) == Double(k) }.count
            #expect(kept == Int((0.8 * Double(total)).rounded()))
        }
        // Both parts are in a random order: neither starts with one class's block.
        for part in [train, val] {
            let firstLabels = Set((0..<20).compactMap { part.column(named: "label")?.number(at: $0) })
            #expect(firstLabels.count >= 6, "\(firstLabels)")
        }
        #expect(evalErrorIn(s, "digits.split(1.5)").contains("fraction is 1.5"))
        #expect(evalErrorIn(s, "dataset({a: [1, 2]}).split(0.5, stratify: true)").contains("no target column"))
        #expect(evalErrorIn(s, "dataset({a: [1, 2], y: [0.5, 1.5]}).split(0.5, stratify: true)").contains("needs a target of classes"))
    }

    @Test func theSameSeedGivesTheSameSplitBatchesAndSample() throws {
        func draw() throws -> [Dataset] {
            let s = DatasetFixtures.digitsSession(seed: 42)
            s.run("train, val = digits.split(0.7)\nb = batches(train, 100)\nsm = digits.sample(10)")
            return try ["train", "val", "sm"].map { try datasetNamed($0, s) }
        }
        let (first, second) = (try draw(), try draw())
        #expect(first == second)
        let other = DatasetFixtures.digitsSession(seed: 43)
        other.run("train, val = digits.split(0.7)")
        #expect(try datasetNamed("train", other) != first[0])
    }

    @Test func batchesAreShuffledRecordsWithTheLastPartialOneKeptOrDropped() {
        let s = DatasetFixtures.digitsSession()
        s.run("bs = batches(digits, 500)")
        #expect(s.run("len(bs)") == "4")
        #expect(s.run("bs[0].x.shape") == "[500, 64]")
        #expect(s.run("bs[3].y.shape") == "[297]")
        #expect(s.run("sum(tensor([sum(b.y) for b in bs]))") == s.run("sum(digits.y)"))
        #expect(s.run("len(digits.batches(500, drop_last: true))") == "3")
        #expect(s.run("list(bs[0].y) == list(digits.y[0:500])") == "false")
        #expect(s.run("batches(dataset({a: [1, 2, 3]}), 2)[1].y == none") == "true")
        #expect(evalErrorIn(s, "batches(digits, 0)").contains("size is 0"))
    }

    @Test func aStandardizerAppliesTrainStatisticsAndLeavesConstantColumnsCentred() throws {
        let s = EvalSession()
        s.run("train = dataset({a: [1, 2, 3], c: [5, 5, 5], kind: [\"p\", \"q\", \"p\"], label: [0, 1, 0]})")
        s.run("val = dataset({a: [4, 2], c: [6, 5], kind: [\"q\", \"q\"], label: [1, 1]})")
        s.run("scale = fit_standardize(train)")
        #expect(s.run("scale.columns") == #"["a", "c"]"#)
        #expect(s.run("list(scale.mean)") == "[2, 5]")
        #expect(s.run("list(scale(val).a)") == "[2.44949, 0]")
        #expect(s.run("list(scale(val).c)") == "[1, 0]")
        #expect(s.run("scale(val).kind") == #"["q", "q"]"#)
        #expect(s.run("list(scale(val).label)") == "[1, 1]")
        #expect(
            s.run("scale") == """
                scaler standardize · fitted on 3 rows · 2 columns
                      a  c
                mean  2  5
                std   0.8165  1
                """ || s.run("scale").hasPrefix("scaler standardize · fitted on 3 rows · 2 columns\n"))
        #expect(evalErrorIn(s, "scale(dataset({b: [1]}))").contains("no column 'a'"))
        #expect(evalErrorIn(s, "scale(1)").contains("takes one dataset"))
        s.run("norm = fit_normalize(train)")
        #expect(s.run("list(norm(val).a)") == "[1.5, 0.5]")
        #expect(s.run("list(norm(val).c)") == "[1, 0]")
    }

    @Test func digitsCornerPixelIsCentredNotDividedByZero() {
        let s = DatasetFixtures.digitsSession()
        s.run("train, val = digits.split(0.8)\nscale = fit_standardize(train)\nv = scale(val)")
        #expect(s.run("item(sum(v.x != v.x))") == "0")
        #expect(s.run("item(max(abs(v.pixel_0_0)))") == "0")
        #expect(s.run("list(v.label) == list(val.label)") == "true")
    }
}

/// The dataset a session's global `name` holds.
func datasetNamed(_ name: String, _ session: EvalSession) throws -> Dataset {
    guard case let .object(object)? = session.interpreter.value(named: name), let ds = object as? DatasetValue else {
        throw DatasetTestError.notADataset(name)
    }
    return ds.dataset
}

enum DatasetTestError: Error {
    case notADataset(String)
}
