import Foundation
import Lang

/// Where a session name a user typed after `:save`, `:load` (or a later `:export`) is on
/// disk. One resolver for all of them, so whatever `:save NAME` wrote, `:load NAME`
/// reads:
///
/// - a bare name is `sessions/NAME.sprout` (`demo` and `demo.sprout` are the same file);
/// - a name with a `/`, or starting with `~`, is a path (`~` is `$HOME`), and gets
///   `.sprout` added when it has not got it (`:save /tmp/try1` writes `/tmp/try1.sprout`).
///
/// Quotes (for spaces) are removed before, by `CommandWords`.
struct SessionPath: Equatable {
    /// The file the name means.
    var file: String
    /// The name as typed, as a path of its own (relative to the working directory, `~`
    /// expanded): `:load` falls back to it when `file` does not exist, so `:load
    /// notes.txt` still reads `./notes.txt`.
    var asTyped: String
    /// Whether `file` is in the sessions folder (which `:save` creates when missing).
    var isInSessionsFolder: Bool

    static let fileExtension = ".sprout"

    static func resolve(
        _ name: String, sessionsFolder: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> SessionPath {
        let withExtension = name.hasSuffix(fileExtension) ? name : name + fileExtension
        let asTyped = UserPath.expanded(name, environment: environment)
        guard isBareName(name) else {
            return SessionPath(
                file: UserPath.expanded(withExtension, environment: environment),
                asTyped: asTyped, isInSessionsFolder: false)
        }
        return SessionPath(
            file: (sessionsFolder as NSString).appendingPathComponent(withExtension),
            asTyped: asTyped, isInSessionsFolder: true)
    }

    /// Whether a name means a session in the sessions folder rather than a path.
    static func isBareName(_ name: some StringProtocol) -> Bool {
        !name.contains("/") && !name.hasPrefix("~")
    }

    /// The file to read: `file` if it exists, else the name as typed if that is a file,
    /// else `file` (whose read error then names where a session was looked for).
    var fileToRead: String {
        let manager = FileManager.default
        if manager.fileExists(atPath: file) || !manager.fileExists(atPath: asTyped) { return file }
        return asTyped
    }

    /// The session names in `folder` that start with `prefix` (file names without
    /// `.sprout`), for Tab after `:load`.
    static func names(in folder: String, startingWith prefix: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(fileExtension) && !$0.hasPrefix(".") }
            .map { String($0.dropLast(fileExtension.count)) }
            .filter { $0.hasPrefix(prefix) }
    }
}
