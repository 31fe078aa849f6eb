/// Help on the language's syntax, one screen per construct: what `?for`, `?if`, `?fn`,
/// `?while`, `?f"`, `?[` and `:help language` (or `help("for")`) show.
///
/// Each topic's example is written as a help example (see `HelpExample`) and run by the
/// tests, so what a screen shows is what Sprout does.
public struct SyntaxTopic: Sendable {
    /// The names that find it: `for`, `f"`, `comprehension`, …; the first is its title.
    public let names: [String]
    /// How it is written and what it does, a few lines.
    public let text: String
    /// Runnable lines, with the results they show.
    public let example: String

    /// The screen: the text, then the example under `example:`.
    public var rendered: String {
        text + "\nexample:\n  " + HelpExample.rendered(example, indent: "  ")
    }
}

public enum SyntaxHelp {
    /// The topic a name finds (`for`, `?f"`'s `f"`, `[`), if any.
    public static func topic(named name: String) -> SyntaxTopic? {
        topics.first { $0.names.contains(name) }
    }

    public static let topics: [SyntaxTopic] = [
        SyntaxTopic(
            names: ["language", "syntax"],
            text: """
                The language, one screen per construct (?NAME or :help NAME):
                  ?if     if c { a } else { b }, an expression
                  ?for    for x in items { … }, break, continue
                  ?while  while c { … }
                  ?fn     fn f(x, lr: 0.1) = …, lambdas x -> x * 2, return
                  ?f"     f-strings: f"loss {loss:.4f}"
                  ?[      list comprehensions: [x * x for x in xs if x > 0]
                Values: numbers, strings, true/false/none, lists [1, 2], records {lr: 3e-4},
                ranges 0..10 (end excluded), tensors, models. Arithmetic broadcasts as NumPy;
                @ is the matrix product (batched); x.T transposes a matrix, x.mT the last
                two axes; // and % floor-divide as Python does; and, or, not on true/false.
                x.f(a) is f(x, a); x |> f(a) is f(x, a) too. Names are assigned with =.
                state(m) is a record of a model's weights by name ("0.weight"), and
                load_state(m, s) sets them all, checked first, as PyTorch's state dicts.
                A trailing ; hides a cell's value; _ is the last value shown, _N cell N's.
                help() lists every function by topic; ?name shows one.
                """,
            example: """
                x = tensor([[1, 2], [3, 4]])
                x.sum().item()   # 10
                x |> sum(axis: 0) |> list   # [4, 6]
                list(x.T[0])   # [1, 3]
                f"{x.mean():.2f} of {[i * i for i in 0..4]}"   # "2.50 of [0, 1, 4, 9]"
                m = mlp([2, 3, 1])
                shape(state(m)["0.weight"])   # [3, 2]
                """),
        SyntaxTopic(
            names: ["if", "else"],
            text: """
                if CONDITION { A } else if OTHER { B } else { C }
                  if is an expression: its value is the value of the branch taken, none when
                  no branch is (an if without else). The condition must be true or false.
                  Combine conditions with and, or, not; compare with == != < <= > >=.
                  At the prompt, after a multi-line if's closing }, the next line may start
                  with else; an empty line ends the if.
                """,
            example: """
                x = -2
                sign = if x < 0 { -1 } else { 1 }
                sign   # -1
                if x < 0 and x > -5 { "small" } else { "other" }   # "small"
                """),
        SyntaxTopic(
            names: ["for", "break", "continue"],
            text: """
                for NAME in ITEMS { BODY }
                  Runs BODY once for each item of a list or range, the item named NAME.
                  0..n and range(n) count 0 to n-1. break leaves the loop; continue goes on
                  to the next item. A loop shows no value: print inside it, or collect with
                  append (lists are values: xs = append(xs, v)).
                """,
            example: """
                total = 0
                for i in 1..5 { total = total + i }
                total   # 10
                for name in ["a", "b"] { print(name) }
                # a
                # b
                """),
        SyntaxTopic(
            names: ["while"],
            text: """
                while CONDITION { BODY }
                  Runs BODY as long as CONDITION (true or false) holds, checked before each
                  round. break and continue work as in for. Ctrl-C stops a loop that runs
                  too long and keeps every variable.
                """,
            example: """
                n = 1
                while n < 100 { n = n * 2 }
                n   # 128
                """),
        SyntaxTopic(
            names: ["fn", "return", "->", "lambda"],
            text: """
                fn NAME(PARAMETERS) = EXPRESSION
                fn NAME(PARAMETERS) { STATEMENTS }
                  The block's last value is the result; return v leaves early.
                  A parameter may have a default (lr: 0.1); a call may give any argument by
                  name (f(x, lr: 0.5)). Functions are values: pass them, keep them in lists.
                  x -> x * 2, (a, b) -> a + b and () -> m(x) are lambdas.
                  The # comment lines directly above a fn are its help: ?NAME shows them.
                """,
            example: """
                fn scale(x, by: 2) = x * by
                scale(5)   # 10
                scale(5, by: 3)   # 15
                map([1, 2, 3], x -> x * x)   # [1, 4, 9]
                """),
        SyntaxTopic(
            names: ["f\"", "f-string", "f-strings", "fstring"],
            text: """
                f"TEXT {EXPRESSION} TEXT {EXPRESSION:SPEC}"
                  An f-string, as Python's: each {EXPRESSION} is replaced by the text of its
                  value. After a colon, a Python format spec: .4f four decimals, .2e
                  scientific, 5d a whole number in 5 columns, >8 right-aligned in 8, .1%
                  a percentage. {{ and }} are literal braces.
                """,
            example: """
                loss = 0.123456
                f"loss {loss:.4f}"   # "loss 0.1235"
                f"{3:>4d}|{0.5:.1%}"   # "   3|50.0%"
                """),
        SyntaxTopic(
            names: ["[", "comprehension", "comprehensions"],
            text: """
                [EXPRESSION for NAME in ITEMS]
                [EXPRESSION for NAME in ITEMS if CONDITION]
                  A list comprehension, as Python's: a new list of EXPRESSION for each item
                  of a list or range, keeping only the items for which CONDITION is true.
                  The same as map(items, x -> …) and filter(items, x -> …), in one line.
                """,
            example: """
                [x * x for x in 0..5]   # [0, 1, 4, 9, 16]
                [i for i in 0..10 if i % 3 == 0]   # [0, 3, 6, 9]
                """),
    ]
}
