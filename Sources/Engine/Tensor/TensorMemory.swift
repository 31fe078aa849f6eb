import CMalloc
import Glibc

/// The one checked place every tensor buffer comes from.
///
/// Swift's own allocations abort the process when `malloc` fails, and with overcommit a
/// huge `malloc` can succeed and the process be killed later when the pages are touched.
/// So a request is refused, as a `TensorError.tooLarge` naming the operation and shapes,
/// when (a) it holds more than `Shape.maxElements` elements, (b) it is larger than what
/// the process can still have (address-space and data limits, a cgroup's `memory.max`,
/// the machine's available memory), or (c) `malloc` returns NULL. The limits are read
/// only for large requests, so the small buffers of a training step cost one `malloc`.
public enum TensorMemory {
    /// Requests below this many bytes skip the limit check: reading the limits costs a few
    /// file reads, and a failure this small surfaces as NULL from `malloc` anyway.
    static let checkedBytes = 64 << 20

    /// A buffer for `result`, made by `op` from `operands` (for the message if refused).
    /// - Throws: `TensorError.tooLarge` when the request is over a limit or cannot be had.
    static func allocate(_ result: [Int], op: String, operands: () -> [[Int]]) throws -> UnsafeMutablePointer<Float> {
        func refuse(_ bytes: Int?, free: Int?) -> TensorError {
            .tooLarge(op: op, operands: operands(), result: result, bytes: bytes, available: free)
        }
        guard let count = checkedCount(result), count <= Shape.maxElements else { throw refuse(nil, free: nil) }
        let bytes = count * MemoryLayout<Float>.stride
        if bytes >= checkedBytes, let free = availableBytes(), bytes > free {
            throw refuse(bytes, free: free)
        }
        guard let raw = malloc(Swift.max(bytes, MemoryLayout<Float>.stride)) else {
            throw refuse(bytes, free: availableBytes())
        }
        return raw.bindMemory(to: Float.self, capacity: Swift.max(count, 1))
    }

    /// Checks, before it is made, a Swift array of `count` integers that `op` needs on the
    /// way to a tensor (index positions, a mask's picks): Swift aborts when such an array
    /// cannot be had, so a large one is held to the same limits as a tensor buffer.
    /// - Parameter source: the shape the indices come from, named if it is refused.
    /// - Throws: `TensorError.tooLarge`.
    static func requireRoom(forIndices count: Int, op: String, source: [Int]) throws {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Int>.stride)
        guard overflow || bytes >= checkedBytes else { return }
        let free = availableBytes()
        if overflow || free.map({ bytes > $0 }) == true {
            throw TensorError.tooLarge(op: op, operands: [source], result: [count], bytes: overflow ? nil : bytes, available: free)
        }
    }

    /// The element count of a shape, nil when negative or when it overflows `Int`.
    static func checkedCount(_ shape: [Int]) -> Int? {
        var n = 1
        for d in shape {
            guard d >= 0 else { return nil }
            let (m, overflow) = n.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            n = m
        }
        return n
    }

    /// The most bytes this process can still expect to get, nil when nothing is known:
    /// the smallest of the address-space limit less the address space in use, the data
    /// limit less the data in use, a cgroup v2 `memory.max` less its `memory.current`,
    /// and MemAvailable with free swap (what the kernel can hand out without killing).
    public static func availableBytes() -> Int? {
        var limits: [Int] = []
        let addressLimit = sprout_address_space_limit(), dataLimit = sprout_data_limit()
        // What is in use matters only against a limit; most processes have none.
        let status = addressLimit >= 0 || dataLimit >= 0 ? statusFields() : [:]
        if addressLimit >= 0 { limits.append(Int(addressLimit) - (status["VmSize"] ?? 0)) }
        if dataLimit >= 0 { limits.append(Int(dataLimit) - (status["VmData"] ?? 0)) }
        if let max = readText("/sys/fs/cgroup/memory.max").flatMap({ Int($0) }),
            let current = readText("/sys/fs/cgroup/memory.current").flatMap({ Int($0) })
        {
            limits.append(max - current)
        }
        let info = fields(readText("/proc/meminfo") ?? "")
        if let available = info["MemAvailable"] { limits.append(available + (info["SwapFree"] ?? 0)) }
        return limits.min().map { Swift.max($0, 0) }
    }

    /// Sizes from /proc/self/status, in bytes (`VmSize`, `VmData`).
    private static func statusFields() -> [String: Int] { fields(readText("/proc/self/status") ?? "") }

    /// `Name:   1234 kB` lines as bytes by name.
    static func fields(_ text: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == ":" || $0.isWhitespace })  // status has a tab after the colon
            guard parts.count >= 2, let value = Int(parts[1]) else { continue }
            out[String(parts[0])] = parts.count >= 3 && parts[2] == "kB" ? value * 1024 : value
        }
        return out
    }

    /// A small text file's contents, trimmed; nil when it cannot be read.
    private static func readText(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 4096, file) }
            if got <= 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).isEmpty ? nil : text.trimmingSpace()
    }

    /// `40 GB`, `6.4 GB`, `512 MB`: decimal units, as a user compares with `free -h`.
    public static func describe(bytes: Int) -> String {
        let units: [(Double, String)] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        let value = Double(bytes)
        for (size, name) in units where value >= size {
            let scaled = value / size
            let digits = scaled < 10 ? (scaled * 10).rounded() / 10 : scaled.rounded()
            let text = digits == digits.rounded() ? String(Int(digits)) : String(digits)
            return "\(text) \(name)"
        }
        return "\(bytes) bytes"
    }
}

extension String {
    fileprivate func trimmingSpace() -> String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
