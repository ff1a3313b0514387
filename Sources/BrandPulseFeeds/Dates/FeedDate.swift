import Foundation

/// Parses feed dates by hand: W3CDTF/RFC 3339 and RFC 822/2822 with the variants feeds use.
/// No DateFormatter: one pass over the bytes, arithmetic on the civil calendar.
enum FeedDate {
    /// A date in either family; nil when the text is not a date.
    static func parse(_ text: String?) -> Date? {
        guard let text else { return nil }
        var source = text
        return source.withUTF8 { raw -> Date? in
            var start = 0, end = raw.count
            while start < end, raw[start] <= 32 { start += 1 }
            while end > start, raw[end - 1] <= 32 { end -= 1 }
            guard end > start else { return nil }
            let b = UnsafeBufferPointer(rebasing: raw[start..<end])
            if b.count >= 4, isDigit(b[0]), isDigit(b[1]), isDigit(b[2]), isDigit(b[3]) {
                if let date = w3c(b) { return date }
            }
            return rfc822(b)
        }
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func make(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int,
                     offsetSeconds: Int) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day), (0...24).contains(hour),
              (0...59).contains(minute), (0...60).contains(second) else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    // MARK: W3CDTF / RFC 3339

    static func w3c(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= b.count else { return nil }
            var v = 0
            for k in i..<(i + digits) {
                guard isDigit(b[k]) else { return nil }
                v = v * 10 + Int(b[k] - 48)
            }
            i += digits
            return v
        }
        func skip(_ c: UInt8) -> Bool {
            if i < b.count, b[i] == c { i += 1; return true }
            return false
        }
        guard let year = number(4) else { return nil }
        var month = 1, day = 1, hour = 0, minute = 0, second = 0, offset = 0
        if skip(UInt8(ascii: "-")) {
            guard let m = number(2) else { return nil }
            month = m
            if skip(UInt8(ascii: "-")) {
                guard let d = number(2) else { return nil }
                day = d
            }
        } else if i < b.count, let m = number(2), let d = number(2) {
            month = m; day = d // basic format YYYYMMDD
        }
        if i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == 32 {
            i += 1
            while i < b.count, b[i] == 32 { i += 1 }
            guard let h = number(2) else { return nil }
            hour = h
            if skip(UInt8(ascii: ":")) {
                guard let m = number(2) else { return nil }
                minute = m
                if skip(UInt8(ascii: ":")) {
                    guard let s = number(2) else { return nil }
                    second = s
                    if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                        i += 1
                        while i < b.count, isDigit(b[i]) { i += 1 }
                    }
                }
            }
            while i < b.count, b[i] == 32 { i += 1 }
            if i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                    i += 1
                } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                    i += 1
                    guard let oh = number(2) else { return nil }
                    _ = skip(UInt8(ascii: ":"))
                    let om = number(2) ?? 0
                    offset = (oh * 3600 + om * 60) * (c == UInt8(ascii: "-") ? -1 : 1)
                } else {
                    return nil
                }
            }
        }
        guard i == b.count else { return nil }
        return make(year, month, day, hour, minute, second, offsetSeconds: offset)
    }

    // MARK: RFC 822 / 2822

    private static let monthNames: [UInt32: Int] = {
        var map: [UInt32: Int] = [:]
        for (k, name) in ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].enumerated() {
            map[key(Array(name.utf8))] = k + 1
        }
        return map
    }()

    private static let zones: [String: Int] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0,
        "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
        "cet": 1, "cest": 2, "eet": 2, "eest": 3, "msk": 3, "bst": 1, "wet": 0, "west": 1,
    ]

    private static func key<C: Collection>(_ letters: C) -> UInt32 where C.Element == UInt8 {
        var k: UInt32 = 0
        for c in letters.prefix(3) { k = k << 8 | UInt32(c | 0x20) }
        return k
    }

    private enum Token { case word(ArraySlice<UInt8>), number(Int, digits: Int), time([Int]), offset(Int) }

    static func rfc822(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        let bytes = Array(b)
        var tokens: [Token] = []
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: "(") { break } // trailing comment such as "(UTC)"
            if Sanitizer.isASCIILetter(c) {
                let s = i
                while i < n, Sanitizer.isASCIILetter(bytes[i]) { i += 1 }
                tokens.append(.word(bytes[s..<i]))
            } else if isDigit(c) {
                var parts: [Int] = []
                var v = 0, digits = 0
                while i < n {
                    if isDigit(bytes[i]) { v = v * 10 + Int(bytes[i] - 48); digits += 1 }
                    else if bytes[i] == UInt8(ascii: ":"), i + 1 < n, isDigit(bytes[i + 1]) { parts.append(v); v = 0 }
                    else { break }
                    i += 1
                }
                parts.append(v)
                tokens.append(parts.count > 1 ? .time(parts) : .number(v, digits: digits))
            } else if (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")), i + 1 < n, isDigit(bytes[i + 1]) {
                i += 1
                var v = 0, digits = 0
                var minutes = -1
                while i < n {
                    if isDigit(bytes[i]) { v = v * 10 + Int(bytes[i] - 48); digits += 1 }
                    else if bytes[i] == UInt8(ascii: ":") && minutes < 0 { minutes = v; v = 0 }
                    else { break }
                    i += 1
                }
                let seconds: Int
                if minutes >= 0 { seconds = minutes * 3600 + v * 60 }
                else if digits <= 2 { seconds = v * 3600 }
                else { seconds = (v / 100) * 3600 + (v % 100) * 60 }
                tokens.append(.offset(c == UInt8(ascii: "-") ? -seconds : seconds))
            } else {
                i += 1
            }
        }
        var day: Int?, month: Int?, year: Int?, time: [Int]?, offset = 0
        for token in tokens {
            switch token {
            case .word(let w):
                if month == nil, w.count >= 3, let m = monthNames[key(w)], monthMatches(w, m) { month = m; continue }
                let lower = String(decoding: w.map { $0 | 0x20 }, as: UTF8.self)
                if time != nil || year != nil, let hours = zones[lower] { offset = hours * 3600 }
            case .number(let v, let digits):
                if day == nil && month == nil && digits <= 2 { day = v }
                else if day == nil && month != nil && digits <= 2 && year == nil { day = v }
                else if year == nil { year = digits <= 2 ? (v < 50 ? 2000 + v : 1900 + v) : v }
            case .time(let parts):
                time = parts
            case .offset(let seconds):
                if time != nil { offset = seconds }
            }
        }
        guard let d = day, let m = month, let y = year else { return nil }
        let t = time ?? [0, 0, 0]
        return make(y, m, d, t[0], t.count > 1 ? t[1] : 0, t.count > 2 ? t[2] : 0, offsetSeconds: offset)
    }

    private static let fullMonths = ["january", "february", "march", "april", "may", "june", "july", "august",
                                     "september", "october", "november", "december"]

    /// "Jan", "January" and "Sept" are months; "Janitor" is not.
    private static func monthMatches(_ word: ArraySlice<UInt8>, _ month: Int) -> Bool {
        if word.count == 3 { return true }
        let full = Array(fullMonths[month - 1].utf8)
        guard word.count <= full.count else { return false }
        for (k, c) in word.enumerated() where c | 0x20 != full[k] { return false }
        return true
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    static func iso(_ date: Date) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(20)
        appendISO(date, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `YYYY-MM-DDTHH:MM:SSZ` (UTC, fractional seconds dropped) as UTF-8.
    static func appendISO(_ date: Date, to out: inout [UInt8]) {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        var days = total / 86_400
        var secs = total % 86_400
        if secs < 0 { secs += 86_400; days -= 1 }
        // civil_from_days (Howard Hinnant)
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func digits(_ v: Int, _ width: Int) {
            var v = max(0, v)
            var buffer: (UInt8, UInt8, UInt8, UInt8) = (48, 48, 48, 48)
            withUnsafeMutableBytes(of: &buffer) { b in
                var k = width - 1
                while k >= 0 { b[k] = UInt8(48 + v % 10); v /= 10; k -= 1 }
                for k in 0..<width { out.append(b[k]) }
            }
        }
        digits(y, 4); out.append(UInt8(ascii: "-")); digits(m, 2); out.append(UInt8(ascii: "-")); digits(d, 2)
        out.append(UInt8(ascii: "T")); digits(secs / 3600, 2); out.append(UInt8(ascii: ":")); digits(secs / 60 % 60, 2)
        out.append(UInt8(ascii: ":")); digits(secs % 60, 2); out.append(UInt8(ascii: "Z"))
    }
}
