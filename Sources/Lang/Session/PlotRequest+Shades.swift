extension PlotRequest {
    /// The values that map to black and white in a grey picture (`.image`, `.images`),
    /// shared by every picture of a grid so they can be compared; nil for other kinds and
    /// for heatmaps, whose colour scale spans every value.
    ///
    /// The 1st and 99th percentiles of the pooled finite pixels, not their extremes: a
    /// standardized image (what `peek` and `worst` show) has a few pixels far out, such as
    /// a corner that is almost always blank divided by its tiny standard deviation, and
    /// scaling to those would draw every other pixel as one flat grey. On raw pixels
    /// (digits' 0…16) the percentiles are the extremes, so those draw as before. When the
    /// percentiles meet (a mostly constant picture), the extremes are used.
    public var shadeRange: (low: Float, high: Float)? {
        switch kind {
        case .image, .images: break
        case .lines, .histogram, .scatter, .bar, .heatmap: return nil
        }
        let values = series.flatMap(\.y).filter(\.isFinite).sorted()
        guard let first = values.first, let last = values.last else { return nil }
        let cut = values.count / 100  // a hundredth at each end; none below 100 pixels
        let low = values[cut], high = values[values.count - 1 - cut]
        return high > low ? (low, high) : (first, last)
    }
}
