import Foundation
import Lang
import Synchronization

/// Ctrl-C for the interactive shell.
///
/// A `sigaction` SIGINT handler installed without `SA_RESTART`, so a blocking `read`
/// (libedit's, at the prompt) fails with EINTR and `readline` returns NULL. The handler
/// only stores into atomics: it sets `pressed` (read by the line reader to tell Ctrl-C
/// from Ctrl-D) and asks the session's `Cancellation` to stop the running cell (the
/// interpreter checks it every few hundred calls and loop iterations, then reports
/// "stopped (Ctrl-C)" and keeps every variable). A DispatchSource would not do: libedit
/// saves and restores the SIGINT disposition around `readline`.
enum Interrupts {
    /// Whether Ctrl-C was pressed since the last `clear()`.
    static var wasPressed: Bool { pressed.load(ordering: .relaxed) }

    /// Forgets an earlier Ctrl-C (before reading a line).
    static func clear() { pressed.store(false, ordering: .relaxed) }

    /// Installs the handler; Ctrl-C from now on requests `cancellation`. Also ignores
    /// SIGPIPE, so a closed pipe (`sprout | head`) gives a write error, not a silent death.
    /// Call once: the cancellation is kept for the rest of the process.
    static func install(cancellation: Cancellation) {
        let pointer = Unmanaged.passRetained(cancellation).toOpaque()
        target.store(UInt(bitPattern: pointer), ordering: .releasing)
        #if os(Linux)
        readingThread.store(UInt(pthread_self()), ordering: .releasing)
        #endif
        var action = sigaction()
        #if os(Linux)
        action.__sigaction_handler.sa_handler = handleInterrupt
        #else
        action.__sigaction_u.__sa_handler = handleInterrupt
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: interrupt the blocking read at the prompt
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked (a thread pool's signal mask
        // is inherited through exec): unblock it, or Ctrl-C would never arrive.
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        signal(SIGPIPE, SIG_IGN)
    }
}

/// Set by the handler.
private let pressed = Atomic<Bool>(false)
/// The bits of an `Unmanaged<Cancellation>` pointer (retained forever), 0 until installed.
private let target = Atomic<UInt>(0)

#if os(Linux)
/// The thread that installed the handler: the one that reads lines with libedit. A
/// process-directed SIGINT may land on any thread that does not block it (the evaluation
/// thread, OpenBLAS's workers); only on this one does it interrupt `readline`.
private let readingThread = Atomic<UInt>(0)
#endif

/// The signal handler: stores into atomics only, and hands a signal that landed on
/// another thread to the reading one (`pthread_kill` is async-signal-safe), so Ctrl-C at
/// the prompt always clears the line.
private func handleInterrupt(_ signal: Int32) {
    #if os(Linux)
    let reader = readingThread.load(ordering: .acquiring)
    if reader != 0 && pthread_equal(pthread_self(), pthread_t(reader)) == 0 {
        pthread_kill(pthread_t(reader), signal)
        return
    }
    #endif
    pressed.store(true, ordering: .relaxed)
    let bits = target.load(ordering: .acquiring)
    guard let pointer = UnsafeRawPointer(bitPattern: bits) else { return }
    Unmanaged<Cancellation>.fromOpaque(pointer)._withUnsafeGuaranteedRef { $0.request() }
}
