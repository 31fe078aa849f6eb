import Engine
import Foundation

/// Why a script could not be read.
struct ScriptFileError: Error, CustomStringConvertible, Equatable {
    var path: String
    var reason: String
    var description: String { "cannot read \(path): \(reason)" }
}

/// Reading a script or saved session (`sprout FILE`, `sprout run`, `:load`): any file a
/// user names, so a folder, a device (`/dev/zero` never ends) or a named pipe (it waits
/// for a writer, maybe for ever) must give a clear error, and a long file a bounded read,
/// never a hang or the whole memory. Only regular files are read by name; standard input
/// is read as a stream on purpose (`sprout < FILE`, a pipe).
enum ScriptFile {
    /// Scripts longer than this are refused (a saved session of a long day is a few MB).
    static let byteLimit = 64 << 20

    /// The file's text (invalid UTF-8 replaced), read up to `limit` bytes.
    ///
    /// Only a regular file is opened (`RegularFile`), without waiting for a pipe's writer.
    /// - Throws: `ScriptFileError` naming the path and what is wrong with it.
    static func read(_ path: String, limit: Int = byteLimit) throws(ScriptFileError) -> String {
        let fd: Int32
        do {
            fd = try RegularFile.opened(path).descriptor
        } catch {
            throw ScriptFileError(path: error.path, reason: error.reason)
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
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
                throw ScriptFileError(path: path, reason: plainReason(of: error))
            }
            guard let chunk, !chunk.isEmpty else { return String(decoding: data, as: UTF8.self) }
            data.append(chunk)
        }
        throw ScriptFileError(path: path, reason: "longer than \(limit >> 20) MB; Sprout reads scripts up to that size")
    }
}
