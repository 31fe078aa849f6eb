import Foundation
import Testing

@testable import Lang

/// The defaults help shows are the defaults a call gets: both come from the signature's
/// text (`ParameterSpec.defaultLiteral`), and prose that names a default agrees with it.
@Suite("Help: defaults")
struct HelpDefaultsTests {
    /// Bound with only its required arguments, every builtin holds each omitted
    /// parameter's shown default.
    @Test func everyShownDefaultIsTheDefaultACallGets() throws {
        for b in Builtins.all() {
            let optional = b.signature.parameters.filter { !$0.isRequired && !$0.isVariadic }
            guard !optional.isEmpty else { continue }
            let required = b.signature.parameters.filter(\.isRequired).map { _ in Value.none }
            let bound = try Arguments(function: b.name, signature: b.signature, positional: required, named: [])
            for p in optional {
                let shown = try #require(p.defaultText)
                let literal = DefaultLiteral(text: shown)
                #expect(literal != nil, "\(b.name): the default \(p.name): \(shown) is not a value help can show")
                #expect(
                    bound.value(p.name) == literal?.value,
                    "\(b.name): \(p.name) shows \(shown), a call gets \(bound.value(p.name).map(ValueFormatter.format) ?? "nothing")")
            }
        }
    }

    @Test func optimizersStartAtTheirShownRate() throws {
        let s = try StdlibSession()
        #expect(try s.run("lr(adam(mlp([2, 2])))") == "0.001")
        #expect(try s.run("lr(adamw(mlp([2, 2])))") == "0.001")
        #expect(try s.run("lr(sgd(mlp([2, 2])))") == "0.001")
    }

    /// "lr defaults to 0.001" in a summary names the default the signature shows.
    @Test func proseNamesTheShownDefaults() {
        for b in Builtins.all() {
            for p in b.signature.parameters {
                guard let shown = p.defaultText.flatMap(Double.init),
                    let said = Self.number(after: "\(p.name) defaults to", in: b.summary)
                else { continue }
                #expect(said == shown, "\(b.name): the summary says \(p.name) defaults to \(said), the signature \(shown)")
            }
            #expect(!b.summary.contains("safe start"), "\(b.name): \(b.summary)")
        }
    }

    @Test func defaultLiteralsParse() {
        #expect(DefaultLiteral(text: "1e-08") == .number(1e-8))
        #expect(DefaultLiteral(text: "[0.9, 0.999]") == .numbers([0.9, 0.999]))
        #expect(DefaultLiteral(text: "none") == DefaultLiteral.none)
        #expect(DefaultLiteral(text: "\"cosine\"") == .string("cosine"))
        #expect(DefaultLiteral(text: "relu") == nil)
        #expect(DefaultLiteral(text: "\"a\\nb\"") == nil)
    }

    /// The first number after `phrase` in `text` (a sentence's "." may end it: "0.001.").
    static func number(after phrase: String, in text: String) -> Double? {
        guard let r = text.range(of: phrase) else { return nil }
        for word in text[r.upperBound...].split(separator: " ") {
            let trimmed = word.trimmingCharacters(in: CharacterSet(charactersIn: ",;()"))
            if let x = Double(trimmed.hasSuffix(".") ? String(trimmed.dropLast()) : trimmed) { return x }
        }
        return nil
    }
}
