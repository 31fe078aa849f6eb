import Engine
import Testing

@testable import Lang

/// The recipe's checks: each catches the bug it exists for (planted: ✗ with the
/// figures and the fix), passes on the clean model (✓), reads as a verdict (`.ok`,
/// figures as members), says why when it cannot decide, and refuses bad arguments.
@Suite("Recipe checks")
struct RecipeCheckTests {
    /// digits standardized as `train`, and the PRODUCT.md model `m`.
    static func digitsSession() throws -> StdlibSession {
        let s = try StdlibSession()
        try s.run("seed(42); ds = load(\"digits\"); train = fit_standardize(ds)(ds)")
        try s.run("m = seq(linear(64, 128), relu(), linear(128, 10))\nm")
        return s
    }

    // MARK: check_init

    @Test func checkInitPassesOnDefaultInitAndFailsOnALastLayerTimesAHundred() throws {
        let s = try Self.digitsSession()
        let clean = try s.run("c = check_init(m, train)\nc")
        #expect(clean.hasPrefix("✓ loss at init 2.3") && clean.hasSuffix("vs ln(10) = 2.30"), "\(clean)")
        #expect(try s.run("c.ok") == "true")
        #expect(abs(try s.number("c.expected") - 2.302585) < 1e-5)
        try s.run("set_param(m, \"2.weight\", param(m, \"2.weight\") * 100)")
        let planted = try s.run("p = check_init(m, train)\np")
        #expect(planted.hasPrefix("✗ loss at init ") && planted.contains("vs ln(10) = 2.30:"), "\(planted)")
        #expect(planted.contains("fix: start the last layer smaller: set_param(m, \"2.weight\""), "\(planted)")
        #expect(try s.number("p.loss") > 10)
        #expect(try s.run("p.ok") == "false")
        #expect(s.interpreter.runtime.recipe.latest("check_init")?.outcome == .failed)
    }

    @Test func checkInitDoesNotChangeTheModel() throws {
        let s = try Self.digitsSession()
        try s.run("before = state(m); check_init(m, train)")
        #expect(try s.number("item(max(abs(state(m)[\"2.weight\"] - before[\"2.weight\"])))") == 0)
    }

    @Test func checkInitFlagsImbalancedClassesWithTheBiasFix() throws {
        let s = try StdlibSession()
        try s.run("seed(0); x = randn(200, 4)")
        try s.run("d = dataset({a: x[:, 0], b: x[:, 1], label: arange(200) >= 190}, target: \"label\")\nd")
        let shown = try s.run("v = check_init(mlp([2, 8, 2]), d)\nv")
        #expect(shown.hasPrefix("✗ last bias off log(class frequency) by "), "\(shown)")
        #expect(shown.contains("fix: set the last bias to log(freq): set_param(m, \"2.bias\", tensor([-0.051, -3.00]))"), "\(shown)")
        #expect(try s.number("v.bias_gap") > 1)
    }

