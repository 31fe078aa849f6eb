import Foundation
import Lang
import Testing

@testable import Shell

/// `~` in a path a user types is the folder `$HOME` names, whatever the password file says.
@Suite("Paths with ~")
struct UserPathTests {
    @Test func tildeIsTheHomeVariable() {
        let environment = ["HOME": "/tmp/elsewhere"]
        #expect(UserPath.expanded("~", environment: environment) == "/tmp/elsewhere")
        #expect(UserPath.expanded("~/x.sprout", environment: environment) == "/tmp/elsewhere/x.sprout")
        #expect(UserPath.expanded("a/~/b", environment: environment) == "a/~/b")
        #expect(UserPath.expanded("/abs", environment: environment) == "/abs")
    }

    @Test func saveAndLoadExpandTildeFromHome() throws {
        let home = try makeTemporaryFolder()
        let reader = ScriptedLineReader(lines: ["a = 41", ":save ~/x", ":reset", ":load ~/x.sprout", "a + 1"])
        let host = RecordingHost()
        let repl = REPL(reader: reader, host: host, isTerminal: false)
        repl.environment = ["HOME": home]
        _ = repl.run()
        #expect(FileManager.default.fileExists(atPath: home + "/x.sprout"))
        #expect(
            host.output == """
                saved \(home)/x.sprout (1 cell)
                session reset: no variables, cells numbered from 1
                [1]> a = 41
                42

                """)
    }

    @Test func pathCompletionExpandsTildeFromHome() throws {
        let home = try makeTemporaryFolder()
        #expect(FileManager.default.createFile(atPath: home + "/model.sprout", contents: Data()))
        #expect(Completion.paths(matching: "~/mo", environment: ["HOME": home]) == ["~/model.sprout"])
    }
}
