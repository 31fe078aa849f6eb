/// A kind of value the core language does not know in detail (a dataset, a plot, a
/// training run), plugged in through hooks with defaults, as Lua's metatables
/// (`__index`, `__len`, `__tostring`) and Wren's foreign classes plug in theirs: adding a
/// kind is one type conforming here, not a case in every switch over `Value`.
///
/// Only `kindName` and `formatted()` are required. Every other hook has a default that
/// says "this kind has none": no members, no indexing, no count, no size in `:vars`, and
/// the one-line form `<kind>` when the printed form takes several lines.
///
/// Hooks throw `RuntimeError` without a range; the evaluator places the error at the
/// member name or index that failed. Messages should name the kind ("a dataset has no
/// column 'z'"), never a Swift type.
public protocol SproutObject: AnyObject {
    /// The kind a user reads in messages, `kind(x)` and `:vars`: "dataset", "plot", …
    var kindName: String { get }
    /// How the object prints as a cell's value: in full, on as many lines as it needs.
    func formatted() -> String
    /// The printed form fitted to `width` characters (a table); by default `formatted()`.
    func formatted(width: Int) -> String
    /// How the object prints inside a list or record: one short line.
    var inlineText: String { get }
    /// The names `obj.name` reads (as properties, without a call), offered on Tab.
    var memberNames: [String] { get }
    /// The member `name`, or nil when the object has none of that name (then `obj.name`
    /// is method sugar for `name(obj)` when `name` is a function, else an error).
    func member(_ name: String) throws -> Value?
    /// How many items the object holds (rows of a dataset), or nil when it holds none.
    /// With a count, `len(obj)` works, and whole-number and slice indices arrive resolved
    /// against it with the rules lists use (negatives from the end, range-checked).
    var count: Int? { get }
    /// `obj[key]`.
    func item(_ key: ObjectKey) throws -> Value
    /// The size `:vars` shows ("1797 rows × 65 columns"), or nil for none.
    var sizeDescription: String? { get }
    /// `obj(args)`, for a kind that can be called (a fitted scaler); by default an error.
    func call(_ positional: [Value], named: [(String, Value)]) throws -> Value
}

extension SproutObject {
    public func formatted(width: Int) -> String { formatted() }
    public var inlineText: String {
        let text = formatted()
        return text.contains("\n") ? "<\(kindName)>" : text
    }
    public var memberNames: [String] { [] }
    public func member(_ name: String) throws -> Value? { nil }
    public var count: Int? { nil }
    public func item(_ key: ObjectKey) throws -> Value {
        throw RuntimeError(.type("cannot index \(Value.object(self).described)"))
    }
    public var sizeDescription: String? { nil }
    public func call(_ positional: [Value], named: [(String, Value)]) throws -> Value {
        throw RuntimeError(.type("cannot call \(Value.object(self).described): only functions and models can be called"))
    }

    /// The message for `obj.name` when the object has no member `name` and no function
    /// of that name applies: the close member when there is one, else the members.
    func missingMember(_ name: String) -> String {
        let what = "\(Value.object(self).described) has no member '\(name)'"
        let names = memberNames
        if names.isEmpty { return what + " (it has no members)" }
        if let close = closestName(to: name, among: names) { return what + " (did you mean '\(close)'?)" }
        return what + " (its members are \(names.joined(separator: ", ")))"
    }
}

/// One index inside `obj[...]`, as the object receives it: numbers and slices already
/// resolved against its `count` with the rules lists use.
public enum ObjectKey {
    /// A whole number in `0..<count` (a negative one was counted from the end).
    case position(Int)
    /// `start:end:step`, clamped to `0..<count` as Python clamps a list slice.
    case slice(ObjectSlice)
    /// A string: a column or field name.
    case name(String)
    /// Anything else (a list, a tensor; a number when the object has no count): the
    /// object decides or refuses.
    case value(Value)
}

/// A slice resolved against a count: the positions it picks, in order.
public struct ObjectSlice: Equatable, Sendable {
    /// The first position picked (when any is).
    public let start: Int
    /// Where picking stops, exclusive; -1 for a backward slice to the first item.
    public let end: Int
    /// Never zero; negative for a backward slice.
    public let step: Int

    /// Every position picked, in order.
    public var positions: StrideTo<Int> { stride(from: start, to: end, by: step) }
}
