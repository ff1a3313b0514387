@testable import BrandPulseFeeds
import Foundation
import Testing

@Suite struct FeedDateTests {
    @Test(arguments: [
        ("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"),
        ("Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"),
        ("01 Jan 2004 19:48 +0200", "2004-01-01T17:48:00Z"),
        ("Thursday, 01 January 2004 19:48:21 EDT", "2004-01-01T23:48:21Z"),
        ("THU, 01 JAN 2004 19:48:21 PST", "2004-01-02T03:48:21Z"),
        ("Thu, 01 Jan 2004 19:48:21 CET", "2004-01-01T18:48:21Z"),
        ("Thu, 01 Jan 2004 19:48:21 EET", "2004-01-01T17:48:21Z"),
        ("Fri, 01 Jan 2004 19:48:21 +05:45", "2004-01-01T14:03:21Z"),
        ("Thu, 01 Jan 2004 19:48:21 +0000 (UTC)", "2004-01-01T19:48:21Z"),
        ("Thu, 01 Jan 2004 7:48:21", "2004-01-01T07:48:21Z"),
        ("Пн, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"),
        ("2003-12-13T18:30:02Z", "2003-12-13T18:30:02Z"),
        ("2003-12-13t18:30:02.123456789+05:30", "2003-12-13T13:00:02Z"),
        ("2003-12-13 18:30:02", "2003-12-13T18:30:02Z"),
        ("2004-02-29T12:00:00-12:00", "2004-03-01T00:00:00Z"),
        ("2003-12-13T18:30:02+0100", "2003-12-13T17:30:02Z"),
        ("2003-12", "2003-12-01T00:00:00Z"),
        ("2003", "2003-01-01T00:00:00Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
    ])
    func parsesByHand(text: String, iso: String) throws {
        let date = try #require(FeedDate.parse(text))
        #expect(FeedDate.iso(date) == iso)
    }

    @Test(arguments: ["", "yesterday", "2003-13-01", "32 Jan 2004", "Thu, 01 Foo 2004 19:48:21 GMT", "2003-12-13T25:00:00Z"])
    func rejectsNonDates(_ text: String) {
        #expect(FeedDate.parse(text) == nil)
    }
}

@Suite struct SanitizerTests {
    @Test(arguments: [
        ("<p>One</p><p>Two</p>", "One Two"),
        ("Para<b>two</b>", "Paratwo"),
        ("a<br>b<br/>c", "a b c"),
        ("safe<script>alert('x')</script> description", "safe description"),
        ("<style>p { color: red }</style>text", "text"),
        ("don&#146;t &amp; &hellip; &nbsp;x", "don’t & … x"),
        ("&#x1F680; &#128512; &amp", "🚀 😀 &"),
        ("1 < 2 and 3 > 2", "1 < 2 and 3 > 2"),
        ("<!-- comment -->visible", "visible"),
        ("tab\tand\u{3000}ideographic\u{00A0}space", "tab and ideographic space"),
        ("zero\u{200D}width\u{200B}kept", "zero\u{200D}width\u{200B}kept"),
        ("<ul><li>a</li><li>b</li></ul>", "a b"),
        ("<a href=\"x?a=1&b=2\" title='>'>link</a>", "link"),
    ])
    func rendersHTMLAsText(html: String, text: String) {
        #expect(Sanitizer.htmlToText(html) == text)
    }

    @Test func emptyResultIsMissing() {
        #expect(Sanitizer.htmlToText("<p> </p>") == nil)
        #expect(Sanitizer.plainText(" \n\t ") == nil)
    }

    @Test(arguments: [
        ("AT&amp;T", true),
        ("<b>bold</b>", true),
        ("1 < 2", false),
        ("History of the <blink> tag", false),
        ("&bogus; thing", false),
        ("plain", false),
    ])
    func looksLikeHTML(text: String, expected: Bool) {
        #expect(Sanitizer.looksLikeHTML(text) == expected)
    }
}

@Suite struct URLResolverTests {
    @Test(arguments: [
        ("item.html", "https://example.com/blog/", "https://example.com/blog/item.html"),
        ("../up.html", "https://example.com/a/b/c.html", "https://example.com/a/up.html"),
        ("/root", "https://example.com/a/b", "https://example.com/root"),
        ("//cdn.example/x", "https://example.com/", "https://cdn.example/x"),
        ("?page=2", "https://example.com/blog/index.html?page=1", "https://example.com/blog/index.html?page=2"),
        ("#frag", "https://example.com/p", "https://example.com/p#frag"),
        ("https://other.example/", "https://example.com/", "https://other.example/"),
        ("x", "https://example.com", "https://example.com/x"),
    ])
    func resolvesRFC3986(reference: String, base: String, expected: String) {
        #expect(URLResolver.resolve(reference, against: base) == expected)
    }

    @Test func withoutBaseTheReferenceStays() {
        #expect(URLResolver.resolve(" /x ", against: nil) == "/x")
    }
}
