import BrandPulseCore
@testable import BrandPulseFeeds
import Foundation
import Testing

@Suite struct LanguageFixtureTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var language: String
        var title: String
        var summary: String
        var author: String?
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "languages/english_rss.xml", language: "en-US", title: "Acme's new app keeps crashing",
             summary: "The new Acme app crashes on login. Never again — switching to Zorya.", author: "Kate Miller"),
        Case(file: "languages/romanian_rss.xml", language: "ro", title: "Livrarea de la eMAG a durat trei săptămâni",
             summary: "Mulțumesc pentru răspunsul rapid, dar niciodată din nou.", author: "Ana Popescu"),
        Case(file: "languages/russian_atom.xml", language: "ru", title: "Сбербанк запустил новый сервис",
             summary: "Удобно, рекомендую!", author: "Иван Петров"),
        Case(file: "languages/polish_entities_rss.xml", language: "pl", title: "Polecam, bardzo dobra obsługa",
             summary: "Kupię znowu – obsługa była ósmego dnia super.", author: nil),
    ]

    @Test(arguments: cases)
    func readsTextInEachLanguage(_ c: Case) throws {
        let feed = try Fixture(c.file).parse()
        #expect(feed.language == c.language)
        #expect(feed.entries.count == 1)
        #expect(feed.entries.first?.title == c.title)
        #expect(feed.entries.first?.summary == c.summary)
        #expect(feed.entries.first?.author == c.author)
        #expect(feed.diagnostics.isEmpty)
    }
}

@Suite struct EncodingTests {
    @Test(arguments: [
        ("encoding/windows-1251.xml", "Новости о Сбербанке", "Служба поддержки ответила быстро, спасибо!"),
        ("encoding/koi8-r.xml", "Доставка от Яндекса", "Заказ пришёл вовремя, всё отлично."),
        ("encoding/iso-8859-2.xml", "Żółta łódź w Gdańsku", "Zażółć gęślą jaźń - nie polecam."),
        ("encoding/windows-1250.xml", "Łódź: opinie o sklepie", "Świetna obsługa, kupię znowu."),
        ("encoding/utf-16-bom.xml", "Știri din București", "Aplicația funcționează perfect în Iași."),
    ])
    func decodesDeclaredEncoding(file: String, title: String, summary: String) throws {
        let feed = try Fixture(file).parse()
        #expect(feed.title == title)
        #expect(feed.entries.first?.summary == summary)
    }

    @Test(arguments: [
        ("iso-8859-16", [0xBA, 0x74, 0x69, 0x72, 0x69] as [UInt8], "știri"),
        ("ISO-8859-5", [0xBD, 0xDE, 0xD2, 0xDE, 0xE1, 0xE2, 0xD8], "Новости"),
        ("windows-1254", [0x64, 0xF0, 0x61], "dğa"),
        ("latin2", [0xA3, 0xF3, 0x64, 0xBC], "Łódź"),
    ])
    func decodesSingleByteEncodings(label: String, title: [UInt8], expected: String) throws {
        let doc = Array("<?xml version=\"1.0\" encoding=\"\(label)\"?><rss><channel><title>".utf8) + title
            + Array("</title></channel></rss>".utf8)
        #expect(try FeedParser().parse(doc).title == expected)
    }

    @Test func invalidUTF8FallsBackToWindows1252() throws {
        let feed = try Fixture("encoding/invalid_utf8_as_windows_1252.xml").parse()
        #expect(feed.title == "Café news")
        #expect(feed.entries.first?.title == "It’s “great” – really")
        #expect(feed.diagnostics.contains { $0.contains("windows-1252") })
    }

