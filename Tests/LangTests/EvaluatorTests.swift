import Testing

@testable import Lang

/// Every construct of the language, as source → what the cell shows (the formatted
/// value; "" when nothing is shown).
@Suite("Evaluator")
struct EvaluatorTests {
    static let literalsCases: [EvalCase] = [
        EvalCase("integer", "3", "3"),
        EvalCase("exponent", "3e-4", "0.0003"),
        EvalCase("string", "\"hi\"", "\"hi\""),
        EvalCase("bools", "[true, false]", "[true, false]"),
        EvalCase("none shows nothing", "none", ""),
        EvalCase("list", "[1, 2, [3]]", "[1, 2, [3]]"),
        EvalCase("record", "{lr: 3e-4, wd: 0.1}", "{lr: 0.0003, wd: 0.1}"),
        EvalCase("range", "0..3", "0..3"),
        EvalCase("range from expressions", "n = 2; list(n..n * 3)", "[2, 3, 4, 5]"),
        EvalCase("comment", "1 + 1 # two", "2"),
    ]

    static let assignmentCases: [EvalCase] = [
        EvalCase("assign then read", "x = 4\nx * x", "16"),
        EvalCase("assignment shows nothing", "x = 4", ""),
        EvalCase("destructure list", "a, b = [1, 2]\n[b, a]", "[2, 1]"),
        EvalCase("destructure range", "a, b, c = 0..3\na + b + c", "3"),
        EvalCase("compound +=", "x = 1\nx += 2\nx", "3"),
        EvalCase("compound all", "x = 10\nx -= 1\nx *= 2\nx /= 3\nx", "6"),
        EvalCase("compound string", "s = \"a\"\ns += \"b\"\ns", "\"ab\""),
        EvalCase("compound list element", "xs = [1, 2]\nxs[1] += 10\nxs", "[1, 12]"),
        EvalCase("compound record field", "r = {n: 1}\nr.n += 1\nr", "{n: 2}"),
        EvalCase("swap", "a = 1; b = 2; a, b = [b, a]; [a, b]", "[2, 1]"),
    ]

    static let arithmeticCases: [EvalCase] = [
        EvalCase("precedence", "1 + 2 * 3 ** 2", "19"),
        EvalCase("power right associative", "2 ** 3 ** 2", "512"),
        EvalCase("unary minus", "-2 ** 2", "-4"),
        EvalCase("division", "7 / 2", "3.5"),
        EvalCase("modulo python sign", "[7 % 3, -7 % 3, 7 % -3]", "[1, 2, -2]"),
        EvalCase("divide by zero is inf", "1 / 0", "inf"),
        EvalCase("string concatenation", "\"ab\" + \"cd\"", "\"abcd\""),
        EvalCase("list concatenation", "[1] + [2, 3]", "[1, 2, 3]"),
        EvalCase("tensor plus number", "tensor([1, 2]) + 1", "tensor (2,) float32\n[2., 3.]"),
        EvalCase("number minus tensor", "10 - tensor([1, 2])", "tensor (2,) float32\n[9., 8.]"),
        EvalCase(
            "broadcast row", "tensor([[1, 2], [3, 4]]) * tensor([10, 100])",
            "tensor (2, 2) float32\n[[ 10., 200.],\n [ 30., 400.]]"),
        EvalCase("tensor and list", "tensor([1, 2]) * [3, 4]", "tensor (2,) float32\n[3., 8.]"),
        EvalCase("tensor power", "tensor([1, 2, 3]) ** 2", "tensor (3,) float32\n[1., 4., 9.]"),
        EvalCase("negate tensor", "-tensor([1, -2])", "tensor (2,) float32\n[-1.,  2.]"),
        EvalCase("matmul", "tensor([[1, 2], [3, 4]]) @ tensor([[1], [1]])", "tensor (2, 1) float32\n[[3.],\n [7.]]"),
    ]

