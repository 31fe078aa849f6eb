import Testing

@testable import Lang

/// `help()` lists every builtin and stdlib function under one topic (`HelpTopic`).
@Suite("Help: topics")
struct HelpTopicTests {
    /// Every name help can show: the builtins and what the stdlib defines.
    static func everyFunction() throws -> [String] {
        Builtins.all().map(\.name) + (try StdlibSession()).interpreter.runtime.stdlibFunctions
    }

    @Test func theStdlibsFunctionsAreKnown() throws {
        let stdlib = try StdlibSession().interpreter.runtime.stdlibFunctions
        #expect(Set(["mlp", "train_step", "init_loss", "grad_norm"]).isSubset(of: Set(stdlib)), "\(stdlib)")
        // accuracy and predict moved into Swift (they take a model and a dataset too).
        let builtins = Set(Builtins.all().map(\.name))
        #expect(Set(["accuracy", "predict"]).isSubset(of: builtins) && Set(["accuracy", "predict"]).isDisjoint(with: stdlib))
    }

    @Test func everyFunctionHasATopic() throws {
        let missing = try Self.everyFunction().filter { HelpTopic.topic(of: $0) == nil }
        #expect(missing == [], "these have no topic in HelpTopic.names: \(missing.joined(separator: ", "))")
    }

    @Test func noNameHasTwoTopicsOrNoFunction() throws {
        let listed = HelpTopic.names.flatMap(\.value)
        let twice = Set(listed.filter { name in listed.filter { $0 == name }.count > 1 })
        #expect(twice.isEmpty, "listed under two topics: \(twice.sorted().joined(separator: ", "))")
        let known = Set(try Self.everyFunction())
        let stale = listed.filter { !known.contains($0) }
        #expect(stale == [], "HelpTopic.names lists what is no function: \(stale.joined(separator: ", "))")
    }

    @Test func anUnfiledNameIsListedUnderOther() {
        let groups = HelpTopic.grouped(["zeros", "mlp", "brand_new"])
        #expect(groups.map(\.title) == ["tensors: creation", "layers & models", "other"])
        #expect(groups.last?.names == ["brand_new"])
    }

    /// help() shows the topics in order, the stdlib's functions among the builtins.
    @Test func helpListsFunctionsByTopic() throws {
        let s = try StdlibSession()
        try s.run("help()")
        let lines = s.host.output.split(separator: "\n").map(String.init)
        let titles = lines.filter { !$0.hasPrefix(" ") }.dropFirst()
        #expect(Array(titles) == HelpTopic.allCases.map(\.rawValue), "\(lines)")
        func names(under title: String) -> [String] {
            guard let start = lines.firstIndex(of: title) else { return [] }
            return lines[(start + 1)...].prefix { $0.hasPrefix(" ") }.flatMap { $0.split(separator: " ").map(String.init) }
        }
        #expect(names(under: "layers & models").contains("mlp"))
        #expect(names(under: "optimizers & training").contains("train_step"))
        #expect(names(under: "optimizers & training").contains("adam"))
        #expect(names(under: "tensors: creation").contains("zeros"))
        #expect(!names(under: "tensors: creation").contains("mlp"))
        #expect(lines.allSatisfy { $0.count <= 80 })
    }
}
