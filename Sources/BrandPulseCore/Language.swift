/// A language BrandPulse scores. `und` is anything else (Ukrainian, Czech, German, …) or too little text to tell.
public enum Language: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case en, ro, ru, pl, und

    /// The four languages that have lexicons.
    public static let scored: [Language] = [.en, .ro, .ru, .pl]

    public static func < (lhs: Language, rhs: Language) -> Bool { lhs.rawValue < rhs.rawValue }
}