    @Test func httpCharsetOverridesDeclaration() throws {
        let doc = Array(#"<?xml version="1.0" encoding="utf-8"?><rss><channel><title>"#.utf8) + [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]
            + Array("</title></channel></rss>".utf8)
        let feed = try FeedParser().parse(doc, contentType: "application/rss+xml; charset=\"windows-1251\"")
        #expect(feed.title == "Привет")
    }

    @Test func wrongHTTPCharsetFallsBackToTheDeclaration() throws {
        let doc = Array(#"<?xml version="1.0" encoding="windows-1251"?><rss><channel><title>"#.utf8) + [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]
            + Array("</title></channel></rss>".utf8)
        let feed = try FeedParser().parse(doc, contentType: "text/xml; charset=utf-8")
        #expect(feed.title == "Привет")
        #expect(!feed.diagnostics.isEmpty)
    }

    @Test func utf16WithoutBOMIsDetectedFromTheDeclaration() throws {
        let text = #"<?xml version="1.0" encoding="utf-16"?><rss><channel><title>Łódź</title></channel></rss>"#
        var bytes: [UInt8] = []
        for unit in text.utf16 { bytes.append(UInt8(unit >> 8)); bytes.append(UInt8(unit & 0xFF)) }
        #expect(try FeedParser().parse(bytes).title == "Łódź")
    }

    @Test func gb2312IsReadAsGB18030() throws {
        // "中文" in GB2312
        let doc = Array(#"<?xml version="1.0" encoding="gb2312"?><rss><channel><title>"#.utf8) + [0xD6, 0xD0, 0xCE, 0xC4]
            + Array("</title></channel></rss>".utf8)
        #expect(try FeedParser().parse(doc).title == "中文")
    }

    @Test func truncatedMultibyteSequencesNeverTrap() throws {
        let doc = Array(#"<?xml version="1.0" encoding="koi8-r"?><rss><channel><title>ok"#.utf8) + [0xFF, 0xFE, 0x00]
            + Array("</title></channel></rss>".utf8)
        _ = try? FeedParser().parse(doc)
        let utf16 = [UInt8]([0xFF, 0xFE, 0x3C, 0x00, 0x72]) // odd length after a BOM
        _ = try? FeedParser().parse(utf16)
    }
}

@Suite struct IllFormedFeedTests {
    @Test func nakedHTMLDoesNotSwallowTheNextItem() throws {
        let feed = try Fixture("illformed/unclosed_html_in_description.xml").parse()
        #expect(feed.entries.map(\.title) == ["First", "Second"])
        #expect(feed.entries.first?.summary == "Para bold")
    }

    @Test func bareAmpersandsAndHTMLEntitiesAreText() throws {
        let feed = try Fixture("illformed/bare_ampersand_and_undeclared_entity.xml").parse()
        #expect(feed.title == "Q&A about AT&T deals")
        #expect(feed.entries.first?.title == "Price €5 &bogus; here")
        #expect(feed.entries.first?.link == "https://example.com/?a=1&b=2")
    }

    @Test func mismatchedTagIsADiagnosticAndEntitiesSurvive() throws {
        let feed = try Fixture("illformed/mismatched_end_tag.xml").parse()
        #expect(feed.entries.count == 2)
        #expect(feed.entries.last?.title == "Tom & Jerry <3")
        #expect(feed.diagnostics.first?.contains("mismatch") == true)
    }

    @Test func truncatedDocumentKeepsWhatItHas() throws {
        let doc = Array("<rss><channel><title>Cut</title><item><title>Whole</title></item><item><title>Ha".utf8)
        let feed = try FeedParser().parse(doc)
        #expect(feed.entries.first?.title == "Whole")
        #expect(!feed.diagnostics.isEmpty)
    }
}

@Suite struct HostileXMLTests {
    @Test func billionLaughsStopsAtTheExpansionLimit() {
        let error = #expect(throws: FeedError.self) { try Fixture("hostile/billion_laughs.xml").parse() }
        #expect(error?.message.hasPrefix("XML entity expansion limit exceeded") == true)
    }

    @Test func quadraticBlowupStopsAtTheVolumeLimit() {
        let error = #expect(throws: FeedError.self) { try Fixture("hostile/quadratic_blowup.xml").parse() }
        #expect(error?.message.hasPrefix("XML entity expansion limit exceeded") == true)
    }

    @Test func externalEntityIsNeverRead() throws {
        let feed = try Fixture("hostile/xxe_file_entity.xml").parse()
        let json = String(decoding: feed.conformanceJSON(), as: UTF8.self)
        #expect(!json.contains("root:"))
        #expect(feed.entries.first?.title == "leak:")
    }

    @Test func externalParameterEntityIsIgnored() throws {
        let feed = try Fixture("hostile/xxe_parameter_entity.xml").parse()
        #expect(feed.entries.first?.title == "Still parsed")
    }

    @Test func deepNestingIsRefused() {
        let error = #expect(throws: FeedError.self) { try Fixture("hostile/deep_nesting.xml").parse() }
        #expect(error?.message == "XML nesting deeper than 256 levels")
    }

    @Test func oversizedDocumentIsRefused() {
        let parser = FeedParser(limits: FeedLimits(maxBytes: 1 << 10))
        let doc = Array("<rss><channel><title>".utf8) + Array(repeating: UInt8(ascii: "a"), count: 2000) + Array("</title></channel></rss>".utf8)
        let error = #expect(throws: FeedError.self) { try parser.parse(doc) }
        #expect(error?.message == "document exceeds 1 KiB")
    }

    @Test func deeplyNestedJSONIsRefused() {
        let doc = Array(repeating: UInt8(ascii: "["), count: 10_000) + Array(repeating: UInt8(ascii: "]"), count: 10_000)
        #expect(throws: FeedError.self) { try FeedParser().parse(doc) }
    }
}

@Suite struct FeedErrorTests {
    @Test func webPageIsNotAFeed() {
        do {
            _ = try Fixture("errors/html_page.xml").parse()
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "not a feed: root element <html>")
            #expect(error.location?.line == 2)
            #expect(error.located(in: "feeds/x.xml").description.hasPrefix("feeds/x.xml:2: not a feed"))
        }
    }

    @Test func emptyAndGarbageDocumentsThrow() {
        #expect(throws: FeedError.self) { try FeedParser().parse([]) }
        #expect(throws: FeedError.self) { try FeedParser().parse(Array("   \n".utf8)) }
        #expect(throws: FeedError.self) { try FeedParser().parse(Array("just some words".utf8)) }
    }

    @Test func invalidJSONSaysWhere() {
        do {
            _ = try FeedParser().parse(Array("{\n\"items\": [1,\n]}".utf8), format: .jsonfeed)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("not valid JSON"))
            #expect(error.location?.line == 3)
        }
    }

    @Test func unknownJSONShapeAsksForAMapping() {
        do {
            _ = try FeedParser().parse(Array(#"{"rows": []}"#.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.hint?.contains("mapping") == true)
        }
    }
}

@Suite struct FormatTests {
    @Test(arguments: [
        ("<rss version=\"0.91\"><channel><title>t</title><item><title>i</title></item></channel></rss>", "i"),
        ("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel><title>t</title></channel><item rdf:about=\"urn:x\"><title>i</title></item></rdf:RDF>", "i"),
        ("<feed xmlns=\"http://purl.org/atom/ns#\" version=\"0.3\"><title>t</title><entry><title mode=\"escaped\" type=\"text/html\">&lt;b&gt;i&lt;/b&gt;</title></entry></feed>", "i"),
        ("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><entry><title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">i</div></title></entry></feed>", "i"),
    ])
    func readsEveryXMLFlavour(document: String, title: String) throws {
        let feed = try FeedParser().parse(Array(document.utf8))
        #expect(feed.title == "t")
        #expect(feed.entries.first?.title == title)
    }

    @Test func entriesKeepTheLanguageTheyDeclare() throws {
        let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\"><entry xml:lang=\"pl\"><id>1</id></entry><entry><id>2</id></entry></feed>"
        let feed = try FeedParser().parse(Array(atom.utf8))
        #expect(feed.language == "en")
        #expect(feed.entries.map(\.language) == ["pl", nil])
        let rss = "<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><item><dc:language>ro_RO</dc:language></item></channel></rss>"
        #expect(try FeedParser().parse(Array(rss.utf8)).entries.first?.language == "ro-RO")
    }

    @Test func inlineXHTMLIsRenderedToText() throws {
        let atom = #"<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>One</p><script>alert(1)</script><ul><li>a &amp;lt; b</li></ul><b>bold</b>text</div></content></entry></feed>"#
        #expect(try FeedParser().parse(Array(atom.utf8)).entries.first?.content == "One a &lt; b boldtext")
        let rss = #"<rss xmlns:x="http://www.w3.org/1999/xhtml"><channel><item><x:body><x:p>Para<x:b>two</x:b></x:p><x:p>AT&amp;amp;T</x:p></x:body></item></channel></rss>"#
        #expect(try FeedParser().parse(Array(rss.utf8)).entries.first?.content == "Paratwo AT&T")
    }

    @Test func rdfAboutIsTheId() throws {
        let doc = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><item rdf:about=\"urn:x\"><link>http://e.com/x</link></item></rdf:RDF>"
        #expect(try FeedParser().parse(Array(doc.utf8)).entries.first?.id == "urn:x")
    }
}
