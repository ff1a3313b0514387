/// Rewrites character and entity references before libxml2 sees the document.
///
/// libxml2 2.9 in recovery mode drops every named entity reference once it has met one error, and it
/// rejects the HTML entities (`&nbsp;`) and bare ampersands that feeds are full of. So:
/// - character data that contains references becomes one CDATA section with the references decoded
///   by HTML5 rules (`&lt;p&gt;` → `<![CDATA[<p>]]>`, `&nbsp;` → U+00A0, `&#146;` → `’`, a bare `&`
///   stays `&`); libxml2 then also delivers it in one piece rather than one callback per reference;
/// - in attribute values, HTML entities and bare ampersands become numeric references, and after a
///   parse error (`rewritePredefined`) the five XML ones do too;
/// - raw, often unbalanced HTML inside `description` and `content:encoded` is wrapped in CDATA;
/// - C1 controls are read as windows-1252 and other control characters become spaces.
/// Entities declared in the internal subset are left for libxml2, which counts their expansions.
/// Comments, CDATA sections, processing instructions and the DOCTYPE are copied unchanged, and so
/// are line breaks, so that error positions stay right.
struct XMLPreprocessor {
    /// Names declared with `<!ENTITY name ...>` in the internal subset.
    private(set) var declaredEntities: Set<String> = []
    /// Also rewrite the five predefined entities. Only needed when libxml2 will meet an error (it then
    /// drops named references), so the parser first runs without it and retries with it on error.
    var rewritePredefined = false

