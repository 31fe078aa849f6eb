import Foundation

/// Finds the files Sprout ships beside its sources: the `stdlib/` folder and the data
/// sets in `stdlib/data/`.
///
/// Sprout's home is the folder that holds `stdlib/data/digits.csv`. It is looked for, in
/// order: in `$SPROUT_HOME`; in the executable's folder and each folder above it (so
/// `.build/release/sprout` finds the checkout it was built in); in the current directory
/// and each folder above it.
enum Resources {
    /// The file whose presence marks Sprout's home.
    static let marker = "stdlib/data/digits.csv"

    /// Sprout's home folder (the one that holds `stdlib/`).
    /// - Throws: `ResourceError` when it cannot be found.
    static func home() throws(ResourceError) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let home = environment["SPROUT_HOME"], !home.isEmpty {
            guard isHome(home) else { throw .badHome(home) }
            return home
        }
        let starts = [executableDirectory(), FileManager.default.currentDirectoryPath].compactMap { $0 }
        for start in starts {
            for folder in selfAndAncestors(of: start) where isHome(folder) { return folder }
        }
        throw .notFound(searched: starts)
    }

    /// The `stdlib/` folder to load, or nil after `warn` was told why there is none (the
    /// builtins still work without it). Every interpreter Sprout makes goes through here.
    static func stdlibFolder(warn: (String) -> Void) -> String? {
        do {
            return join(try home(), "stdlib")
        } catch {
            warn("\(error); running without the standard library")
            return nil
        }
    }

    /// The path of a file Sprout ships, relative to its home, e.g. `file("sessions/digits.sprout")`.
    /// - Throws: `ResourceError` when Sprout's home or the file cannot be found.
    static func file(_ relative: String) throws(ResourceError) -> String {
        let path = join(try home(), relative)
        guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path) }
        return path
    }

    private static func isHome(_ folder: String) -> Bool {
        FileManager.default.fileExists(atPath: join(folder, marker))
    }

    /// The folder of the running executable, symlinks resolved.
    private static func executableDirectory() -> String? {
        let fileManager = FileManager.default
        var executable: String?
        if let resolved = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            executable = resolved
        } else if let first = CommandLine.arguments.first, first.contains("/") {
            let absolute = first.hasPrefix("/") ? first : join(fileManager.currentDirectoryPath, first)
            executable = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
        } else if let first = CommandLine.arguments.first {
            // Started through PATH: the first PATH entry holding the name.
            let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
            executable = path.split(separator: ":").map { join(String($0), first) }
                .first { fileManager.isExecutableFile(atPath: $0) }
                .map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
        }
        guard let executable else { return nil }
        return parent(of: executable)
    }

    /// `folder`, then its parent, and so on up to `/`.
    private static func selfAndAncestors(of folder: String) -> [String] {
        var folders = [folder]
        var current = folder
        while let next = parent(of: current), next != current {
            folders.append(next)
            current = next
        }
        return folders
    }

    private static func parent(of path: String) -> String? {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return nil }
        let parent = trimmed[..<slash]
        return parent.isEmpty ? "/" : String(parent)
    }

    private static func join(_ parts: String...) -> String {
        var result = ""
        for part in parts where !part.isEmpty {
            if result.isEmpty || result.hasSuffix("/") { result += part } else { result += "/" + part }
        }
        return result
    }
}

/// Why a bundled file could not be found.
enum ResourceError: Error, CustomStringConvertible {
    /// `SPROUT_HOME` is set but holds no `stdlib/data/digits.csv`.
    case badHome(String)
    /// No folder above the executable or the current directory is Sprout's home.
    case notFound(searched: [String])
    /// Sprout's home was found but a file it should hold is not in it.
    case missingFile(String)

    var description: String {
        switch self {
        case .badHome(let home):
            return "SPROUT_HOME is \(home), but \(home)/\(Resources.marker) does not exist; "
                + "set SPROUT_HOME to the folder that holds Sprout's stdlib/"
        case .notFound(let searched):
            let places = searched.map { "  \($0)" }.joined(separator: "\n")
            return "cannot find Sprout's stdlib/ folder: no \(Resources.marker) in these folders "
                + "or any folder above them:\n\(places)\n"
                + "Set SPROUT_HOME to the folder that holds stdlib/ (export SPROUT_HOME=/path/to/sprout)."
        case .missingFile(let path):
            return "the bundled file \(path) does not exist"
        }
    }
}
