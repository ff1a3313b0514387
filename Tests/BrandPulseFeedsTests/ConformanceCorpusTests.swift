@testable import BrandPulseFeeds
import Foundation
import Testing

/// Runs the shared feed-parsing conformance corpus (../shared/conformance/feeds) through the parser
/// and checks its expectations, as tools/check_conformance.py does. Needs the shared folder.
@Suite struct ConformanceCorpusTests {
    static let corpus: URL? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            repo.deletingLastPathComponent().appendingPathComponent("shared/conformance/feeds"),
            URL(fileURLWithPath: "/work/shared/conformance/feeds"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("cases.json").path) }
    }()

    @Test(.enabled(if: corpus != nil, "needs ../shared/conformance/feeds (the shared corpus); not present here"))
    func passesAtLeast97Percent() throws {
        let dir = try #require(ConformanceCorpusTests.corpus)
        let data = try Data(contentsOf: dir.appendingPathComponent("cases.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]])
        var passed = 0
        var failures: [String] = []
        for c in cases {
            guard let file = c["file"] as? String, let expectations = c["expect"] as? [[String: Any]] else { continue }
            let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent(file)))
            let document: Any?
            do {
                let feed = try FeedParser().parse(bytes, documentURL: c["url"] as? String)
                document = try JSONSerialization.jsonObject(with: Data(feed.conformanceJSON()))
            } catch {
                document = nil
            }
            let failed = expectations.filter { !Expectation.holds($0, in: document) }
            if failed.isEmpty { passed += 1 } else { failures.append("\(file): \(failed.map { $0["path"] ?? "" })") }
        }
        let rate = Double(passed) / Double(max(cases.count, 1))
        #expect(rate >= 0.97, "passed \(passed)/\(cases.count); failing: \(failures.joined(separator: "; "))")
    }
}

/// The checker's path language (`items[0].title`, `items.count`) and operators.
enum Expectation {
    static func holds(_ e: [String: Any], in document: Any?) -> Bool {
        guard let document, let path = e["path"] as? String else { return false }
        let actual = value(at: path, in: document)
        let absent = isAbsent(actual)
        if let want = e["equals"] {
            if want is NSNull { return absent }
            return !absent && same(actual, want)
        }
        if let flag = e["absent"] as? Bool { return absent == flag }
        if absent { return false }
        if let want = e["contains"] as? String {
            if let s = actual as? String { return s.contains(want) }
            if let list = actual as? [Any] { return list.contains { ($0 as? String) == want } }
            return false
        }
        if let want = e["startswith"] as? String { return (actual as? String)?.hasPrefix(want) == true }
        if let options = e["one_of"] as? [Any] { return options.contains { same(actual, $0) } }
        return false
    }

    static func isAbsent(_ v: Any?) -> Bool {
        guard let v else { return true }
        if v is NSNull { return true }
        if let s = v as? String { return s.isEmpty }
        if let a = v as? [Any] { return a.isEmpty }
        return false
    }

    static func same(_ a: Any?, _ b: Any) -> Bool {
        if let x = a as? String, let y = b as? String { return x == y }
        if let x = a as? Int, let y = b as? Int { return x == y }
        if let x = a as? [Any], let y = b as? [Any] {
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        }
        return false
    }

    static func value(at path: String, in document: Any) -> Any? {
        var current: Any? = document
        for segment in path.split(separator: ".") {
            var name = Substring(segment)
            var indices: [Int] = []
            if let bracket = name.firstIndex(of: "[") {
                indices = name[bracket...].split(whereSeparator: { $0 == "[" || $0 == "]" }).compactMap { Int($0) }
                name = name[..<bracket]
            }
            if name == "count", indices.isEmpty, let list = current as? [Any] { current = list.count; continue }
            guard let object = current as? [String: Any], let next = object[String(name)] else { return nil }
            current = next
            for i in indices {
                guard let list = current as? [Any] else { return nil }
                let k = i < 0 ? list.count + i : i
                guard list.indices.contains(k) else { return nil }
                current = list[k]
            }
        }
        return current
    }
}
