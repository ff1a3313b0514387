import BrandPulseCore
import BrandPulseSentiment
import Foundation
import Testing

@Suite struct ScratchPoolTests {
    /// Who holds which scratch right now, and every scratch ever lent.
    final class Ledger: @unchecked Sendable {
        let lock = NSLock()
        var inUse: Set<ObjectIdentifier> = []
        var lent: Set<ObjectIdentifier> = []
        var clashes = 0
    }

    @Test func aScratchIsLentToOneCallerAtATimeAndReused() {
        let pool = ScratchPool()
        let ledger = Ledger()
        DispatchQueue.concurrentPerform(iterations: 200) { _ in
            pool.withScratch { scratch in
                let id = ObjectIdentifier(scratch)
                ledger.lock.withLock {
                    if !ledger.inUse.insert(id).inserted { ledger.clashes += 1 }
                    ledger.lent.insert(id)
                }
                usleep(200)
                _ = ledger.lock.withLock { ledger.inUse.remove(id) }
            }
        }
        #expect(ledger.clashes == 0)
        // No more scratches than callers that ran at once (the machine's threads), far fewer than the 200 calls.
        #expect(ledger.lent.count <= max(2, ProcessInfo.processInfo.activeProcessorCount) * 2)
    }

    @Test func pooledScratchesGiveTheSameAnalysis() throws {
        let engine = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons)
        let brands = [Brand(name: "Biedronka"), Brand(name: "eMAG")]
        let pool = ScratchPool()
        let texts = ["Biedronka znowu bez obsługi, nie polecam", "eMAG-ul a livrat rapid, recomand!",
                     "Nu e așa bun cum credeam #eMAG", "W Biedronce taniej niż w Lidlu :)"]
        for text in texts + texts {
            let plain = engine.analyze(text, brands: brands)
            let pooled = pool.withScratch { engine.analyze(text, brands: brands, scratch: $0) }
            #expect(plain.score == pooled.score && plain.brands == pooled.brands && plain.intents == pooled.intents, "\(text)")
        }
    }
}
