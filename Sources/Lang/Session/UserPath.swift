import Foundation

/// A path a user typed (`:save ~/runs/a`, `:load ~/x.sprout`, `save(t, "~/x.npy")`, a path
/// being completed): `~` and `~/…` mean the folder `$HOME` names. Foundation's `expandingTildeInPath`
/// asks the password file on Linux, so it ignores a `HOME` set for a sandbox or a test
/// and would write into the real home folder.
public enum UserPath {
    /// `$HOME`, or the account's home folder when it is unset or empty.
    public static func home(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    }

    /// `path` with a leading `~` or `~/` replaced by the home folder; `~name/…` (another
    /// account's home) as the system says; any other path unchanged.
    public static func expanded(_ path: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard path.hasPrefix("~") else { return path }
        guard path == "~" || path.hasPrefix("~/") else { return (path as NSString).expandingTildeInPath }
        return home(environment: environment) + path.dropFirst()
    }
}
