import Engine

/// `fit`: the training loop at the prompt. It turns the language's values into the
/// Engine's `TrainingLoop` (data, loss, schedule, options), reports progress through the
/// host (a bar at a terminal; one line per epoch everywhere), and returns a run value.
///
/// Ctrl-C is not an error here: the loop stops at the next step boundary and `fit`
/// returns the run, so `run = fit(…)` still assigns it and `fit(…, run: run)` resumes.
/// A non-finite loss or gradient is an error naming the step and the first bad layer.
extension Builtins {
    static func fitting() -> [Builtin] {
        [
            Builtin(
                "fit",
                [
                    arg("model", "a model"), arg("data", "a dataset or {x, y}"), arg("opt", "an optimizer"),
                    arg("epochs", "a whole number ≥ 1", "1"), arg("batch", "a whole number ≥ 1", "32"),
                    arg("val", "a dataset or {x, y}", "none"), arg("patience", "a whole number ≥ 1", "none"),
                    arg("clip", "a positive number", "none"), arg("schedule", "a schedule, \"cosine\" or \"step\"", "none"),
                    arg("loss", "a function (prediction, y) -> loss", "none"), arg("live", "a bool", "false"),
                    arg("run", "a run to continue", "none"), arg("shuffle", "a bool", "true"), arg("quiet", "a bool", "false"),
                ],
                summary:
                    "Trains a model: epochs of shuffled batches, one line per epoch (none with quiet: true), a run to print, plot or continue (Ctrl-C stops and keeps it).",
                example: "ds = load(\"iris\")\nm = mlp([4, 8, 3])\nrun = fit(m, ds, adam(m, lr: 0.01), epochs: 2, batch: 50)"
            ) { args, runtime in
                try FitCall(args, runtime).run()
            }
        ]
    }
}

/// One call of `fit`, its arguments read and checked before any step is taken.
struct FitCall {
    /// The most epochs one call takes: far past any real run, and far from overflowing a count.
    static let maxEpochs = 1_000_000
    let args: Arguments
    let runtime: Runtime
    let model: Layer
    let optimizer: Optimizer

    init(_ args: Arguments, _ runtime: Runtime) throws {
        self.args = args
        self.runtime = runtime
        model = try args.layer("model")
        optimizer = try args.optimizer("opt")
    }

    func run() throws -> Value {
        let data = try trainingData("data")
        let validation = args.has("val") ? try trainingData("val") : nil
        for (name, part) in [("data", data), ("val", validation)] {
            if let part { try checkShapes(part, name) }
        }
        let epochs = try args.integer("epochs")
        guard epochs >= 1 else { throw problem("epochs must be at least 1, got \(epochs)") }
        guard epochs <= Self.maxEpochs else { throw problem("epochs must be at most \(Self.maxEpochs), got \(epochs)") }
        var options = TrainingOptions(batchSize: try args.integer("batch"), shuffle: try args.bool("shuffle"))
        guard options.batchSize >= 1 else { throw problem("batch must be at least 1, got \(options.batchSize)") }
        if args.has("patience") { options.patience = try args.integer("patience") }
        if args.has("clip") { options.clipNorm = try args.float("clip") }
        if options.patience != nil && validation == nil { throw problem("patience needs val: data to watch (e.g. val: val)") }
        let previous = try previousRun(targets: data.targets)
        let loop = try Builtins.engine {
            try TrainingLoop(
                model: model, optimizer: optimizer, data: data, validation: validation, loss: try loss(), options: options,
                random: runtime.random)
        }
        let value =
            previous
            ?? RunValue(
                run: TrainingRun(), targets: data.targets, seed: runtime.random.seed, configuration: Record(),
                plannedEpochs: 0)
        let resuming = value.run.isMidEpoch && value.plannedEpochs > value.run.completedEpochs
        let target = resuming ? value.plannedEpochs : value.run.completedEpochs + epochs
        value.plannedEpochs = target
        value.model = model
        value.optimizer = optimizer
        value.configuration = configuration(options, epochs: epochs)
        loop.scheduler = try scheduler(for: value, stepsPerEpoch: loop.stepsPerEpoch, epochs: target - value.run.completedEpochs)
        loop.stopFlag = runtime.cancellation
        try FitProgress(runtime: runtime, value: value, live: try args.bool("live"), quiet: try args.bool("quiet")).train(
            loop, until: target)
        runtime.lastRuns.remember(value, for: model)
        if validation != nil, let used = Self.regularizers(model, optimizer, patience: options.patience) {
            runtime.noteDone("regularize", "fit with " + used)
        }
        return .object(value)
    }

    /// The regularizers a fit used, in words ("dropout 0.2, weight decay 0.05, early
    /// stopping"), for `recipe()`'s regularize stage; nil for none.
    static func regularizers(_ model: Layer, _ optimizer: Optimizer, patience: Int?) -> String? {
        var used: [String] = []
        let dropout = model.descendants.compactMap { ($0 as? Dropout)?.probability }.filter { $0 > 0 }
        if let p = dropout.max() { used.append("dropout \(formatNumber(Double(p)))") }
        let decay = (optimizer as? Adam)?.weightDecay ?? (optimizer as? SGD)?.weightDecay ?? 0
        if decay > 0 { used.append("weight decay \(formatNumber(Double(decay)))") }
        if patience != nil { used.append("early stopping") }
        return used.isEmpty ? nil : used.joined(separator: ", ")
    }

