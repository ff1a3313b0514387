/// Loyalty intents, as defined in the loyalty signals documentation (recommend, warn others off, …).
public enum Intent: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// "polecam", "рекомендую", "recomand", "highly recommend"
    case recommend
    /// anti-recommendation: "nie polecam", "не советую", "stay away"
    case warn
    /// "kupię znowu", "закажу ещё", "will buy again"
    case repurchase
    /// leaving or switching: "przechodzę do", "ушёл к", "cancelled my subscription"
    case churn
    /// "reklamacja", "жалоба", "refund", "still waiting"
    case complaint
    /// voluntary loyalty: "uwielbiam", "обожаю", "love this brand"
    case attachment
    /// forced loyalty: "nie mogę zrezygnować", "stuck with", "can't cancel"
    case lockin

    /// Intents that make a mention count as a detractor in the social NPS proxy.
    public var isNegative: Bool {
        switch self {
        case .warn, .churn, .complaint, .lockin: return true
        case .recommend, .repurchase, .attachment: return false
        }
    }

    public static func < (lhs: Intent, rhs: Intent) -> Bool { lhs.rawValue < rhs.rawValue }
}
