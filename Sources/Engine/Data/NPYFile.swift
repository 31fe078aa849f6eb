import Glibc

/// NumPy's `.npy` files: one array each, read into a tensor and written from one, so
/// arrays move between Sprout and NumPy (`np.load`, `np.save`) unchanged.
///
/// Reading takes format versions 1.0, 2.0 and 3.0; floats (16, 32 and 64 bits),
/// integers (8 to 64 bits, signed or not) and booleans, in either byte order, each
/// converted to float32 (see `NPYDataType` for what is lost); row-major or Fortran
/// order (transposed into row-major). Every size is checked against the file's length
/// and the element limit before anything is allocated, so a hostile or cut-short file is
/// a message, not a crash or a huge allocation.
///
/// Writing gives what `np.save` gives for a float32 array: version 1.0, `'<f4'`,
/// row-major, the data aligned to 64 bytes; the file appears whole or not at all.
public enum NPYFile {
    /// Reads the array in the file at `path` as a float32 tensor.
    /// - Throws: `NPYError` naming `path`: unreadable, not a `.npy` file, an unsupported
    ///   version or data type, a header that does not parse, a shape too large, or a file
    ///   cut short (with how many bytes were needed and how many there are); `.cancelled`
    ///   when Ctrl-C stops it.
    public static func read(path: String) throws(NPYError) -> Tensor {
        let opened: (descriptor: Int32, size: Int)
        do {
            opened = try RegularFile.opened(path)
        } catch {
            throw NPYError(path: path, problem: .unreadable(reason: error.reason))
        }
        defer { _ = close(opened.descriptor) }
        do {
            return try tensor(from: FileBytes(descriptor: opened.descriptor, size: opened.size))
        } catch {
            throw NPYError(path: path, problem: error)
        }
    }

    /// Reads a `.npy` file's bytes as a float32 tensor; `source` names them in errors.
    /// - Throws: `NPYError`, as `read(path:)`.
    public static func decode(_ bytes: [UInt8], source: String) throws(NPYError) -> Tensor {
        do {
            return try tensor(from: MemoryBytes(bytes: bytes))
        } catch {
            throw NPYError(path: source, problem: error)
        }
    }

    /// Writes `tensor` to `path` as NumPy writes a float32 array, replacing the file
    /// there only once the new one is complete.
    /// - Throws: `NPYError.Problem.unwritable` naming `path` and the reason (a missing
    ///   folder, permission, a full disk, a folder in the way); `.cancelled` when Ctrl-C
    ///   stops it, the old file left as it was.
    public static func write(_ tensor: Tensor, path: String) throws(NPYError) {
        func writing<T>(_ step: () throws(FileRefusal) -> T) throws(NPYError) -> T {
            do {
                return try step()
            } catch {
                throw NPYError(path: path, problem: .unwritable(reason: error.reason))
            }
        }
        let file = try writing { () throws(FileRefusal) in try AtomicFile(path: path) }
        try writing { () throws(FileRefusal) in try file.append(header(of: tensor).encoded) }
        // The tensor is a parameter, alive for the call, so its storage is too.
        let data = UnsafeRawPointer(tensor.storage.pointer)
        let total = tensor.count * MemoryLayout<Float>.size
        var done = 0
        while done < total {
            // A stop drops `file` uncommitted: its temporary file goes, the old file stays.
            if stopRequested() { throw NPYError(path: path, problem: .cancelled) }
            let n = Swift.min(directChunkBytes, total - done)
            try writing { () throws(FileRefusal) in try file.append(data + done, count: n) }
            done += n
        }
        try writing { () throws(FileRefusal) in try file.commit() }
    }

    /// The bytes `write` puts in the file.
    public static func encoded(_ tensor: Tensor) -> [UInt8] {
        header(of: tensor).encoded + tensor.withUnsafeBufferPointer { Array(UnsafeRawBufferPointer($0)) }
    }

    private static func header(of tensor: Tensor) -> NPYHeader {
        NPYHeader(dataType: .nativeFloat32, isFortranOrder: false, shape: tensor.shape)
    }

    // MARK: Reading