    @Test func checkInitForValuesComparesWithTheTargetVariance() throws {
        let s = try StdlibSession()
        try s.run("seed(0); x = randn(64, 3)")
        let centred = try s.run("check_init(mlp([3, 8, 1]), {x: x, y: randn(64) * 3})")
        #expect(centred.hasPrefix("✓ loss at init ") && centred.contains("vs the target's variance"), "\(centred)")
        let offset = try s.run("check_init(mlp([3, 8, 1]), {x: x, y: randn(64) + 50})")
        #expect(
            offset.hasPrefix("✗ loss at init ")
                && offset.contains("fix: standardize the target, or set the last bias (2.bias) to its mean"), "\(offset)")
    }

    @Test func checkInitSaysWhyWhenItCannotDecideAndRefusesBadArguments() throws {
        let s = try Self.digitsSession()
        let narrow = try s.run("u = check_init(mlp([64, 3]), train)\nu")
        #expect(narrow == "? cannot check the loss at init: the data has 10 classes but the model gives 3 outputs per row")
        #expect(try s.run("u.ok == none") == "true")
        let noTarget = EvalSession().run("check_init(seq(linear(1, 2)), dataset({a: [1, 2]}))")
        #expect(noTarget.hasPrefix("error: check_init: "), "\(noTarget)")
        #expect(try s.run("check_init(m, train.take(0))") == "? cannot check the loss at init: the data has no rows")
        #expect(
            evalError("check_init(seq(linear(1, 2)), 3)").hasPrefix(
                "error: check_init: data expects a dataset with a target, or a record {x, y}, got the number 3"))
    }

    // MARK: overfit

    @Test func overfitDrivesACleanModelToZeroAndLeavesItAsItWas() throws {
        let s = try Self.digitsSession()
        try s.run("before = state(m)")
        let shown = try s.run("o = overfit(m, train.take(16))\no")
        #expect(shown.hasPrefix("✓ loss ") && shown.contains(" steps (shuffled-label control: "), "\(shown)")
        #expect(try s.number("o.loss") <= 1e-2 * (try s.number("o.initial")))
        #expect(try s.number("o.steps") < 1000)
        #expect(try s.number("item(max(abs(state(m)[\"0.weight\"] - before[\"0.weight\"])))") == 0)
    }

    @Test func overfitFailsOnAModelTooSmallNamingTheBestLoss() throws {
        let s = try Self.digitsSession()
        let shown = try s.run("o = overfit(seq(linear(64, 1), linear(1, 10)), train.take(16), steps: 300)\no")
        #expect(shown.hasPrefix("✗ cannot memorise 16 examples: loss still "), "\(shown)")
        #expect(shown.contains("(best ") && shown.contains("shuffled-label control: stuck at "), "\(shown)")
        #expect(try s.number("o.best") > 0.1)
        #expect(try s.run("o.ok") == "false")
    }

    @Test func overfitFailsOnAFrozenLayerNamingIt() throws {
        let s = try Self.digitsSession()
        try s.run("freeze(m, \"0\")")
        let shown = try s.run("o = overfit(m, train.take(16), steps: 50)\no")
        #expect(shown.hasPrefix("✗ no gradient reached 0.weight, 0.bias in "), "\(shown)")
        #expect(try s.run("o.silent") == "[\"0.weight\", \"0.bias\"]")
        try s.run("unfreeze(m)")
        #expect(!(try s.run("overfit(m, train.take(16), steps: 50)")).contains("no gradient reached"))
    }

    @Test func overfitRefusesABigBatchAndBadSettings() throws {
        let s = try Self.digitsSession()
        #expect(throws: RuntimeError.self) { try s.run("overfit(m, train)") }
        #expect(evalError("overfit(seq(linear(2, 2)), {x: zeros([0, 2]), y: zeros([0])})").contains("give one row of each per example"))
        #expect(throws: RuntimeError.self) { try s.run("overfit(m, train.take(0))") }
        let big = EvalSession()
        big.run("m = seq(linear(2, 2))")
        #expect(big.run("overfit(m, {x: zeros([300, 2]), y: zeros([300])})").contains("overfit takes one small batch (at most 256)"))
        #expect(
            big.run("overfit(m, {x: zeros([4, 2]), y: zeros([4])}, lr: -1)").hasPrefix(
                "error: overfit: lr expects a number, got the number -1"))
        #expect(big.run("overfit(m, {x: zeros([4, 2]), y: zeros([3])})").contains("give one row of each per example"))
    }

    /// Ctrl-C stops a long overfit at a step boundary, with the user's model untouched.
    @Test func ctrlCStopsOverfitAtAStep() throws {
        let cancellation = Cancellation()
        let interpreter = Interpreter(host: RecordingHost(), cancellation: cancellation)
        _ = try interpreter.run(Source(name: "cell 0", text: "m = seq(linear(8, 4)); w = param(m, \"0.weight\")"))
        let (caught, requests) = runUntilStopped(
            interpreter, cancellation, "overfit(m, {x: randn(16, 8), y: randn(16, 4)}, steps: 100000, lr: 1e-12)")
        #expect(caught?.message == "stopped (Ctrl-C); every variable is kept")
        #expect(requests == 1)
        #expect(try interpreter.run(Source(name: "cell 2", text: "item(max(abs(param(m, \"0.weight\") - w)))")) == .number(0))
    }

    // MARK: deps

    @Test func depsPassesOnTheCleanModelAndDrawsADiagonal() throws {
        let s = try Self.digitsSession()
        #expect(try s.run("d = deps(m, train.take(8).x)\nd") == "✓ backprop dependency check: no mixing across the batch")
        let plot = try #require(s.host.plots.last)
        #expect(plot.kind == .heatmap(width: 8, height: 8))
        let norms = plot.series[0].y
        #expect((0..<8).allSatisfy { i in norms[i * 8 + i] > 0 && (0..<8).allSatisfy { j in j == i || norms[i * 8 + j] == 0 } })
        #expect(try s.number("d.leaks") == 0)
    }

    @Test func depsCatchesABatchMeanAndAReshapeThatMixSamples() throws {
        let s = try Self.digitsSession()
        let mean = try s.run("d = deps(x -> m(x - mean(x, axis: 0)), train.take(8).x)\nd")
        #expect(mean.hasPrefix("✗ backprop dependency check: samples mix across the batch: 56 of 56 "), "\(mean)")
        #expect(mean.contains("(output ") && mean.contains(" ← input "), "\(mean)")
        #expect(try s.run("d.ok") == "false")
        try s.run("m2 = seq(linear(512, 80))")
        let reshape = try s.run("deps(x -> reshape(m2(reshape(x, [1, -1])), [8, -1]), train.take(8).x)")
        #expect(reshape.hasPrefix("✗ backprop dependency check: samples mix across the batch"), "\(reshape)")
    }

    @Test func depsPutsNormLayersInEvalModeOnACopy() throws {
        let s = try StdlibSession()
        try s.run("seed(0); b = seq(linear(4, 6), batchnorm(6), relu(), linear(6, 2))")
        #expect(try s.run("deps(b, randn(5, 4)).ok") == "true")
        #expect(try s.run("deps(x -> b(x), randn(5, 4)).ok") == "false")  // a function runs as it is: in training mode
    }

    @Test func depsChecksFuturePositionsWhenAskedAndSaysWhyWhenItCannot() throws {
        let s = try StdlibSession()
        try s.run("seed(0); x = randn(2, 4, 3)")
        #expect(try s.run("deps(v -> v * 2, x, causal: true).ok") == "true")
        let future = try s.run("deps(v -> v + unsqueeze(mean(v, axis: 1), 1), x, causal: true)")
        #expect(future.hasPrefix("✗ backprop dependency check: outputs see the future: "), "\(future)")
        let collapsed = try s.run("deps(v -> sum(v), randn(3, 2))")
        #expect(collapsed.hasPrefix("? cannot chart dependencies: the output has shape () for 3 samples"), "\(collapsed)")
        #expect(try s.run("deps(v -> v * 0, randn(3, 2)).ok == none") == "true")
        #expect(evalError("deps(seq(linear(2, 2)), randn(100, 2))").contains("give a batch of 2 to 64 samples"))
    }

    // MARK: peek

    @Test func peekFailsOnUnnormalisedPixelsAndPassesOnceStandardized() throws {
        let s = try Self.digitsSession()
        let raw = try s.run("r = peek(ds)\nr")
        #expect(raw.hasPrefix("✗ features not normalised: means "), "\(raw)")
        #expect(raw.contains("; scale with fit_standardize"), "\(raw)")
        #expect(try s.run("r.ok") == "false")
        #expect(try s.run("peek(train).ok") == "true")
        #expect(try s.run("len(peek(ds.x[:, 0:3]).means)") == "3")
    }

    /// peek draws exactly `.x`: the pictures of a dataset whose images were flipped are
    /// the flipped ones, and after scaling they are the scaled values.
    @Test func peekDrawsWhatEntersTheModelNotTheRawColumns() throws {
        let digits = DatasetFixtures.digits.picking([0, 1, 2, 3])
        let flippedColumns = digits.columns.map { column -> DataColumn in
            guard column.name.hasPrefix("pixel_"), let c = Int(column.name.split(separator: "_")[2]) else { return column }
            let mirrored = String(column.name.dropLast()) + String(7 - c)
            let source = digits.column(named: mirrored) ?? column
            return DataColumn(name: column.name, storage: source.storage)
        }
        var flipped = try Dataset(name: "flipped", columns: flippedColumns, target: "label")
        try flipped.setImageShape(Dataset.ImageShape(height: 8, width: 8))
        let s = try StdlibSession()
        s.interpreter.define("flipped", .object(DatasetValue(flipped)))
        try s.run("peek(flipped)")
        let drawn = try #require(s.host.plots.last)
        #expect(drawn.kind == .images(width: 8, height: 8))
        #expect(drawn.series.map(\.label) == ["0", "1", "2", "3"])
        let x = try flipped.features()
        #expect(drawn.series.flatMap(\.y) == x.scalars)
        #expect(drawn.series[0].y != (try digits.features()).scalars[0..<64].map { $0 })
        try s.run("scaled = fit_standardize(flipped)(flipped); peek(scaled)")
        #expect(try s.host.plots.last?.series[0].y == (try s.interpreter.run(Source(name: "x", text: "scaled.x[0]"))?.asTensor()?.scalars))
    }

    @Test func peekSaysWhyWhenItCannotDecideAndRefusesBadArguments() throws {
        #expect(evalCell("peek(zeros([0, 3]))").hasPrefix("? nothing to peek at: the features have shape (0, 3)"))
        #expect(evalError("peek(\"a\")").hasPrefix("error: peek: data expects a dataset or a (rows, features) tensor, got a string"))
    }

    // MARK: recipe and freeze

    @Test func recipeTicksEachItemByTheLatestResultWithItsCell() throws {
        let s = try Self.digitsSession()
        let empty = try s.run("recipe()")
        #expect(empty.contains("   · not yet: verify the loss at init: check_init(m, train)"), "\(empty)")
        try s.run("check_init(m, train)")
        try s.run("deps(x -> m(x - mean(x, axis: 0)), train.take(4).x)")
        let shown = try s.run("r = recipe()\nr")
        #expect(shown.contains("   ✓ verify the loss at init: check_init: loss at init "), "\(shown)")
        #expect(try s.run("[r.cell for r in r if r.status == \"passed\"]") == "[4]")
        #expect(shown.contains("   ✗ use backprop to chart dependencies: deps: "), "\(shown)")
        #expect(shown.contains("; fix it and run it again"), "\(shown)")
        #expect(shown.contains("   · not yet: overfit one batch: overfit(m, train.take(16))"), "\(shown)")
        #expect(shown.hasSuffix("1 of 12 items done; 1 of 8 checks passed"), "\(shown)")
        #expect(try s.run("r.passed") == "1")
        try s.run("deps(m, train.take(4).x)")
        #expect(
            try s.run("recipe()").contains(
                "   ✓ use backprop to chart dependencies: deps: backprop dependency check: no mixing across the batch"))
    }

    @Test func freezeNamesALayerOrParameterAndRefusesAnUnknownOne() throws {
        let s = try StdlibSession()
        try s.run("m = mlp([2, 4, 2]); freeze(m, \"2.bias\")\nm")
        let model = try #require(s.interpreter.runtime.lookup("m").flatMap { if case let .layer(l) = $0 { l } else { nil } })
        #expect(model.allParameters.map(\.parameter.requiresGradient) == [true, true, true, false])
        #expect(throws: RuntimeError.self) { try s.run("freeze(m, \"3\")") }
        #expect(evalError("freeze(seq(linear(2, 2)), \"0.weigth\")").contains("did you mean '0.weight'?"))
    }
}

