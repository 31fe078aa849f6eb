import Engine
import Testing

@testable import Lang

/// A kind of value added from outside the language (`TableObject`, through the embedder
/// API) gets member access, indexing, method sugar, `len` and printing through the hooks
/// of `SproutObject`, and every misuse is an error naming the kind, never a trap.
@Suite("Object hooks: a new kind of value through the evaluator")
struct ObjectHooksTests {
    func session() -> EvalSession {
        let s = EvalSession(builtins: TableObject.builtins)
        s.run("t = table(3)")
        return s
    }

    @Test("members are properties; a misspelt one is an error naming the kind with a suggestion")
    func members() {
        let s = session()
        #expect(s.run("t.rows") == "3")
        #expect(s.run("t.columns") == "[\"a\", \"b\"]")
        let error = s.run("t.rowz")
        #expect(error.contains("a table has no member 'rowz' (did you mean 'rows'?)"))
        #expect(error.contains("^^^^"))
        #expect(s.run("t.zzzzzz").contains("a table has no member 'zzzzzz' (its members are rows, columns)"))
    }

    @Test("a member wins over method sugar; other names are calls with the object first")
    func methodSugar() {
        let s = session()
        s.run("fn rows(x) = 99")
        #expect(s.run("t.rows") == "3")
        #expect(s.run("rows(t)") == "99")
        #expect(s.run("t.first(2).rows") == "2")
        #expect(s.run("t.first.rows") == "1")
        #expect(s.run("t.columns()").contains("cannot call a list"))
    }

    @Test("indexing: positions and slices resolved as for lists, names for columns")
    func indexing() {
        let s = session()
        #expect(s.run("t[1]") == "{a: 1, b: 10}")
        #expect(s.run("t[-1]") == "{a: 2, b: 20}")
        #expect(s.run("t[1:].rows") == "2")
        #expect(s.run("t[::2][1]") == "{a: 2, b: 20}")
        #expect(s.run("t[::-1][0]") == "{a: 2, b: 20}")
        #expect(s.run("t[5:9].rows") == "0")
        #expect(s.run("t[\"b\"]") == "[0, 10, 20]")
        #expect(s.run("t[3]").contains("index 3 is out of range for a table of 3 items"))
        #expect(s.run("t[-4]").contains("index -4 is out of range for a table of 3 items"))
        #expect(s.run("t[1.5]").contains("an index into a table"))
        #expect(s.run("t[::0]").contains("a slice's step cannot be zero"))
        #expect(s.run("t[\"z\"]").contains("a table has no column 'z' (its columns are a, b)"))
        #expect(s.run("t[[1]]").contains("a table is indexed by a row number, a slice or a column name, not a list of 1"))
        #expect(s.run("t[0, 1]").contains("a table takes one index, got 2"))
        #expect(s.run("t[0] = 1").contains("cannot assign by index into a table"))
    }

    @Test("len is the object's count; printing is full at the top, short inside lists")
    func lengthAndPrinting() {
        let s = session()
        #expect(s.run("len(t)") == "3")
        #expect(s.run("t") == "a b\n0 0\n1 10\n2 20")
        #expect(s.run("[t, 1]") == "[<table 3 × 2>, 1]")
        #expect(s.run("{t: t}") == "{t: <table 3 × 2>}")
        #expect(s.run("kind(t)") == "\"table\"")
    }

    @Test("a for loop and a comprehension take an object's items as indexing gives them")
    func iteration() {
        let s = session()
        #expect(s.run("[r[\"b\"] for r in t]") == "[0, 10, 20]")
        #expect(s.run("n = 0\nfor r in t[1:] { n = n + r[\"a\"] }\nn") == "3")
    }

    @Test("members cannot be set: an error saying so, placed at the name")
    func assignment() {
        let s = session()
        #expect(s.run("t.rows = 5").contains("cannot set member 'rows' of a table: only records have fields"))
        #expect(s.run("t.rows += 1").contains("cannot set member 'rows' of a table: only records have fields"))
        #expect(s.run("t.rows") == "3")
    }

    /// An object that overrides only the two required members gets the defaults.
    final class Bare: SproutObject {
        var kindName: String { "widget" }
        func formatted() -> String { "widget\nof two lines" }
    }

    @Test("an object with no hooks: errors naming its kind, a tag inside lists, no len")
    func defaults() {
        let s = EvalSession()
        s.interpreter.define("w", .object(Bare()))
        #expect(s.run("w.size").contains("a widget has no member 'size' (it has no members)"))
        #expect(s.run("w[0]").contains("cannot index a widget"))
        #expect(s.run("w[\"a\"]").contains("cannot index a widget"))
        #expect(s.run("len(w)").contains("len: x expects"))
        #expect(s.run("[w]") == "[<widget>]")
        #expect(s.run("for x in w { }").contains("cannot loop over a widget"))
        #expect(s.run("w") == "widget\nof two lines")
        #expect(Bare().memberNames.isEmpty && Bare().sizeDescription == nil && Bare().count == nil)
    }
}

/// Builtins handed to the interpreter by an embedder are builtins in every way: help,
/// the help overview (under their topic), `globals`, and the note when a cell hides one.
@Suite("Embedder builtins")
struct EmbedderBuiltinTests {
    @Test("help(name) and help() show them, under their topic or a new one")
    func help() {
        let s = EvalSession(builtins: TableObject.builtins)
        s.run("print(help(\"table\"))")
        #expect(s.host.output.contains("table(n)\n  A test table of n rows.\n  example: t = table(3)"))
        s.run("print(help())")
        let overview = s.host.output
        let data = overview.range(of: "\ndata\n")
        let tables = overview.range(of: "\ntables\n  first")
        #expect(data != nil && tables != nil)
        // The topic's names, over as many wrapped lines (two spaces in) as it takes.
        let names = overview[(data?.upperBound ?? overview.endIndex)...].split(separator: "\n").prefix { $0.hasPrefix("  ") }
        #expect(names.flatMap { $0.split(separator: " ") }.contains("table"))
    }

    @Test("they are system names: not in globals, and hiding one is noted")
    func systemNames() {
        let s = EvalSession(builtins: TableObject.builtins)
        #expect(s.interpreter.globalNames.contains("first"))
        #expect(!s.interpreter.globals.contains { $0.name == "table" })
        s.run("fn table() = 1")
        #expect(s.host.notes == ["table now means your function; the builtin is hidden until :reset"])
    }

    @Test("define(builtin:) adds one after the interpreter is made")
    func defineLater() {
        let s = EvalSession()
        s.interpreter.define(builtin: TableObject.builtins[0])
        #expect(s.run("table(2).rows") == "2")
        #expect(!s.interpreter.globals.contains { $0.name == "table" })
        #expect(s.interpreter.value(named: "table") != nil)
    }
}
