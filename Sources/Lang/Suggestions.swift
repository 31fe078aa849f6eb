/// "Did you mean …?": the known name closest to a misspelt one, when it is close enough
/// (an edit distance of at most 1 for short names, 2 for longer ones).
func closestName(to name: String, among candidates: [String]) -> String? {
    let target = Array(name)
    let limit = target.count <= 4 ? 1 : 2
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != name {
        let c = Array(candidate)
        guard abs(c.count - target.count) <= limit else { continue }
        let d = editDistance(target, c)
        if d <= limit, d < (best?.distance ?? Int.max) { best = (candidate, d) }
    }
    return best?.name
}

/// Levenshtein distance, counting a swap of neighbours as one edit.
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
