import Engine
import Foundation
import Testing

@testable import Lang

/// Runs cells in one interpreter and describes what each shows: the formatted value, ""
/// for nothing shown, or the rendered error (no colour).
final class EvalSession {
    let host = RecordingHost()
    let interpreter: Interpreter

    /// - Parameter builtins: extra builtins handed in as an embedder would.
    init(seed: UInt64 = 0, builtins: [Builtin] = []) {
        interpreter = Interpreter(host: host, seed: seed, builtins: builtins)
    }

    @discardableResult
    func run(_ text: String) -> String {
        let cell = interpreter.nextCellNumber
        do {
            guard let value = try interpreter.run(Source(name: "cell \(cell)", text: text)) else { return "" }
            return ValueFormatter.format(value)
        } catch let error as SproutError {
            return DiagnosticRenderer.render(error)
        } catch {
            return "unexpected error: \(error)"
        }
    }
}

/// Runs `text` as cell 1 of `interpreter` while a `Stopper` asks it to stop after 0.2 s
/// (and every 2 s after); gives the error it ended with and how many requests that took.
func runUntilStopped(_ interpreter: Interpreter, _ cancellation: Cancellation, _ text: String) -> (RuntimeError?, requests: Int) {
    let stopper = Stopper(cancellation, after: 0.2, every: 2)
    var caught: RuntimeError?
    do {
        _ = try interpreter.run(Source(name: "cell 1", text: text))
    } catch let error as RuntimeError {
        caught = error
    } catch {}
    stopper.finish()
    return (caught, stopper.requests)
}

/// One cell's outcome in a fresh session.
func evalCell(_ text: String) -> String {
    EvalSession().run(text)
}

/// The first line of a rendered error: `error: message`.
func evalError(_ text: String) -> String {
    String(evalCell(text).split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
}

/// A table row: an id, the source and what it should show.
struct EvalCase: CustomTestStringConvertible, Sendable {
    let id: String
    let source: String
    let expected: String
    init(_ id: String, _ source: String, _ expected: String) {
        self.id = id
        self.source = source
        self.expected = expected
    }
    var testDescription: String { id }
}

/// Ctrl-C from another thread: requests cancellation after `delay`, then again every
/// `interval` until `finish()`. Repeating means a request the evaluator misses, or a
/// second runaway cell, ends in a failed expectation (see `requests`) rather than a test
/// that never returns.
final class Stopper: @unchecked Sendable {
    private let lock = NSLock()
    private var finished = false
    private var made = 0

    init(_ cancellation: Cancellation, after delay: TimeInterval, every interval: TimeInterval) {
        Thread { [self] in
            var next = Date().addingTimeInterval(delay)
            while !lock.withLock({ finished }) {
                if Date() >= next {
                    cancellation.request()
                    lock.withLock { made += 1 }
                    next = Date().addingTimeInterval(interval)
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
        }.start()
    }

    /// How many times it has requested a stop.
    var requests: Int { lock.withLock { made } }

    /// Stops requesting; the thread ends within 10 ms.
    func finish() { lock.withLock { finished = true } }
}
