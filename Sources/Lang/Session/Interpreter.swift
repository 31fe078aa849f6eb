import Engine
import Foundation

/// The Sprout interpreter: parses cells, compiles them and runs them against one set of
/// globals.
///
/// How a cell runs. The parser's tree is compiled once (`Compiler`) into nodes whose names
/// are resolved to frame slots, closure captures or global indices; the nodes then
/// evaluate themselves on a thread with a large stack (`BigStack`). Numbers are combined
/// without allocating, `break`/`continue`/`return` travel as a typed error (`Unwind`),
/// and a stop request (`Cancellation`, set by Ctrl-C) is checked at every loop iteration
/// and function entry.
///
/// Cells. Every call of `run` is a cell and takes the next number (1, 2, …), whether it
/// succeeds or not, so the numbers match the shell's prompt. A cell *shows* its last
/// expression's value unless it ends with `;` or the value is none; only a shown value is
/// remembered: as `_` (the last shown value) and as `_N` for cell N.
///
/// Errors. A `SyntaxError` for input that does not parse; otherwise a `RuntimeError` whose
/// `range` and `source` point at the innermost expression responsible (the call of a
/// failing builtin, the operator that could not combine its operands, the name that is
/// not defined) and whose `stack` lists the Sprout functions it passed through, innermost
/// first. Variables assigned before the error keep their values.
public final class Interpreter {
    /// What builtins use; internal, so an embedder goes through the public surface
    /// (Interpreter+Embedding.swift) and the compiler keeps it that way.
    let runtime: Runtime
    let machine: Machine
    /// Names and values of builtins and stdlib functions as loaded, so `globals` lists
    /// only what the user defined or changed, and a definition hiding one gets a note.
    private var systemNames = SystemNames()
    /// The global indices the code last compiled for a user cell names (see `noteHiddenSystemNames`).
    private var namedGlobals: [Int] = []

    /// - Parameter builtins: functions an embedder adds (the shell, a test), as Lua's
    ///   `luaL_setfuncs` adds C functions: see `define(builtin:)`.
    public init(host: Host, seed: UInt64 = 0, cancellation: Cancellation = Cancellation(), builtins: [Builtin] = []) {
        runtime = Runtime(seed: seed, host: host, cancellation: cancellation)
        machine = Machine(runtime: runtime)
        for builtin in Builtins.all() {
            define(builtin.name, .function(builtin))
            addSystemName(builtin.name, .function(builtin), isBuiltin: true)
        }
        for constant in Builtins.constants {
            define(constant.name, .number(constant.value))
            addSystemName(constant.name, .number(constant.value), isBuiltin: true)
        }
        for builtin in builtins { define(builtin: builtin) }
        // Unowned, not weak: a weak reference would give the machine a side table and make
        // every retain of it slow. `deinit` puts the placeholders back before the machine goes.
        runtime.callFunction = { [unowned(unsafe) machine] fn, positional, named in
            try machine.callFromBuiltin(fn, positional, named)
        }
        runtime.lookup = { [unowned(unsafe) machine] name in machine.globals.value(named: name) }
    }

    deinit {
        runtime.callFunction = { fn, _, _ in throw RuntimeError(.other("\(fn.name): the interpreter has been closed")) }
        runtime.lookup = { _ in nil }
        // Closures in globals hold code that holds the global table: break the cycle. Freeing
        // a deeply nested value recurses, so it happens on the big stack too.
        let globals = machine.globals
        _ = try? BigStack.run { globals.removeAllValues() }
    }

    /// Binds a global name to a value from Swift, as an assignment in a cell would (the
    /// benchmark hands the interpreter its data this way; the shell will for loaded files).
    public func define(_ name: String, _ value: Value) {
        machine.globals[machine.globals.index(of: name)] = value
    }

