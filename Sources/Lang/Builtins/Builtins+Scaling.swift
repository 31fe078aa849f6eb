import Engine

/// Fitting a scaler on one dataset to apply to others, as scikit-learn's `fit` then
/// `transform`: `scale = fit_standardize(train); train = scale(train); val = scale(val)`.
/// Only numeric feature columns are scaled, never the target or a categorical column.
extension Builtins {
    static func scaling() -> [Builtin] {
        [
            fitting(
                .standardize,
                summary:
                    "A scaler fitted on a dataset: calling it on any dataset subtracts each numeric feature's mean and divides by its std (a constant column is only centred).",
                example:
                    "train = dataset({a: [1, 2, 3], label: [0, 1, 0]})\nscale = fit_standardize(train)\nlist(scale(train).a)   # [-1.22474, 0, 1.22474]"
            ),
            fitting(
                .normalize,
                summary:
                    "A scaler fitted on a dataset: calling it on any dataset maps each numeric feature's min…max to 0…1 (a constant column becomes 0).",
                example: "train = dataset({a: [2, 4, 6]})\nscale = fit_normalize(train)\nlist(scale(train).a)   # [0, 0.5, 1]"
            ),
        ]
    }

    private static func fitting(_ kind: ColumnScaler.Kind, summary: String, example: String) -> Builtin {
        Builtin("fit_" + kind.rawValue, [arg("ds", "a dataset")], summary: summary, example: example) { args, _ in
            .object(ScalerValue(ColumnScaler(kind, fittedOn: try args.dataset("ds").dataset)))
        }
    }
}
