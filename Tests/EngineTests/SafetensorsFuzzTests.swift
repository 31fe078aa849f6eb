import Engine
import Foundation
import Testing

/// Damaged safetensors files, as a user may load them (a partial download, a file of
/// another kind renamed, a hand-edited header): each must give tensors or a
/// `SafetensorsError`, never a crash or a huge allocation.
@Suite("Safetensors files: damaged files")
struct SafetensorsFuzzTests {
    /// A small valid file, cut at every length: always refused, by name.
    @Test("a file cut short at any length is refused")
    func truncations() {
        let whole = SafetensorsBytes.valid
        #expect((try? SafetensorsFile.decode(whole, source: "t.safetensors"))?.tensors.count == 2)
        for length in 0..<whole.count {
            #expect(throws: SafetensorsError.self, "cut at \(length)") {
                try SafetensorsFile.decode(Array(whole.prefix(length)), source: "t.safetensors")
            }
        }
    }

    /// Header text a mutation splices in: the characters and words a header is made of.
    static let fragments = [
        "{", "}", "[", "]", "\"", ",", ":", "-", "9", "0", ".5", "e9", "99999999999999999999", "-1", "true", "null", "\\", "\\u",
        "\"F16\"", "\"I64\"", "\"dtype\"", "\"shape\"", "\"data_offsets\"", "[0,0]", "[]", "\u{FF}",
    ]

    @Test("mutated files are read or refused, never crash")
    func mutations() {
        var rng = SeededGenerator(seed: 11)
        var refused = 0, read = 0
        let original = SafetensorsBytes.valid
        for _ in 0..<4000 {
            var bytes = original
            for _ in 0...Int.random(in: 0...3, using: &rng) where bytes.count > 8 {
                // Mostly the header (after the 8-byte length), sometimes the length itself.
                let at =
                    Int.random(in: 0..<10, using: &rng) == 0
                    ? Int.random(in: 0..<8, using: &rng) : Int.random(in: 8..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.removeLast(Int.random(in: 0...bytes.count - at, using: &rng))
                case 2: bytes.insert(contentsOf: (Self.fragments.randomElement(using: &rng) ?? "").utf8, at: at)
                default: bytes.remove(at: at)
                }
            }
            // A splice into the header leaves the length prefix stale; fix it half the time,
            // so mutations reach the JSON and the offsets rather than stopping at the length.
            if Bool.random(using: &rng), bytes.count >= 8, let end = bytes.lastIndex(of: UInt8(ascii: "}")), end >= 8 {
                let length = UInt64(end - 7)
                for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(i))) }
            }
            do {
                let contents = try SafetensorsFile.decode(bytes, source: "t.safetensors")
                #expect(contents.tensors.allSatisfy { $0.value.count == $0.value.shape.reduce(1, *) })
                read += 1
            } catch {
                #expect(error.description.hasPrefix("t.safetensors: "))
                refused += 1
            }
        }
        // Both outcomes happen: the mutations neither all miss nor all break the file.
        #expect(read > 50 && refused > 1000, "\(read) read, \(refused) refused")
    }
}
