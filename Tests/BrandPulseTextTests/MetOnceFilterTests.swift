import BrandPulseText
import Testing

@Suite struct MetOnceFilterTests {
    @Test func aHashIsMetBeforeOnlyFromItsSecondSightUntilCleared() {
        var filter = MetOnceFilter(words: 16)
        let a: UInt64 = 0x0123_4567_89AB_CDEF, b: UInt64 = 0xFEDC_BA98_7654_3210
        var sights: [Bool] = []
        sights.append(filter.metBefore(a))
        sights.append(filter.metBefore(a))
        sights.append(filter.metBefore(b))
        filter.clear()
        sights.append(filter.metBefore(a))
        sights.append(filter.metBefore(b))
        sights.append(filter.metBefore(a))
        #expect(sights == [false, true, false, false, false, true])
    }
}
