/// A safetensors file's header: after 8 bytes giving its length (little-endian), UTF-8
/// JSON of the form
///
///     {"__metadata__": {"k": "v"}, "0.weight": {"dtype": "F32", "shape": [3, 2], "data_offsets": [0, 24]}}
///
/// then the data buffer, which the tensors' offsets (relative to its start) cover exactly:
/// contiguous, in any order in the header, never overlapping. Parsing checks all of that,
/// and every size against the tensor limits, before a byte of data is read or a tensor
/// allocated, so a hostile header costs at most its own (bounded) length.
struct SafetensorsHeader {
    struct Entry: Equatable {
        let name: String
        let dataType: SafetensorsDataType
        let shape: [Int]
        /// Byte offsets into the data buffer: `begin..<end`.
        let begin: Int
        let end: Int
    }

    /// The tensors, in the order the header lists them.
    var entries: [Entry]
    /// `__metadata__`: free-form text pairs, in the header's order.
    var metadata: [(key: String, value: String)]

    /// The longest header Sprout reads, as Python's `safetensors` (100 MB): larger is
    /// taken for a file that is not a safetensors one.
    static let maxLength = 100_000_000

    /// Parses and checks a header against a data buffer of `bufferSize` bytes.
    /// - Throws: the problem, naming the tensor when one is to blame.
    init(parsing bytes: [UInt8], bufferSize: Int) throws(SafetensorsError.Problem) {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .notText }
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes)
        } catch {
            throw .malformedHeader(detail: error.detail)
        }
        guard case let .object(pairs) = json else { throw .malformedHeader(detail: "it is \(json.described), not an object of tensors") }
        entries = []
        metadata = []
        var seen = Set<String>()
        for (name, _) in pairs where !seen.insert(name).inserted {
            throw .malformedHeader(detail: "the name '\(name)' appears twice")
        }
        for (name, value) in pairs {
            if name == "__metadata__" {
                metadata = try Self.metadata(value)
            } else {
                entries.append(try Self.entry(name, value, bufferSize: bufferSize))
            }
        }
        try Self.checkLayout(entries, bufferSize: bufferSize)
    }

    private static func metadata(_ value: JSONValue) throws(SafetensorsError.Problem) -> [(key: String, value: String)] {
        guard case let .object(pairs) = value else { throw .malformedHeader(detail: "__metadata__ is \(value.described), not an object") }
        var out: [(key: String, value: String)] = []
        for (key, item) in pairs {
            guard case let .string(text) = item else {
                throw .malformedHeader(detail: "__metadata__ maps names to strings; '\(key)' is \(item.described)")
            }
            out.append((key, text))
        }
        return out
    }

    /// One tensor's entry, its sizes checked against the limits and its offsets against
    /// its shape, type and the buffer.
    private static func entry(_ name: String, _ value: JSONValue, bufferSize: Int) throws(SafetensorsError.Problem) -> Entry {
        func bad(_ detail: String) -> SafetensorsError.Problem { .badEntry(tensor: name, detail: detail) }
        guard case let .object(fields) = value else { throw bad("its entry is \(value.described), not an object") }
        func field(_ key: String) throws(SafetensorsError.Problem) -> JSONValue {
            guard let found = fields.first(where: { $0.key == key }) else { throw bad("its entry has no \"\(key)\"") }
            return found.value
        }
        guard case let .string(typeName) = try field("dtype") else { throw bad("its \"dtype\" is not a string") }
        guard case let .array(sizes) = try field("shape") else { throw bad("its \"shape\" is not a list of sizes") }
        guard sizes.count <= Shape.maxRank else {
            throw bad("its shape has \(sizes.count) dimensions; a tensor has at most \(Shape.maxRank)")
        }
        var shape: [Int] = []
        var count = 1
        for size in sizes {
            guard let n = size.integer, n >= 0 else { throw bad("its shape holds \(size.described); sizes are whole numbers, 0 or more") }
            shape.append(n)
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            count = overflow ? Int.max : product
        }
        guard count <= Shape.maxElements else {
            throw bad("its shape \(Shape.describe(shape)) is too large: a tensor holds at most 2^31 elements")
        }
        guard let dataType = SafetensorsDataType(name: typeName) else { throw .unsupportedType(tensor: name, dtype: typeName) }
        guard case let .array(offsets) = try field("data_offsets"), offsets.count == 2 else {
            throw bad("its \"data_offsets\" is not a list of two byte offsets [begin, end]")
        }
        guard let begin = offsets[0].integer, let end = offsets[1].integer, begin >= 0, end >= begin else {
            throw bad("its \"data_offsets\" are not two whole numbers with 0 ≤ begin ≤ end")
        }
        let needed = count * dataType.size
        guard end - begin == needed else {
            throw .sizeMismatch(tensor: name, shape: shape, dtype: typeName, expected: needed, got: end - begin)
        }
        guard end <= bufferSize else { throw .truncatedData(tensor: name, end: end, available: bufferSize) }
        return Entry(name: name, dataType: dataType, shape: shape, begin: begin, end: end)
    }

    /// The tensors, in the order of their bytes, must tile the buffer: no gap, no overlap,
    /// nothing left over.
    private static func checkLayout(_ entries: [Entry], bufferSize: Int) throws(SafetensorsError.Problem) {
        let ordered = entries.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var covered = 0
        var previous = ""
        for entry in ordered {
            if entry.begin < covered { throw .overlap(tensor: entry.name, other: previous) }
            if entry.begin > covered { throw .gap(tensor: entry.name, bytes: entry.begin - covered) }
            covered = entry.end
            previous = entry.name
        }
        guard covered == bufferSize else { throw .trailingBytes(bufferSize - covered) }
    }

    // MARK: Writing

    /// The length prefix and header for float32 tensors laid out one after another in
    /// the given order, padded with spaces so that the data starts on an 8-byte boundary.
    static func encoded(_ tensors: [(name: String, shape: [Int])], metadata: [(key: String, value: String)]) -> [UInt8] {
        var json = "{"
        var fields: [String] = []
        if !metadata.isEmpty {
            fields.append("\"__metadata__\":{" + metadata.map { quoted($0.key) + ":" + quoted($0.value) }.joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, shape) in tensors {
            let end = offset + Shape.count(shape) * SafetensorsDataType.float32.size
            let sizes = shape.map(String.init).joined(separator: ",")
            fields.append(quoted(name) + ":{\"dtype\":\"F32\",\"shape\":[\(sizes)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        json += fields.joined(separator: ",") + "}"
        var header = Array(json.utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        let length = UInt64(header.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + header
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