    static let comparisonsAndLogicCases: [EvalCase] = [
        EvalCase("number comparison", "[1 < 2, 2 <= 1, 3 > 2, 3 >= 4, 1 == 1, 1 != 1]", "[true, false, true, false, true, false]"),
        EvalCase("string comparison", "[\"a\" < \"b\", \"a\" == \"a\"]", "[true, true]"),
        EvalCase("tensor comparison is a mask", "tensor([1, 5, 3]) > 2", "tensor (3,) float32\n[0., 1., 1.]"),
        EvalCase("value equality", "[[1, 2] == [1, 2], {a: 1} == {a: 2}, none == none, \"1\" == 1]", "[true, false, true, false]"),
        EvalCase("and or not", "[true and false, true or false, not true]", "[false, true, false]"),
        EvalCase("and short-circuits", "false and undefined_name", "false"),
        EvalCase("or short-circuits", "true or undefined_name", "true"),
        EvalCase("numbers as conditions", "[1 and 0, 0 or 2]", "[false, true]"),
        EvalCase("masks combine elementwise", "x = tensor([1, 2, 3, 4])\n(x > 1) and (x < 4)", "tensor (4,) float32\n[0., 1., 1., 0.]"),
        EvalCase("mask or", "x = tensor([1, 2, 3])\n(x < 2) or (x > 2)", "tensor (3,) float32\n[1., 0., 1.]"),
        EvalCase("not mask", "not (tensor([1, 2]) > 1)", "tensor (2,) float32\n[1., 0.]"),
        EvalCase("one-element tensor condition", "if sum(tensor([1, 2])) > 2 { \"big\" } else { \"small\" }", "\"big\""),
    ]

    static let indexingCases: [EvalCase] = [
        EvalCase("list index", "[10, 20, 30][1]", "20"),
        EvalCase("list negative index", "[10, 20, 30][-1]", "30"),
        EvalCase("list slice", "[0, 1, 2, 3, 4][1:3]", "[1, 2]"),
        EvalCase("list slice step", "[0, 1, 2, 3, 4][::2]", "[0, 2, 4]"),
        EvalCase("list reversed", "[0, 1, 2][::-1]", "[2, 1, 0]"),
        EvalCase("string index and slice", "s = \"héllo\"\n[s[1], s[1:3], s[-1]]", "[\"é\", \"él\", \"o\"]"),
        EvalCase("range index", "(5..10)[2]", "7"),
        EvalCase("record by name", "{a: 1, b: 2}[\"b\"]", "2"),
        EvalCase("record field", "r = {a: 1, b: {c: 3}}\nr.b.c", "3"),
        EvalCase("tensor row", "x = tensor([[1, 2, 3], [4, 5, 6]])\nx[1]", "tensor (3,) float32\n[4., 5., 6.]"),
        EvalCase("tensor element", "x = tensor([[1, 2, 3], [4, 5, 6]])\nx[1, 2]", "tensor () float32\n6."),
        EvalCase("tensor column slice", "x = tensor([[1, 2, 3], [4, 5, 6]])\nx[:, 1:3]", "tensor (2, 2) float32\n[[2., 3.],\n [5., 6.]]"),
        EvalCase("tensor negative", "tensor([1, 2, 3])[-1]", "tensor () float32\n3."),
        EvalCase("tensor step", "arange(6)[::2]", "tensor (3,) float32\n[0., 2., 4.]"),
        EvalCase("tensor index list", "tensor([10, 20, 30])[[2, 0]]", "tensor (2,) float32\n[30., 10.]"),
        EvalCase(
            "tensor index list on axis 1", "x = tensor([[1, 2, 3], [4, 5, 6]])\nx[:, [2, 0]]",
            "tensor (2, 2) float32\n[[3., 1.],\n [6., 4.]]"),
        EvalCase("tensor mask", "x = tensor([1, -2, 3, -4])\nx[x > 0]", "tensor (2,) float32\n[1., 3.]"),
        EvalCase("tensor bool list mask", "tensor([1, 2, 3])[[true, false, true]]", "tensor (2,) float32\n[1., 3.]"),
        EvalCase("row mask", "x = tensor([[1, 2], [3, 4], [5, 6]])\nx[x[:, 0] > 2]", "tensor (2, 2) float32\n[[3., 4.],\n [5., 6.]]"),
    ]

