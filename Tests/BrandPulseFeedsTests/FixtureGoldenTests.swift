import BrandPulseCore
@testable import BrandPulseFeeds
import Foundation
import Testing

/// Every fixture that parses is compared byte for byte with its `.expected.json` (the conformance
/// JSON). `BRANDPULSE_RECORD_GOLDEN=1 swift test` re-records them; review the diff before committing.
@Suite struct FixtureGoldenTests {
    static let parseable = Fixture.all().filter { !["hostile/billion_laughs.xml", "hostile/quadratic_blowup.xml", "hostile/deep_nesting.xml", "errors/html_page.xml"].contains($0.name) }

    @Test(arguments: parseable)
    func matchesGolden(_ fixture: Fixture) throws {
        let output = try fixture.parse().conformanceJSON()
        if ProcessInfo.processInfo.environment["BRANDPULSE_RECORD_GOLDEN"] == "1" {
            try Data(output).write(to: fixture.goldenURL)
            return
        }
        let golden = try [UInt8](Data(contentsOf: fixture.goldenURL))
        #expect(String(decoding: output, as: UTF8.self) == String(decoding: golden, as: UTF8.self))
    }

    @Test(arguments: Fixture.all())
    func saysWhatItTests(_ fixture: Fixture) {
        #expect(fixture.statedPurpose != nil, "a fixture opens with a comment \"Tests: ...\"")
    }
}