    /// The header, checked, and where the data starts.
    private static func header(of input: some NPYByteSource) throws(NPYError.Problem) -> (NPYHeader, dataStart: Int) {
        guard input.size > 0 else { throw .notNPY(isEmpty: true) }
        let start = try input.bytes(Swift.min(input.size, NPYHeader.magic.count + 2 + 4), at: 0)
        guard start.prefix(NPYHeader.magic.count).elementsEqual(NPYHeader.magic.prefix(start.count)) else { throw .notNPY(isEmpty: false) }
        let shortest = NPYHeader.magic.count + 2 + 2
        guard start.count >= shortest else { throw .truncatedHeader(expected: shortest, got: input.size) }
        let (major, minor) = (start[6], start[7])
        guard let preamble = NPYHeader.preambleLength(major: major, minor: minor) else {
            throw .unsupportedVersion(major: major, minor: minor)
        }
        guard start.count >= preamble else { throw .truncatedHeader(expected: preamble, got: input.size) }
        // Little-endian, 2 bytes in version 1.0 and 4 after: at most 2^32 - 1, no overflow.
        let length = start[8..<preamble].reversed().reduce(0) { $0 << 8 | Int($1) }
        guard preamble + length <= input.size else { throw .truncatedHeader(expected: preamble + length, got: input.size) }
        guard length <= NPYHeader.maxLength else { throw .headerTooLong(bytes: length) }
        let header = try NPYHeader(parsing: try input.bytes(length, at: preamble))
        return (header, preamble + length)
    }

    /// Chunks of other types are converted through a scratch buffer of this many bytes.
    private static let chunkBytes = 1 << 20
    /// float32 data is read straight into the tensor (and written straight from it) in
    /// chunks of this many bytes: a few milliseconds each, so Ctrl-C lands between two.
    private static let directChunkBytes = 1 << 24

    /// Whether Ctrl-C was pressed (on the flag the running cell bound); clears it, as one
    /// Ctrl-C stops one cell.
    private static func stopRequested() -> Bool {
        guard let stop = StopFlag.current, stop.isRequested else { return false }
        stop.reset()
        return true
    }

    private static func tensor(from input: some NPYByteSource) throws(NPYError.Problem) -> Tensor {
        let (header, dataStart) = try header(of: input)
        let type = header.dataType
        // The header checked the count against the element limit, so this cannot overflow.
        let count = Shape.count(header.shape)
        let needed = count * type.size
        guard needed <= input.size - dataStart else {
            throw .truncatedData(shape: header.shape, descr: type.descr, expected: needed, got: input.size - dataStart)
        }
        // Fortran order is the row-major array of the reversed shape, transposed.
        let rank = header.shape.count
        let stored = header.isFortranOrder ? Array(header.shape.reversed()) : header.shape
        let storage: TensorStorage
        do {
            storage = try TensorStorage(shape: stored, op: "load")
        } catch {
            throw .noMemory(reason: "\(error)")
        }
        if type == .nativeFloat32 {
            let target = UnsafeMutableRawPointer(storage.pointer)
            var done = 0
            while done < needed {
                if stopRequested() { throw .cancelled }
                let n = Swift.min(directChunkBytes, needed - done)
                try input.read(n, at: dataStart + done, into: target + done)
                done += n
            }
        } else {
            let perChunk = Swift.max(1, chunkBytes / type.size)
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: perChunk * type.size, alignment: 16)
            defer { scratch.deallocate() }
            var done = 0
            while done < count {
                if stopRequested() { throw .cancelled }
                let n = Swift.min(perChunk, count - done)
                try input.read(n * type.size, at: dataStart + done * type.size, into: scratch)
                type.convert(scratch, count: n, into: storage.pointer + done)
                done += n
            }
        }
        let tensor = Tensor(shape: stored, storage: storage)
        guard header.isFortranOrder, rank > 1 else { return tensor }
        do {
            return try tensor.permuted(Array((0..<rank).reversed()))
        } catch {
            throw .noMemory(reason: "\(error)")
        }
    }
}

/// Bytes read at offsets: a file, or an array in memory (for tests and embedders).
protocol NPYByteSource {
    var size: Int { get }
    /// Copies `count` bytes starting at `offset` (within `size`) to `target`.
    func read(_ count: Int, at offset: Int, into target: UnsafeMutableRawPointer) throws(NPYError.Problem)
}

extension NPYByteSource {
    /// `count` bytes from `offset`, as an array (for the preamble and header).
    func bytes(_ count: Int, at offset: Int) throws(NPYError.Problem) -> [UInt8] {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1), alignment: 1)
        defer { buffer.deallocate() }
        try read(count, at: offset, into: buffer)
        return Array(UnsafeRawBufferPointer(start: buffer, count: count))
    }
}

/// An open regular file, read with `pread` (no file position to keep).
private struct FileBytes: NPYByteSource {
    let descriptor: Int32
    let size: Int

    func read(_ count: Int, at offset: Int, into target: UnsafeMutableRawPointer) throws(NPYError.Problem) {
        if let reason = RegularFile.read(descriptor, count, at: offset, into: target) { throw .unreadable(reason: reason) }
    }
}

private struct MemoryBytes: NPYByteSource {
    let bytes: [UInt8]
    var size: Int { bytes.count }

    func read(_ count: Int, at offset: Int, into target: UnsafeMutableRawPointer) throws(NPYError.Problem) {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress, count > 0 else { return }
            target.copyMemory(from: base + offset, byteCount: count)
        }
    }
}
