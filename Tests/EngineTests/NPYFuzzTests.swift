import Engine
import Foundation
import Testing

/// Damaged `.npy` files, as a user may load them (a partial download, a file of another
/// kind renamed, a hand-edited header): each must give a tensor or an `NPYError`, never a
/// crash or a huge allocation. Mutations of good files of several kinds, from a fixed seed
/// so a failure replays.
@Suite("NumPy .npy files: damaged files")
struct NPYFuzzTests {
    static let originals: [[UInt8]] = [
        NPYBytes.file(NPYBytes.header("<f4", "(2, 3)"), data: NPYBytes.floats([1, 2, 3, 4, 5, 6])),
        NPYBytes.file(NPYBytes.header(">f8", "(3, 2)", fortran: true), data: NPYBytes.doubles([1, 2, 3, 4, 5, 6], bigEndian: true)),
        NPYBytes.file(NPYBytes.header("<i8", "(2, 1, 2)"), version: 2, data: NPYBytes.bytes([Int64(1), 2, 3, 4])),
        NPYBytes.file(NPYBytes.header("|b1", "()"), version: 3, data: [1]),
    ]

    /// Header text a mutation splices in: the characters and words a header is made of.
    static let fragments = ["(", ")", "[", "]", "{", "}", "'", "\"", ",", ":", "-", "9", "0", "99999999999999999999", "True", "L", "\\"]

    @Test("mutated files are read or refused, never crash")
    func mutations() {
        var rng = SeededGenerator(seed: 10)
        var refused = 0, read = 0
        for _ in 0..<4000 {
            var bytes = Self.originals.randomElement(using: &rng) ?? []
            for _ in 0...Int.random(in: 0...3, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.removeLast(Int.random(in: 0...bytes.count - at, using: &rng))
                case 2: bytes.insert(contentsOf: (Self.fragments.randomElement(using: &rng) ?? "").utf8, at: at)
                default: bytes.remove(at: at)
                }
            }
            do {
                let tensor = try NPYFile.decode(bytes, source: "t.npy")
                #expect(tensor.count == tensor.shape.reduce(1, *))
                read += 1
            } catch {
                #expect(error.description.hasPrefix("t.npy: "))
                refused += 1
            }
        }
        // Both outcomes happen: the mutations neither all miss nor all break the file.
        #expect(read > 100 && refused > 100, "\(read) read, \(refused) refused")
    }
}
