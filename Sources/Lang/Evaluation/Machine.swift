import Engine

/// How evaluation leaves a node other than by returning a value. Nodes throw this typed
/// error (no boxing, no allocation) so `break`, `continue` and `return` cost no more than
/// a function return; `.error` carries a user-facing failure in a box to keep the enum
/// small.
enum Unwind: Error, @unchecked Sendable {
    case error(ErrorBox)
    case breakLoop
    case continueLoop
    case returned(Value)

    static func failure(_ error: RuntimeError) -> Unwind { .error(ErrorBox(error)) }

    static func failure(_ kind: RuntimeError.Kind, _ range: SourceRange, _ source: Source) -> Unwind {
        .error(ErrorBox(RuntimeError(kind, range: range, source: source)))
    }
}

/// A runtime error on its way up; a frame is pushed as it leaves each Sprout function.
/// Only the evaluating thread touches it.
///
/// Deep recursion would give a note per call, so the stack is kept short: a call
/// repeated from the same place (direct recursion) becomes one frame with a count, and
/// past `maximumFrames` distinct frames only the outermost call is kept, with how many
/// were left out.
final class ErrorBox: @unchecked Sendable {
    var error: RuntimeError
    private var frames: [(frame: RuntimeError.Frame, count: Int)] = []
    private var outermost: RuntimeError.Frame?
    private var omitted = 0
    static let maximumFrames = 24

    init(_ error: RuntimeError) { self.error = error }

    func push(_ frame: RuntimeError.Frame) {
        if outermost == nil, let last = frames.last, last.frame.function == frame.function,
            last.frame.source === frame.source, last.frame.range == frame.range
        {
            frames[frames.count - 1].count += 1
        } else if frames.count < ErrorBox.maximumFrames {
            frames.append((frame, 1))
        } else {
            if outermost != nil { omitted += 1 }
            outermost = frame
        }
    }

    /// The error with its stack written out.
    var finished: RuntimeError {
        var e = error
        for (frame, count) in frames {
            var f = frame
            if count > 1 { f.function += " (\(count) times)" }
            e.stack.append(f)
        }
        if var last = outermost {
            if omitted > 0 { last.function += " (after \(omitted) more calls)" }
            e.stack.append(last)
        }
        return e
    }
}

/// A variable that a nested function captures: the enclosing call and every closure made
/// in it share one box, so a closure sees later assignments (as in Python). `nil` means
/// not yet assigned.
final class Box {
    var value: Value?
    init(_ value: Value? = nil) { self.value = value }

    /// A function, list or record may lead on to more boxes: it is freed through
    /// `DeferredRelease`, so a long chain of closures does not free recursively.
    deinit {
        guard DeferredRelease.mayChain(value), let held = value.take() else { return }
        // Moved, not copied: this frame must not keep a reference past the release.
        DeferredRelease.release(consume held)
    }
}

/// The boxes of a frame's captured locals, or of a closure's captures.
final class BoxArray {
    let boxes: ContiguousArray<Box>
    init(_ boxes: ContiguousArray<Box>) { self.boxes = boxes }
    init(count: Int) {
        var made = ContiguousArray<Box>()
        made.reserveCapacity(count)
        for _ in 0..<count { made.append(Box()) }
        boxes = made
    }
}

/// What the hot paths of evaluation touch, behind a plain pointer: reaching it costs no
/// reference counting and no exclusivity check, unlike a class's stored properties.
struct MachineState {
    /// Sprout function calls in progress.
    var depth = 0
    /// Counts calls and loop iterations; every `cancellationInterval` ticks the stop flag
    /// is read.
    var ticks = 0
    /// The global variables' storage (moved by `GlobalTable` when it grows).
    var globals: UnsafeMutablePointer<Value?>
    /// The value stack frames take their slots from: the next free slot, the end of the
    /// part initialized so far (every slot below it holds a value or nil), and the end.
    var stackTop: UnsafeMutablePointer<Value?>
    var stackInitialized: UnsafeMutablePointer<Value?>
    let stackEnd: UnsafeMutablePointer<Value?>
}