    static let indexWritingCases: [EvalCase] = [
        EvalCase("list element", "xs = [1, 2, 3]\nxs[0] = 9\nxs", "[9, 2, 3]"),
        EvalCase("list negative element", "xs = [1, 2, 3]\nxs[-1] = 9\nxs", "[1, 2, 9]"),
        EvalCase("list slice replaced", "xs = [1, 2, 3, 4]\nxs[1:3] = [0]\nxs", "[1, 0, 4]"),
        EvalCase("nested list", "xs = [[1, 2], [3, 4]]\nxs[1][0] = 9\nxs", "[[1, 2], [9, 4]]"),
        EvalCase("copies are independent", "a = [1, 2]\nb = a\nb[0] = 9\n[a, b]", "[[1, 2], [9, 2]]"),
        EvalCase("record field set", "r = {a: 1}\nr.a = 2\nr.b = 3\nr", "{a: 2, b: 3}"),
        EvalCase("record by name set", "r = {a: 1}\nr[\"a\"] = 5\nr", "{a: 5}"),
        EvalCase("tensor element", "x = zeros([2, 2])\nx[0, 1] = 5\nx", "tensor (2, 2) float32\n[[0., 5.],\n [0., 0.]]"),
        EvalCase("tensor row broadcast", "x = zeros([2, 3])\nx[1] = 7\nx", "tensor (2, 3) float32\n[[0., 0., 0.],\n [7., 7., 7.]]"),
        EvalCase("tensor slice from list", "x = zeros([4])\nx[1:3] = [1, 2]\nx", "tensor (4,) float32\n[0., 1., 2., 0.]"),
        EvalCase("tensor mask write", "x = tensor([1, -2, 3, -4])\nx[x < 0] = 0\nx", "tensor (4,) float32\n[1., 0., 3., 0.]"),
        EvalCase("tensor index list write", "x = zeros([4])\nx[[0, 3]] = [1, 2]\nx", "tensor (4,) float32\n[1., 0., 0., 2.]"),
        EvalCase("tensor copy on write", "a = zeros([2])\nb = a\nb[0] = 1\n[sum(a), sum(b)]", "[0, 1]"),
        EvalCase("tensor in record", "r = {w: zeros([2])}\nr.w[1] = 3\nr.w", "tensor (2,) float32\n[0., 3.]"),
        EvalCase("compound tensor element", "x = ones([2])\nx[0] += 1\nx", "tensor (2,) float32\n[2., 1.]"),
    ]

    static let callsCases: [EvalCase] = [
        EvalCase("positional", "len([1, 2, 3])", "3"),
        EvalCase("named", "full([2], value: 3)", "tensor (2,) float32\n[3., 3.]"),
        EvalCase("method syntax", "tensor([[1, 2], [3, 4]]).sum(axis: 0)", "tensor (2,) float32\n[4., 6.]"),
        EvalCase("method without parentheses", "tensor([[1, 2, 3]]).shape", "[1, 3]"),
        EvalCase("method on record field", "r = {f: x -> x + 1}\nr.f(1)", "2"),
        EvalCase("method falls back to function", "r = {a: 1}\nr.len()", "1"),
        EvalCase("user function as method", "fn twice(x) = x * 2\n3.twice()", "6"),
        EvalCase("pipe", "fn add(a, b) = a + b\n1 |> add(2)", "3"),
        EvalCase("pipe chain", "[3, 1, 2] |> sorted() |> len()", "3"),
        EvalCase("call a model", "seed(0)\nm = seq(linear(2, 3), relu())\nshape(m(ones([4, 2])))", "[4, 3]"),
    ]

