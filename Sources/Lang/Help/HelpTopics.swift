/// The topics `help()` lists functions under, and the one table that files every builtin
/// and stdlib function under exactly one of them.
///
/// A new builtin or stdlib function goes in `names` below: `HelpTopicTests` fails,
/// naming it, until it does (help() would otherwise list it under "other").
public enum HelpTopic: String, CaseIterable, Sendable {
    case creation = "tensors: creation"
    case math = "tensors: math"
    case shape = "tensors: shape"
    case autograd = "autograd"
    case layers = "layers & models"
    case losses = "losses"
    case training = "optimizers & training"
    case metrics = "metrics"
    case data = "data"
    case plots = "plots"
    case recipe = "the recipe's checks"
    case language = "language & session"

    /// The names filed under each topic, builtins and stdlib functions alike.
    public static let names: KeyValuePairs<HelpTopic, [String]> = [
        .creation: [
            "tensor", "zeros", "ones", "full", "arange", "linspace", "eye", "rand", "randn", "uniform",
            "normal", "seed", "randint", "randperm",
        ],
        .math: [
            "abs", "exp", "log", "sqrt", "softplus", "clamp", "maximum", "minimum", "pow", "where", "round",
            "floor", "matmul", "sum", "mean", "var", "std", "max", "min", "argmax", "argmin", "logsumexp",
            "softmax", "log_softmax", "conv2d", "max_pool2d", "avg_pool2d",
        ],
        .shape: [
            "shape", "numel", "item", "reshape", "transpose", "permute", "squeeze", "unsqueeze", "flatten",
            "concat", "stack", "broadcast_to", "gather",
        ],
        .autograd: ["backward", "grad", "no_grad", "detach", "requires_grad", "grad_norm"],
        .layers: [
            "linear", "conv", "relu", "gelu", "sigmoid", "tanh", "dropout", "batchnorm", "layernorm",
            "embedding", "maxpool", "avgpool", "seq", "mlp", "params", "param", "param_count", "set_param",
            "train", "eval", "state", "load_state",
        ],
        .losses: ["mse", "cross_entropy", "bce_with_logits", "nll", "init_loss"],
        .training: [
            "sgd", "adam", "adamw", "step", "zero_grad", "clip_grad_norm", "lr", "set_lr", "schedule",
            "train_step", "fit", "freeze", "unfreeze",
        ],
        .metrics: ["predict", "accuracy", "scores", "f1", "mae", "confusion", "worst"],
        .data: [
            "load", "dataset", "save", "one_hot", "shuffle", "choice", "head", "tail", "take", "sample", "sort", "find",
            "select", "drop", "split", "batches", "fit_standardize", "fit_normalize", "describe", "counts", "dups",
            "outliers", "missing",
        ],
        .plots: ["hist", "plot", "scatter", "bar", "heatmap", "image", "show", "savefig"],
        .recipe: [
            "check_init", "baselines", "overfit", "deps", "peek", "health", "search", "between", "ensemble", "recipe",
        ],
        .language: [
            "print", "str", "int", "kind", "len", "help", "range", "list", "map", "filter", "append",
            "sorted", "zip", "format",
        ],
    ]

    /// The topic of a name; nil for a name no topic lists.
    public static func topic(of name: String) -> HelpTopic? {
        names.first { $0.value.contains(name) }?.key
    }

    /// `names` grouped by topic, each topic's names sorted, topics in table order; names
    /// no topic lists come last under "other". Topics with no names are left out.
    /// - Parameter topics: topic titles for names the table does not list (an embedder's
    ///   builtins); a title the table does not have makes a group after the table's.
    public static func grouped(_ names: [String], topics: [String: String] = [:]) -> [(title: String, names: [String])] {
        func title(of name: String) -> String? { topic(of: name)?.rawValue ?? topics[name] }
        var titles = Self.names.map(\.key.rawValue)
        for name in names.sorted() {
            if let t = topics[name], topic(of: name) == nil, !titles.contains(t) { titles.append(t) }
        }
        var groups = titles.map { t in (title: t, names: names.filter { title(of: $0) == t }.sorted()) }
        groups.append((title: "other", names: names.filter { title(of: $0) == nil }.sorted()))
        return groups.filter { !$0.names.isEmpty }
    }
}
