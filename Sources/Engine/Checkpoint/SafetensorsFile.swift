import Glibc

/// Hugging Face's safetensors files: named tensors and text metadata, the format PyTorch
/// checkpoints are shared in, read into float32 tensors and written from them, so a
/// model's weights (and an optimizer's state) move between Sprout and Python
/// (`safetensors.numpy.load_file`, `save_file`) unchanged.
///
/// Reading takes every number type `SafetensorsDataType` lists, converted to float32.
/// The header is checked whole (`SafetensorsHeader`) before any tensor is allocated,
/// and each tensor is read straight into its storage (or converted through a small
/// scratch buffer) in chunks, with Ctrl-C honoured between two.
///
/// Writing gives float32 tensors in the order given, the header padded to 8 bytes, as
/// Python's `safetensors` writes; the file appears whole or not at all (`AtomicFile`).
public enum SafetensorsFile {
    /// A file's tensors, in the order its header lists them, and its `__metadata__`.
    public struct Contents {
        public var tensors: [(name: String, value: Tensor)]
        public var metadata: [(key: String, value: String)]
    }

    /// Reads every tensor in the file at `path`.
    /// - Throws: `SafetensorsError` naming `path` (and the tensor to blame): unreadable,
    ///   too short, a header that is too long, cut short, not JSON, or describes tensors
    ///   that do not fit the data; an unsupported type; `.cancelled` on Ctrl-C.
    public static func read(path: String) throws(SafetensorsError) -> Contents {
        let opened: (descriptor: Int32, size: Int)
        do {
            opened = try RegularFile.opened(path)
        } catch {
            throw SafetensorsError(path: path, problem: .unreadable(reason: error.reason))
        }
        defer { _ = close(opened.descriptor) }
        let descriptor = opened.descriptor
        do {
            return try contents(size: opened.size) { count, offset, target throws(SafetensorsError.Problem) in
                if let reason = RegularFile.read(descriptor, count, at: offset, into: target) { throw .unreadable(reason: reason) }
            }
        } catch {
            throw SafetensorsError(path: path, problem: error)
        }
    }

    /// Reads a safetensors file's bytes; `source` names them in errors.
    /// - Throws: `SafetensorsError`, as `read(path:)`.
    public static func decode(_ bytes: [UInt8], source: String) throws(SafetensorsError) -> Contents {
        do {
            return try contents(size: bytes.count) { count, offset, target in
                bytes.withUnsafeBytes { buffer in
                    guard let base = buffer.baseAddress, count > 0 else { return }
                    target.copyMemory(from: base + offset, byteCount: count)
                }
            }
        } catch {
            throw SafetensorsError(path: source, problem: error)
        }
    }

    /// Writes `tensors` (as float32, in this order) and `metadata` to `path`, replacing
    /// the file there only once the new one is complete.
    /// - Throws: `SafetensorsError` with `.unwritable` (a missing folder, permission, a
    ///   full disk, a folder in the way) or `.cancelled`, the old file left as it was.
    public static func write(
        _ tensors: [(name: String, value: Tensor)], metadata: [(key: String, value: String)] = [], path: String
    ) throws(SafetensorsError) {
        func writing<T>(_ step: () throws(FileRefusal) -> T) throws(SafetensorsError) -> T {
            do {
                return try step()
            } catch {
                throw SafetensorsError(path: path, problem: .unwritable(reason: error.reason))
            }
        }
        let file = try writing { () throws(FileRefusal) in try AtomicFile(path: path) }
        let header = SafetensorsHeader.encoded(tensors.map { ($0.name, $0.value.shape) }, metadata: metadata)
        try writing { () throws(FileRefusal) in try file.append(header) }
        for (_, tensor) in tensors {
            // The tensor is held by `tensors`, alive for the call, so its storage is too.
            let data = UnsafeRawPointer(tensor.storage.pointer)
            let total = tensor.count * MemoryLayout<Float>.size
            for start in stride(from: 0, to: total, by: chunkBytes) {
                // A stop drops `file` uncommitted: its temporary file goes, the old file stays.
                if stopRequested() { throw SafetensorsError(path: path, problem: .cancelled) }
                let n = Swift.min(chunkBytes, total - start)
                try writing { () throws(FileRefusal) in try file.append(data + start, count: n) }
            }
        }
        try writing { () throws(FileRefusal) in try file.commit() }
    }

