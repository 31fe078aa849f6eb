/// Deep copies of models: `model.copy()` gives a model with the same structure, values,
/// buffers and modes whose parameters are its own, so training the copy leaves the
/// original as it was. The recipe's checks (`overfit`, `check_init`, `deps`) work on a
/// copy, since a check must never change the model a user is building.
///
/// Sharing is kept, not multiplied: a parameter (or buffer, or whole layer) that appears
/// twice in the original appears twice in the copy as one object, so tied weights stay
/// tied. The `LayerCopier` remembers what it has copied, by identity, for that.
///
/// Values are copied through the tensors' copy-on-write storage: a copy costs no memory
/// until one side is written (the first optimizer step), and then only for what changes.
public final class LayerCopier {
    private var parameters: [ObjectIdentifier: Parameter] = [:]
    private var buffers: [ObjectIdentifier: Buffer] = [:]
    private var layers: [ObjectIdentifier: Layer] = [:]

    public init() {}

    /// The copy of `parameter`: the same one each time it is asked for. Whether it takes
    /// gradients (`requiresGradient`) is copied too; its accumulated gradient is not.
    public func parameter(_ parameter: Parameter) -> Parameter {
        if let done = parameters[ObjectIdentifier(parameter)] { return done }
        let copy = Parameter(parameter.value)
        copy.requiresGradient = parameter.requiresGradient
        parameters[ObjectIdentifier(parameter)] = copy
        return copy
    }

    /// `parameter(_:)` for an optional parameter (a layer built without a bias).
    public func parameter(_ parameter: Parameter?) -> Parameter? {
        parameter.map { self.parameter($0) }
    }

    /// The copy of `buffer`, shared as `parameter(_:)` shares.
    public func buffer(_ buffer: Buffer) -> Buffer {
        if let done = buffers[ObjectIdentifier(buffer)] { return done }
        let copy = Buffer(buffer.value)
        buffers[ObjectIdentifier(buffer)] = copy
        return copy
    }

    /// The copy of `layer`, made once (with its training mode) however often it appears.
    public func layer(_ layer: Layer) -> Layer {
        if let done = layers[ObjectIdentifier(layer)] { return done }
        let copy = layer.copy(with: self)
        copy.isTraining = layer.isTraining
        layers[ObjectIdentifier(layer)] = copy
        return copy
    }
}

extension Layer {
    /// A deep copy: the same structure, values, buffers and modes, with parameters of
    /// its own (shared ones stay shared within the copy).
    public func copy() -> Layer {
        LayerCopier().layer(self)
    }
}

extension Sequential {
    /// Copies nested sequences with a loop, not a recursion, so a chain nested 100,000
    /// deep (which a program can build) copies without overflowing the stack.
    public func copy(with copier: LayerCopier) -> Layer {
        let root = Sequential([])
        var pending: [(source: Sequential, target: Sequential)] = [(self, root)]
        while let (source, target) = pending.popLast() {
            for layer in source.layers {
                guard let inner = layer as? Sequential else {
                    target.append(copier.layer(layer))
                    continue
                }
                let made = Sequential([])
                made.isTraining = inner.isTraining
                target.append(made)
                pending.append((inner, made))
            }
        }
        return root
    }
}

// Each layer's copy: stateless layers make a new one; the others copy their parameters
// and buffers through the copier, in the initialisers beside their own.
extension ReLU { public func copy(with copier: LayerCopier) -> Layer { ReLU() } }
extension Tanh { public func copy(with copier: LayerCopier) -> Layer { Tanh() } }
extension Sigmoid { public func copy(with copier: LayerCopier) -> Layer { Sigmoid() } }
extension GELU { public func copy(with copier: LayerCopier) -> Layer { GELU() } }
extension Flatten { public func copy(with copier: LayerCopier) -> Layer { Flatten() } }
extension Dropout { public func copy(with copier: LayerCopier) -> Layer { Dropout(copying: self) } }
extension Linear { public func copy(with copier: LayerCopier) -> Layer { Linear(copying: self, with: copier) } }
extension Embedding { public func copy(with copier: LayerCopier) -> Layer { Embedding(copying: self, with: copier) } }
extension Conv2d { public func copy(with copier: LayerCopier) -> Layer { Conv2d(copying: self, with: copier) } }
extension BatchNorm1d { public func copy(with copier: LayerCopier) -> Layer { BatchNorm1d(copying: self, with: copier) } }
extension LayerNorm { public func copy(with copier: LayerCopier) -> Layer { LayerNorm(copying: self, with: copier) } }

extension Pool2d {
    public func copy(with copier: LayerCopier) -> Layer {
        switch self {
        case is MaxPool2d: MaxPool2d(copying: self)
        case is AvgPool2d: AvgPool2d(copying: self)
        default: Pool2d(copying: self)
        }
    }
}

extension Layer {
    /// Training mode for every layer except dropout, which is switched off (its eval
    /// mode is the identity): how `overfit` trains its copy, so batch normalisation still
    /// uses the batch's statistics while no unit is dropped.
    public func trainWithoutDropout() {
        walk { layer, _ in layer.isTraining = !(layer is Dropout) }
    }
}
