import Engine
import Foundation
import Testing

@testable import Lang

/// Every builtin called with random arguments of every kind, positional and named: each
/// call must give a value or throw a `RuntimeError`, never crash or throw anything else.
/// The values are chosen to hit the edges (nan, infinities, huge and negative sizes,
/// empty and ragged lists, over-long ranges) while staying small enough that a call that
/// is accepted finishes quickly.
@Suite("Builtins: random arguments")
struct BuiltinFuzzTests {
    static func pool(_ h: BuiltinHarness) throws -> [Value] {
        let numbers: [Double] = [0, 1, 2, 3, -1, -2, 0.5, 1e12, 1e300, -1e300, .nan, .infinity, -.infinity]
        let model = try h.call("seq", try h.call("linear", .number(4), .number(3)), try h.call("relu"))
        return numbers.map(Value.number) + [
            .string(""), .string("cosine"), .string("0.weight"), .string("adam"), .string("step"),
            .bool(true), .bool(false), .none,
            .list([]), .numbers([1, 2]), .numbers([2, 3]), .numbers([-1, 2]), .numbers([1e12, 1e12]),
            .list([.numbers([1, 2]), .numbers([3, 4])]), .list([.numbers([1]), .numbers([1, 2])]),
            .list([.string("a"), .number(1)]), .list([model]),
            .range(start: 0, end: 3), .range(start: 5, end: 2), .range(start: 0, end: 1_000_000_000_000),
            .record(Record([("lr", .number(0.1))])),
            .tensor(Tensor(2)), try Value.floats([0, 1, 2]), try Value.floats([1, .nan, -1, 4, 0, 2], [2, 3]),
            try Value.floats([], [0]), try Value.floats(Array(repeating: 1, count: 16), [1, 1, 4, 4]),
            try h.call("requires_grad", try Value.floats([1, 2, 3])),
            model, try h.call("linear", .number(3), .number(2)), try h.call("conv", .number(1), .number(2), .number(3)),
            try h.call("relu"), try h.call("sgd", model), try h.call("adam", model),
            try h.fn("abs"), try h.fn("help"), try h.fn("randn"),
            // Large shapes: lists over and just over the 2^31-element limit, operands
            // whose broadcast or product is over it, and a list nested past 64 levels.
            .numbers([47_000, 47_000]), .numbers([46_341, 46_341]),
            try Value.floats(Array(repeating: 0, count: 47_000), [47_000, 1]),
            try Value.floats(Array(repeating: 0, count: 47_000), [1, 47_000]),
            (0..<65).reduce(Value.number(1)) { inner, _ in .list([inner]) },
        ]
    }

    /// Calls per builtin; `SPROUT_FUZZ_CALLS` and `SPROUT_FUZZ_SEED` set a longer or
    /// different run.
    static let environment = ProcessInfo.processInfo.environment
    static let callsPerBuiltin = environment["SPROUT_FUZZ_CALLS"].flatMap { Int($0) } ?? 600
    static let seed = environment["SPROUT_FUZZ_SEED"].flatMap { UInt64($0) } ?? 2024

    @Test func randomCallsNeverCrash() throws {
        // A fixed seed, so a failure replays.
        var rng = SeededGenerator(seed: Self.seed)
        var calls = 0, accepted = 0
        for builtin in Builtins.all() {
            let h = BuiltinHarness()
            let values = try Self.pool(h)
            let names = builtin.signature.parameters.map(\.name) + ["bogus"]
            let required = builtin.signature.parameters.filter(\.isRequired).count
            for _ in 0..<Self.callsPerBuiltin {
                // Mostly the right number of arguments, so calls get past binding.
                let count = Int.random(in: 0..<10, using: &rng) < 7 ? required : Int.random(in: 0...4, using: &rng)
                let positional = (0..<count).map { _ in values.randomElement(using: &rng) ?? .none }
                var named: [(String, Value)] = []
                for _ in 0..<Int.random(in: 0...2, using: &rng) {
                    named.append((names.randomElement(using: &rng) ?? "x", values.randomElement(using: &rng) ?? .none))
                }
                calls += 1
                do {
                    let args = try Arguments(function: builtin.name, signature: builtin.signature, positional: positional, named: named)
                    let result = try builtin.body(args, h.runtime)
                    _ = ValueFormatter.format(result)
                    accepted += 1
                } catch is RuntimeError {
                    continue
                } catch {
                    Issue.record("\(builtin.name)\(positional) \(named): threw \(error)")
                }
            }
        }
        #expect(calls >= 100 * Self.callsPerBuiltin && accepted * 20 > calls, "\(accepted) of \(calls) calls accepted")
    }
}
