@testable import BrandPulseFeeds
import Foundation
import Testing

/// Deterministic fuzzing: mutated fixtures must come back as a feed or a `FeedError`, never a trap or hang.
@Suite struct RobustnessTests {
    /// xorshift64*, so that every run mutates the same way.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return state &* 2685821657736338717
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    static let inserts: [[UInt8]] = ["&", "<", "]]>", "&#", "&#x110000;", "<![CDATA[", "&amp", "<!DOCTYPE x [<!ENTITY a \"&a;\">]>",
                                     "&a;", "\"", "</", "<a b='", "\u{0}", "&nbsp"].map { Array($0.utf8) } + [[0xC2], [0xFF, 0xFE], [0xE2, 0x80]]

    @Test(arguments: Fixture.all().filter { !$0.name.hasPrefix("hostile/") })
    func mutatedFixturesNeverTrap(_ fixture: Fixture) {
        var random = Random(state: UInt64(truncatingIfNeeded: fixture.name.hashValue | 1) | 0x9E37_79B9_7F4A_7C15)
        let original = fixture.bytes
        for _ in 0..<40 {
            var data = original
            switch random.below(4) {
            case 0 where data.count > 1:
                data.removeSubrange(random.below(data.count)...)
            case 1:
                for _ in 0..<(1 + random.below(16)) where !data.isEmpty {
                    data[random.below(data.count)] = UInt8(truncatingIfNeeded: random.next())
                }
            case 2:
                for _ in 0..<(1 + random.below(4)) {
                    data.insert(contentsOf: RobustnessTests.inserts[random.below(RobustnessTests.inserts.count)], at: random.below(data.count + 1))
                }
            default:
                if data.count > 8 {
                    let a = random.below(data.count), b = random.below(data.count)
                    data.removeSubrange(min(a, b)..<max(a, b))
                }
            }
            for format in [FeedFormat.auto, .rss, .jsonfeed] {
                _ = try? FeedParser().parse(data, format: format, documentURL: "https://example.com/feed", mapping: fixture.mapping)
            }
        }
    }
}

@Suite struct ConcurrentParsingTests {
    /// One libxml2 context per parse and per-parse error handlers: parses on many threads at once agree.
    @Test func parsesConcurrently() async throws {
        let fixtures = Fixture.all(["languages", "encoding", "illformed", "xml_base", "dates"])
        let expected = try fixtures.map { try $0.parse().conformanceJSON() }
        let results = await withTaskGroup(of: (Int, [UInt8]?).self) { group in
            for _ in 0..<4 {
                for (k, fixture) in fixtures.enumerated() {
                    group.addTask { (k, try? fixture.parse().conformanceJSON()) }
                }
            }
            var all: [(Int, [UInt8]?)] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == fixtures.count * 4)
        for (k, output) in results { #expect(output == expected[k]) }
    }
}

@Suite struct HTMLEntityTableTests {
    @Test func holdsTheWholeHTML5List() {
        #expect(HTMLEntities.count == 2231)
        #expect(HTMLEntities.value(of: "CounterClockwiseContourIntegral;") == Array("∳".utf8))
        #expect(HTMLEntities.value(of: "NotNestedGreaterGreater;") == Array("⪢̸".utf8))
        #expect(HTMLEntities.value(of: "amp") == [38]) // legacy name without ";"
        #expect(HTMLEntities.value(of: "bogus;") == nil)
    }
}
