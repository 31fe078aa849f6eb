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
    /// The file is opened without waiting (`O_NONBLOCK`: a pipe with no writer would block
    /// the open itself) and its type checked on the open descriptor, so what is read is
    /// what was checked.
    /// - Throws: `ScriptFileError` naming the path and what is wrong with it.
    static func read(_ path: String, limit: Int = byteLimit) throws(ScriptFileError) -> String {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw ScriptFileError(path: path, reason: reason(errno: errno)) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let reason = reason(errno: errno)
            _ = close(fd)
            throw ScriptFileError(path: path, reason: reason)
        }
        if let refusal = refusal(of: status.st_mode) {
            _ = close(fd)
            throw ScriptFileError(path: path, reason: refusal)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
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

    /// Why a file that is not a regular one is not read, in a user's words; nil for a
    /// regular file.
    private static func refusal(of mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "it is a folder"
        case S_IFIFO: "it is a pipe, not a regular file"
        case S_IFSOCK: "it is a socket, not a regular file"
        case S_IFCHR, S_IFBLK: "it is a device, not a regular file"
        default: "it is not a regular file"
        }
    }

    /// `open(2)`'s failure as the rest of the shell words it.
    private static func reason(errno code: Int32) -> String {
        code == ENOENT ? "no such file" : systemReason(code)
    }
}
