import Engine

/// A model prints as a table, one row per layer:
///
///     #  layer             output shape  params
///     0  Linear(64 → 128)  (N, 128)       8,320
///     1  ReLU()            (N, 128)           0
///     2  Linear(128 → 10)  (N, 10)        1,290
///     total 9,610 parameters (9,610 trainable)
///
/// Output shapes are computed without running anything, from an input shape inferred
/// from the first layer that fixes one (a linear or normalisation layer fixes its
/// features; N is the batch). When no input shape can be inferred (a convolution needs
/// the image size) the shapes show as "?"; when the layers do not fit each other the
/// table says where, which is the point of printing it.
extension ValueFormatter {
    public static func model(_ layer: Layer) -> String {
        guard let sequential = layer as? Sequential else {
            let mode = layer.isTraining ? "" : " · eval mode"
            return "\(layer.summary) · \(groupedThousands(layer.parameterCount)) parameters\(mode)"
        }
        let layers = sequential.layers
        var shapes = Array(repeating: "?", count: layers.count)
        var problem: String?
        if let input = inferredInput(sequential) {
            do {
                shapes = try sequential.layerTable(for: input).map { batchShape($0.outputShape) }
            } catch {
                problem =
                    "the layers do not fit together for an input of shape \(batchShape(input)): "
                    + ((error as? TensorError)?.description ?? "\(error)")
            }
        }
        let rows = layers.enumerated().map { i, layer in
            [String(i), layer.summary, shapes[i], groupedThousands(layer.parameterCount)]
        }
        var lines = table(header: ["#", "layer", "output shape", "params"], rows: rows, rightAligned: [3])
        let total = groupedThousands(sequential.parameterCount)
        let mode = sequential.isTraining ? "" : " · eval mode"
        lines.append("total \(total) parameters (\(total) trainable)\(mode)")
        if let problem { lines.append(problem) }
        return lines.joined(separator: "\n")
    }

    /// The input shape `(1, features)` that the first shape-fixing layer implies, looking
    /// through leading activations and dropout and into nested sequences; nil when the
    /// first layer cannot tell (convolutions, embeddings, flatten).
    static func inferredInput(_ model: Sequential) -> [Int]? {
        var candidates: [Layer] = model.layers
        var index = 0
        while index < candidates.count {
            let layer = candidates[index]
            switch layer {
            case let linear as Linear: return [1, linear.inFeatures]
            case let norm as BatchNorm1d: return [1, norm.features]
            case let norm as LayerNorm: return [1, norm.features]
            case let inner as Sequential:
                // Iterative descent: a deeply nested model cannot overflow the stack.
                candidates = inner.layers
                index = 0
                continue
            case is ReLU, is Tanh, is Sigmoid, is GELU, is Dropout:
                index += 1
            default:
                return nil
            }
        }
        return nil
    }

    /// `(N, 128)`: the batch size (always 1 in the inferred input) shown as N.
    static func batchShape(_ shape: [Int]) -> String {
        switch shape.count {
        case 0: return "()"
        case 1: return "(N,)"
        default: return "(" + (["N"] + shape.dropFirst().map(String.init)).joined(separator: ", ") + ")"
        }
    }

    /// Columns padded to their widest cell and separated by two spaces; the columns in
    /// `rightAligned` are aligned right (numbers), the others left. No trailing spaces.
    static func table(header: [String], rows: [[String]], rightAligned: Set<Int>) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { cells in
            var line = ""
            for (column, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                if column > 0 { line += "  " }
                line += rightAligned.contains(column) ? padding + cell : cell + padding
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
