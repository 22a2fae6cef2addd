/// A min-heap of connection timers (delayed answers), ordered by deadline.
struct TimerHeap {
    struct Timer {
        let deadline: Double
        let fd: Int32
        let generation: UInt64
    }

    private var items: [Timer] = []

    var nextDeadline: Double? { items.first?.deadline }

    mutating func push(deadline: Double, fd: Int32, generation: UInt64) {
        items.append(Timer(deadline: deadline, fd: fd, generation: generation))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if items[parent].deadline <= items[i].deadline { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    /// Removes and returns the earliest timer if it is due.
    mutating func popDue(now: Double) -> Timer? {
        guard let first = items.first, first.deadline <= now else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < items.count && items[l].deadline < items[smallest].deadline { smallest = l }
                if r < items.count && items[r].deadline < items[smallest].deadline { smallest = r }
                if smallest == i { break }
                items.swapAt(i, smallest)
                i = smallest
            }
        }
        return first
    }
}