/// The recipe's steps that have no verdict: looking at the data (stage 1), regularizing
/// and tuning are ticked by running the commands that do them.
@Suite("Recipe steps done by running a command")
struct RecipeLookedTests {
    @Test func inspectionFitWithRegularizersAndSearchTickTheirItems() throws {
        let s = EvalSession()
        s.run("seed(0); ds = dataset({a: randn([60]), b: randn([60]), label: [[\"p\", \"q\"][i % 2] for i in 0..60]})")
        let before = s.run("recipe()")
        #expect(before.contains("· not yet: duplicates and outliers: dups(ds), outliers(ds)"), "\(before)")
        #expect(before.contains("· not yet: dropout, weight decay, early stopping"), "\(before)")
        s.run("dups(ds); counts(ds)")
        s.run("train, val = split(ds, 0.5); m = seq(linear(2, 8), relu(), dropout(0.2), linear(8, 2))")
        // A fit without validation, or without any regularizer, does not tick it.
        s.run("fit(m, train, adam(m), epochs: 1)")
        s.run("m0 = seq(linear(2, 2)); fit(m0, train, adam(m0), epochs: 1, val: val)")
        #expect(s.run("recipe()").contains("· not yet: dropout, weight decay, early stopping"))
        s.run("fit(m, train, adamw(m, weight_decay: 0.05), epochs: 2, val: val, patience: 1)")
        s.run("search({a: [1, 2]}, c -> c.a, trials: 2)")
        let after = s.run("recipe()")
        #expect(after.contains("✓ duplicates and outliers: dups\n"), "\(after)")
        #expect(after.contains("✓ distributions and class balance: counts\n"), "\(after)")
        #expect(
            after.contains("✓ dropout, weight decay, early stopping: fit with dropout 0.2, weight decay 0.05, early stopping\n"),
            "\(after)")
        #expect(after.contains("✓ random search over hyperparameters: search: 2 trials, best score 2\n"), "\(after)")
        #expect(after.hasSuffix("4 of 12 items done; 1 of 8 checks passed"), "\(after)")
    }
}
