@testable import BrandPulse
import BrandPulseCore
import BrandPulseSentiment
import BrandPulseTestSupport
import Foundation
import Testing

/// The words stored with a mention feed alert and digest term lists: they name what moved the verdict.
@Suite struct MentionEvidenceTests {
    @Test func aBareNegatorIsNotEvidence() throws {
        let engine = try SentimentEngine.load(lexiconDirectory: RepositoryPaths.root().appendingPathComponent("lexicons"))
        // "nu" counts as a mild complaint on its own, but "nu" in an alert's term list tells a brand team nothing.
        let analysis = engine.analyze("Comanda nu a ajuns nici azi, eroare la plată", languageHint: .ro)
        #expect(analysis.explanation.terms.contains { $0.effects.contains(.unattachedNegation) })
        let evidence = Collector.evidence(of: analysis)
        #expect(!evidence.contains("nu"), "\(evidence)")
        #expect(evidence.contains("eroare"), "\(evidence)")
    }
}
