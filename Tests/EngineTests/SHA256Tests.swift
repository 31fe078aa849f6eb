import Engine
import Foundation
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    /// FIPS 180-4's examples (NIST's "SHA-256 example values"), and the empty message.
    @Test(
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",  // 448 bits
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                // 896 bits
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
            ),
        ])
    func nistVectors(message: String, expected: String) {
        #expect(SHA256.hash(message).hex == expected)
    }

    @Test func oneMillionAs() {
        var hasher = SHA256()
        let thousand = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(thousand) }
        #expect(hasher.count == 1_000_000)
        #expect(hasher.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Messages of `n` times "a" around the padding's edges: 55 bytes leave room for the
    /// length in the last block, 56 do not, 64 is one whole block (values from Python's
    /// hashlib).
    @Test(
        arguments: [
            (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            (57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6"),
            (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
            (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
            (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
            (111, "6374f73208854473827f6f6a3f43b1f53eaa3b82c21c1a6d69a2110b2a79baad"),
            (112, "f54353008a2553262ecdc4a34749563ba0950e8b0fc8652780b0a614b99683c1"),
            (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
            (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
            (127, "c57e9278af78fa3cab38667bef4ce29d783787a2f731d4e12200270f0c32320a"),
            (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
        ])
    func paddingEdges(length: Int, expected: String) {
        #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: length)).hex == expected)
    }

    /// Pieces of any size give the digest of the whole: the pending partial block is
    /// carried across `update` calls.
    @Test(arguments: [1, 3, 55, 63, 64, 65, 200])
    func piecesGiveTheWhole(pieceSize: Int) {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var hasher = SHA256()
        for start in stride(from: 0, to: message.count, by: pieceSize) {
            hasher.update(Array(message[start..<min(start + pieceSize, message.count)]))
        }
        #expect(hasher.finalize() == SHA256.hash(message))
        #expect(hasher.finalize() == hasher.finalize(), "finalize leaves the hasher as it was")
    }

    /// A file hashed in chunks, chunks smaller than a block and not a multiple of it
    /// included, gives the digest of its bytes and its size.
    @Test(arguments: [64, 100, 1 << 20])
    func fileInChunks(chunkSize: Int) throws {
        let bytes = (0..<10_007).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 8) }
        let path = try temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try SHA256.file(at: path, chunkSize: chunkSize)
        #expect(result.size == bytes.count)
        #expect(result.digest == SHA256.hash(bytes))
    }

    @Test func fileProblemsAreTyped() {
        func refusal(_ path: String) -> FileRefusal? {
            do {
                _ = try SHA256.file(at: path)
                return nil
            } catch {
                guard case let .unreadable(refusal) = error else { return nil }
                return refusal
            }
        }
        #expect(refusal("/nonexistent/x.csv")?.path == "/nonexistent/x.csv")
        #expect(refusal("/nonexistent/x.csv")?.reason == "no such file")
        #expect(refusal("/tmp")?.reason == "it is a folder")
    }

    @Test func ctrlCStopsAFile() throws {
        let path = try temporaryFile([UInt8](repeating: 1, count: 1000))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stop = StopFlag()
        stop.request()
        StopFlag.$current.withValue(stop) {
            #expect(throws: FileHashError.cancelled) { try SHA256.file(at: path) }
        }
        #expect(!stop.isRequested, "one Ctrl-C stops one thing")
    }

    /// Random files of several sizes against Python's hashlib.
    @Test(.enabled(if: NumPyPython.path != nil, "no python3 here"))
    func matchesHashlib() throws {
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 63, 64, 4095, 65_537, 1_048_577, 3_000_001] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let path = try temporaryFile(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let python = try NumPyPython.run(
                script: "import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())", [path])
            #expect(python.status == 0, "\(python.output)")
            #expect(try SHA256.file(at: path).digest.hex == python.output.trimmingCharacters(in: .whitespacesAndNewlines), "size \(size)")
        }
    }

    private func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "sprout-sha256-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