    /// Adds a builtin from outside the language, as an embedder does: it is a builtin in
    /// every way (`help(name)`, `help()` under its `topic`, Tab, hidden from `globals`
    /// and `:vars`, a note when a cell hides it). Defined before the stdlib loads, a
    /// stdlib function of the same name replaces it; defined after, it replaces that.
    public func define(builtin: Builtin) {
        define(builtin.name, .function(builtin))
        addSystemName(builtin.name, .function(builtin), isBuiltin: true)
        runtime.embedderBuiltins.removeAll { $0.name == builtin.name }
        runtime.embedderBuiltins.append(builtin)
    }

    /// The number the next `run` call gets.
    public var nextCellNumber: Int { machine.nextCell }

    /// Makes the next cell number `number` (a replayed session's `# [N]` line, where the
    /// saved session left out failed cells); numbers never go back.
    public func numberNextCell(_ number: Int) {
        if number > machine.nextCell { machine.nextCell = number }
    }

    /// Runs `body`, which runs many cells (a script's), on one big-stack thread, so each
    /// `run` (of any interpreter: a `:reset` makes a new one) goes on there instead of
    /// starting a thread of its own.
    /// - Throws: what `body` throws.
    public static func runningCells<T>(_ body: () throws -> T) throws -> T {
        // A test counting parses (`Parser.counter`) counts those of these cells too. Bound
        // here, once per script, not in `BigStack.run`, which every cell goes through.
        let counter = Parser.counter
        return try BigStack.run { try Parser.$counter.withValue(counter, operation: body) }
    }

    /// Parses and runs one cell.
    /// - Parameter parsed: the cell's text as the shell already parsed it (to see that the
    ///   cell was complete), used instead of parsing again when its text is the source's.
    /// - Returns: the value the cell shows, or nil when it ends with `;` or gives none.
    /// - Throws: `SyntaxError` or `RuntimeError`.
    public func run(_ source: Source, parsed: ParsedCell? = nil) throws -> Value? {
        let cell = machine.nextCell
        machine.nextCell += 1
        let fileCell = machine.fileCells?.take(sessionCell: cell)
        namedGlobals = []
        runtime.cell = cell
        defer {
            runtime.cell = nil
            noteHiddenSystemNames()
        }
        let program = try parsed.flatMap { $0.text == source.text ? $0.program : nil } ?? Parser.parseProgram(source)
        let value = try evaluate(program, in: source)
        guard !program.hidesValue, !value.isNone else { return nil }
        remember(value, cell: cell)
        if let fileCell { machine.fileCells?.values.keep(value, cell: fileCell) }
        return value
    }

    /// Runs a parsed program and returns its last expression's value (none when empty),
    /// whether or not it is hidden. Does not number a cell or set `_`.
    /// - Throws: `RuntimeError`.
    public func evaluate(_ program: Program, in source: Source) throws -> Value {
        let compiler = Compiler(source: source, globals: machine.globals)
        compiler.fileCells = machine.fileCells
        let nodes = try compiler.compile(program)
        namedGlobals = compiler.resolvedGlobals
        return try execute(nodes, source: source)
    }

    /// The variables a user has: every global except the builtins and stdlib functions as
    /// loaded, and `_`, in the order the names were first seen.
    public var globals: [(name: String, value: Value)] {
        machine.globals.assigned.filter { name, value in
            name != "_" && !systemNames.isSystem(name, value)
        }
    }

    /// Every global name that has a value: builtins, stdlib functions and the user's
    /// variables (what the shell offers on Tab).
    public var globalNames: [String] {
        machine.globals.assigned.map(\.name)
    }

