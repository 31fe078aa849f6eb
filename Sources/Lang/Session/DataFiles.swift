import Engine
import Glibc

/// A data file a session loaded: what a saved session's header lists, so a replay can
/// tell that the file it reads is not the one the session read.
public struct DataFile: Equatable, Sendable {
    /// The path as the load named it (`"digits"`, `"data/x.csv"`, `"~/x.npy"`): what a
    /// replay resolves again, from wherever it runs.
    public var given: String
    /// The file that was read: absolute, with links resolved.
    public var resolved: String
    /// Whether `given` named a bundled data set (`load("digits")` reads `digits.csv` in
    /// the data folder).
    public var isBundled: Bool
    /// Its size in bytes when it was loaded.
    public var size: Int
    /// Its SHA-256 when it was loaded, 64 lowercase hex digits.
    public var sha256: String

    public init(given: String, resolved: String, isBundled: Bool, size: Int, sha256: String) {
        (self.given, self.resolved, self.isBundled, self.size, self.sha256) = (given, resolved, isBundled, size, sha256)
    }
}

/// The data files a session depends on, in the order it first loaded them: `load` of a
/// CSV file, a bundled data set, a `.npy` or `.safetensors` file, and `load_state(m, path)`.
///
/// A load only notes the file; it is hashed when the list is asked for (`:save`,
/// `:export`, `run --check`), so a load costs what it did before: hashing a 50 MB CSV
/// took about twice as long as reading it (347 ms against 138 ms, `Bench --only=hash`),
/// which every first load paid when it hashed, saved or not. A file changed between its load and a save is hashed
/// as it is at the save, which is what a replay will read.
///
/// A file the session wrote itself (`save`, `savefig`) before loading it is not a
/// dependency (the replay writes it again), so it is left out. Loading one file twice is
/// one entry with the last load's size and hash, in the first load's place. The log lives
/// as long as the runtime, so `:reset` (a new interpreter) starts it empty.
public struct DataFileLog: Sendable {
    /// A file noted by a load, not hashed yet.
    private struct Entry: Sendable {
        var given: String
        var resolved: String
        var isBundled: Bool
    }

    private var entries: [Entry] = []
    /// The files the session wrote, as `canonical` gives them.
    private var written: Set<String> = []
    /// Each file hashed so far, with its status then: a file loaded again whose status
    /// is unchanged (same inode, size, modification and change times, as git's index
    /// trusts) is not read again, so loading a large file in several cells hashes it once.
    /// (A rewrite in place to the same size within one tick of the file system's clock
    /// keeps those times, and goes unseen until the next change, as it does for git.)
    private var hashed: [String: (status: FileStatus, size: Int, sha256: String)] = [:]
    /// How many files were read to hash them (a test's window on `hashed`).
    private(set) var hashCount = 0

    public init() {}

    /// Notes that the session wrote the file at `path` (as the system resolves it now).
    mutating func noteWritten(_ path: String) {
        written.insert(Self.canonical(path))
    }

    /// Whether the session wrote the file at `path` earlier.
    func wasWritten(_ path: String) -> Bool {
        written.contains(Self.canonical(path))
    }

    /// Notes a loaded file, or updates the entry for the same resolved file (in its place).
    mutating func add(given: String, resolved: String, isBundled: Bool) {
        let entry = Entry(given: given, resolved: resolved, isBundled: isBundled)
        if let index = entries.firstIndex(where: { $0.resolved == resolved }) {
            entries[index] = entry
        } else {
            entries.append(entry)
        }
    }

    /// The files with their size and SHA-256 now: each hashed the first time it is asked
    /// for, and again only when its status changed. A file that can no longer be read
    /// (removed since) is left out: a replay cannot load it either, and says so.
    public mutating func files() -> [DataFile] {
        var files: [DataFile] = []
        for entry in entries {
            guard let (size, sha256) = try? fingerprint(entry.resolved) else { continue }
            files.append(DataFile(given: entry.given, resolved: entry.resolved, isBundled: entry.isBundled, size: size, sha256: sha256))
        }
        return files
    }

    /// The size and SHA-256 of the file at `resolved`, hashed now unless it was hashed
    /// before and its status has not changed since.
    mutating func fingerprint(_ resolved: String) throws(FileHashError) -> (size: Int, sha256: String) {
        let status = FileStatus(resolved)
        if let status, let known = hashed[resolved], known.status == status { return (known.size, known.sha256) }
        let (size, digest) = try SHA256.file(at: resolved)
        hashCount += 1
        if let status { hashed[resolved] = (status, size, digest.hex) }
        return (size, digest.hex)
    }

    /// `path` absolute with links and `.`/`..` resolved when the file exists (so
    /// `x.csv`, `./x.csv` and a link to it are one file), else made absolute.
    static func canonical(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        if path.hasPrefix("/") { return path }
        guard let cwd = getcwd(nil, 0) else { return path }
        defer { free(cwd) }
        return String(cString: cwd) + "/" + path
    }
}

extension Runtime {
    /// Records that a builtin read the file at `path` (named `given` by the user), unless
    /// the session wrote that file itself; it is hashed when a save asks (`DataFileLog`).
    func noteLoaded(_ given: String, path: String, isBundled: Bool = false) {
        guard !dataFiles.wasWritten(path) else { return }
        dataFiles.add(given: given, resolved: DataFileLog.canonical(path), isBundled: isBundled)
    }

    /// Records that a builtin wrote the file at `path` (as the user typed it), so loading
    /// it later is not a dependency.
    func noteWritten(_ path: String) {
        dataFiles.noteWritten(UserPath.expanded(path))
    }
}

/// What `stat` says of a file that changes when its bytes may have: which file it is, its
/// size, and its modification and status-change times to the nanosecond.
struct FileStatus: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64
    let size: Int
    let modified: Int
    let changed: Int

    /// The status of the file at `path`, or nil when it cannot be had.
    init?(_ path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int(status.st_size)
        modified = status.st_mtim.tv_sec &* 1_000_000_000 &+ status.st_mtim.tv_nsec
        changed = status.st_ctim.tv_sec &* 1_000_000_000 &+ status.st_ctim.tv_nsec
    }
}