    static let functionsCases: [EvalCase] = [
        EvalCase("fn expression form", "fn sq(x) = x * x\nsq(5)", "25"),
        EvalCase("fn block form", "fn f(x) {\n  y = x + 1\n  y * 2\n}\nf(3)", "8"),
        EvalCase("fn shows nothing", "fn f(x) = x", ""),
        EvalCase("lambda", "f = x -> x * 2\nf(4)", "8"),
        EvalCase("lambda two parameters", "f = (a, b) -> a + b\nf(1, 2)", "3"),
        EvalCase("lambda no parameters", "f = () -> 42\nf()", "42"),
        EvalCase("defaults", "fn f(a, b: 10) = a + b\n[f(1), f(1, 2), f(1, b: 5)]", "[11, 3, 6]"),
        EvalCase("default uses earlier parameter", "fn f(a, b: a * 2) = a + b\nf(3)", "9"),
        EvalCase("named arguments any order", "fn f(a, b) = a - b\nf(b: 1, a: 10)", "9"),
        EvalCase("recursion", "fn fib(n) = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\nfib(15)", "610"),
        EvalCase("closure captures", "fn adder(n) = x -> x + n\nadd3 = adder(3)\nadd3(4)", "7"),
        EvalCase("closure sees later changes", "fn make() {\n  n = 1\n  get = () -> n\n  n = 5\n  get\n}\nmake()()", "5"),
        EvalCase("closures share state", "fn counter() {\n  n = 0\n  () -> { n += 1; n }\n}\nc = counter()\nc(); c(); c()", "3"),
        EvalCase("nested closures", "fn a(x) = y -> z -> x + y + z\na(1)(2)(3)", "6"),
        EvalCase("globals read late", "fn f() = later * 2\nlater = 21\nf()", "42"),
        EvalCase("assignment in function is local", "x = 1\nfn f() { x = 2; x }\n[f(), x]", "[2, 1]"),
        EvalCase("local recursion", "fn outer(n) {\n  fn go(k) = if k == 0 { 0 } else { k + go(k - 1) }\n  go(n)\n}\nouter(4)", "10"),
        EvalCase("functions as arguments", "map([1, 2, 3], x -> x * 10)", "[10, 20, 30]"),
        EvalCase("filter with lambda", "filter(0..6, x -> x % 2 == 0)", "[0, 2, 4]"),
        EvalCase("return early", "fn f(x) {\n  if x > 0 { return \"pos\" }\n  \"non-pos\"\n}\n[f(1), f(-1)]", "[\"pos\", \"non-pos\"]"),
        EvalCase("return nothing", "fn f() { return }\nf() == none", "true"),
        EvalCase("return from loop", "fn first(xs) {\n  for x in xs { if x > 2 { return x } }\n  none\n}\nfirst([1, 5, 7])", "5"),
    ]

    static let controlCases: [EvalCase] = [
        EvalCase("if else", "if 1 < 2 { \"yes\" } else { \"no\" }", "\"yes\""),
        EvalCase("if without else", "if false { 1 }", ""),
        EvalCase("else if", "x = 5\nif x < 3 { \"a\" } else if x < 6 { \"b\" } else { \"c\" }", "\"b\""),
        EvalCase("if as value", "y = if true { 10 } else { 20 }\ny + 1", "11"),
        EvalCase("for range", "s = 0\nfor i in 0..5 { s += i }\ns", "10"),
        EvalCase("for list", "s = \"\"\nfor w in [\"a\", \"b\"] { s += w }\ns", "\"ab\""),
        EvalCase("for tensor rows", "n = 0\nfor row in ones([3, 2]) { n += item(sum(row)) }\nn", "6"),
        EvalCase("for string", "n = 0\nfor c in \"abc\" { n += 1 }\nn", "3"),
        EvalCase("for destructuring", "s = 0\nfor a, b in [[1, 2], [3, 4]] { s += a * b }\ns", "14"),
        EvalCase("loop variable stays", "for i in 0..3 { }\ni", "2"),
        EvalCase("while", "n = 0\nwhile n < 5 { n += 2 }\nn", "6"),
        EvalCase("break", "n = 0\nwhile true { n += 1; if n == 4 { break } }\nn", "4"),
        EvalCase("continue", "s = 0\nfor i in 0..10 { if i % 2 == 1 { continue }; s += i }\ns", "20"),
        EvalCase("nested break", "c = 0\nfor i in 0..3 { for j in 0..3 { if j == 1 { break }; c += 1 } }\nc", "3"),
        EvalCase("loops show nothing", "for i in 0..3 { i }", ""),
        EvalCase("block value", "x = { a = 1; a + 1 }\nx", "2"),
        EvalCase("blocks share the scope", "if true { inner = 5 }\ninner", "5"),
    ]