/// One activation of compiled code: a cell's top level or a call of a Sprout function.
/// Uncaptured locals live in `slots`, a window of the machine's value stack (so a call
/// allocates nothing for them), parameters first; captured locals live in `boxes`;
/// `captures` are the boxes of enclosing functions that the running closure closed over.
struct Frame {
    let state: UnsafeMutablePointer<MachineState>
    /// For the slow paths (calls of builtins, errors). Unmanaged: the interpreter owns the
    /// machine and outlives every frame, and copying a plain pointer into each new frame
    /// costs nothing (an `unowned(unsafe)` reference is retained whenever it is passed on).
    let machineReference: Unmanaged<Machine>
    /// The text the running code came from, for error ranges; the running code holds it.
    let sourceReference: Unmanaged<Source>
    let slots: UnsafeMutablePointer<Value?>
    let slotCount: Int
    /// Owned by the frame (retained when made, released by `pop()`); nil when the code
    /// has no captured locals. Unmanaged, so a frame without boxes costs no reference
    /// counting at all.
    let boxes: Unmanaged<BoxArray>?
    /// The running closure's captures, which the closure keeps alive.
    let captures: Unmanaged<BoxArray>?

    /// Pushes `slotCount` unassigned slots on the value stack; every frame made this way
    /// must be ended with `pop()`, in reverse order of creation.
    @inline(__always)
    init(
        machine: Unmanaged<Machine>, state: UnsafeMutablePointer<MachineState>, source: Unmanaged<Source>,
        slotCount: Int, boxCount: Int, captures: Unmanaged<BoxArray>?
    ) throws(Unwind) {
        self.state = state
        machineReference = machine
        sourceReference = source
        let base = state.pointee.stackTop
        guard slotCount <= state.pointee.stackEnd - base else { throw Frame.stackFull() }
        if base + slotCount > state.pointee.stackInitialized {
            let from = state.pointee.stackInitialized
            from.initialize(repeating: nil, count: base + slotCount - from)
            state.pointee.stackInitialized = base + slotCount
        }
        state.pointee.stackTop = base + slotCount
        slots = base
        self.slotCount = slotCount
        boxes = boxCount > 0 ? Unmanaged.passRetained(BoxArray(count: boxCount)) : nil
        self.captures = captures
    }

    var machine: Machine { machineReference.takeUnretainedValue() }
    var source: Source { sourceReference.takeUnretainedValue() }

    /// Releases this frame's slots (leaving them nil for the next frame).
    @inline(__always)
    func pop() {
        var i = 0
        while i < slotCount {
            slots[i] = nil
            i += 1
        }
        state.pointee.stackTop = slots
        boxes?.release()
    }

    /// The box of captured local `i`.
    @inline(__always)
    func box(_ i: Int) -> Box? {
        boxes?._withUnsafeGuaranteedRef { $0.boxes[i] }
    }

    /// The box of capture `i`.
    @inline(__always)
    func capture(_ i: Int) -> Box? {
        captures?._withUnsafeGuaranteedRef { $0.boxes[i] }
    }

    private static func stackFull() -> Unwind {
        .failure(RuntimeError(.other("too much recursion: the nested calls have more local variables than fit (\(Machine.stackCapacity))")))
    }
}

/// The global variables: builtins, stdlib functions, and everything assigned at a cell's
/// top level. Compiled code refers to a global by its index, fixed when the name is first
/// compiled, so a global read is an array access rather than a dictionary lookup. A slot
/// is `nil` until the name is assigned.
final class GlobalTable {
    private(set) var names: [String] = []
    private var indices: [String: Int] = [:]
    private var storage: UnsafeMutablePointer<Value?>
    private var capacity: Int
    /// Told where the storage is whenever it moves.
    private let state: UnsafeMutablePointer<MachineState>

    init(state: UnsafeMutablePointer<MachineState>) {
        capacity = 256
        storage = .allocate(capacity: capacity)
        storage.initialize(repeating: nil, count: capacity)
        self.state = state
        state.pointee.globals = storage
    }

    deinit {
        storage.deinitialize(count: capacity)
        storage.deallocate()
    }

