import Engine

/// Evaluated arguments, positional and named, in source order.
struct EvaluatedArguments {
    var positional: [Value] = []
    var named: [(String, Value)] = []
}

/// Compiled arguments of a call; `labels[i]` is nil for a positional argument.
struct ArgumentNodes {
    let values: ContiguousArray<Node>
    let labels: [String?]
    let allPositional: Bool

    init(values: [Node], labels: [String?]) {
        self.values = ContiguousArray(values)
        self.labels = labels
        allPositional = labels.allSatisfy { $0 == nil }
    }

    func evaluate(_ f: inout Frame, prepending first: Value? = nil) throws(Unwind) -> EvaluatedArguments {
        var out = EvaluatedArguments()
        out.positional.reserveCapacity(values.count + 1)
        if let first { out.positional.append(first) }
        for i in 0..<values.count {
            let v = try values[i].eval(&f)
            if let label = labels[i] { out.named.append((label, v)) } else { out.positional.append(v) }
        }
        return out
    }

    /// Calls a closure that takes exactly these positional arguments by evaluating them
    /// straight into its new frame; nil when the fast path does not apply.
    @inline(__always)
    func callDirectly(_ callee: Value, _ f: inout Frame, receiver: Value?, site: SourceRange) throws(Unwind) -> Value? {
        guard allPositional, case let .function(fn) = callee,
            ObjectIdentifier(type(of: fn)) == ObjectIdentifier(Closure.self)
        else { return nil }
        let closure = unsafeDowncast(fn, to: Closure.self)
        guard closure.parameterCount == values.count + (receiver == nil ? 0 : 1) else { return nil }
        return try callClosure(closure, values, receiver: receiver, &f, site: site)
    }
}

/// The fast call: arguments evaluated straight into the new frame's slots. Not inlined,
/// and given the closure and the argument nodes as parameters, so that the compiler
/// borrows them instead of retaining each around the evaluations.
@inline(never)
func callClosure(
    _ closure: Closure, _ values: ContiguousArray<Node>, receiver: Value?, _ f: inout Frame,
    site: SourceRange
) throws(Unwind) -> Value {
    var frame = try closure.makeFrame(f)
    defer { frame.pop() }
    var offset = 0
    if let receiver {
        frame.slots[0] = receiver
        offset = 1
    }
    var i = 0
    while i < values.count {
        frame.slots[i + offset] = try values[i].eval(&f)
        i += 1
    }
    return try closure.run(&frame, site: site, caller: f)
}

/// `f(a, b, lr: 3e-4)`; also `x |> f(2)`, which the parser turns into `f(x, 2)`.
final class CallNode: Node {
    let callee: Node
    let arguments: ArgumentNodes
    init(_ callee: Node, _ arguments: ArgumentNodes, _ range: SourceRange) {
        self.callee = callee
        self.arguments = arguments
        super.init(range)
    }

    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        let fn = try callee.eval(&f)
        if let v = try arguments.callDirectly(fn, &f, receiver: nil, site: range) { return v }
        let args = try arguments.evaluate(&f)
        return try f.machine.invoke(fn, args, site: range, caller: f)
    }
}

/// `x.name(args)`: the record field `name` called with `args` when `x` is a record with
/// that field (or an object with that member), otherwise `name(x, args)` — method syntax
/// is sugar for a call.
final class MethodCallNode: Node {
    let receiver: Node
    let name: String
    let nameRange: SourceRange
    let function: Variable
    let arguments: ArgumentNodes
    init(_ receiver: Node, name: String, nameRange: SourceRange, function: Variable, _ arguments: ArgumentNodes, _ range: SourceRange) {
        self.receiver = receiver
        self.name = name
        self.nameRange = nameRange
        self.function = function
        self.arguments = arguments
        super.init(range)
    }

    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        let x = try receiver.eval(&f)
        if case let .record(r) = x, let field = r[name] {
            return try callMember(field, &f)
        }
        if case let .object(o) = x, let member = try objectMember(o, name, nameRange, f.source) {
            return try callMember(member, &f)
        }
        guard let global = f.read(function) else {
            if case .record = x {
                throw .failure(.index(Indexing.missingField(name, in: x) + ", and there is no function '\(name)'"), nameRange, f.source)
            }
            if case let .object(o) = x {
                throw .failure(.index(o.missingMember(name) + ", and there is no function '\(name)'"), nameRange, f.source)
            }
            throw f.unassigned(name, function, nameRange)
        }
        let fn = Self.callable(global) ? global : f.machine.systemFunctions[name] ?? global
        if let v = try arguments.callDirectly(fn, &f, receiver: x, site: range) { return v }
        return try f.machine.invoke(fn, try arguments.evaluate(&f, prepending: x), site: range, caller: f)
    }

    /// Whether `value` is a function or a model: what `x.name(…)` calls before looking
    /// for the system's `name` (an object may be callable too, but a user's data object
    /// named like a builtin, `train`, is the common case, so it yields to the builtin).
    private static func callable(_ value: Value) -> Bool {
        switch value {
        case .function, .layer: return true
        default: return false
        }
    }

    /// A record's field or an object's member called with the arguments.
    private func callMember(_ member: Value, _ f: inout Frame) throws(Unwind) -> Value {
        if let v = try arguments.callDirectly(member, &f, receiver: nil, site: range) { return v }
        return try f.machine.invoke(member, try arguments.evaluate(&f), site: range, caller: f)
    }
}

/// An object's member `name` (nil when it has none), a failure placed at the name.
func objectMember(_ object: SproutObject, _ name: String, _ nameRange: SourceRange, _ source: Source) throws(Unwind) -> Value? {
    do { return try object.member(name) } catch { throw Unwind.placing(error, nameRange, source) }
}