    /// The bytes `write` puts in the file.
    public static func encoded(_ tensors: [(name: String, value: Tensor)], metadata: [(key: String, value: String)] = []) -> [UInt8] {
        var bytes = SafetensorsHeader.encoded(tensors.map { ($0.name, $0.value.shape) }, metadata: metadata)
        for (_, tensor) in tensors {
            tensor.withUnsafeBufferPointer { bytes += UnsafeRawBufferPointer($0) }
        }
        return bytes
    }

    // MARK: Reading

    /// Copies `count` bytes at `offset` (checked to lie within the input) to `target`.
    private typealias Reader = (_ count: Int, _ offset: Int, _ target: UnsafeMutableRawPointer) throws(SafetensorsError.Problem) -> Void

    /// float32 data is read straight into a tensor in chunks of this many bytes, others
    /// converted through a scratch buffer of this size: a few milliseconds each, so
    /// Ctrl-C lands between two.
    private static let chunkBytes = 1 << 22

    /// Whether Ctrl-C was pressed (on the flag the running cell bound); clears it.
    private static func stopRequested() -> Bool {
        do { try StopFlag.checkCurrent() } catch { return true }
        return false
    }

    private static func contents(size: Int, read: Reader) throws(SafetensorsError.Problem) -> Contents {
        guard size >= 8 else { throw .tooShort(size: size) }
        let prefix = try bytes(8, at: 0, read: read)
        let length = prefix.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length <= UInt64(SafetensorsHeader.maxLength) else { throw .headerTooLong(bytes: length) }
        guard 8 + Int(length) <= size else { throw .truncatedHeader(expected: 8 + length, got: size) }
        let headerBytes = try bytes(Int(length), at: 8, read: read)
        let dataStart = 8 + Int(length)
        let header = try SafetensorsHeader(parsing: headerBytes, bufferSize: size - dataStart)
        var tensors: [(name: String, value: Tensor)] = []
        for entry in header.entries {
            tensors.append((entry.name, try tensor(entry, at: dataStart, read: read)))
        }
        return Contents(tensors: tensors, metadata: header.metadata)
    }

    /// `count` bytes from `offset`, as an array (for the length prefix and the header).
    private static func bytes(_ count: Int, at offset: Int, read: Reader) throws(SafetensorsError.Problem) -> [UInt8] {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1), alignment: 1)
        defer { buffer.deallocate() }
        try read(count, offset, buffer)
        return Array(UnsafeRawBufferPointer(start: buffer, count: count))
    }

    /// One tensor, its entry already checked against the data's size.
    private static func tensor(_ entry: SafetensorsHeader.Entry, at dataStart: Int, read: Reader) throws(SafetensorsError.Problem) -> Tensor
    {
        let storage: TensorStorage
        do {
            storage = try TensorStorage(shape: entry.shape, op: "load")
        } catch {
            throw .noMemory(tensor: entry.name, reason: "\(error)")
        }
        let type = entry.dataType
        let count = Shape.count(entry.shape)
        if type.isNativeFloat32 {
            let target = UnsafeMutableRawPointer(storage.pointer)
            let total = count * type.size
            for start in stride(from: 0, to: total, by: chunkBytes) {
                if stopRequested() { throw .cancelled }
                try read(Swift.min(chunkBytes, total - start), dataStart + entry.begin + start, target + start)
            }
        } else {
            let perChunk = chunkBytes / type.size
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: Swift.min(count, perChunk) * type.size + 1, alignment: 16)
            defer { scratch.deallocate() }
            for start in stride(from: 0, to: count, by: perChunk) {
                if stopRequested() { throw .cancelled }
                let n = Swift.min(perChunk, count - start)
                try read(n * type.size, dataStart + entry.begin + start * type.size, scratch)
                type.convert(scratch, count: n, into: storage.pointer + start)
            }
        }
        return Tensor(shape: entry.shape, storage: storage)
    }
}
