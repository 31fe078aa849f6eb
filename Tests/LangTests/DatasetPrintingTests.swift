import Engine
import Testing

@testable import Lang

@Suite("datasets: printing as tables fitted to the width")
struct DatasetPrintingTests {
    @Test func aSmallDatasetPrintsItsSummaryAndEveryRow() {
        let s = DatasetFixtures.petsSession()
        #expect(
            s.run("pets") == """
                dataset dataset · 6 rows × 3 columns · 2 features · target label: 2 classes · 2 missing cells
                   label  name  weight
                0  dog    rex     12.5
                1  cat    tom        4
                2  cat    kit     3.25
                3  dog    NA        30
                4  dog    bo        NA
                5  cat    ada        4
                """)
    }

    @Test func aLongDatasetShowsFiveRowsAtEachEndAndMarksTheGap() {
        let s = EvalSession()
        s.run("d = dataset({a: range(0, 100), b: [x / 3 for x in 0..100], label: [x % 3 for x in 0..100]})")
        #expect(
            s.run("d") == """
                dataset dataset · 100 rows × 3 columns · 2 features · target label: 3 classes
                    label   a       b
                 0      0   0       0
                 1      1   1  0.3333
                 2      2   2  0.6667
                 3      0   3       1
                 4      1   4   1.333
                 …      …   …       …
                95      2  95   31.67
                96      0  96      32
                97      1  97   32.33
                98      2  98   32.67
                99      0  99      33
                """)
        // 60 rows still print whole; 61 are cut.
        #expect(s.run("d[0:60]").split(separator: "\n").count == 62)
        #expect(s.run("d[0:61]").split(separator: "\n").count == 13)
    }

    @Test func aWideDatasetKeepsRowNumbersAndTargetAndElidesMiddleColumns() throws {
        let value = DatasetValue(DatasetFixtures.digits)
        for width in [40, 80, 120] {
            let lines = ValueFormatter.format(.object(value), width: width).split(separator: "\n").dropFirst()
            #expect(lines.allSatisfy { $0.count <= width }, "width \(width)")
            let header = lines.first.map(String.init) ?? ""
            #expect(header.hasPrefix("      label  pixel_0_0"), "width \(width)")
            #expect(header.contains("…") && header.hasSuffix("pixel_7_7"), "width \(width)")
        }
        #expect(ValueFormatter.format(.object(value)) == ValueFormatter.format(.object(value), width: 80))
        let text = ValueFormatter.format(.object(value), width: 80)
        #expect(text.hasPrefix("dataset digits · 1797 rows × 65 columns · 64 features (8×8 image) · target label: 10 classes\n"))
        #expect(text.split(separator: "\n").count == 13)
        #expect(text.split(separator: "\n").last?.hasPrefix("1796      8") == true)
    }

    @Test func aScalerPrintsItsStatisticsBriefly() {
        let s = EvalSession()
        s.run("train = dataset({a: [1, 2, 3], c: [5, 5, 5], kind: [\"p\", \"q\", \"p\"], label: [0, 1, 0]})")
        #expect(
            s.run("fit_standardize(train)") == """
                scaler standardize · fitted on 3 rows · 2 columns
                           a  c
                mean       2  5
                std   0.8165  1
                """)
        #expect(s.run("[fit_normalize(train)]") == "[<scaler normalize · fitted on 3 rows · 2 columns>]")
    }

    @Test func aLongRowPrintsAsFieldsPackedIntoLinesOfTheWidth() {
        let s = DatasetFixtures.digitsSession()
        let lines = s.run("digits[0]").split(separator: "\n")
        #expect(lines.count > 1 && lines.allSatisfy { $0.count <= ValueFormatter.lineWidth })
        #expect(lines.first?.hasPrefix("{pixel_0_0: 0, pixel_0_1: 0, pixel_0_2: 5,") == true)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" pixel_") || $0.hasPrefix(" label") })
        #expect(lines.last?.hasSuffix("label: 0}") == true)
        // A short row stays on one line.
        #expect(s.run("digits.select(\"pixel_0_2\", \"label\")[0]") == "{pixel_0_2: 5, label: 0}")
    }

    @Test func insideAListADatasetIsOneLine() {
        let s = DatasetFixtures.petsSession()
        #expect(s.run("[pets]") == "[<dataset dataset: 6 rows × 3 columns>]")
    }
}
