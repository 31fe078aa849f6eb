import Foundation
import Lang

/// A way to crash the shell on purpose, for testing what a crash of the Swift runtime
/// does at a terminal (the backtracer's settings, the journal left behind). Nothing a user
/// types reaches it: `debug_trap()` exists only when the environment variable
/// `SPROUT_DEBUG_TRAP` is `1` at start.
enum DebugTrap {
    static let variable = "SPROUT_DEBUG_TRAP"

    /// Defines `debug_trap()` in `interpreter` when `environment` asks for it.
    static func install(in interpreter: Interpreter, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard environment[variable] == "1" else { return }
        interpreter.define("debug_trap", .function(Builtin(
            "debug_trap", [], summary: "Crashes the shell (testing only; \(variable)=1).", example: "debug_trap()") { _, _ in
                fatalError("debug_trap() was called (\(variable) is set)")
            }))
    }
}
