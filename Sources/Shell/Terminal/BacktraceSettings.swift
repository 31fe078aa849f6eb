import Foundation
import Glibc

/// How Swift's crash backtracer behaves in sprout: it prints the backtrace and exits,
/// rather than holding the user's terminal with "Press space to interact…" for 30 s.
///
/// The runtime reads `SWIFT_BACKTRACE` once, before `main` (a constructor in
/// libswiftCore), into settings private to the runtime; nothing in the binary can preset
/// them, and setting the variable later changes nothing. (Setting it from a C
/// `.preinit_array` function, which runs before every library constructor, does not work
/// either: libc's constructor resets the environment to the one the process started
/// with; and re-executing from there measured no faster than from here.) Its `interactive` key defaults
/// to on when standard input and output are both terminals. So, in exactly that case, and
/// only when the variable has no `interactive` key yet, sprout runs itself again at once
/// (the same process, arguments and environment) with `interactive=no` added to the keys
/// the user gave. The second start finds the key and goes on: it never loops.
enum BacktraceSettings {
    static let variable = "SWIFT_BACKTRACE"
    /// The keys added, unless the user gave them: print, then exit; and show what an
    /// interactive backtrace would have (the crashed thread, no registers or images, so the
    /// crash message stays on screen), not the full dump meant for log files.
    static let added = [(key: "interactive", value: "no"), (key: "preset", value: "friendly")]

    /// The value `SWIFT_BACKTRACE` should have, given the current one (nil when unset):
    /// the user's keys with those of `added` they lack after them; nil when it already has
    /// an `interactive` key (the user chose, or this is the second start), so nothing changes.
    static func adjusted(_ current: String?) -> String? {
        let entries = (current ?? "").split(separator: ",").filter { !$0.allSatisfy(\.isWhitespace) }
        let keys = entries.map {
            $0.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        }
        if keys.contains("interactive") { return nil }
        let missing = added.filter { !keys.contains($0.key) }.map { "\($0.key)=\($0.value)" }
        return (entries.map(String.init) + missing).joined(separator: ",")
    }

    /// Whether the backtracer would wait for a key: standard input and output are both
    /// terminals (the runtime's own rule for `interactive`'s default).
    static var wouldWaitForAKey: Bool {
        isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0
    }

    /// Runs this executable again with `interactive=no` when a crash would otherwise wait
    /// for a key; returns (and the process goes on as it is) when it need not, or when the
    /// new start fails. Call it first thing, before anything is printed or opened.
    static func restartIfACrashWouldWait() {
        guard wouldWaitForAKey else { return }
        let original = getenv(variable).map { String(cString: $0) }
        guard let value = adjusted(original), setenv(variable, value, 1) == 0 else { return }
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when exec failed: carry on as started, the variable as it was.
        if let original { setenv(variable, original, 1) } else { unsetenv(variable) }
    }
}
