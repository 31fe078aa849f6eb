import Engine

/// A dataset as a Sprout value: `load("digits")`, `ds[0:100]`, `ds.label`. It wraps the
/// Engine's `Dataset` (a value) in the object model's hooks; every operation returns a
/// new `DatasetValue`, so a dataset a user holds never changes under them.
public final class DatasetValue: SproutObject {
    public let dataset: Dataset

    public init(_ dataset: Dataset) {
        self.dataset = dataset
    }

    public var kindName: String { "dataset" }

    public var count: Int? { dataset.rowCount }

    public var sizeDescription: String? {
        "\(counted(dataset.rowCount, "row")) × \(counted(dataset.columns.count, "column"))"
    }

    /// The one-line summary `load` prints:
    /// `dataset digits · 1797 rows × 65 columns · 64 features (8×8 image) · target label: 10 classes`.
    public var summary: String {
        var parts = ["dataset \(dataset.name)", sizeDescription ?? ""]
        let features = dataset.featureColumns.count
        var featureText = counted(features, "feature")
        if let shape = dataset.imageShape { featureText += " (\(shape.height)×\(shape.width) image)" }
        parts.append(featureText)
        if let target = dataset.target {
            switch dataset.targetKind {
            case let .classes(labels)?: parts.append("target \(target): \(counted(labels.count, "class", plural: "classes"))")
            default: parts.append("target \(target): values")
            }
        }
        let missing = dataset.columns.reduce(0) { $0 + $1.missingCount }
        if missing > 0 { parts.append(counted(missing, "missing cell")) }
        return parts.joined(separator: " · ")
    }

    /// The summary line and the table at the width recorded output uses.
    public func formatted() -> String { formatted(width: ValueFormatter.lineWidth) }

    public var inlineText: String { "<dataset \(dataset.name): \(sizeDescription ?? "")>" }
}

extension Arguments {
    /// A dataset argument.
    public func dataset(_ name: String) throws -> DatasetValue {
        guard let v = value(name) else { throw missing(name) }
        if case let .object(object) = v, let dataset = object as? DatasetValue { return dataset }
        throw mismatch(name, v)
    }
}
