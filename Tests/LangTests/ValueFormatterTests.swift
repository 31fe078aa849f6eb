import Engine
import Testing

@testable import Lang

@Suite("Value printing")
struct ValueFormatterTests {
    struct Case: CustomStringConvertible, Sendable {
        let id: String
        let value: @Sendable () throws -> Value
        let text: String
        var description: String { id }
    }

    static let cases: [Case] = [
        Case(id: "integer", value: { .number(3) }, text: "3"),
        Case(id: "fraction", value: { .number(0.1) }, text: "0.1"),
        Case(id: "small", value: { .number(3e-4) }, text: "0.0003"),
        Case(id: "tiny", value: { .number(1e-8) }, text: "1e-08"),
        Case(id: "negative", value: { .number(-2.5) }, text: "-2.5"),
        Case(id: "nan", value: { .number(.nan) }, text: "nan"),
        Case(id: "string quoted", value: { .string("say \"hi\"\n\tnow\\") }, text: #""say \"hi\"\n\tnow\\""#),
        Case(id: "control characters", value: { .string("a\u{1}b") }, text: #""a\u{1}b""#),
        Case(id: "bools and none", value: { .list([.bool(true), .bool(false), .none]) }, text: "[true, false, none]"),
        Case(id: "list", value: { .numbers([1, 2, 3]) }, text: "[1, 2, 3]"),
        Case(id: "empty list", value: { .list([]) }, text: "[]"),
        Case(id: "nested list", value: { .list([.numbers([1, 2]), .list([.string("a")])]) }, text: "[[1, 2], [\"a\"]]"),
        Case(id: "record", value: { .record(Record([("lr", .number(3e-4)), ("wd", .number(0.1))])) }, text: "{lr: 0.0003, wd: 0.1}"),
        Case(id: "empty record", value: { .record(Record()) }, text: "{}"),
        Case(id: "range", value: { .range(start: 0, end: 10) }, text: "0..10"),
        Case(id: "long list", value: { .numbers((0..<1000).map(Double.init)) }, text: "[0, 1, 2, …, 997, 998, 999] (1000 items)"),
        Case(
            id: "list at the threshold", value: { .numbers((0..<100).map { _ in 0 }) },
            text: "[" + Array(repeating: "0", count: 100).joined(separator: ", ") + "]"),
        Case(id: "tensor", value: { try .floats([1, 2, 3]) }, text: "tensor (3,) float32\n[1., 2., 3.]"),
        Case(
            id: "tensors inside",
            value: {
                .record(Record([("w", try .floats([1, 2, 3, 4], [2, 2])), ("loss", try .floats([2.5], []))]))
            }, text: "{w: <tensor (2, 2)>, loss: 2.5}"),
        Case(
            id: "builtin function", value: { try BuiltinHarness().fn("adam") },
            text: "<fn adam(model, lr: 0.001, betas: [0.9, 0.999], eps: 1e-08, weight_decay: 0)>"),
        Case(id: "variadic function", value: { try BuiltinHarness().fn("seq") }, text: "<fn seq(layers…)>"),
        Case(
            id: "layer inside", value: { .list([try BuiltinHarness().call("linear", .number(2), .number(3))]) },
            text: "[<model Linear(2 → 3)>]"),
        Case(
            id: "single layer", value: { try BuiltinHarness().call("linear", .number(64), .number(128)) },
            text: "Linear(64 → 128) · 8,320 parameters"),
        Case(
            id: "adam",
            value: {
                let h = BuiltinHarness()
                return try h.call("adam", try h.call("linear", .number(64), .number(128)), named: [("lr", .number(3e-4))])
            }, text: "Adam(lr 0.0003, betas (0.9, 0.999), eps 1e-08, weight decay 0) · 8,320 parameters"),
        Case(
            id: "sgd",
            value: {
                let h = BuiltinHarness()
                return try h.call(
                    "sgd", try h.call("linear", .number(2), .number(1)),
                    named: [("lr", .number(0.1)), ("momentum", .number(0.9)), ("nesterov", .bool(true))])
            }, text: "SGD(lr 0.1, momentum 0.9, nesterov) · 3 parameters"),
    ]

    @Test(arguments: cases)
    func rendered(_ c: Case) throws {
        #expect(ValueFormatter.format(try c.value()) == c.text)
    }

    @Test func printWritesStringsRaw() {
        #expect(ValueFormatter.plain(.string("a \"b\"")) == "a \"b\"")
        #expect(ValueFormatter.plain(.numbers([1])) == "[1]")
        #expect(ValueFormatter.plain(.list([.string("a")])) == "[\"a\"]")
    }

    @Test func wideListsOfRecordsBreakPerItem() throws {
        let h = BuiltinHarness()
        let m = try h.call(
            "seq", try h.call("linear", .number(64), .number(128)), try h.call("relu"), try h.call("linear", .number(128), .number(10)))
        let text = ValueFormatter.format(try h.call("params", m))
        #expect(
            text == """
                [{name: "0.weight", shape: [128, 64], count: 8192},
                 {name: "0.bias", shape: [128], count: 128},
                 {name: "2.weight", shape: [10, 128], count: 1280},
                 {name: "2.bias", shape: [10], count: 10}]
                """)
    }

    @Test func modelTable() throws {
        let h = BuiltinHarness()
        let m = try h.call(
            "seq", try h.call("linear", .number(64), .number(128)), try h.call("relu"), try h.call("linear", .number(128), .number(10)))
        #expect(
            ValueFormatter.format(m) == """
                #  layer             output shape  params
                0  Linear(64 → 128)  (N, 128)       8,320
                1  ReLU()            (N, 128)           0
                2  Linear(128 → 10)  (N, 10)        1,290
                total 9,610 parameters (9,610 trainable)
                """)
        try h.call("eval", m)
        #expect(ValueFormatter.format(m).hasSuffix("total 9,610 parameters (9,610 trainable) · eval mode"))
    }

