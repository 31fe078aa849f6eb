import Foundation
import Testing

@testable import Shell

/// The inspection builtins the ways a user runs them: piped input, `sprout FILE`,
/// `sprout -e`, `:load` and `sprout run --check` of a saved session; the report's table
/// on standard output, the rare-class warning on standard error, the session going on.
@Suite("Inspection builtins through the shell")
struct InspectionShellTests {
    static let cells = """
        ds = dataset({a: [1, 2, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], label: [0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]})
        dups(ds)
        counts(ds).rare
        outliers(ds, z: 0)
        """

    /// What comes before the class-balance plot (drawn by gnuplot in scripts, its text
    /// checked by the plot tests) and after it.
    static let shownBefore = """
        1 group of identical rows (1 copy to drop):
        group  rows  copies
            0  0, 2       2

        """
    static let shownAfter = """
        ["2"]

        """

    /// Whether `stdout` is the dups table, a bar chart of the class balance with the
    /// classes on its axis, then the rare classes.
    static func isShown(_ stdout: String) -> Bool {
        stdout.hasPrefix(shownBefore) && stdout.hasSuffix(shownAfter)
            && (stdout.contains("class balance") || stdout.contains("<plot: bar chart of 3 values"))
    }

    @Test func pipedAndFileAndExpression() throws {
        let piped = try runSprout([], input: Self.cells + "\n", environment: ["NO_COLOR": "1"])
        let lastError = "error: outliers: z: must be a positive number, got 0"
        #expect(Self.isShown(piped.stdout), "\(piped.stdout)")
        #expect(piped.stderr.contains("warning: class 2 has 1 row, under a tenth of the largest (class 1, 13 rows)"), "\(piped.stderr)")
        #expect(piped.stderr.contains(lastError), "\(piped.stderr)")

        let path = try writeSproutFile(Self.cells + "\n")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = try runSprout([path], environment: ["NO_COLOR": "1"])
        #expect(Self.isShown(file.stdout), "\(file.stdout)")
        #expect(file.stderr.contains(lastError), "\(file.stderr)")

        let expression = try runSprout(["-e", "missing(dataset({a: [1, none]})).rows"], environment: ["NO_COLOR": "1"])
        #expect(expression.stdout == "[1]\n", "\(expression.stdout)")
    }

    @Test func loadAndCheck() throws {
        let path = try writeSproutFile(Self.cells.split(separator: "\n").dropLast().joined(separator: "\n") + "\n")
        let folder = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, output, _, _) = scriptedSession([":load \(path)", "len(dups(ds))"])
        #expect(output.contains("group  rows  copies\n    0  0, 2       2\n"), "\(output)")
        #expect(output.hasSuffix("1\n"), "\(output)")

        let saved = try runSprout(
            [], input: Self.cells.split(separator: "\n").dropLast().joined(separator: "\n") + "\n:save \(folder)/inspect\n")
        #expect(saved.status == 0, "\(saved.stderr)")
        let check = try runSprout(["run", "--check", "\(folder)/inspect.sprout"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
