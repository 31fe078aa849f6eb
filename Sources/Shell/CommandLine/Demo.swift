import Engine
import Foundation

/// The engine demo: loads digits, splits it as the benchmarks do (every fifth row is a
/// test row) and trains a small network on it.
/// - Parameter dataPath: a digits CSV file: 64 pixel columns, then `label`.
/// - Throws: `CSVError` when the file cannot be read, or an engine error.
func runDemo(dataPath: String) throws {
    let clock = ContinuousClock()
    let started = clock.now
    let table = try NumericCSV.load(path: dataPath)
    let digits = try DemoData(table, source: dataPath)
    let (trainRows, testRows) = table.split()
    print("digits: \(table.rows) rows, train \(trainRows.count), test \(testRows.count), pixels scaled to [0, 1]")

    let rng = RandomSource(seed: 0)
    let model = Sequential([
        try Linear(inFeatures: 64, outFeatures: 128, rng: rng),
        ReLU(),
        try Linear(inFeatures: 128, outFeatures: 10, rng: rng),
    ])
    let optimizer = try Adam(parameters: model.parameters, learningRate: 1e-3)
    let batchSize = 64, epochs = 10
    let layers = model.layers.map(\.summary).joined(separator: ", ")
    print("model: \(layers) · Adam lr \(optimizer.learningRate) · batch \(batchSize) · seed 0")

    let (testX, testY) = try digits.batch(testRows[...])
    for epoch in 1...epochs {
        let epochStart = clock.now
        model.train()
        let order = rng.permutation(trainRows.count).map { trainRows[$0] }
        var lossSum = 0.0, seen = 0
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let rows = order[start..<min(start + batchSize, order.count)]
            let (x, y) = try digits.batch(rows)
            optimizer.zeroGrad()
            let loss = try demoLossAndGradients(model, x, y)
            try optimizer.step()
            lossSum += Double(loss) * Double(rows.count)
            seen += rows.count
        }
        let accuracy = try demoAccuracy(model, testX, testY)
        let seconds = (clock.now - epochStart).seconds
        print(
            String(
                format: "epoch %2d  loss %.4f  test accuracy %4.1f%%  (%.3f s)",
                epoch, lossSum / Double(max(seen, 1)), accuracy * 100, seconds))
    }
    let total = (clock.now - started).seconds
    print("\(counted(model.parameterCount, "parameter")) · total \(String(format: "%.3f", total)) s")
}

/// Forward and backward on one batch, returning the mean loss. The graph is released on
/// return, so the optimizer's step that follows writes the weights in place.
private func demoLossAndGradients(_ model: Layer, _ x: Tensor, _ y: Tensor) throws -> Float {
    let loss = try Losses.crossEntropy(model.forward(x), y)
    try loss.backward()
    return try loss.item()
}

/// The fraction of rows whose largest logit is at the true class, in evaluation mode
/// and without recording gradients.
private func demoAccuracy(_ model: Layer, _ x: Tensor, _ y: Tensor) throws -> Double {
    model.eval()
    defer { model.train() }
    let predicted = try GradMode.withoutGradients { try model.forward(x).argmax(axis: 1) }
    let correct = zip(predicted.scalars, y.scalars).filter { Int($0) == Int($1) }.count
    return Double(correct) / Double(max(y.count, 1))
}

/// digits.csv as tensors: 64 pixel columns scaled by 1/16 (to [0, 1]), then the label.
private struct DemoData {
    /// (rows, 64)
    let features: Tensor
    /// (rows)
    let labels: Tensor

    init(_ table: NumericTable, source: String) throws {
        let width = table.columns.count
        guard width == 65, table.columns.last == "label" else {
            throw DemoError.notDigits(source: source, columns: width)
        }
        var pixels = [Float](), labels = [Float]()
        pixels.reserveCapacity(table.rows * 64)
        labels.reserveCapacity(table.rows)
        for r in 0..<table.rows {
            for c in 0..<64 { pixels.append(table.values[r * width + c] / 16) }
            labels.append(table.values[r * width + 64])
        }
        features = try Tensor(shape: [table.rows, 64], scalars: pixels)
        self.labels = try Tensor(shape: [table.rows], scalars: labels)
    }

    /// The given rows: ((batch, 64), (batch)).
    func batch(_ rows: ArraySlice<Int>) throws -> (Tensor, Tensor) {
        let indices = try Tensor(shape: [rows.count], scalars: rows.map(Float.init))
        return (try features.indexSelect(axis: 0, indices: indices), try labels.indexSelect(axis: 0, indices: indices))
    }
}

private enum DemoError: Error, CustomStringConvertible {
    case notDigits(source: String, columns: Int)

    var description: String {
        switch self {
        case let .notDigits(source, columns):
            return "\(source): expected the digits data set (64 pixel columns, then 'label'), found \(columns) columns"
        }
    }
}