    @Test func modelTableLooksThroughLeadingLayers() throws {
        let h = BuiltinHarness()
        let inner = try h.call("seq", try h.call("dropout", .number(0.1)), try h.call("batchnorm", .number(4)))
        let m = try h.call("seq", inner, try h.call("flatten"), try h.call("linear", .number(4), .number(2)))
        #expect(
            ValueFormatter.format(m) == """
                #  layer                 output shape  params
                0  Sequential(2 layers)  (N, 4)             8
                1  Flatten()             (N, 4)             0
                2  Linear(4 → 2)         (N, 2)            10
                total 18 parameters (18 trainable)
                """)
    }

    @Test func modelTableWithoutAnInputShape() throws {
        let h = BuiltinHarness()
        let m = try h.call(
            "seq", try h.call("conv", .number(1), .number(8), .number(3)), try h.call("relu"), try h.call("maxpool", .number(2)))
        #expect(
            ValueFormatter.format(m) == """
                #  layer               output shape  params
                0  Conv2d(1 → 8, 3×3)  ?                 80
                1  ReLU()              ?                  0
                2  MaxPool2d(2×2)      ?                  0
                total 80 parameters (80 trainable)
                """)
        #expect(ValueFormatter.format(try h.call("seq")) == "#  layer  output shape  params\ntotal 0 parameters (0 trainable)")
    }

    @Test func modelTableSaysWhereShapesDoNotFit() throws {
        let h = BuiltinHarness()
        let m = try h.call("seq", try h.call("linear", .number(64), .number(128)), try h.call("linear", .number(64), .number(10)))
        let lines = ValueFormatter.format(m).split(separator: "\n")
        #expect(lines[1] == "0  Linear(64 → 128)  ?              8,320")
        #expect(
            lines.last?.hasPrefix("the layers do not fit together for an input of shape (N, 64): linear: shapes (1, 128) and (10, 64)")
                == true)
    }

    @Test func deepNestingIsCutOff() {
        var v = Value.list([])
        for _ in 0..<1000 { v = .list([v]) }
        let text = ValueFormatter.format(v)
        #expect(text.hasPrefix("[[[") && text.contains("…"))
        #expect(text.count < 200)
    }

    @Test func objectsPrintThemselves() throws {
        final class Thing: SproutObject {
            var kindName: String { "thing" }
            func formatted() -> String { "a thing\nover two lines" }
        }
        #expect(ValueFormatter.format(.object(Thing())) == "a thing\nover two lines")
        #expect(ValueFormatter.format(.list([.object(Thing())])) == "[<thing>]")
    }

    @Test func groupedThousands() {
        #expect(ValueFormatter.groupedThousands(0) == "0")
        #expect(ValueFormatter.groupedThousands(999) == "999")
        #expect(ValueFormatter.groupedThousands(9610) == "9,610")
        #expect(ValueFormatter.groupedThousands(-1234567) == "-1,234,567")
    }
}
