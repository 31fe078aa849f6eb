import Engine
import Foundation

/// What the recipe's checks share: the examples they run on, the loss that scores a
/// model's outputs against them, and how their figures are written.
///
/// A check reads its examples the way `fit` will: a dataset (its features and target),
/// or a record `{x, y}` of two tensors for data built by hand. It scores them with the
/// loss the data calls for: softmax cross-entropy for a class target, mean squared error
/// for values.
enum CheckSupport {
    /// A figure as a check's line shows it: two decimals from 0.1 to 10,000 ("2.31"),
    /// otherwise two significant digits ("0.0098", "3e-5", "1.2e5"), so a line stays
    /// short and a recorded session compares it within tolerance.
    static func figure(_ x: Double) -> String {
        if x == 0 || (x.magnitude >= 0.1 && x.magnitude < 10_000) || !x.isFinite {
            return x.isFinite ? formatFixed(x, digits: 2) : formatNumber(x)
        }
        var text = formatGeneral(x, significant: 2)
        text = text.replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e")
        return text.replacingOccurrences(of: "e+", with: "e")
    }

    /// The examples a check runs on.
    struct Examples {
        /// (rows, features…)
        var x: Tensor
        /// (rows) class indices, or (rows) / (rows, outputs) values.
        var y: Tensor
        /// The class labels when the target is a class; nil for values or unknown (a record).
        var classes: [String]?
        /// True when the data says its target is values (a dataset's regression target).
        var isRegression: Bool
        /// The dataset the examples came from, when they did.
        var dataset: Dataset?

        var rows: Int { x.shape.first ?? 0 }

        /// The examples at `positions`, in that order.
        func picking(_ positions: [Int]) throws -> Examples {
            let indices = try Tensor(shape: [positions.count], scalars: positions.map(Float.init))
            var out = self
            out.x = try Builtins.engine { try x.indexSelect(axis: 0, indices: indices) }
            out.y = try Builtins.engine { try y.indexSelect(axis: 0, indices: indices) }
            out.dataset = dataset?.picking(positions)
            return out
        }
    }

    /// The examples an argument holds: a dataset with a target, or a record `{x, y}`.
    /// - Throws: a call error saying what to give instead.
    static func examples(_ args: Arguments, _ name: String) throws -> Examples {
        let value = args.value(name) ?? .none
        if case let .object(object) = value, let ds = object as? DatasetValue {
            let dataset = ds.dataset
            guard dataset.target != nil else {
                throw RuntimeError(
                    .call(
                        function: args.function,
                        problem: DatasetError.noTarget(columns: dataset.columnNames).description))
            }
            let x = try DatasetValue.lift { try dataset.features() }
            let y = try DatasetValue.lift { try dataset.targets() }
            var classes: [String]?
            if case let .classes(labels)? = dataset.targetKind { classes = labels }
            return Examples(x: x, y: y, classes: classes, isRegression: classes == nil, dataset: dataset)
        }
        if case let .record(record) = value, let x = try record["x"]?.asTensor(), let y = try record["y"]?.asTensor() {
            guard x.rank >= 1, y.rank >= 1, x.shape[0] == y.shape[0], x.shape[0] > 0 else {
                throw RuntimeError(
                    .call(
                        function: args.function,
                        problem:
                            "\(name).x has shape \(Shape.describe(x.shape)) and \(name).y \(Shape.describe(y.shape)): give one row of each per example"
                    ))
            }
            return Examples(x: x, y: y, classes: nil, isRegression: false, dataset: nil)
        }
        throw args.mismatch(name, value)
    }

    /// How a check scores outputs against targets.
    enum Objective: Equatable {
        /// Softmax cross-entropy over `classes` outputs per row.
        case crossEntropy(classes: Int)
        case meanSquared
    }

    /// The loss the data calls for: cross-entropy when the target is a class (or, for a
    /// record, whole numbers from 0 below the output's width), squared error otherwise.
    static func objective(for examples: Examples, output: Tensor) -> Objective {
        guard !examples.isRegression, output.rank == 2, output.shape[1] > 1, examples.y.rank == 1 else { return .meanSquared }
        if examples.classes != nil { return .crossEntropy(classes: output.shape[1]) }
        let width = Float(output.shape[1])
        let whole = examples.y.scalars.allSatisfy { $0 >= 0 && $0 < width && $0 == $0.rounded() }
        return whole ? .crossEntropy(classes: output.shape[1]) : .meanSquared
    }

    /// The loss of `output` against `targets` under `objective`; a (rows) target is laid
    /// out as a (rows, 1) output for squared error.
    static func loss(_ objective: Objective, _ output: Tensor, _ targets: Tensor) throws -> Tensor {
        try Builtins.engine {
            switch objective {
            case .crossEntropy: return try Losses.crossEntropy(output, targets)
            case .meanSquared:
                let y = targets.count == output.count && targets.shape != output.shape ? try targets.reshaped(to: output.shape) : targets
                return try Losses.mse(output, y)
            }
        }
    }

    /// The model's outputs for `x` in eval mode and without gradients, computed on a copy
    /// so the user's model keeps its mode.
    static func evaluate(_ model: Layer, _ x: Tensor) throws -> Tensor {
        let copy = model.copy()
        copy.eval()
        return try GradMode.withoutGradients { try Builtins.engine { try copy.forward(x) } }
    }

    /// `count` rows spread evenly over `0..<rows` (all of them when there are fewer):
    /// a sample that sees every part of data sorted by class.
    static func spread(_ count: Int, over rows: Int) -> [Int] {
        guard rows > count else { return Array(0..<rows) }
        return (0..<count).map { $0 * rows / count }
    }

    /// Names in a line: the first `limit`, then how many more.
    static func listing(_ names: [String], limit: Int = 4) -> String {
        let shown = names.prefix(limit).joined(separator: ", ")
        return names.count > limit ? shown + " and \(names.count - limit) more" : shown
    }
}