    /// The index of a name, created (unassigned) on first use.
    func index(of name: String) -> Int {
        if let i = indices[name] { return i }
        let i = names.count
        if i == capacity { grow() }
        names.append(name)
        indices[name] = i
        return i
    }

    private func grow() {
        let bigger = capacity * 2
        let fresh = UnsafeMutablePointer<Value?>.allocate(capacity: bigger)
        fresh.moveInitialize(from: storage, count: capacity)
        (fresh + capacity).initialize(repeating: nil, count: bigger - capacity)
        storage.deallocate()
        storage = fresh
        capacity = bigger
        state.pointee.globals = fresh
    }

    /// Indices always come from `index(of:)`, so they are in bounds.
    subscript(i: Int) -> Value? {
        get { storage[i] }
        set { storage[i] = newValue }
    }

    func value(named name: String) -> Value? {
        indices[name].flatMap { storage[$0] }
    }

    /// Every assigned global, in the order the names were first seen.
    var assigned: [(name: String, value: Value)] {
        names.enumerated().compactMap { i, name in storage[i].map { (name, $0) } }
    }

    /// Drops every value: closures stored here hold code that holds this table, so an
    /// interpreter clears it when it goes away to break the cycle.
    func removeAllValues() {
        for i in 0..<names.count { storage[i] = nil }
    }
}

/// The evaluator's shared state for one interpreter: globals, the runtime builtins see,
/// the value stack and the call site of the builtin currently running (so a Sprout
/// function it calls back can name where it was called from).
final class Machine {
    let state: UnsafeMutablePointer<MachineState>
    let globals: GlobalTable
    let runtime: Runtime
    let cancellation: Cancellation
    /// Where the innermost running builtin was called.
    var builtinSite: (source: Source, range: SourceRange)?
    /// The values the last cells showed, for `_N`.
    var cellValues = ShownValues()
    /// The number the next cell gets.
    var nextCell = 1
    /// The builtins and stdlib functions as loaded, by name: method sugar falls back to
    /// one when the user's global of that name is not a function (`train, val = …` and
    /// then `m.train()`), as a Python method is found whatever the globals hold.
    var systemFunctions: [String: Value] = [:]
    /// The cells of a file being replayed into the session, whose `_N` are its own
    /// (the compiler binds them to it).
    var fileCells: FileCells?

    /// Sprout calls deeper than this stop with "too much recursion". Evaluation runs on a
    /// thread with a large stack (`BigStack`), so this many frames fit even in a debug build
    /// with deeply nested expressions in every frame.
    static let maximumDepth = 1_000
    /// Slots on the value stack. Only the part used is ever initialized, so its size costs
    /// address space, not memory.
    static let stackCapacity = 1 << 20
    /// The stop flag is read every this many calls and loop iterations (a power of two):
    /// a few microseconds apart, and free in between.
    static let cancellationInterval = 256

    private let stack: UnsafeMutablePointer<Value?>

    init(runtime: Runtime) {
        self.runtime = runtime
        cancellation = runtime.cancellation
        stack = .allocate(capacity: Machine.stackCapacity)
        state = .allocate(capacity: 1)
        state.initialize(
            to: MachineState(
                globals: stack, stackTop: stack, stackInitialized: stack,
                stackEnd: stack + Machine.stackCapacity))
        globals = GlobalTable(state: state)
    }

    deinit {
        let used = state.pointee.stackInitialized - stack
        stack.deinitialize(count: used)
        stack.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }
}

extension Frame {
    /// Counts a call or loop iteration, and every `cancellationInterval` of them throws
    /// `.cancelled` when a stop was requested (clearing the request).
    @inline(__always)
    func tick(_ range: SourceRange) throws(Unwind) {
        state.pointee.ticks &+= 1
        if state.pointee.ticks & (Machine.cancellationInterval - 1) == 0 {
            try checkCancellation(range)
        }
    }

    /// The rare part of `tick`.
    func checkCancellation(_ range: SourceRange) throws(Unwind) {
        try machine.stopIfRequested(range, source)
    }
}