    /// Runs every `*.sprout` file in `directory`, in name order; what they define counts as
    /// part of the system (not listed by `globals`).
    /// - Throws: the first file's `SyntaxError` or `RuntimeError`, or a `RuntimeError` when
    ///   the folder or a file cannot be read.
    public func loadStdlib(directory: String) throws {
        func unreadable(_ reason: String) -> RuntimeError {
            RuntimeError(.other("cannot read the standard library folder \(directory): \(reason)"))
        }
        // Checked first, so the reason is the system's, never Foundation's text.
        var status = stat()
        guard stat(directory, &status) == 0 else { throw unreadable(RegularFile.reason(errno: errno)) }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw unreadable("it is not a folder") }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw unreadable("it cannot be listed (check its permissions)")
        }
        if runtime.dataFolder == nil { runtime.dataFolder = directory.hasSuffix("/") ? directory + "data" : directory + "/data" }
        let files = names.filter { $0.hasSuffix(".sprout") }.sorted()
        let before = Set(machine.globals.assigned.map(\.name))
        for file in files {
            let path = directory.hasSuffix("/") ? directory + file : directory + "/" + file
            guard let data = FileManager.default.contents(atPath: path) else {
                throw RuntimeError(.other("cannot read \(path)"))
            }
            let source = Source(name: "stdlib/" + file, text: String(decoding: data, as: UTF8.self))
            _ = try evaluate(try Parser.parseProgram(source), in: source)
        }
        for (name, value) in machine.globals.assigned where !before.contains(name) {
            addSystemName(name, value, isBuiltin: false)
            if case .function = value { runtime.stdlibFunctions.append(name) }
        }
    }

    /// Tells the host, once per name, about each builtin or stdlib function a user's
    /// cell has hidden (see `SystemNames`). Called after every user cell and script
    /// statement, never while the stdlib loads.
    /// - Parameter named: the global indices the code that ran names; by default those of
    ///   the cell `run` last compiled.
    /// Records `name`, bound to `value`, as the system's (see `SystemNames`); a function
    /// also becomes what method sugar falls back to (`Machine.systemFunctions`).
    private func addSystemName(_ name: String, _ value: Value, isBuiltin: Bool) {
        systemNames.add(name, index: machine.globals.index(of: name), value, isBuiltin: isBuiltin)
        if case .function = value { machine.systemFunctions[name] = value }
    }

    func noteHiddenSystemNames(named: [Int]? = nil) {
        let globals = machine.globals
        for note in systemNames.notesForNewlyHidden(among: named ?? namedGlobals, { globals[$0] }) {
            runtime.host.note(note)
        }
    }

    // MARK: - Running compiled code

    /// Runs top-level nodes in order on the big-stack thread; the last one's value.
    func execute(_ nodes: [Node], source: Source) throws -> Value {
        try onBigStack(source) { frame in
            var last = Value.none
            for node in nodes { last = try Self.evaluateNode(node, &frame) }
            return last
        }
    }

    /// Runs `body` on the big-stack thread with a top-level frame for code from `source`.
    /// One thread serves any number of top-level nodes, so a script starts one, not one
    /// per statement.
    func onBigStack<T>(_ source: Source, _ body: (inout Frame) throws -> T) throws -> T {
        let machine = self.machine
        return try BigStack.run {
            // Engine loops read the stop flag through the task-local; bind it on this thread.
            try StopFlag.$current.withValue(machine.cancellation) { try Self.onFrame(machine, source, body) }
        }
    }

    /// Runs `body` in a new top-level frame for code from `source`.
    private static func onFrame<T>(_ machine: Machine, _ source: Source, _ body: (inout Frame) throws -> T) throws -> T {
        var frame: Frame
        do throws(Unwind) {
            frame = try Frame(
                machine: Unmanaged.passUnretained(machine), state: machine.state,
                source: Unmanaged.passUnretained(source), slotCount: 0, boxCount: 0, captures: nil)
        } catch {
            throw runtimeError(error)
        }
        defer { frame.pop() }
        return try body(&frame)
    }

    /// Evaluates one top-level node, its failure as a `RuntimeError`.
    static func evaluateNode(_ node: Node, _ frame: inout Frame) throws -> Value {
        do throws(Unwind) {
            return try node.eval(&frame)
        } catch {
            throw runtimeError(error)
        }
    }

    static func runtimeError(_ unwind: Unwind) -> RuntimeError {
        switch unwind {
        case let .error(box): return box.finished
        // The compiler rejects these outside functions and loops.
        case .breakLoop, .continueLoop, .returned: return RuntimeError(.other("'break', 'continue' or 'return' outside its place"))
        }
    }

    /// Records a shown value as `_` and `_N`.
    func remember(_ value: Value, cell: Int?) {
        define("_", value)
        if let cell { machine.cellValues.keep(value, cell: cell) }
    }
}
