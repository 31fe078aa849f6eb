/// "Did you mean …?": the known name closest to a misspelt one, when it is close enough.
///
/// Close enough scales with the name's length: up to `max(1, count / 3)` edits, where a
/// swap of neighbours counts as one (`lenn` → `len`, `lenght` → `length`, `advanced` is
/// not `adam`). A known name of three or more letters that the typed one starts with is
/// also offered when nothing is that close (`lenght` → `len`: Python's `length` habit).
func closestName(to name: String, among candidates: [String]) -> String? {
    let target = Array(name)
    let limit = allowedEdits(forLength: target.count)
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != name {
        let c = Array(candidate)
        guard abs(c.count - target.count) <= limit else { continue }
        let d = editDistance(target, c)
        if d <= limit, d < (best?.distance ?? Int.max) { best = (candidate, d) }
    }
    if let best { return best.name }
    // The longest known name the typed one extends (`lenght` starts with `len`).
    return
        candidates
        .filter { $0.count >= 3 && $0 != name && name.hasPrefix($0) }
        .max { $0.count < $1.count }
}

/// The most edits a suggestion may be away from a name of `length` characters: one for
/// short names, a third of the length for longer ones.
func allowedEdits(forLength length: Int) -> Int {
    max(1, length / 3)
}

/// The optimal-string-alignment distance: Levenshtein, counting a swap of neighbours as
/// one edit (`lenght` and `length` are one apart).
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], previous2[j - 2] + 1)
            }
        }
        (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
}
