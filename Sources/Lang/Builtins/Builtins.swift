/// Every builtin function, in the order `help` lists them. Each family lives in its own
/// `Builtins+Family.swift` file and contributes a list here.
public enum Builtins {
    public static func all() -> [Builtin] {
        (core() + formatting() + creation() + random() + math() + reductions() + shapes() + layers() + state() + training()
            + datasets() + data() + datasetRows() + datasetParts() + scaling() + inspection() + files() + plots() + metrics()
            + fitting() + health() + search() + baselines() + checks()).map(RecipeChecklist.notingLooks)
    }
}