    /// The cleaned document in one array.
    mutating func process(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count + input.count / 16)
        process(input) { out.append(contentsOf: $0) }
        return out
    }

    /// The cleaned document as a sequence of segments handed to `write` in order: runs of the input
    /// itself and the replacements between them, so that no second copy of a large document is made.
    mutating func process(_ input: [UInt8], write: (UnsafeBufferPointer<UInt8>) -> Void) {
        var copiedUpTo = 0
        input.withUnsafeBufferPointer { b in
            let n = b.count
            var i = 0
            func put(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { write($0) } }
            func emit(upTo end: Int, _ replacement: [UInt8]) {
                if end > copiedUpTo { write(UnsafeBufferPointer(rebasing: b[copiedUpTo..<end])) }
                put(replacement)
            }
            let interesting = XMLPreprocessor.interesting
            // Where the character data being scanned began (after a tag, comment, ...); -1 outside content.
            var contentStart = -1
            while i < n {
                // skip the bytes that never need attention
                while i < n && interesting[Int(b[i])] == 0 { i += 1 }
                guard i < n else { break }
                let c = b[i]
                if c == UInt8(ascii: "<") {
                    if i + 3 < n, b[i + 1] == UInt8(ascii: "!") {
                        if b[i + 2] == UInt8(ascii: "-") && b[i + 3] == UInt8(ascii: "-") {
                            i = Sanitizer.find(b, "-->", from: i + 4).map { $0 + 3 } ?? n
                            contentStart = i
                            continue
                        }
                        if b[i + 2] == UInt8(ascii: "[") {
                            i = Sanitizer.find(b, "]]>", from: i + 3).map { $0 + 3 } ?? n
                            contentStart = i
                            continue
                        }
                        if b[i + 2] | 0x20 == UInt8(ascii: "d") {
                            i = skipDoctype(b, from: i + 2)
                            continue
                        }
                    } else if let (innerStart, innerEnd) = nakedHTMLContent(b, at: i) {
                        // Unescaped HTML in an HTML-typed element is often not well-formed (`<p><b>x</p>`);
                        // as CDATA it reaches the HTML renderer intact instead of derailing the XML parser.
                        emit(upTo: innerStart, Array("<![CDATA[".utf8))
                        var k = innerStart
                        while let close = Sanitizer.find(UnsafeBufferPointer(rebasing: b[..<innerEnd]), "]]>", from: k) {
                            write(UnsafeBufferPointer(rebasing: b[k..<close]))
                            put(Array("]]]]><![CDATA[>".utf8))
                            k = close + 3
                        }
                        write(UnsafeBufferPointer(rebasing: b[k..<innerEnd]))
                        put(Array("]]>".utf8))
                        copiedUpTo = innerEnd
                        i = innerEnd
                        contentStart = -1
                        continue
                    } else if i + 1 < n, b[i + 1] == UInt8(ascii: "?") {
                        i = Sanitizer.find(b, "?>", from: i + 2).map { $0 + 2 } ?? n
                        contentStart = i
                        continue
                    } else if i + 1 < n, Sanitizer.isASCIILetter(b[i + 1]) || b[i + 1] == UInt8(ascii: "/")
                                || b[i + 1] == UInt8(ascii: "_") || b[i + 1] == UInt8(ascii: ":") || b[i + 1] >= 0x80 {
                        // a tag: references in its attribute values keep the XML form
                        let end = tagEnd(b, from: i + 1)
                        var k = i + 1
                        while k < end {
                            if b[k] == UInt8(ascii: "&") {
                                let (refEnd, replacement) = reference(b, at: k)
                                if let replacement {
                                    emit(upTo: k, replacement)
                                    copiedUpTo = refEnd
                                }
                                k = refEnd
                            } else {
                                k += 1
                            }
                        }
                        i = min(end + 1, n)
                        contentStart = i
                        continue
                    }
                    contentStart = -1 // a stray "<": leave this text to libxml2's recovery
                    i += 1
                } else if c == UInt8(ascii: "&"), contentStart >= 0,
                          let runEnd = convertibleRun(b, from: i) {
                    // Character data with references becomes one CDATA section with them decoded: libxml2
                    // then delivers it in one piece instead of one callback per reference.
                    let runStart = max(contentStart, copiedUpTo)
                    if runStart > copiedUpTo { write(UnsafeBufferPointer(rebasing: b[copiedUpTo..<runStart])) }
                    put(decodedCDATA(b, runStart, runEnd))
                    copiedUpTo = runEnd
                    i = runEnd
                    contentStart = -1
                } else if c == UInt8(ascii: "&") {
                    let (end, replacement) = reference(b, at: i)
                    if let replacement {
                        emit(upTo: i, replacement)
                        copiedUpTo = end
                    }
                    i = end
                } else if c == 0xC2, i + 1 < n, b[i + 1] >= 0x80, b[i + 1] <= 0x9F {
                    // a C1 control is almost always a windows-1252 character that went through the wrong decoder
                    var utf8: [UInt8] = []
                    HTMLEntities.appendScalar(HTMLEntities.windows1252Scalar(b[i + 1]), to: &utf8)
                    emit(upTo: i, utf8)
                    i += 2
                    copiedUpTo = i
                } else if c < 0x20 && c != 9 && c != 10 && c != 13 {
                    // not an XML character: libxml2 would stop here
                    emit(upTo: i, [32])
                    i += 1
                    copiedUpTo = i
                } else {
                    i += 1
                }
            }
            if n > copiedUpTo { write(UnsafeBufferPointer(rebasing: b[copiedUpTo..<n])) }
        }
    }

    /// The index of the ">" that ends the tag starting before `from` (quotes respected), or the end.
    private func tagEnd(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var quote: UInt8 = 0
        var k = from
        while k < b.count {
            let c = b[k]
            if quote != 0 {
                if c == quote { quote = 0 } else if c == UInt8(ascii: "<") { break }
            } else if c == 34 || c == 39 {
                quote = c
            } else if c == UInt8(ascii: ">") {
                return k
            } else if c == UInt8(ascii: "<") {
                return k - 1
            }
            k += 1
        }
        // an unterminated quote: the first ">" ends the tag
        return Sanitizer.find(b, ">", from: from) ?? b.count
    }

    /// The end of the character data that starts at or before `from`, when it can become CDATA: it
    /// must not use an entity declared in the document (libxml2 expands and counts those).
    private func convertibleRun(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var end = from
        end = ByteScan.index(of: UInt8(ascii: "<"), in: b, from: from) ?? b.count
        if !declaredEntities.isEmpty {
            var k = from
            while k < end {
                if b[k] == UInt8(ascii: "&") {
                    var j = k + 1
                    while j < end, isNameByte(b[j], first: j == k + 1) { j += 1 }
                    if j < end, b[j] == UInt8(ascii: ";"),
                       declaredEntities.contains(String(decoding: UnsafeBufferPointer(rebasing: b[(k + 1)..<j]), as: UTF8.self)) {
                        return nil
                    }
                    k = j
                } else {
                    k += 1
                }
            }
        }
        return end
    }

    /// `<![CDATA[...]]>` holding `b[start..<end]` with references decoded by HTML5 rules (which never
    /// produce a character XML forbids), C1 controls read as windows-1252 and C0 controls as spaces.
    private func decodedCDATA(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> [UInt8] {
        var out: [UInt8] = XMLPreprocessor.cdataOpen
        out.reserveCapacity(end - start + 16)
        var k = start
        var needsSplit = false
        let special = XMLPreprocessor.cdataSpecial
        while k < end {
            // copy the run of ordinary bytes in one go
            var runEnd = k
            while runEnd < end && special[Int(b[runEnd])] == 0 { runEnd += 1 }
            if runEnd > k {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[k..<runEnd]))
                k = runEnd
                if k == end { break }
            }
            let c = b[k]
            if c == UInt8(ascii: ">") {
                if out.count >= 11, out[out.count - 1] == UInt8(ascii: "]"), out[out.count - 2] == UInt8(ascii: "]") { needsSplit = true }
                out.append(c)
                k += 1
            } else if c == UInt8(ascii: "&") {
                    if let next = HTMLEntities.decodeReference(b, k, end, into: &out) { k = next } else { out.append(c); k += 1 }
                let m = out.count
                if m >= 12, out[m - 1] == UInt8(ascii: ">"), out[m - 2] == UInt8(ascii: "]"), out[m - 3] == UInt8(ascii: "]") { needsSplit = true }
            } else if c == 0xC2, k + 1 < end, b[k + 1] >= 0x80, b[k + 1] <= 0x9F {
                HTMLEntities.appendScalar(HTMLEntities.windows1252Scalar(b[k + 1]), to: &out)
                k += 2
            } else if c < 0x20 && c != 9 && c != 10 && c != 13 {
                out.append(32)
                k += 1
            } else {
                out.append(c)
                k += 1
            }
        }
        guard needsSplit else {
            out.append(contentsOf: XMLPreprocessor.cdataClose)
            return out
        }
        // "]]>" cannot appear inside CDATA: split the section around each one
        var result: [UInt8] = []
        result.reserveCapacity(out.count + 3)
        for (index, byte) in out.enumerated() {
            if byte == UInt8(ascii: ">"), index >= 11, out[index - 1] == UInt8(ascii: "]"), out[index - 2] == UInt8(ascii: "]") {
                result.append(contentsOf: Array("]]><![CDATA[".utf8))
            }
            result.append(byte)
        }
        result.append(contentsOf: Array("]]>".utf8))
        return result
    }

    /// The end of the reference at `at` and its replacement (nil: keep the bytes as they are).
    private func reference(_ b: UnsafeBufferPointer<UInt8>, at: Int) -> (Int, [UInt8]?) {
        let n = b.count
        var i = at + 1
        let bareAmpersand: (Int, [UInt8]?) = (at + 1, XMLPreprocessor.ampersand)
        guard i < n else { return bareAmpersand }
        if b[i] == UInt8(ascii: "#") {
            i += 1
            var hex = false
            if i < n, b[i] | 0x20 == UInt8(ascii: "x") { hex = true; i += 1 }
            let start = i
            var value: UInt32 = 0
            while i < n {
                let d = b[i]
                var digit: UInt32
                if d >= 48 && d <= 57 { digit = UInt32(d - 48) }
                else if hex, (d | 0x20) >= 97, (d | 0x20) <= 102 { digit = UInt32((d | 0x20) - 87) }
                else { break }
                if value < 0x110000 { value = value * (hex ? 16 : 10) + digit }
                i += 1
            }
            guard i > start, i < n, b[i] == UInt8(ascii: ";") else { return bareAmpersand }
            i += 1
            if (0x80...0x9F).contains(value) {
                return (i, numeric(HTMLEntities.windows1252C1[Int(value - 0x80)]))
            }
            if isXMLChar(value) { return (i, b[at + 2] == UInt8(ascii: "X") ? numeric(value) : nil) }
            return (i, numeric(0xFFFD))
        }
        let start = i
        while i < n, i - start <= 40, isNameByte(b[i], first: i == start) { i += 1 }
        guard i > start else { return bareAmpersand }
        guard i < n, b[i] == UInt8(ascii: ";") else {
            // HTML's legacy references without ";" (`&amp`, `&copy`), as feedparser's loose parser reads them
            let bare = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            if let value = HTMLEntities.value(of: bare) {
                var out: [UInt8] = []
                for scalar in String(decoding: value, as: UTF8.self).unicodeScalars { out += numeric(scalar.value) }
                return (i, out)
            }
            return bareAmpersand
        }
        if let predefined = XMLPreprocessor.predefined(b, start, i) {
            return (i + 1, rewritePredefined ? XMLPreprocessor.predefinedNumeric[predefined] : nil)
        }
        let name = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        i += 1
        if declaredEntities.contains(name) { return (i, nil) }
        if let value = HTMLEntities.value(of: name + ";") {
            var out: [UInt8] = []
            for scalar in String(decoding: value, as: UTF8.self).unicodeScalars { out += numeric(scalar.value) }
            return (i, out)
        }
        // an unknown entity stays visible as text
        return (start, XMLPreprocessor.ampersand)
    }

    private static let ampersand = Array("&#38;".utf8)
    private static let cdataOpen = Array("<![CDATA[".utf8)
    /// Bytes `decodedCDATA` must look at: ">", "&", the C1 lead byte and C0 controls.
    private static let cdataSpecial: [UInt8] = (0..<256).map { c in
        (c == 0x3E || c == 0x26 || c == 0xC2 || (c < 0x20 && c != 9 && c != 10 && c != 13)) ? 1 : 0
    }
    private static let cdataClose = Array("]]>".utf8)

    /// Bytes the scanner stops at: "<", "&", the lead byte of C1 controls, and C0 controls.
    private static let interesting: [UInt8] = (0..<256).map { c in
        (c == 0x3C || c == 0x26 || c == 0xC2 || (c < 0x20 && c != 9 && c != 10 && c != 13)) ? 1 : 0
    }
    private static let predefinedNumeric: [[UInt8]] = ["&#38;", "&#60;", "&#62;", "&#34;", "&#39;"].map { Array($0.utf8) }

    /// The index in `predefinedNumeric` of `amp lt gt quot apos` at `b[start..<end]`, or nil for any other name.
    @inline(__always)
    private static func predefined(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        switch end - start {
        case 2:
            guard b[start + 1] == UInt8(ascii: "t") else { return nil }
            if b[start] == UInt8(ascii: "l") { return 1 }
            if b[start] == UInt8(ascii: "g") { return 2 }
            return nil
        case 3:
            return b[start] == UInt8(ascii: "a") && b[start + 1] == UInt8(ascii: "m") && b[start + 2] == UInt8(ascii: "p") ? 0 : nil
        case 4:
            if b[start] == UInt8(ascii: "q"), b[start + 1] == UInt8(ascii: "u"), b[start + 2] == UInt8(ascii: "o"), b[start + 3] == UInt8(ascii: "t") { return 3 }
            if b[start] == UInt8(ascii: "a"), b[start + 1] == UInt8(ascii: "p"), b[start + 2] == UInt8(ascii: "o"), b[start + 3] == UInt8(ascii: "s") { return 4 }
            return nil
        default:
            return nil
        }
    }

    private static let htmlElements: [[UInt8]] = [Array("description".utf8), Array("content:encoded".utf8)]

    /// For `<description>` or `<content:encoded>` holding raw, non-CDATA markup: the range of that content.
    private func nakedHTMLContent(_ b: UnsafeBufferPointer<UInt8>, at: Int) -> (Int, Int)? {
        let n = b.count
        guard at + 1 < n, b[at + 1] == UInt8(ascii: "d") || b[at + 1] == UInt8(ascii: "c") else { return nil }
        for name in XMLPreprocessor.htmlElements {
            let nameEnd = at + 1 + name.count
            guard nameEnd < n, b[at + 1] == name[0] else { continue }
            guard UnsafeBufferPointer(rebasing: b[(at + 1)..<nameEnd]).elementsEqual(name) else { continue }
            let after = b[nameEnd]
            guard after == UInt8(ascii: ">") || after == 32 || after == 9 || after == 10 || after == 13 else { continue }
            guard let gt = Sanitizer.find(b, ">", from: nameEnd), b[gt - 1] != UInt8(ascii: "/") else { return nil }
            let innerStart = gt + 1
            // The common case, escaped HTML, has no "<" before the end tag: nothing to do.
            let firstLT = ByteScan.index(of: UInt8(ascii: "<"), in: b, from: innerStart) ?? n
            guard firstLT + 1 < n, b[firstLT + 1] != UInt8(ascii: "/"), b[firstLT + 1] != UInt8(ascii: "!") else { return nil }
            var close: [UInt8] = Array("</".utf8) + name + [UInt8(ascii: ">")]
            var k = innerStart
            var innerEnd: Int?
            close.withUnsafeMutableBufferPointer { c in
                while k + c.count <= n {
                    if b[k] == UInt8(ascii: "<"), UnsafeBufferPointer(rebasing: b[k..<(k + c.count)]).elementsEqual(c) { innerEnd = k; break }
                    k += 1
                }
            }
            guard let end = innerEnd else { return nil }
            let inner = UnsafeBufferPointer(rebasing: b[innerStart..<end])
            guard inner.contains(UInt8(ascii: "<")), Sanitizer.find(inner, "<![CDATA[", from: 0) == nil else { return nil }
            return (innerStart, end)
        }
        return nil
    }

    private func numeric(_ value: UInt32) -> [UInt8] { Array("&#\(value);".utf8) }

    private func isXMLChar(_ v: UInt32) -> Bool {
        v == 9 || v == 10 || v == 13 || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
    }

    @inline(__always) private func isNameByte(_ c: UInt8, first: Bool) -> Bool {
        if Sanitizer.isASCIILetter(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: ":") || c >= 0x80 { return true }
        return !first && ((c >= 48 && c <= 57) || c == UInt8(ascii: "-") || c == UInt8(ascii: "."))
    }

    /// Skips `<!DOCTYPE ...>` including an internal subset, recording the general entities it declares.
    private mutating func skipDoctype(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        let n = b.count
        var i = from
        var bracket = 0
        var quote: UInt8 = 0
        while i < n {
            let c = b[i]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == 34 || c == 39 {
                quote = c
            } else if c == UInt8(ascii: "[") {
                bracket += 1
            } else if c == UInt8(ascii: "]") {
                bracket -= 1
            } else if c == UInt8(ascii: ">") && bracket <= 0 {
                return i + 1
            } else if c == UInt8(ascii: "<"), i + 3 < n, b[i + 1] == UInt8(ascii: "!"), b[i + 2] == UInt8(ascii: "-"), b[i + 3] == UInt8(ascii: "-") {
                i = Sanitizer.find(b, "-->", from: i + 4).map { $0 + 2 } ?? n
            } else if c == UInt8(ascii: "<"), i + 8 < n, b[i + 1] == UInt8(ascii: "!"), b[i + 2] == UInt8(ascii: "E"), b[i + 3] == UInt8(ascii: "N") {
                var k = i + 8 // after "<!ENTITY"
                while k < n, b[k] == 32 || b[k] == 9 || b[k] == 10 || b[k] == 13 { k += 1 }
                if k < n, b[k] != UInt8(ascii: "%") {
                    let s = k
                    while k < n, isNameByte(b[k], first: k == s) { k += 1 }
                    if k > s { declaredEntities.insert(String(decoding: UnsafeBufferPointer(rebasing: b[s..<k]), as: UTF8.self)) }
                }
                i = k
                continue
            }
            i += 1
        }
        return n
    }
}
