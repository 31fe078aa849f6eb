import Testing

@testable import Shell

/// The `SWIFT_BACKTRACE` value sprout restarts with (issue 8, item 4; the crash itself is
/// tested in a real terminal, `CrashAtATerminalTests`).
@Suite("Backtrace settings")
struct BacktraceSettingsTests {
    @Test(
        arguments: [
            (nil, "interactive=no,preset=friendly"),
            ("", "interactive=no,preset=friendly"),
            ("color=no", "color=no,interactive=no,preset=friendly"),
            ("preset=full", "preset=full,interactive=no"),
            ("enable=yes,output-to=/tmp/crash.txt", "enable=yes,output-to=/tmp/crash.txt,interactive=no,preset=friendly"),
        ] as [(String?, String)])
    func theUsersKeysAreKeptAndInteractiveAdded(current: String?, expected: String) {
        #expect(BacktraceSettings.adjusted(current) == expected)
    }

    /// A value with an `interactive` key (the user's choice, or the restarted process's
    /// own) is left alone, so sprout restarts at most once.
    @Test(arguments: ["interactive=no", "interactive=yes", "color=no, Interactive = yes", "INTERACTIVE=tty"])
    func anInteractiveKeyIsLeftAlone(current: String) {
        #expect(BacktraceSettings.adjusted(current) == nil)
    }

    @Test func theAdjustedValueIsStable() {
        for current in [nil, "color=no", "timeout=5s"] as [String?] {
            let once = BacktraceSettings.adjusted(current)
            #expect(once != nil)
            #expect(BacktraceSettings.adjusted(once) == nil)
        }
    }
}
