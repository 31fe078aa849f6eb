import Foundation
import Testing

@testable import Lang

/// Golden scripts: every `Golden/NAME.sprout` runs as `sprout NAME.sprout` would (the
/// stdlib loaded, each shown value printed), and its transcript — printed text, warnings
/// and shown values in order, then the rendered error if the script stops on one — must
/// equal `Golden/NAME.out`.
///
/// To re-record after an intended change, run with `SPROUT_RECORD_GOLDEN=1`: the files
/// are rewritten and the test fails, so a new baseline is never accepted silently.
@Suite("Golden scripts")
struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let stdlib = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("stdlib").path

    static var scripts: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".sprout") }.map { String($0.dropLast(".sprout".count)) }.sorted()
    }

    @Test func thereAreGoldenScripts() {
        #expect(GoldenTests.scripts.count >= 4)
    }

    @Test(arguments: scripts) func script(_ name: String) throws {
        let scriptURL = GoldenTests.folder.appendingPathComponent(name + ".sprout")
        let expectedURL = GoldenTests.folder.appendingPathComponent(name + ".out")
        let text = try String(contentsOf: scriptURL, encoding: .utf8)
        let transcript = GoldenTests.transcript(of: text, name: "\(name).sprout")
        if ProcessInfo.processInfo.environment["SPROUT_RECORD_GOLDEN"] != nil {
            try transcript.write(to: expectedURL, atomically: true, encoding: .utf8)
            Issue.record("recorded \(expectedURL.lastPathComponent); run again without SPROUT_RECORD_GOLDEN")
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(transcript == expected)
    }

    static func transcript(of text: String, name: String) -> String {
        let host = TranscriptHost()
        let interpreter = Interpreter(host: host)
        do {
            try interpreter.loadStdlib(directory: stdlib)
            try interpreter.runScript(Source(name: name, text: text)) { value in
                host.write(ValueFormatter.format(value) + "\n")
            }
        } catch let error as SproutError {
            host.write(DiagnosticRenderer.render(error) + "\n")
        } catch {
            host.write("unexpected error: \(error)\n")
        }
        return host.text
    }
}

/// Keeps printed text, warnings and shown values in one transcript.
final class TranscriptHost: Lang.Host {
    private(set) var text = ""
    func write(_ text: String) { self.text += text }
    func warn(_ text: String) { self.text += "warning: \(text)\n" }
    // Notes: Host's default, written as output.
}
