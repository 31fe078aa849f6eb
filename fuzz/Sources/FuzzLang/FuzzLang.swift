// libFuzzer harness for Sprout's language (Sources/Lang): bytes -> UTF-8 (lossy) ->
// Parser.parse -> a fresh Interpreter with a RecordingHost -> run. Every error is
// rendered with DiagnosticRenderer, and shown values with ValueFormatter, to exercise
// those paths too. Built and run by fuzz/run.sh (not part of the root package).
//
// Not main.swift: libFuzzer provides `main`, so this file is compiled with
// -parse-as-library.
import Dispatch
import Foundation
import Lang
import Synchronization

/// Inputs longer than this are skipped: keeps each execution cheap.
private let maxInputBytes = 2048
/// Per-input time budget; after it the watchdog asks the interpreter to stop.
private let budget: DispatchTimeInterval = .milliseconds(50)

/// The prelude (stdlib/prelude.sprout and friends), read once; run in every fresh
/// interpreter so stdlib functions (adam, mse, …) are reachable. SPROUT_STDLIB names the
/// folder (run.sh sets it); without it the fuzzer runs builtins only.
private let preludeSources: [Source] = {
    guard let directory = ProcessInfo.processInfo.environment["SPROUT_STDLIB"],
          let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
    return files.filter { $0.hasSuffix(".sprout") }.sorted().compactMap { file in
        guard let data = FileManager.default.contents(atPath: directory + "/" + file) else { return nil }
        return Source(name: "stdlib/" + file, text: String(decoding: data, as: UTF8.self))
    }
}()

private let watchdogQueue = DispatchQueue(label: "fuzz.watchdog")
/// Which input is running; a late timer for an earlier input does nothing.
private let generation = Atomic<UInt64>(0)
private let cancellation = Cancellation()
/// FUZZ_VERBOSE=1: print each error and shown value (for reproducing a crash file or
/// checking the seeds: `FUZZ_VERBOSE=1 .build-fuzz/fuzz-lang fuzz/corpus/*`).
private let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] != nil

/// Renders any error, the way the shell would; the result is discarded.
@inline(never)
private func exercise(_ error: Error) {
    let text: String
    if let error = error as? SproutError {
        text = DiagnosticRenderer.render(error)
        _ = DiagnosticRenderer.render(error, colour: true)
    } else {
        text = String(describing: error)
    }
    if verbose { print(text) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size <= maxInputBytes else { return -1 }   // -1: do not add to the corpus
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let source = Source(name: "fuzz", text: text)

    // Parse first, as the shell does: `.incomplete` is an answer, not an error.
    switch Result(catching: { try Parser.parse(source) }) {
    case .failure(let error):
        exercise(error)
        return 0
    case .success(.incomplete):
        return 0
    case .success(.complete):
        break
    }

    let host = RecordingHost()
    cancellation.reset()
    let interpreter = Interpreter(host: host, seed: 0, cancellation: cancellation)
    for prelude in preludeSources {
        do { _ = try interpreter.run(prelude) } catch { exercise(error) }
    }

    let mine = generation.add(1, ordering: .relaxed).newValue
    let timer = DispatchSource.makeTimerSource(queue: watchdogQueue)
    timer.schedule(deadline: .now() + budget)
    timer.setEventHandler {
        if generation.load(ordering: .relaxed) == mine { cancellation.request() }
    }
    timer.resume()
    defer {
        generation.add(1, ordering: .relaxed)
        timer.cancel()
        cancellation.reset()
    }

    do {
        if let value = try interpreter.run(source) {
            let shown = ValueFormatter.format(value)
            if verbose { print(shown) }
        }
        if verbose { print(host.output, terminator: "") }
    } catch {
        exercise(error)
    }
    // A second cell on the same interpreter: `_`, `_1` and globals after the first.
    do {
        if let value = try interpreter.run(Source(name: "cell 2", text: "_")) {
            _ = ValueFormatter.format(value)
        }
    } catch {
        exercise(error)
    }
    return 0
}
