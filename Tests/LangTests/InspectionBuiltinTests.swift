import Testing

@testable import Lang

/// describe, counts, dups, outliers and missing through the language: on a dataset
/// built by a program with one of each problem planted, each finds exactly what was
/// planted; their reports print as tables and can be read; bad arguments are messages.
@Suite("Inspection builtins")
struct InspectionBuiltinTests {
    /// 60 rows (height, weight, label a/b alternating), all distinct, with planted: rows
    /// 12 and 31 identical; row 33's weight 950; row 18's height missing; class c only
    /// in rows 5 and 50. And `val`, 15 rows of its own whose row 3 has the features of
    /// ds's row 7 (a leak).
    static let planted = """
        n = 60
        h = [150 + (i * 37) % 50 + i * 0.01 for i in 0..n]
        w = [50 + (i * 53) % 40 + i * 0.001 for i in 0..n]
        lab = [if i % 2 == 0 { "a" } else { "b" } for i in 0..n]
        lab[5] = "c"
        lab[50] = "c"
        h[31] = h[12]
        w[31] = w[12]
        lab[31] = lab[12]
        w[33] = 950
        h[18] = none
        ds = dataset({height: h, weight: w, label: lab})
        vh = [200 + i for i in 0..15]
        vw = [100 + i for i in 0..15]
        vh[3] = h[7]
        vw[3] = w[7]
        val = dataset({height: vh, weight: vw, label: ["b" for i in 0..15]})
        """

    static func plantedSession() -> EvalSession {
        let session = EvalSession()
        session.run(planted)
        return session
    }

    @Test func eachFindsExactlyWhatWasPlanted() {
        let session = Self.plantedSession()
        #expect(session.run("dups(ds).groups") == "[[12, 31]]")
        #expect(session.run("dups(ds, val).pairs") == "[[7, 3]]")
        #expect(session.run("outliers(ds).rows") == "[33]")
        #expect(session.run("outliers(ds, iqr: 3).rows") == "[33]")
        #expect(session.run("outliers(ds)[0].columns") == "[\"weight\"]")
        #expect(session.run("missing(ds).rows") == "[18]")
        #expect(session.run("missing(ds)[0].columns") == "[\"height\"]")
        #expect(session.run("counts(ds).rare") == "[\"c\"]")
        #expect(session.host.warnings == ["class c has 2 rows, under a tenth of the largest (class a, 30 rows)"])
        #expect(session.host.plots.map(\.kind) == [.bar])
        #expect(session.host.plots.first?.series.first?.y == [30, 28, 2])
    }

    @Test func theCleanDatasetsShowOneLine() {
        let session = Self.plantedSession()
        #expect(session.run("dups(val)") == "no duplicate rows (15 rows compared in every column)")
        #expect(session.run("missing(val)") == "no missing cells (15 rows × 3 columns)")
    }

    @Test func reportsPrintAsTables() {
        let session = Self.plantedSession()
        #expect(
            session.run("dups(ds)") == """
                1 group of identical rows (1 copy to drop):
                group  rows    copies
                    0  12, 31       2
                """)
        #expect(
            session.run("counts(ds)") == """
                class  count  share
                a         30  50.0%
                b         28  46.7%
                c          2   3.3%  ← rare: under a tenth of the largest
                """)
        #expect(
            session.run("outliers(ds)") == """
                1 row with a value robust z over 4, worst first:
                row  label  score  columns (value, score)
                 33  b      53.83  weight=950 (54)
                """)
        #expect(
            session.run("missing(ds)") == """
                1 missing cell in 1 row:
                column  missing  share
                height        1   1.7%

                row  missing in
                 18  height
                """)
        #expect(
            session.run("dups(ds, val)") == """
                1 row of other is also in ds (all 2 feature columns equal): a leak
                row in ds  row in other
                        7             3
                """)
    }

    @Test func describeIsATableAndARecordPerColumn() {
        let session = Self.plantedSession()
        #expect(
            session.run("describe(ds)") == """
                column  count   mean    std  min    25%  …    max  missing  unique  top
                height     59  175.2  14.73  150  161.9  …  199.3        1      58
                weight     60  85.26  114.1   50  60.77  …    950        0      59
                label      60                            …               0       3  a (30)
                """)
        #expect(session.run("describe(ds)[\"height\"].missing") == "1")
        #expect(session.run("describe([1, 2, 3, 4]).rows").hasPrefix("error: a report has no member 'rows' (its members are columns)"))
        #expect(session.run("d = describe(tensor([1, 2, 3, 4])); [d[0].q25, d[0].median, d[0].q75]") == "[1.75, 2.5, 3.25]")
        #expect(session.run("describe(tensor([[1, 2], [3, 5]]))[\"1\"].mean") == "3.5")
        #expect(session.run("describe([\"x\", \"y\", \"y\"])[0].top") == "\"y\"")
        #expect(session.run("kind(describe([1]))") == "\"report\"")
    }

    /// A numeric label (iris's, digits') reads as it does in `head` and `show`: `1`, not `1.0`.
    @Test func outliersShowANumericLabelAsItPrints() {
        let session = EvalSession()
        session.run("d = dataset({a: [1, 2, 3, 2, 1, 2, 3, 90], label: [0, 1, 0, 1, 0, 1, 0, 1]})")
        #expect(
            session.run("outliers(d)") == """
                1 row with a value robust z over 4, worst first:
                row  label  score  columns (value, score)
                  7  1      59.36  a=90 (59)
                """)
    }

    @Test func aLongReportShowsAScreenfulAndSaysHowManyMore() {
        let session = EvalSession()
        session.run("v = [i % 10 for i in 0..300]\nfor i in 0..25 { v[i * 10 + 3] = 1000 + i }\nd = dataset({v: v})")
        let shown = session.run("outliers(d)")
        #expect(shown.hasPrefix("25 rows with a value robust z over 4, worst first:\nrow  score  columns (value, score)\n243"))
        #expect(shown.hasSuffix("… 5 more rows; all: true shows every one"))
        #expect(session.run("len(outliers(d))") == "25")
        #expect(session.run("outliers(d, all: true)").split(separator: "\n").count == 27)
    }

    @Test(arguments: [
        ("outliers(ds, z: 4, iqr: 3)", "error: outliers: give z: or iqr:, not both"),
        ("outliers(ds, z: -1)", "error: outliers: z: must be a positive number, got -1"),
        ("outliers(ds, iqr: 0)", "error: outliers: iqr: must be a positive number, got 0"),
        ("dups(1)", "error: dups: ds expects a dataset, got the number 1"),
        ("dups(ds, [1])", "error: dups: other expects a dataset, got"),
        ("missing([1, 2])", "error: missing: ds expects a dataset, got a list"),
        ("describe(\"text\")", "error: describe: data expects a dataset, a tensor or a list, got a string"),
        ("counts(dataset({a: [1, 2]}))", "error: counts: the dataset has no target column"),
        ("dups(ds, dataset({z: [1]}))", "error: dups: the dataset has no column 'height' (its columns are z)"),
        ("describe(ds)[\"heigth\"]", "error: the describe report has no row 'heigth' (did you mean 'height'?)"),
    ])
    func badArgumentsAreMessages(_ source: String, _ message: String) {
        let first = Self.plantedSession().run(source).split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix(message), "\(first)")
    }
}
