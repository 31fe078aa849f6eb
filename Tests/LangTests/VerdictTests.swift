import Testing

@testable import Lang

/// The value every recipe check returns, and the log `recipe()` reads.
@Suite struct VerdictTests {
    @Test func aVerdictPrintsItsMarkAndHeadlineThenIndentedDetails() {
        let v = VerdictValue(
            check: "check_init", outcome: .passed, headline: "loss at init 2.31 vs ln(10) = 2.30", details: ["bias ok"],
            figures: Record([("loss", .number(2.31))]))
        #expect(v.formatted() == "✓ loss at init 2.31 vs ln(10) = 2.30\n  bias ok")
        #expect(VerdictValue(check: "x", outcome: .failed, headline: "h").formatted() == "✗ h")
        #expect(VerdictValue(check: "x", outcome: .undecided, headline: "cannot decide: no rows").line == "? cannot decide: no rows")
    }

    @Test func okIsTrueFalseOrNoneAndFiguresAreMembers() throws {
        let figures = Record([("loss", .number(2.31))])
        #expect(try VerdictValue(check: "c", outcome: .passed, headline: "", figures: figures).member("ok") == .bool(true))
        #expect(try VerdictValue(check: "c", outcome: .failed, headline: "").member("ok") == .bool(false))
        #expect(try VerdictValue(check: "c", outcome: .undecided, headline: "").member("ok") == Value.none)
        #expect(try VerdictValue(check: "c", outcome: .passed, headline: "", figures: figures).member("loss") == .number(2.31))
        #expect(try VerdictValue(check: "c", outcome: .passed, headline: "").member("check") == .string("c"))
    }

    @Test func recordingLogsTheCheckWithTheCellItRanIn() throws {
        let host = RecordingHost()
        let interpreter = Interpreter(host: host)
        var seen: Int?
        interpreter.define(
            builtin: Builtin("planted_check", [], summary: "s", example: "planted_check()") { _, runtime in
                seen = runtime.cell
                return .object(runtime.record(VerdictValue(check: "planted_check", outcome: .failed, headline: "bad")))
            })
        _ = try interpreter.run(Source(name: "cell 1", text: "1"))
        _ = try interpreter.run(Source(name: "cell 2", text: "planted_check()"))
        #expect(seen == 2)
        #expect(
            interpreter.runtime.recipe.latest("planted_check") == .init(check: "planted_check", outcome: .failed, line: "✗ bad", cell: 2))
        #expect(interpreter.runtime.cell == nil)
    }
}
