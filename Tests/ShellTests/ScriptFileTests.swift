import Foundation
import Testing
@testable import Shell

@Suite("Reading script files")
struct ScriptFileTests {
    @Test func aFileIsReadAndBadUTF8IsReplaced() throws {
        let path = try makeTemporaryFolder() + "/s.sprout"
        try Data([0x78, 0x20, 0x3D, 0x20, 0x31, 0x0A, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
        #expect(try ScriptFile.read(path) == "x = 1\n\u{FFFD}\n")
    }

    @Test func foldersMissingFilesAndEndlessDevicesAreClearErrors() throws {
        let folder = try makeTemporaryFolder()
        #expect(throws: ScriptFileError(path: folder, reason: "it is a folder")) { try ScriptFile.read(folder) }
        #expect(throws: ScriptFileError(path: folder + "/no.sprout", reason: "no such file")) { try ScriptFile.read(folder + "/no.sprout") }
        // /dev/zero never ends: the read stops at the limit instead of taking all memory.
        #expect(throws: ScriptFileError(path: "/dev/zero", reason: "longer than 1 MB; Sprout reads scripts up to that size")) {
            try ScriptFile.read("/dev/zero", limit: 1 << 20)
        }
        #expect(try ScriptFile.read("/dev/null") == "")
    }
}
