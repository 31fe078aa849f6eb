import Glibc

/// A file written whole or not at all: bytes go to a temporary file in the target's own
/// folder (so the rename stays on one file system), which `commit` flushes and renames
/// over the target. Until then the old file, if any, is untouched; a writer dropped
/// without a commit (an error on the way) removes its temporary file.
///
/// For the files `save` writes (`.npy` now, `.safetensors` next), where a half-written
/// file in place of a good one would be worse than an error.
public final class AtomicFile {
    /// The target as the caller named it.
    public let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var isCommitted = false

    /// Creates the temporary file beside `path`.
    /// - Throws: `FileRefusal` naming `path`: its folder is missing ("no such folder
    ///   data"), not writable, or `path` names a folder.
    public init(path: String) throws(FileRefusal) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty, name != ".", name != ".." else {
            throw FileRefusal(path: path, reason: "it names a folder, not a file")
        }
        let prefix = slash == nil ? "" : (folder.isEmpty ? "/" : folder + "/")
        temporaryPath = prefix + ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            let code = errno
            let reason =
                code == ENOENT || code == ENOTDIR ? "no such folder \(folder.isEmpty ? "/" : folder)" : RegularFile.reason(errno: code)
            throw FileRefusal(path: path, reason: reason)
        }
    }

    /// Appends `count` bytes from `bytes`, however many writes that takes.
    /// - Throws: `FileRefusal` with the system's reason ("no space left on device").
    public func append(_ bytes: UnsafeRawPointer, count: Int) throws(FileRefusal) {
        var done = 0
        while done < count {
            let written = Glibc.write(descriptor, bytes + done, Swift.min(count - done, 1 << 30))
            if written < 0 {
                if errno == EINTR { continue }
                throw FileRefusal(path: path, reason: RegularFile.reason(errno: errno))
            }
            done += written
        }
    }

    /// Appends the bytes of an array.
    public func append(_ bytes: [UInt8]) throws(FileRefusal) {
        let failure = bytes.withUnsafeBytes { buffer -> FileRefusal? in
            guard let base = buffer.baseAddress else { return nil }
            do throws(FileRefusal) { try append(base, count: buffer.count) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Flushes the bytes to the disk and renames the file over `path`.
    /// - Throws: `FileRefusal` ("it is a folder" when `path` is one); the temporary file
    ///   is removed and `path` left as it was.
    public func commit() throws(FileRefusal) {
        let flushed = fsync(descriptor) == 0 ? 0 : errno
        let closed = close(descriptor) == 0 ? 0 : errno
        descriptor = -1
        if let code = [flushed, closed].first(where: { $0 != 0 }) {
            throw FileRefusal(path: path, reason: RegularFile.reason(errno: code))
        }
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            throw FileRefusal(path: path, reason: code == EISDIR ? "it is a folder" : RegularFile.reason(errno: code))
        }
        isCommitted = true
    }

    deinit {
        if descriptor >= 0 { _ = close(descriptor) }
        if !isCommitted { _ = unlink(temporaryPath) }
    }
}
