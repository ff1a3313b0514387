import BrandPulseCore
import BrandPulseSentiment
import Foundation
import Testing

/// The compiled-lexicon cache gives the same engine as a compile, and never serves a stale or damaged image.
@Suite struct LexiconCacheTests {
    static let sentences = [
        "Nie polecam, obsluga fatalna", "Biedronka jest super, polecam!", "Сбербанк опять не работает(((", "Отличный сервис)))",
        "eMAG-ul nu mai livrează, dezamăgit", "Produs excelent, recomand", "I love this phone but the battery is awful",
        "Never buying from them again 😡", "#nierecomand", "So cool :D", "Przeszedłem z Orange do Play i jest super",
    ]

    static func expectSameAnalyses(_ a: SentimentEngine, _ b: SentimentEngine) {
        let brands = [Brand(name: "Biedronka"), Brand(name: "Orange"), Brand(name: "eMAG"), Brand(name: "Сбербанк"), Brand(name: "Play")]
        for text in sentences + FastPathTests.texts(count: 800, seed: 77) {
            let x = a.analyze(text, brands: brands), y = b.analyze(text, brands: brands)
            #expect(x.language == y.language && x.languageConfidence == y.languageConfidence, "\(text)")
            #expect(x.score == y.score && x.label == y.label && x.intents == y.intents && x.brands == y.brands, "\(text)")
            #expect(x.explanation == y.explanation, "\(text)")
        }
    }

    static func temporaryDirectory(_ prefix: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func engineRestoredFromItsImageIsTheSame() throws {
        let compiled = try SentimentEngine.compile(lexiconDirectory: Fixtures.repositoryLexicons, userLexicons: [:])
        let restored = try SentimentEngine(image: compiled.image())
        #expect(restored.warnings == compiled.warnings)
        Self.expectSameAnalyses(compiled, restored)
        // And the image of the restored engine is byte for byte the same.
        #expect(restored.image() == compiled.image())
    }

    @Test func loadWritesTheImageAndTheNextLoadReadsIt() throws {
        let cache = LexiconCache(directory: LexiconCacheTests.temporaryDirectory("brandpulse-cache"))
        let first = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons, cache: cache)
        let key = try #require(cache.key(lexiconDirectory: Fixtures.repositoryLexicons, userLexicons: [:]))
        #expect(cache.read(key) != nil, "the first load writes the image")
        let second = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons, cache: cache)
        Self.expectSameAnalyses(first, second)
    }

    @Test func damagedImageIsIgnoredAndRewritten() throws {
        let cache = LexiconCache(directory: LexiconCacheTests.temporaryDirectory("brandpulse-cache"))
        _ = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons, cache: cache)
        let key = try #require(cache.key(lexiconDirectory: Fixtures.repositoryLexicons, userLexicons: [:]))
        let url = cache.imageURL(key)
        var bytes = try [UInt8](Data(contentsOf: url))
        bytes[bytes.count / 2] ^= 0x5A
        try Data(bytes).write(to: url)
        #expect(cache.read(key) == nil, "a flipped byte fails the checksum")
        try Data(bytes.prefix(bytes.count - 100)).write(to: url)
        #expect(cache.read(key) == nil, "a truncated image is refused")
        try Data().write(to: url)
        #expect(cache.read(key) == nil, "an empty image (nothing to map) is refused")

        let engine = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons, cache: cache)
        #expect(engine.analyze("Nie polecam, obsluga fatalna").label == .negative)
        #expect(cache.read(key) != nil, "the load compiled and wrote a good image again")

        // An image others could have written is not trusted.
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: url.path)
        #expect(cache.read(key) == nil, "a group- or world-writable image is ignored")
    }

    @Test func theKeyCoversEveryFileFoundationWouldList() throws {
        let root = LexiconCacheTests.temporaryDirectory("brandpulse-walk")
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("ru/extra"), withIntermediateDirectories: true)
        for file in ["en.tsv", ".hidden.tsv", "ru/sentiment.tsv", "ru/extra/slang.tsv"] {
            try Data("x\t1\n".utf8).write(to: root.appendingPathComponent(file))
        }
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("linked.tsv").path,
                                       withDestinationPath: root.appendingPathComponent("en.tsv").path)
        for directory in [root, Fixtures.repositoryLexicons] {
            var expected: [String] = []
            let enumerator = try #require(manager.enumerator(atPath: directory.path))
            while let relative = enumerator.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if manager.fileExists(atPath: directory.path + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                    expected.append(relative)
                }
            }
            #expect(LexiconCache.regularFiles(under: directory.path)?.sorted() == expected.sorted(), "\(directory.path)")
        }
        #expect(LexiconCache.regularFiles(under: root.appendingPathComponent("missing").path) == nil)
    }

    @Test func changedLexiconIsCompiledAgainAndErrorsStillStopTheLoad() throws {
        let directory = LexiconCacheTests.temporaryDirectory("brandpulse-lexicons")
        let lexicons = directory.appendingPathComponent("lexicons")
        try FileManager.default.copyItem(at: Fixtures.repositoryLexicons, to: lexicons)
        let cache = LexiconCache(directory: directory.appendingPathComponent("cache"))
        let before = try SentimentEngine.load(lexiconDirectory: lexicons, cache: cache)
        #expect(before.analyze("zzyzxquux", languageHint: .pl).label == .neutral)

        let sentiment = lexicons.appendingPathComponent("pl/sentiment.tsv")
        let handle = try FileHandle(forWritingTo: sentiment)
        handle.seekToEndOfFile()
        handle.write(Data("\n=zzyzxquux\t3.0\n".utf8))
        try handle.close()
        let after = try SentimentEngine.load(lexiconDirectory: lexicons, cache: cache)
        #expect(after.analyze("zzyzxquux", languageHint: .pl).label == .positive, "the edited lexicon is compiled, not read from the old image")

        try Data("=zzyzxquux\tnot-a-number\n".utf8).write(to: sentiment)
        #expect(throws: LexiconError.self) { try SentimentEngine.load(lexiconDirectory: lexicons, cache: cache) }
    }

    @Test func userLexiconsArePartOfTheKey() throws {
        let directory = LexiconCacheTests.temporaryDirectory("brandpulse-user-lexicon")
        let user = directory.appendingPathComponent("brand.tsv")
        try Data("=zzyzxquux\t-3.0\n".utf8).write(to: user)
        let cache = LexiconCache(directory: directory.appendingPathComponent("cache"))
        let plain = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons, cache: cache)
        let withUser = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons, userLexicons: [.en: [user]], cache: cache)
        #expect(plain.analyze("zzyzxquux", languageHint: .en).label == .neutral)
        #expect(withUser.analyze("zzyzxquux", languageHint: .en).label == .negative)
        try Data("=zzyzxquux\t3.0\n".utf8).write(to: user)
        let edited = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons, userLexicons: [.en: [user]], cache: cache)
        #expect(edited.analyze("zzyzxquux", languageHint: .en).label == .positive)
    }

    @Test func unwritableCacheDirectoryOnlyCostsACompile() throws {
        // A regular file where the directory should be: creating the cache directory fails.
        let directory = LexiconCacheTests.temporaryDirectory("brandpulse-cache-file")
        let file = directory.appendingPathComponent("not-a-directory")
        try Data("x".utf8).write(to: file)
        let cache = LexiconCache(directory: file.appendingPathComponent("brandpulse"))
        let engine = try SentimentEngine.load(lexiconDirectory: Fixtures.repositoryLexicons, cache: cache)
        #expect(engine.analyze("Produs excelent, recomand").label == .positive)
    }
}
