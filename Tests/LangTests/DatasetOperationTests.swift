import Engine
import Testing

@testable import Lang

@Suite("datasets: row operations")
struct DatasetOperationTests {
    @Test func headTailAndTakeKeepTheEnds() {
        let s = DatasetFixtures.petsSession()
        #expect(s.run("pets.head(2).name") == #"["rex", "tom"]"#)
        #expect(s.run("len(head(pets))") == "5")
        #expect(s.run("len(pets.head(100))") == "6")
        #expect(s.run("pets.tail(2).name") == #"["bo", "ada"]"#)
        #expect(s.run("len(pets.tail())") == "5")
        #expect(s.run("pets.take(3).name") == #"["rex", "tom", "kit"]"#)
        #expect(evalErrorIn(s, "pets.head(-1)").contains("n is -1; a number of rows is at least 0"))
    }

    @Test func sampleDrawsDistinctRowsUnderTheSeed() {
        let s = DatasetFixtures.digitsSession()
        s.run("seed(7)\na = digits.sample(50)")
        s.run("seed(7)\nb = digits.sample(50)")
        #expect(s.run("list(a.label) == list(b.label)") == "true")
        #expect(s.run("list(a.pixel_3_4) == list(b.pixel_3_4)") == "true")
        #expect(s.run("list(a.label) == list(digits.label[0:50])") == "false")
        #expect(s.run("len(digits.sample(1797))") == "1797")
        #expect(evalErrorIn(s, "digits.sample(1798)").contains("cannot pick 1798 different rows from 1797"))
    }

    @Test func whereKeepsTheRowsAPredicateAccepts() {
        let s = DatasetFixtures.petsSession()
        #expect(s.run("pets.where(r -> r.label == \"cat\").name") == #"["tom", "kit", "ada"]"#)
        #expect(s.run("pets.where(r -> r.weight != none and r.weight > 10).name") == #"["rex", none]"#)
        #expect(s.run("list(where(tensor([1, 0]) > 0, 1, 2))") == "[1, 2]")
        #expect(evalErrorIn(s, "pets.where(r -> 1)").contains("must give true or false for a row, got the number 1 for row 0"))
        #expect(evalErrorIn(s, "pets.where(1)").contains("takes a function of a row"))
        let d = DatasetFixtures.digitsSession()
        #expect(d.run("len(digits.where(r -> r.label == 3))") == "183")
    }

    @Test func sortIsStableWithMissingLast() {
        let s = DatasetFixtures.petsSession()
        #expect(s.run("pets.sort(\"weight\").name") == #"["kit", "tom", "ada", "rex", none, "bo"]"#)
        #expect(s.run("pets.sort(\"weight\", desc: true).name") == #"[none, "rex", "tom", "ada", "kit", "bo"]"#)
        #expect(s.run("pets.sort(\"name\").name") == #"["ada", "bo", "kit", "rex", "tom", none]"#)
        #expect(evalErrorIn(s, "pets.sort(\"wieght\")").contains("did you mean 'weight'?"))
        #expect(evalErrorIn(s, "sort([3, 1], \"a\")").contains("for a list use sorted"))
    }

    @Test func findMatchesANumberOrASubstring() {
        let s = DatasetFixtures.petsSession()
        #expect(s.run("pets.find(\"weight\", 4).name") == #"["tom", "ada"]"#)
        #expect(s.run("pets.find(\"name\", \"o\").name") == #"["tom", "bo"]"#)
        #expect(s.run("pets.find(\"weight\", \"3.2\").name") == #"["kit"]"#)
        #expect(s.run("len(pets.find(\"label\", \"zebra\"))") == "0")
        #expect(evalErrorIn(s, "pets.find(\"nam\", \"o\")").contains("did you mean 'name'?"))
        let d = DatasetFixtures.digitsSession()
        #expect(d.run("len(digits.find(\"label\", 3))") == "183")
    }

    @Test func shuffleKeepsEveryRowOnceUnderTheSeed() {
        let s = DatasetFixtures.petsSession()
        s.run("seed(3)\na = shuffle(pets)\nseed(3)\nb = pets.shuffle()")
        #expect(s.run("a.name == b.name") == "true")
        #expect(s.run("sorted([str(n) for n in a.name])") == #"["ada", "bo", "kit", "none", "rex", "tom"]"#)
        #expect(s.run("a.name == pets.name") == "false")
    }
}
