/// The finite values of a window sliding along a series, kept in ascending order, for running medians and quantiles
/// without sorting every window again.
///
/// Written here because the mirrored swift-collections release ships no sorted multiset: its `SortedSet` is an
/// unstable prototype behind a trait and keeps one copy of equal values. A window holds about a hundred values, so a
/// sorted array with binary-search insertion and removal is enough.
struct SortedWindow {
    /// The window's finite values, ascending.
    private(set) var sorted: [Double] = []

    /// Calls `body` with the window `values[max(0, i − halfWidth) ... min(count − 1, i + halfWidth)]` for every `i`
    /// in `indices` (within `values.indices`), in order (NaNs and infinities left out), and returns the results.
    static func map<T>(_ values: [Double], halfWidth: Int, over indices: Range<Int>,
                       _ body: (SortedWindow) -> T) -> [T] {
        var window = SortedWindow()
        window.sorted.reserveCapacity(2 * halfWidth + 1)
        var low = 0, high = -1   // the inclusive range the window holds
        var results: [T] = []
        results.reserveCapacity(indices.count)
        for i in indices {
            let newLow = max(0, i - halfWidth), newHigh = min(values.count - 1, i + halfWidth)
            while high < newHigh { high += 1; window.insert(values[high]) }
            while low < newLow { window.remove(values[low]); low += 1 }
            results.append(body(window))
        }
        return results
    }

    /// Adds `value` (ignored unless finite).
    mutating func insert(_ value: Double) {
        guard value.isFinite else { return }
        sorted.insert(value, at: firstIndex(notBelow: value))
    }

    /// Removes one copy of `value` (ignored unless finite and present).
    mutating func remove(_ value: Double) {
        guard value.isFinite else { return }
        let index = firstIndex(notBelow: value)
        if index < sorted.count, sorted[index] == value { sorted.remove(at: index) }
    }

    /// Position of the first value not below `value`.
    private func firstIndex(notBelow value: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The median (the mean of the two middle values for an even count), as `Robust.median` gives it; `nil` when empty.
    var median: Double? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle])
    }

    /// The `q` quantile of the absolute deviations from `centre` (linear interpolation between the order statistics at
    /// `q · (count − 1)`); `nil` when empty. The deviations below and above the centre are each already in order, so
    /// the two runs are merged up to the order statistics needed instead of sorting the deviations.
    func deviationQuantile(from centre: Double, _ q: Double) -> Double? {
        let count = sorted.count
        guard count > 0 else { return nil }
        let position = q * Double(count - 1)
        let below = Int(position.rounded(.down)), above = min(count - 1, below + 1)
        // Deviations of the values under the centre grow leftwards from `split`, the others rightwards from it.
        let split = firstIndex(notBelow: centre)
        var left = split - 1, right = split
        var lower = 0.0, upper = 0.0
        for rank in 0...above {
            let deviation: Double
            if left >= 0, right >= count || abs(sorted[left] - centre) <= abs(sorted[right] - centre) {
                deviation = abs(sorted[left] - centre)
                left -= 1
            } else {
                deviation = abs(sorted[right] - centre)
                right += 1
            }
            if rank == below { lower = deviation }
            if rank == above { upper = deviation }
        }
        return lower + (position - Double(below)) * (upper - lower)
    }
}
