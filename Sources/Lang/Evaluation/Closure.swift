import Engine

/// The compiled body of a Sprout function: what every closure made from one `fn` or
/// lambda shares.
final class FunctionCode {
    let name: String
    let source: Source
    let range: SourceRange
    let signature: Signature
    /// Parameters take the first slots of a frame, in order.
    let parameterCount: Int
    /// Parameters that nested functions capture: copied from their slot into their box
    /// when the call starts.
    let capturedParameters: ContiguousArray<(slot: Int, box: Int)>
    /// A default per parameter, evaluated at call time in the new frame (so it may use
    /// the parameters before it).
    let defaults: ContiguousArray<Node?>
    let slotCount: Int
    let boxCount: Int
    /// Where the closure's captured boxes come from in the frame that creates it.
    let captureSources: ContiguousArray<CaptureSource>
    let body: Node
    /// `source`, as frames hold it.
    let sourceReference: Unmanaged<Source>

    init(
        name: String, source: Source, range: SourceRange, signature: Signature, parameterCount: Int,
        capturedParameters: [(slot: Int, box: Int)], defaults: [Node?], slotCount: Int, boxCount: Int,
        captureSources: [CaptureSource], body: Node
    ) {
        self.name = name
        self.source = source
        self.range = range
        self.signature = signature
        self.parameterCount = parameterCount
        self.capturedParameters = ContiguousArray(capturedParameters)
        self.defaults = ContiguousArray(defaults)
        self.slotCount = slotCount
        self.boxCount = boxCount
        self.captureSources = ContiguousArray(captureSources)
        self.body = body
        sourceReference = Unmanaged.passUnretained(source)
    }
}

/// Where a closure finds a variable of an enclosing function when it is created.
enum CaptureSource {
    /// A captured local of the creating frame.
    case box(Int)
    /// One of the creating closure's own captures.
    case capture(Int)
}

/// A function defined in Sprout (`fn f(x) = …`, `fn f(x) { … }`, `x -> …`). It keeps
/// the boxes of the enclosing function's variables it uses, so it sees later changes to
/// them; global names are looked up when it runs.
public final class Closure: FunctionValue {
    public var name: String { code.name }
    public var signature: Signature { code.signature }
    /// The file or cell it was defined in, and where: `help` can show the definition.
    public var source: Source { code.source }
    public var range: SourceRange { code.range }
    let code: FunctionCode
    /// nil when the function captures nothing.
    let captures: BoxArray?
    // What a call needs, copied from `code` so that it is one step away from the closure:
    // the compiler then reads it without retaining it around the (opaque) evaluation.
    let body: Node
    let parameterCount: Int
    let slotCount: Int
    let boxCount: Int
    let capturesParameters: Bool
    let sourceReference: Unmanaged<Source>

    init(code: FunctionCode, captures: BoxArray?) {
        self.code = code
        self.captures = captures
        body = code.body
        parameterCount = code.parameterCount
        slotCount = code.slotCount
        boxCount = code.boxCount
        capturesParameters = !code.capturedParameters.isEmpty
        sourceReference = code.sourceReference
    }
}

/// A lambda or `fn` expression: makes a closure over the running frame. A `fn`
/// definition is this node stored into its name.
final class MakeClosureNode: Node {
    let code: FunctionCode
    init(_ code: FunctionCode, _ range: SourceRange) {
        self.code = code
        super.init(range)
    }

    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        guard !code.captureSources.isEmpty else { return .function(Closure(code: code, captures: nil)) }
        var captures = ContiguousArray<Box>()
        captures.reserveCapacity(code.captureSources.count)
        for source in code.captureSources {
            switch source {
            case let .box(i): captures.append(f.box(i) ?? Box())
            case let .capture(i): captures.append(f.capture(i) ?? Box())
            }
        }
        return .function(Closure(code: code, captures: BoxArray(captures)))
    }
}

/// `fn name(…) …`: binds the closure; its own value is none.
final class DefineFunctionNode: Node {
    let make: MakeClosureNode
    let target: Variable
    init(_ make: MakeClosureNode, _ target: Variable, _ range: SourceRange) {
        self.make = make
        self.target = target
        super.init(range)
    }
    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        f.write(target, try make.eval(&f))
        return .none
    }
}

extension Closure {
    /// A new frame for a call of this closure, made by the frame `caller`; the caller must
    /// `pop()` it.
    @inline(__always)
    func makeFrame(_ caller: Frame) throws(Unwind) -> Frame {
        try Frame(
            machine: caller.machineReference, state: caller.state, source: sourceReference,
            slotCount: slotCount, boxCount: boxCount, captures: captures.map { Unmanaged.passUnretained($0) })
    }

    /// Runs the body in a frame whose parameters are bound, turning `return` into the
    /// value and adding this function to the stack of an error that leaves it.
    @inline(__always)
    func run(_ frame: inout Frame, site: SourceRange, caller: Frame) throws(Unwind) -> Value {
        let state = frame.state
        guard state.pointee.depth < Machine.maximumDepth else { throw tooDeep(site, caller.source) }
        try caller.tick(site)
        if capturesParameters { prologue(frame) }
        state.pointee.depth += 1
        defer { state.pointee.depth -= 1 }
        do {
            return try body.eval(&frame)
        } catch {
            return try leaving(error, site: site, caller.source)
        }
    }

    private func prologue(_ frame: Frame) {
        for (slot, box) in code.capturedParameters { frame.box(box)?.value = frame.slots[slot] }
    }

    private func tooDeep(_ site: SourceRange, _ source: Source) -> Unwind {
        .failure(.other("too much recursion: more than \(Machine.maximumDepth) nested calls (in \(code.name))"), site, source)
    }

    private func leaving(_ error: Unwind, site: SourceRange, _ callerSource: Source) throws(Unwind) -> Value {
        switch error {
        case let .returned(v):
            return v
        case let .error(box):
            box.push(RuntimeError.Frame(function: code.name, source: callerSource, range: site))
            throw error
        case .breakLoop, .continueLoop:
            // The compiler rejects break and continue outside a loop.
            return .none
        }
    }

    /// Calls with already evaluated arguments, binding named ones and defaults through
    /// `Arguments` as builtins do.
    func call(positional: [Value], named: [(String, Value)], site: SourceRange, caller: Frame) throws(Unwind) -> Value {
        var frame = try makeFrame(caller)
        defer { frame.pop() }
        if named.isEmpty && positional.count == parameterCount {
            for (i, value) in positional.enumerated() { frame.slots[i] = value }
            return try run(&frame, site: site, caller: caller)
        }
        let bound: Arguments
        do {
            bound = try Arguments(function: code.name, signature: code.signature, positional: positional, named: named)
        } catch {
            throw Unwind.placing(error, site, caller.source)
        }
        // Defaults run Sprout code, which may call this function again: count the depth.
        let state = frame.state
        guard state.pointee.depth < Machine.maximumDepth else { throw tooDeep(site, caller.source) }
        state.pointee.depth += 1
        defer { state.pointee.depth -= 1 }
        for i in 0..<code.parameterCount {
            if let v = bound.values[i] {
                frame.slots[i] = v
            } else if let d = code.defaults[i] {
                frame.slots[i] = try d.eval(&frame)
            }
            // A later default may use this parameter through its box.
            if capturesParameters { prologue(frame) }
        }
        return try run(&frame, site: site, caller: caller)
    }
}
