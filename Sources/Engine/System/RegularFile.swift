import Glibc

/// Why a file a user named cannot be read, in the user's words.
public struct FileRefusal: Error, Equatable, Sendable {
    public var path: String
    public var reason: String
}

/// Opening a file a user names (a script, a session, a CSV): a folder, a device
/// (`/dev/zero` never ends) or a named pipe (it waits for a writer, maybe for ever) must
/// be a clear error, never a hang. Only regular files are opened by name; standard input
/// is read as a stream on purpose elsewhere.
public enum RegularFile {
    /// Opens `path` for reading and returns its descriptor (the caller closes it) and its
    /// size in bytes.
    ///
    /// The file is opened without waiting (`O_NONBLOCK`: a pipe with no writer would block
    /// the open itself), then its type is checked on the open descriptor, so what is read
    /// is what was checked; blocking reads are restored for a regular file.
    /// - Throws: `FileRefusal` naming the path and what is wrong with it.
    public static func opened(_ path: String) throws(FileRefusal) -> (descriptor: Int32, size: Int) {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FileRefusal(path: path, reason: reason(errno: errno)) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let reason = reason(errno: errno)
            _ = close(fd)
            throw FileRefusal(path: path, reason: reason)
        }
        if let refusal = refusal(of: status.st_mode) {
            _ = close(fd)
            throw FileRefusal(path: path, reason: refusal)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return (fd, Int(status.st_size))
    }

    /// Reads `count` bytes at `offset` of an open file into `target`, however many reads
    /// that takes (`pread`: no file position to keep).
    /// - Returns: nil when all were read, else why not, in the user's words.
    public static func read(_ descriptor: Int32, _ count: Int, at offset: Int, into target: UnsafeMutableRawPointer) -> String? {
        var done = 0
        while done < count {
            let got = pread(descriptor, target + done, Swift.min(count - done, 1 << 30), off_t(offset + done))
            if got < 0 {
                if errno == EINTR { continue }
                return reason(errno: errno)
            }
            // The size was taken when the file was opened; it shrank since.
            if got == 0 { return "it became shorter while it was read" }
            done += got
        }
        return nil
    }

    /// A failed system call's reason as a user reads it ("no such file", "permission denied").
    public static func reason(errno code: Int32) -> String {
        if code == ENOENT { return "no such file" }
        guard let message = strerror(code) else { return "error \(code)" }
        return String(cString: message).lowercased()
    }

    /// Why a file that is not a regular one is not read; nil for a regular file.
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
}
