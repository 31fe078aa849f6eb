import Engine
import Foundation

/// Why a file could not be written.
struct FileWriteError: Error, CustomStringConvertible, Equatable {
    var path: String
    var reason: String
    var description: String { "cannot write \(path): \(reason)" }
}

/// Writing a file whole or not at all (saved sessions, exports and their pictures): the
/// bytes go to a temporary file in the same folder, which is then renamed over `path`, so
/// a crash or a full disk leaves either the old file or the new one, never half of one.
enum AtomicFile {
    /// - Throws: `FileWriteError` naming the path and the reason (no such folder,
    ///   permission denied, disk full, a folder in the way).
    static func write(_ data: Data, to path: String) throws(FileWriteError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw FileWriteError(path: path, reason: "no such folder \(folder.path)")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            throw FileWriteError(path: path, reason: "cannot create a file in \(folder.path) (permission denied or disk full)")
        }
        guard rename(temporary.path, path) == 0 else {
            let reason = RegularFile.reason(errno: errno)
            try? FileManager.default.removeItem(at: temporary)
            throw FileWriteError(path: path, reason: reason)
        }
    }

    static func write(_ text: String, to path: String) throws(FileWriteError) {
        try write(Data(text.utf8), to: path)
    }
}
