import Foundation
import Lang
import Testing

@testable import Shell

/// A dataset prints as its summary and an aligned table every way a cell runs: the
/// prompt, piped input, `sprout FILE`, `sprout -e`, `:load` and `sprout run --check` of
/// the session saved from it. Recorded output is 80 wide whatever the terminal's width.
@Suite("Datasets through the shell")
struct DatasetShellTests {
    static let cells = [
        #"pets = dataset({name: ["rex", "tom", "kit"], weight: [12.5, none, 3.25], label: ["dog", "cat", "cat"]})"#,
        "pets.sort(\"weight\")",
        "pets.where(r -> r.label == \"cat\")[0]",
    ]
    static let shown = """
        dataset dataset · 3 rows × 3 columns · 2 features · target label: 2 classes · 1 missing cell
           label  name  weight
        0  cat    kit     3.25
        1  dog    rex     12.5
        2  cat    tom       NA
        {name: "tom", weight: none, label: "cat"}

        """
    static let source = cells.joined(separator: "\n") + "\n"
    static let environment = ["NO_COLOR": "1"]

    @Test func piped() throws {
        let r = try runSprout([], input: Self.source, environment: Self.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == Self.shown)
    }

    @Test func fileAndExpression() throws {
        let path = try writeSproutFile(Self.source)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = try runSprout([path], environment: Self.environment)
        #expect(file.status == 0, "\(file.stderr)")
        #expect(file.stdout == Self.shown)
        let e = try runSprout(["-e", Self.cells.joined(separator: "\n")], environment: Self.environment)
        #expect(e.stdout == Self.shown.components(separatedBy: "\n").suffix(2).joined(separator: "\n"), "\(e.stdout)")
    }

    @Test func promptLoadAndRunCheck() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, output, _, repl) = scriptedSession(Self.cells + [":save \(folder)/pets"])
        #expect(output.hasPrefix(Self.shown), "\(output)")
        #expect(repl.cells.count == 3)
        let check = try runSprout(["run", "--check", folder + "/pets.sprout"], environment: Self.environment)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let path = try writeSproutFile(Self.source)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let (_, loaded, _, _) = scriptedSession([":load \(path)"])
        #expect(replayedOutputs(loaded).hasSuffix(Self.shown), "\(loaded)")
    }

    @Test func aNarrowTerminalShowsANarrowTableButTheRecordKeeps80() {
        let host = NarrowHost(width: 30)
        let reader = ScriptedLineReader(lines: [
            "d = dataset({alpha: [1, 2], beta: [3, 4], gamma: [5, 6], delta: [7, 8], label: [0, 1]})", "d",
        ])
        let repl = REPL(reader: reader, host: host, isTerminal: false)
        _ = repl.run()
        let table = host.output.components(separatedBy: "\n").dropFirst()
        #expect(table.first == "   label  alpha  …  delta", "\(host.output)")
        #expect(table.allSatisfy { $0.count <= 30 })
        #expect(repl.cells.last?.output.contains("   label  alpha  beta  gamma  delta\n") == true)
    }
}

/// A terminal of a given width that keeps what it is shown.
final class NarrowHost: Lang.Host {
    let displayWidth: Int
    private(set) var output = ""
    init(width: Int) { displayWidth = width }
    func write(_ text: String) { output += text }
    func warn(_ text: String) { output += "warning: \(text)\n" }
}
