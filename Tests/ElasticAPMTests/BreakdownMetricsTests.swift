import Testing
@testable import ElasticAPM

/// Breakdown metrics: span self times per transaction and span kind.
@Suite("Breakdown metrics")
struct BreakdownMetricsTests {
    @Test("the accumulator keeps at most maxKeys keys per interval; known keys keep adding up; draining starts afresh")
    func accumulatorLimit() {
        let accumulator = BreakdownAccumulator()
        var table = SelfTimeTable()
        table.add(type: "db", subtype: nil, nanos: 1000)
        for index in 0..<BreakdownAccumulator.maxKeys {
            accumulator.record(transactionName: "t\(index)", transactionType: "request", table)
        }
        var twoKinds = table
        twoKinds.add(type: "app", subtype: nil, nanos: 500)
        accumulator.record(transactionName: "t0", transactionType: "request", twoKinds)
        accumulator.record(transactionName: "one too many", transactionType: "request", table)
        let totals = accumulator.drain()
        #expect(totals.count == BreakdownAccumulator.maxKeys)
        #expect(totals[.init(transactionName: "t0", transactionType: "request", spanType: "db")] == .init(count: 2, nanos: 2000))
        #expect(totals[.init(transactionName: "t0", transactionType: "request", spanType: "app")] == nil)
        #expect(accumulator.drain().isEmpty)
        accumulator.record(transactionName: "one too many", transactionType: "request", twoKinds)
        #expect(accumulator.drain().count == 2)
    }

    @Test("span self times and child time bookkeeping: ChildTimer unions overlapping intervals")
    func childTimer() {
        var timer = ChildTimer()
        timer.childStarted(at: 10)
        timer.childStarted(at: 20)
        timer.childEnded(at: 30)
        timer.childEnded(at: 40)
        timer.childStarted(at: 50)
        timer.childEnded(at: 55)
        timer.childStarted(at: 90)
        #expect(timer.finish(at: 100) == 30 + 5 + 10)
        timer.childEnded(at: 120)
        #expect(timer.finish(at: 130) == 45)
    }
}