    static let hidingCases: [EvalCase] = [
        EvalCase("semicolon hides", "1 + 1;", ""),
        EvalCase("semicolon between", "1; 2", "2"),
        EvalCase("print output", "print(\"x\")", ""),
    ]

    @Test(arguments: literalsCases) func literals(_ c: EvalCase) { #expect(evalCell(c.source) == c.expected) }
    @Test(arguments: assignmentCases) func assignment(_ c: EvalCase) { #expect(evalCell(c.source) == c.expected) }
    @Test(arguments: arithmeticCases) func arithmetic(_ c: EvalCase) { #expect(evalCell(c.source) == c.expected) }
    @Test(arguments: comparisonsAndLogicCases) func comparisonsAndLogic(_ c: EvalCase) { #expect(evalCell(c.source) == c.expected) }
    @Test(arguments: indexingCases) func indexing(_ c: EvalCase) { #expect(evalCell(c.source) == c.expected) }
    @Test(arguments: indexWritingCases) func indexWriting(_ c: EvalCase) { #expect(evalCell(c.source) == c.expected) }
    @Test(arguments: callsCases) func calls(_ c: EvalCase) { #expect(evalCell(c.source) == c.expected) }
    @Test(arguments: functionsCases) func functions(_ c: EvalCase) { #expect(evalCell(c.source) == c.expected) }
    @Test(arguments: controlCases) func control(_ c: EvalCase) { #expect(evalCell(c.source) == c.expected) }
    @Test(arguments: hidingCases) func hiding(_ c: EvalCase) { #expect(evalCell(c.source) == c.expected) }

    @Test func printWritesToTheHost() {
        let session = EvalSession()
        #expect(session.run("for i in 0..3 { print(i) }") == "")
        #expect(session.host.output == "0\n1\n2\n")
    }

    @Test func underscoreIsTheLastShownValue() {
        let s = EvalSession()
        #expect(s.run("6 * 7") == "42")
        #expect(s.run("_ + 1") == "43")
        #expect(s.run("x = 1") == "")
        #expect(s.run("100;") == "")
        #expect(s.run("_") == "43")
    }

    @Test func cellValuesByNumber() {
        let s = EvalSession()
        #expect(s.run("10") == "10")  // cell 1
        #expect(s.run("y = 2") == "")  // cell 2: shows nothing
        #expect(s.run("oops(").hasPrefix("error:"))  // cell 3: every run takes a number
        #expect(s.run("20") == "20")  // cell 4
        #expect(s.run("_1 + _4") == "30")
        #expect(s.interpreter.nextCellNumber == 6)
        #expect(s.run("_2").hasPrefix("error: _2: cell 2 showed no value"))
        #expect(s.run("_99").hasPrefix("error: _99: there is no cell 99 yet"))
    }

    @Test func variablesSurviveAnError() {
        let s = EvalSession()
        #expect(s.run("a = 1; b = nope; c = 3").hasPrefix("error:"))
        #expect(s.run("a") == "1")
        #expect(s.run("c").hasPrefix("error: 'c' is not defined"))
    }

    @Test func globalsListOnlyUserVariables() {
        let s = EvalSession()
        s.run("x = 1; fn f() = 2; 5")
        let names = s.interpreter.globals.map(\.name)
        #expect(names == ["x", "f"])
        s.run("len = 3")
        #expect(s.interpreter.globals.map(\.name).contains("len"))
    }
}
