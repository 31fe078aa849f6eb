import Foundation

/// Why a script could not be read.
struct ScriptFileError: Error, CustomStringConvertible, Equatable {
    var path: String
    var reason: String
    var description: String { "cannot read \(path): \(reason)" }
}

/// Reading a script or saved session (`sprout FILE`, `sprout run`, `:load`): any file a
/// user names, so a folder, a device that never ends (`/dev/zero`) or a pipe must give a
/// clear error or a bounded read, never a hang or the whole memory.
enum ScriptFile {
    /// Scripts longer than this are refused (a saved session of a long day is a few MB).
    static let byteLimit = 64 << 20

    /// The file's text (invalid UTF-8 replaced), read up to `limit` bytes.
    /// - Throws: `ScriptFileError` naming the path and what is wrong with it.
    static func read(_ path: String, limit: Int = byteLimit) throws(ScriptFileError) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ScriptFileError(path: path, reason: "no such file")
        }
        guard !isFolder.boolValue else { throw ScriptFileError(path: path, reason: "it is a folder") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ScriptFileError(path: path, reason: "permission denied")
        }
        defer { try? handle.close() }
        return try read(handle, name: path, limit: limit)
    }

    /// What is left to read from `handle` (a file, a pipe, standard input), up to `limit`
    /// bytes; `name` is what errors call it.
    static func read(_ handle: FileHandle, name path: String, limit: Int = byteLimit) throws(ScriptFileError) -> String {
        var data = Data()
        while data.count <= limit {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                throw ScriptFileError(path: path, reason: (error as NSError).localizedDescription)
            }
            guard let chunk, !chunk.isEmpty else { return String(decoding: data, as: UTF8.self) }
            data.append(chunk)
        }
        throw ScriptFileError(path: path, reason: "longer than \(limit >> 20) MB; Sprout reads scripts up to that size")
    }
}
