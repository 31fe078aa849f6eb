import Testing

@testable import Lang

/// One row of a syntax table: an id, a cell, and what it parses to.
struct SyntaxCase: CustomTestStringConvertible, Sendable {
    let id: String
    let text: String
    let expected: String
    init(_ id: String, _ text: String, _ expected: String) {
        self.id = id
        self.text = text
        self.expected = expected
    }
    var testDescription: String { id }
}

@Suite("Parser")
struct ParserTests {
    static let literals: [SyntaxCase] = [
        SyntaxCase("integer", "3", "3"),
        SyntaxCase("scientific", "3e-4", "0.0003"),
        SyntaxCase("string", #""hi""#, #""hi""#),
        SyntaxCase("booleans and none", "[true, false, none]", "(list true false none)"),
        SyntaxCase("last value", "_", "_"),
        SyntaxCase("cell value", "_7", "_7"),
        SyntaxCase("list", "[1, 2]", "(list 1 2)"),
        SyntaxCase("empty list", "[]", "(list)"),
        SyntaxCase("list trailing comma", "[1, 2,]", "(list 1 2)"),
        SyntaxCase("nested lists", "[[1], [2, 3]]", "(list (list 1) (list 2 3))"),
        SyntaxCase("multi-line list", "[\n  1,\n  2,\n]", "(list 1 2)"),
        SyntaxCase("record", "{lr: 3e-4, wd: 0.1}", "(record (lr: 0.0003) (wd: 0.1))"),
        SyntaxCase("empty record", "{}", "(record)"),
        SyntaxCase("empty braces are a record", "{ }", "(record)"),
        SyntaxCase("record trailing comma", "{a: 1,}", "(record (a: 1))"),
        SyntaxCase("record on lines", "{\n  lr: 1\n  wd: 2\n}", "(record (lr: 1) (wd: 2))"),
        SyntaxCase("record with commas on lines", "{\n  lr: 1,\n  wd: 2,\n}", "(record (lr: 1) (wd: 2))"),
        SyntaxCase("nested record", "{a: {b: 1}}", "(record (a: (record (b: 1))))"),
        SyntaxCase("string field names", #"{"0.weight": 1, a: 2, "b c": 3}"#, "(record (0.weight: 1) (a: 2) (b c: 3))"),
        SyntaxCase("record of a lambda", "{f: x -> x, n: 2}", "(record (f: (-> (x) x)) (n: 2))"),
        SyntaxCase("braces with a name are a block", "{a}", "(block a)"),
        SyntaxCase("braces with a call are a block", "{ f(a) }", "(block (call f a))"),
        SyntaxCase("record argument", "f({lr: 1})", "(call f (record (lr: 1)))"),
        SyntaxCase("range", "0..10", "(.. 0 10)"),
        SyntaxCase("range of sums", "0..n+1", "(.. 0 (+ n 1))"),
        SyntaxCase("range looser than arithmetic", "a*2..b-1", "(.. (* a 2) (- b 1))"),
        SyntaxCase("range tighter than comparison", "a..b == c", "(== (.. a b) c)"),
        SyntaxCase("parentheses", "(1 + 2) * 3", "(* (+ 1 2) 3)"),
        SyntaxCase("nested parentheses", "((x))", "x"),
    ]

    static let operators: [SyntaxCase] = [
        SyntaxCase("product binds tighter", "1 + 2 * 3", "(+ 1 (* 2 3))"),
        SyntaxCase("subtraction is left-associative", "a - b - c", "(- (- a b) c)"),
        SyntaxCase("division is left-associative", "a / b * c", "(* (/ a b) c)"),
        SyntaxCase("modulo", "a % b + 1", "(+ (% a b) 1)"),
        SyntaxCase("matmul is multiplicative", "x @ w + b", "(+ (@ x w) b)"),
        SyntaxCase("negation", "-x", "(- x)"),
        SyntaxCase("unary plus", "+x", "(+ x)"),
        SyntaxCase("stacked signs", "--x", "(- (- x))"),
        SyntaxCase("power binds tighter than minus", "-2**2", "(- (** 2 2))"),
        SyntaxCase("power is right-associative", "2**3**2", "(** 2 (** 3 2))"),
        SyntaxCase("signed exponent", "2**-1", "(** 2 (- 1))"),
        SyntaxCase("power of a call", "-f(x)**2", "(- (** (call f x) 2))"),
        SyntaxCase("sign on a right operand", "a * -b", "(* a (- b))"),
        SyntaxCase("sign of a member", "-a.b", "(- (. a b))"),
        SyntaxCase("comparison", "x + 1 >= y * 2", "(>= (+ x 1) (* y 2))"),
        SyntaxCase(
            "all comparisons", "[a == b, a != b, a < b, a <= b, a > b, a >= b]",
            "(list (== a b) (!= a b) (< a b) (<= a b) (> a b) (>= a b))"),
        SyntaxCase("and of comparisons", "a == b and c != d", "(and (== a b) (!= c d))"),
        SyntaxCase("and binds tighter than or", "a or b and c", "(or a (and b c))"),
        SyntaxCase("or is left-associative", "a or b or c", "(or (or a b) c)"),
        SyntaxCase("and then or", "a and b or c", "(or (and a b) c)"),
        SyntaxCase("not is looser than comparison", "not a == b", "(not (== a b))"),
        SyntaxCase("not not", "not not a", "(not (not a))"),
        SyntaxCase("or not", "a or not b", "(or a (not b))"),
        SyntaxCase("mask expression", "x[x > 0 and x < 1]", "(index x (and (> x 0) (< x 1)))"),
    ]

    static let postfix: [SyntaxCase] = [
        SyntaxCase("call without arguments", "f()", "(call f)"),
        SyntaxCase("call", "f(a, b)", "(call f a b)"),
        SyntaxCase("named argument", "adam(m, lr: 3e-4)", "(call adam m (lr: 0.0003))"),
        SyntaxCase("only named arguments", "f(a: 1, b: 2)", "(call f (a: 1) (b: 2))"),
        SyntaxCase("call trailing comma", "f(a, b,)", "(call f a b)"),
        SyntaxCase("call on lines", "f(\n  a,\n  b\n)", "(call f a b)"),
        SyntaxCase("call of a call", "f(x)(y)", "(call (call f x) y)"),
        SyntaxCase("method syntax", "x.mean(axis: 0)", "(call (. x mean) (axis: 0))"),
        SyntaxCase("member chain", "a.b.c", "(. (. a b) c)"),
        SyntaxCase("index", "x[0]", "(index x 0)"),
        SyntaxCase("negative index", "x[-1]", "(index x (- 1))"),
        SyntaxCase("all of an axis", "x[:, 1:3]", "(index x (: ~ ~) (: 1 3))"),
        SyntaxCase("step only", "x[::2]", "(index x (: ~ ~ 2))"),
        SyntaxCase("open end", "x[1:]", "(index x (: 1 ~))"),
        SyntaxCase("open start", "x[:3]", "(index x (: ~ 3))"),
        SyntaxCase("start end step", "x[1:10:2]", "(index x (: 1 10 2))"),
        SyntaxCase("start and step", "x[1::2]", "(index x (: 1 ~ 2))"),
        SyntaxCase("slice of expressions", "x[0:n-1]", "(index x (: 0 (- n 1)))"),
        SyntaxCase("mask", "x[mask]", "(index x mask)"),
        SyntaxCase("two indexes", "x[a, b]", "(index x a b)"),
        SyntaxCase("index trailing comma", "x[a,]", "(index x a)"),
        SyntaxCase("index of an index", "x[i][j]", "(index (index x i) j)"),
        SyntaxCase("column by name", #"ds["col"]"#, #"(index ds "col")"#),
        SyntaxCase("mixed postfix", "f(x)[0].y", "(. (index (call f x) 0) y)"),
        SyntaxCase("method on a number", "3.abs()", "(call (. 3 abs))"),
        SyntaxCase(
            "method chain on lines", "ds\n  .where(r -> r.ok)\n  .head(5)",
            "(call (. (call (. ds where) (-> (r) (. r ok))) head) 5)"),
        SyntaxCase("member after a dot at the end of a line", "x.\nmean", "(. x mean)"),
        SyntaxCase("method on a list", "[1, 2].sum()", "(call (. (list 1 2) sum))"),
    ]

    static let pipesAndLambdas: [SyntaxCase] = [
        SyntaxCase("pipe into a name", "x |> f", "(call f x)"),
        SyntaxCase("pipe into a call", "x |> f(2)", "(call f x 2)"),
        SyntaxCase("pipe keeps named arguments", "x |> f(2, k: 1)", "(call f x 2 (k: 1))"),
        SyntaxCase("pipes chain left to right", "x |> f |> g(1)", "(call g (call f x) 1)"),
        SyntaxCase("pipe is loosest", "x + 1 |> f", "(call f (+ x 1))"),
        SyntaxCase("pipe into a method", "x |> m.forward", "(call (. m forward) x)"),
        SyntaxCase("pipe with a lambda argument", "xs |> map(x -> x * 2)", "(call map xs (-> (x) (* x 2)))"),
        SyntaxCase("pipe into a parenthesised lambda", "x |> (y -> y + 1)", "(call (-> (y) (+ y 1)) x)"),
        SyntaxCase("pipe at the start of a line", "x\n|> f\n|> g", "(call g (call f x))"),
        SyntaxCase("pipe at the end of a line", "x |>\n  f", "(call f x)"),
        SyntaxCase("lambda", "x -> x * 2", "(-> (x) (* x 2))"),
        SyntaxCase("lambda of two", "(a, b) -> a + b", "(-> (a b) (+ a b))"),
        SyntaxCase("lambda of none", "() -> 1", "(-> () 1)"),
        SyntaxCase("lambda in parentheses", "(x) -> x", "(-> (x) x)"),
        SyntaxCase("lambda with a default", "(a, b: 2) -> a", "(-> (a b: 2) a)"),
        SyntaxCase("lambda ignoring its argument", "_ -> 0", "(-> (_) 0)"),
        SyntaxCase("curried lambda", "x -> y -> x + y", "(-> (x) (-> (y) (+ x y)))"),
        SyntaxCase("lambda with a block", "x -> { y = x; y }", "(-> (x) (block (= y x) y))"),
        SyntaxCase("lambda returning a record", "x -> {a: x}", "(-> (x) (record (a: x)))"),
        SyntaxCase("lambda body takes the pipe", "x -> x |> f", "(-> (x) (call f x))"),
        SyntaxCase("lambda as an argument", "f(x -> x, 1)", "(call f (-> (x) x) 1)"),
        SyntaxCase("lambda assigned", "g = (a, b) -> a", "(= g (-> (a b) a))"),
        SyntaxCase("lambda body on the next line", "x ->\n  x", "(-> (x) x)"),
        SyntaxCase("lambda parameters on lines", "(a,\n b) -> a", "(-> (a b) a)"),
    ]

    static let statements: [SyntaxCase] = [
        SyntaxCase("assignment", "x = 1", "(= x 1)"),
        SyntaxCase("destructuring", "a, b = pair", "(= (a b) pair)"),
        SyntaxCase("destructuring a call", "train, val = ds.split(0.8)", "(= (train val) (call (. ds split) 0.8))"),
        SyntaxCase("destructuring three", "a, b, c = xs", "(= (a b c) xs)"),
        SyntaxCase("destructuring into an element", "a, x[0] = xs", "(= (a (index x 0)) xs)"),
        SyntaxCase("element assignment", "x[0] = 1", "(= (index x 0) 1)"),
        SyntaxCase("slice assignment", "x[:, 1] = 0", "(= (index x (: ~ ~) 1) 0)"),
        SyntaxCase("field assignment", "r.lr = 0.1", "(= (. r lr) 0.1)"),
        SyntaxCase("add-assign", "x += 1", "(+= x 1)"),
        SyntaxCase("subtract-assign", "x -= 1", "(-= x 1)"),
        SyntaxCase("multiply-assign", "x *= 2", "(*= x 2)"),
        SyntaxCase("divide-assign", "x /= 2", "(/= x 2)"),
        SyntaxCase("element add-assign", "x[i] += 1", "(+= (index x i) 1)"),
        SyntaxCase("field add-assign", "r.n += 1", "(+= (. r n) 1)"),
        SyntaxCase("value on the next line", "x =\n  1", "(= x 1)"),
        SyntaxCase("destructuring on lines", "a,\n b =\n pair", "(= (a b) pair)"),
        SyntaxCase("statements on lines", "a = 1\nb = 2\na + b", "(= a 1); (= b 2); (+ a b)"),
        SyntaxCase("statements with semicolons", "a = 1; b = 2", "(= a 1); (= b 2)"),
        SyntaxCase("empty statements", ";;a;;\n;b", "a; b"),
        SyntaxCase("comments between statements", "a # one\n# two\nb", "a; b"),
        SyntaxCase("empty cell", "", ""),
        SyntaxCase("comment-only cell", "# nothing here", ""),
    ]

    static let control: [SyntaxCase] = [
        SyntaxCase("block", "{ a; b }", "(block a b)"),
        SyntaxCase("block on lines", "{\n  a\n\n  b\n}", "(block a b)"),
        SyntaxCase("block with an assignment", "{ x = 1\n x }", "(block (= x 1) x)"),
        SyntaxCase("nested blocks", "{ { a } }", "(block (block a))"),
        SyntaxCase("if", "if c { a }", "(if c (block a))"),
        SyntaxCase("if else", "if c { a } else { b }", "(if c (block a) (block b))"),
        SyntaxCase(
            "else if", "if a { 1 } else if b { 2 } else { 3 }",
            "(if a (block 1) (if b (block 2) (block 3)))"),
        SyntaxCase("else on its own line", "if c {\n  a\n}\nelse {\n  b\n}", "(if c (block a) (block b))"),
        SyntaxCase("brace on its own line", "if c\n{\n  a\n}", "(if c (block a))"),
        SyntaxCase("if as a value", "y = if c { 1 } else { 2 }", "(= y (if c (block 1) (block 2)))"),
        SyntaxCase("if in an argument", "f(if c { 1 } else { 2 })", "(call f (if c (block 1) (block 2)))"),
        SyntaxCase("if with an empty body", "if c {}", "(if c (block))"),
        SyntaxCase("for", "for x in xs { s += x }", "(for x xs (block (+= s x)))"),
        SyntaxCase("for over pairs", "for a, b in pairs { a }", "(for (a b) pairs (block a))"),
        SyntaxCase("for over a range", "for i in 0..10 {}", "(for i (.. 0 10) (block))"),
        SyntaxCase("while", "while i < 10 { i += 1 }", "(while (< i 10) (block (+= i 1)))"),
        SyntaxCase("break", "while true { break }", "(while true (block break))"),
        SyntaxCase("continue", "for x in xs { if x { continue } }", "(for x xs (block (if x (block continue))))"),
        SyntaxCase("return", "return", "(return)"),
        SyntaxCase("return a value", "return x + 1", "(return (+ x 1))"),
        SyntaxCase("return in a block", "{ return }", "(block (return))"),
        SyntaxCase("return before a line break", "{ return\n x }", "(block (return) x)"),
        SyntaxCase("fn with =", "fn sq(x) = x * x", "(fn sq (x) (* x x))"),
        SyntaxCase("fn with a block", "fn f(x, lr: 0.1) { x * lr }", "(fn f (x lr: 0.1) (block (* x lr)))"),
        SyntaxCase("fn of nothing", "fn f() = 1", "(fn f () 1)"),
        SyntaxCase("fn on lines", "fn f(x)\n{\n  y = x\n  y\n}", "(fn f (x) (block (= y x) y))"),
        SyntaxCase("fn body on the next line", "fn f(x) =\n  x", "(fn f (x) x)"),
        SyntaxCase(
            "recursive fn", "fn fib(n) = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }",
            "(fn fib (n) (if (< n 2) (block n) (block (+ (call fib (- n 1)) (call fib (- n 2))))))"),
        SyntaxCase("fn returning a lambda", "fn adder(n) = x -> x + n", "(fn adder (n) (-> (x) (+ x n)))"),
    ]

    static let newlines: [SyntaxCase] = [
        SyntaxCase("after a binary operator", "1 +\n  2", "(+ 1 2)"),
        SyntaxCase("after and", "a and\n  b", "(and a b)"),
        SyntaxCase("after a comparison", "a <\n b", "(< a b)"),
        SyntaxCase("after a sign", "-\n1", "(- 1)"),
        SyntaxCase("blank lines after an operator", "1 *\n\n\n 2", "(* 1 2)"),
        SyntaxCase("inside parentheses", "(1\n + 2)", "(+ 1 2)"),
        SyntaxCase("before an operator ends the statement", "1\n+ 2", "1; (+ 2)"),
        SyntaxCase("a line break ends a statement", "a\nb", "a; b"),
        SyntaxCase("list value on lines", "x = [\n 1,\n 2,\n]", "(= x (list 1 2))"),
        SyntaxCase("call after a line break is a new statement", "f\n(1)", "f; 1"),
    ]

    @Test(arguments: literals) func literal(_ c: SyntaxCase) { #expect(parsed(c.text) == c.expected) }
    @Test(arguments: operators) func precedence(_ c: SyntaxCase) { #expect(parsed(c.text) == c.expected) }
    @Test(arguments: postfix) func callsAndIndexing(_ c: SyntaxCase) { #expect(parsed(c.text) == c.expected) }
    @Test(arguments: pipesAndLambdas) func pipeAndLambda(_ c: SyntaxCase) { #expect(parsed(c.text) == c.expected) }
    @Test(arguments: statements) func statement(_ c: SyntaxCase) { #expect(parsed(c.text) == c.expected) }
    @Test(arguments: control) func controlFlow(_ c: SyntaxCase) { #expect(parsed(c.text) == c.expected) }
    @Test(arguments: newlines) func lineBreaks(_ c: SyntaxCase) { #expect(parsed(c.text) == c.expected) }

    static let errors: [SyntaxCase] = [
        SyntaxCase("chained assignment", "x = y = 1", "error: '=' cannot be used inside an expression"),
        SyntaxCase("assignment in a condition", "if x = 1 { }", "error: '=' cannot be used inside an expression"),
        SyntaxCase("assignment in an argument", "f(x = 1)", "error: '=' cannot be used inside an expression"),
        SyntaxCase("compound assignment in an expression", "y = x += 1", "error: '+=' cannot be used inside an expression"),
        SyntaxCase("chained comparison", "a < b < c", "error: '<' cannot be chained"),
        SyntaxCase("chained equality", "a == b == c", "error: '==' cannot be chained"),
        SyntaxCase("chained range", "0..1..2", "error: '..' cannot be chained"),
        SyntaxCase("extra closer", "f(1))", "error: unmatched ')'"),
        SyntaxCase("stray brace", "}", "error: unmatched '}'"),
        SyntaxCase("two expressions", "1 2", "error: expected a line break or ';', found '2'"),
        SyntaxCase("positional after named", "f(lr: 1, 2)", "error: a positional argument cannot follow a named one"),
        SyntaxCase("duplicate argument", "f(a: 1, a: 2)", "error: duplicate named argument 'a'"),
        SyntaxCase("duplicate parameter", "fn f(a, a) = 1", "error: duplicate parameter 'a'"),
        SyntaxCase("duplicate field", "{a: 1, a: 2}", "error: duplicate field 'a'"),
        SyntaxCase("tuple", "(1, 2)", "error: parentheses hold a single expression"),
        SyntaxCase("named value in parentheses", "(a: 1)", "error: parentheses hold a single expression"),
        SyntaxCase("empty parentheses", "()", "error: expected an expression, found ')'"),
        SyntaxCase("assign to a call", "f(x) = 1", "error: cannot assign to this expression"),
        SyntaxCase("assign to a number", "1 = x", "error: cannot assign to this expression"),
        SyntaxCase("assign to a sum", "a + b += 1", "error: cannot assign to this expression"),
        SyntaxCase("assign to a cell", "_7 = 1", "error: cannot assign to this expression"),
        SyntaxCase("destructure into a call", "a, f() = xs", "error: cannot assign to this expression"),
        SyntaxCase("destructuring needs =", "a, b\nc", "error: expected '=' (to assign to several names), found 'c'"),
        SyntaxCase("lambda of a number", "(1, 2) -> x", "error: expected a parameter name, found '1'"),
        SyntaxCase("else without a block", "if x { 1 } else 2", "error: expected '{', found '2'"),
        SyntaxCase("if without braces", "if x > 0 print(x)", "error: expected '{', found 'print'"),
        SyntaxCase("for of a number", "for 1 in xs {}", "error: expected a loop variable, found '1'"),
        SyntaxCase("for without in", "for x of xs {}", "error: expected 'in', found 'of'"),
        SyntaxCase("fn without a name", "fn (x) = 1", "error: expected a function name, found '('"),
        SyntaxCase("fn without parameters", "fn f x", "error: expected '(' after the function name, found 'x'"),
        SyntaxCase("fn without a body", "fn f(x) x", "error: expected '=' or '{', found 'x'"),
        SyntaxCase("list missing a comma", "[1 2]", "error: expected ',' or ']' (to close '[' at 1:1), found '2'"),
        SyntaxCase("call missing a comma", "f(1 2)", "error: expected ',' or ')' (to close '(' at 1:2), found '2'"),
        SyntaxCase("record missing a comma", "{a: 1 b: 2}", "error: expected ',' or '}' (to close '{' at 1:1), found 'b'"),
        SyntaxCase("mismatched closer", "(1]", "error: expected ',' or ')' (to close '(' at 1:1), found ']'"),
        SyntaxCase("else alone", "else", "error: expected an expression, found 'else'"),
        SyntaxCase("block missing a separator", "{ a b }", "error: expected a line break, ';' or '}', found 'b'"),
        SyntaxCase("empty index", "x[]", "error: expected an expression, found ']'"),
        SyntaxCase("leading comma", "f(,)", "error: expected an expression, found ','"),
        SyntaxCase("keyword as a name", "in = 3", "error: expected an expression, found 'in'"),
        SyntaxCase("field name missing", "{a: 1, 2}", "error: expected a field name, found '2'"),
        SyntaxCase("member name missing", "x.(1)", "error: expected a name after '.', found '('"),
        SyntaxCase("numbers are not field names", "{1: 2}", "error: expected a line break, ';' or '}', found ':'"),
        SyntaxCase("lexer errors surface", "x = 1 $ 2", "error: unexpected character '$'"),
    ]

    @Test(arguments: errors) func syntaxError(_ c: SyntaxCase) { #expect(parsed(c.text) == c.expected) }

    @Test(arguments: [
        ("x", false), ("x;", true), ("x; y", false), ("x;\n", true), ("x; # quiet", true),
        ("x = 1;", true), ("{ a; }", false), (";", true), ("", false),
    ])
    func trailingSemicolonHidesTheValue(_ text: String, _ hides: Bool) throws {
        guard case let .complete(program) = try Parser.parse(Source(name: "t", text: text)) else {
            Issue.record("incomplete")
            return
        }
        #expect(program.hidesValue == hides)
    }

    @Test func nodesCarrySourceRanges() throws {
        func first(_ text: String) throws -> Expr? {
            guard case let .complete(program) = try Parser.parse(Source(name: "t", text: text)) else { return nil }
            return program.body.first
        }
        #expect(try first("foo(1, 2)")?.range == SourceRange(0, 9))
        #expect(try first("(a + b) * c")?.range == SourceRange(0, 11))
        #expect(try first("  x = 1 ")?.range == SourceRange(2, 7))
        #expect(try first("x |> f(2)")?.range == SourceRange(0, 9))
        #expect(try first("if c { a } else { b }")?.range == SourceRange(0, 21))
        #expect(try first("fn f(x) = x")?.range == SourceRange(0, 11))
        guard case let .call(_, arguments)? = try first("f(a, lr: 3)")?.kind else {
            Issue.record("not a call")
            return
        }
        #expect(arguments.map(\.range) == [SourceRange(2, 3), SourceRange(5, 10)])
        guard case let .member(_, _, nameRange)? = try first("ds.head")?.kind else {
            Issue.record("not a member")
            return
        }
        #expect(nameRange == SourceRange(3, 7))
        guard case let .index(_, items)? = try first("x[1:3, ::2]")?.kind,
            case let .slice(_, _, _, firstRange) = items[0], case let .slice(_, _, _, secondRange) = items[1]
        else {
            Issue.record("not slices")
            return
        }
        #expect(firstRange == SourceRange(2, 5))
        #expect(secondRange == SourceRange(7, 10))
    }

    @Test func parseProgramIsTheSameTreeForCompleteInput() throws {
        let source = Source(name: "f", text: "fn f(x) = x + 1\nf(2) |> g;")
        let program = try Parser.parseProgram(source)
        #expect(SExpression.print(program) == "(fn f (x) (+ x 1)); (call g (call f 2))")
        #expect(program.hidesValue)
    }
}