    /// A dataset's `.x` and `.y`, or a record `{x, y}` / list `[x, y]` of tensors.
    private func trainingData(_ name: String) throws -> TrainingData {
        let given = args.value(name) ?? .none
        switch given {
        case let .object(ds as DatasetValue):
            guard let kind = ds.dataset.targetKind else {
                throw problem("\(name) has no target column to learn: set one with dataset(…, target: \"name\")")
            }
            let x = try DatasetValue.lift { try ds.dataset.features() }
            let y = try DatasetValue.lift { try ds.dataset.targets() }
            if case .values = kind { return try make(x, y, .values) }
            return try make(x, y, .classes)
        case let .record(r):
            guard let x = try r["x"]?.asTensor(), let y = try r["y"]?.asTensor() else { throw args.mismatch(name, given) }
            return try make(x, y, Self.looksLikeClasses(y) ? .classes : .values)
        case let .list(items) where items.count == 2:
            guard let x = try items[0].asTensor(), let y = try items[1].asTensor() else { throw args.mismatch(name, given) }
            return try make(x, y, Self.looksLikeClasses(y) ? .classes : .values)
        default:
            throw args.mismatch(name, given)
        }
    }

    private func make(_ x: Tensor, _ y: Tensor, _ targets: TrainingData.Targets) throws -> TrainingData {
        try Builtins.engine { try TrainingData(x: x, y: y, targets: targets) }
    }

    /// Targets given as tensors are classes when they are one column of whole numbers ≥ 0.
    static func looksLikeClasses(_ y: Tensor) -> Bool {
        y.rank == 1 && y.withUnsafeBufferPointer { b in b.allSatisfy { $0 >= 0 && $0 == $0.rounded() && $0 < 1e6 } }
    }

    /// The model must take the data's x, and give one score per class (or one value per
    /// target); both shapes are named when it does not.
    private func checkShapes(_ data: TrainingData, _ name: String) throws {
        let output: [Int]
        do { output = try model.outputShape(for: data.x.shape) } catch let error as TensorError {
            throw problem("the model cannot take \(name)'s x of shape \(Shape.describe(data.x.shape)): \(error.description)")
        }
        switch data.targets {
        case .classes:
            let classes = Int(data.y.withUnsafeBufferPointer { $0.max() ?? 0 }) + 1
            guard output.count == 2, output[1] >= classes else {
                throw problem(
                    "the model gives \(Shape.describe(output)) for \(name)'s x but its y has \(classes) classes: the last layer needs \(classes) outputs"
                )
            }
        case .values:
            guard output.first == data.y.shape.first, output.reduce(1, *) == data.y.count else {
                throw problem("the model gives \(Shape.describe(output)) for \(name)'s x but its y is \(Shape.describe(data.y.shape))")
            }
        }
    }

    /// The run `run:` continues, checked to belong to this model.
    private func previousRun(targets: TrainingData.Targets) throws -> RunValue? {
        guard args.has("run") else { return nil }
        let given = args.value("run") ?? .none
        guard case let .object(value as RunValue) = given else { throw args.mismatch("run", given) }
        if let trained = value.model, trained !== model { throw problem("run: that run trained another model") }
        guard value.targets == targets else { throw problem("run: that run learned another kind of target") }
        return value
    }

    /// `loss:` as an Engine loss; a Sprout function is called back for every step.
    private func loss() throws -> TrainingLoss? {
        guard args.has("loss") else { return nil }
        let function = try args.function("loss")
        let runtime = self.runtime
        return .custom { prediction, target in
            let result: Value
            do { result = try runtime.callFunction(function, [.tensor(prediction), .tensor(target)], []) } catch let error
                as RuntimeError
            {
                // Ctrl-C inside the loss function is a stop at this step's boundary.
                if case .cancelled = error.kind { throw TensorError.cancelled }
                throw error
            }
            guard case let .tensor(t) = result, t.count == 1 else {
                throw RuntimeError(
                    .call(function: "fit", problem: "loss: the function must return a one-element tensor, got \(result.described)"))
            }
            return t
        }
    }

    /// `schedule:`: a schedule value over this optimizer, or a kind built over the steps
    /// this call takes; none keeps the scheduler of the run being continued.
    private func scheduler(for value: RunValue, stepsPerEpoch: Int, epochs: Int) throws -> Scheduler? {
        guard args.has("schedule") else { return value.scheduler }
        let given = args.value("schedule") ?? .none
        let (product, overflows) = stepsPerEpoch.multipliedReportingOverflow(by: epochs)
        let total = overflows ? Int.max : max(product, 1)
        let plan: LearningRateSchedule
        switch given {
        case let .object(s as SchedulerObject):
            guard s.scheduler.optimizer === optimizer else { throw problem("schedule: that schedule drives another optimizer") }
            value.scheduler = s.scheduler
            return s.scheduler
        case .string("cosine"): plan = .cosine(totalSteps: total)
        case .string("step"): plan = .step(stepSize: max(total / 3, 1), gamma: 0.1)
        default: throw args.mismatch("schedule", given)
        }
        value.scheduler = try Builtins.engine { try Scheduler(optimizer: optimizer, schedule: plan) }
        return value.scheduler
    }

    private func configuration(_ options: TrainingOptions, epochs: Int) -> Record {
        var fields: [(String, Value)] = [
            ("epochs", .number(Double(epochs))), ("batch", .number(Double(options.batchSize))),
            ("shuffle", .bool(options.shuffle)), ("lr", .number(Double(optimizer.learningRate))),
        ]
        fields.append(("clip", options.clipNorm.map { .number(Double($0)) } ?? .none))
        fields.append(("patience", options.patience.map { .number(Double($0)) } ?? .none))
        return Record(fields)
    }

    private func problem(_ text: String) -> RuntimeError {
        RuntimeError(.call(function: "fit", problem: text))
    }
}