/// `x.name`: a record's field, a tensor's property (`x.T`, see `TensorProperty`), an
/// object's member (`SproutObject.member`, which wins over a function `name`). On other
/// values, when `name` is a function, it is called with `x` alone (`x.shape` is
/// `shape(x)`), the method sugar without parentheses.
final class MemberNode: Node {
    let receiver: Node
    let name: String
    let nameRange: SourceRange
    let function: Variable
    /// The tensor property `name` names, found once here rather than on every access.
    let property: TensorProperty?
    init(_ receiver: Node, name: String, nameRange: SourceRange, function: Variable, _ range: SourceRange) {
        self.receiver = receiver
        self.name = name
        self.nameRange = nameRange
        self.function = function
        property = TensorProperty(rawValue: name)
        super.init(range)
    }

    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        let x = try receiver.eval(&f)
        if case let .record(r) = x {
            if let field = r[name] { return field }
            throw .failure(.index(Indexing.missingField(name, in: x)), nameRange, f.source)
        }
        if case let .tensor(t) = x, let property {
            do { return .tensor(try property.value(of: t)) } catch { throw Unwind.placing(error, nameRange, f.source) }
        }
        if case let .object(o) = x, let member = try objectMember(o, name, nameRange, f.source) { return member }
        guard let fn = f.read(function), case .function = fn else {
            if case let .object(o) = x { throw .failure(.index(o.missingMember(name)), nameRange, f.source) }
            throw .failure(.index("\(x.described) has no field '\(name)'"), nameRange, f.source)
        }
        return try f.machine.invoke(fn, EvaluatedArguments(positional: [x]), site: range, caller: f)
    }
}

extension Machine {
    /// Calls any callable value: a Sprout closure, a builtin, or a model (`m(x)` is its
    /// forward pass).
    func invoke(_ callee: Value, _ args: EvaluatedArguments, site: SourceRange, caller: Frame) throws(Unwind) -> Value {
        switch callee {
        case let .function(fn):
            if let closure = fn as? Closure {
                return try closure.call(positional: args.positional, named: args.named, site: site, caller: caller)
            }
            if let builtin = fn as? Builtin {
                return try callBuiltin(builtin, args, site: site, caller.source)
            }
            throw .failure(.type("\(fn.name) cannot be called here"), site, caller.source)
        case let .layer(layer):
            return try forward(layer, args, site: site, caller.source)
        case let .object(object):
            do { return try object.call(args.positional, named: args.named) } catch { throw Unwind.placing(error, site, caller.source) }
        default:
            throw .failure(.type("cannot call \(callee.described): only functions and models can be called"), site, caller.source)
        }
    }

    private func callBuiltin(_ builtin: Builtin, _ args: EvaluatedArguments, site: SourceRange, _ source: Source) throws(Unwind) -> Value {
        let saved = builtinSite
        builtinSite = (source, site)
        defer { builtinSite = saved }
        let result: Value
        do {
            let bound = try Arguments(
                function: builtin.name, signature: builtin.signature,
                positional: args.positional, named: args.named)
            result = try builtin.body(bound, runtime)
        } catch var error as RuntimeError where error.range == nil {
            // An Engine failure of the builtin's own work (not of a function it called,
            // which has its place already) names the builtin the user called.
            if case let .tensor(t) = error.kind { error.kind = .tensor(t.naming(builtin.name)) }
            throw Unwind.placing(error, site, source)
        } catch {
            throw Unwind.placing(error, site, source)
        }
        try stopIfRequested(site, source)
        return result
    }

    /// Throws `.cancelled` at `site` when a stop was requested, clearing the request. Read
    /// after every builtin or model, which may run for a long time, and by `Frame.tick`
    /// every `cancellationInterval` calls and loop iterations.
    @inline(__always)
    func stopIfRequested(_ site: SourceRange, _ source: Source) throws(Unwind) {
        if cancellation.isRequested {
            cancellation.reset()
            throw .failure(.cancelled, site, source)
        }
    }

    private func forward(_ layer: Layer, _ args: EvaluatedArguments, site: SourceRange, _ source: Source) throws(Unwind) -> Value {
        guard args.positional.count == 1, args.named.isEmpty else {
            throw .failure(
                .call(
                    function: layer.kind,
                    problem: "a model takes one input tensor, got \(args.positional.count + args.named.count) arguments"), site, source)
        }
        let input = args.positional[0]
        let y: Tensor
        do {
            guard let x = try input.asTensor() else {
                throw RuntimeError(.argument(function: layer.kind, parameter: "input", expected: "tensor", got: input.described))
            }
            y = try layer.forward(x)
        } catch {
            throw Unwind.placing(error, site, source)
        }
        try stopIfRequested(site, source)
        return .tensor(y)
    }

    /// `Runtime.callFunction`: a builtin calling back into a function value. A failure
    /// inside comes back as a `RuntimeError` with its own range and stack, plus the call
    /// site of the builtin that made the call.
    func callFromBuiltin(_ fn: FunctionValue, _ positional: [Value], _ named: [(String, Value)]) throws -> Value {
        let site = builtinSite ?? (Source(name: fn.name, text: ""), SourceRange(0, 0))
        do throws(Unwind) {
            let caller = try Frame(
                machine: Unmanaged.passUnretained(self), state: state,
                source: Unmanaged.passUnretained(site.source), slotCount: 0, boxCount: 0, captures: nil)
            defer { caller.pop() }
            return try invoke(.function(fn), EvaluatedArguments(positional: positional, named: named), site: site.range, caller: caller)
        } catch {
            switch error {
            case let .error(box): throw box.finished
            case let .returned(v): return v
            case .breakLoop, .continueLoop: return .none
            }
        }
    }
}
