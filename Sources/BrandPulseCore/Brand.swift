/// A tracked brand, as configured by the user.
public struct Brand: Sendable, Hashable, Codable {
    /// The display name, also matched as an alias.
    public var name: String
    /// Other surface forms: "Сбер", "eMAG.ro", "Biedra". Inflected forms are found by the matcher.
    public var aliases: [String]
    /// Hashtags without "#": used to build tag sources and matched as mentions.
    public var hashtags: [String]
    /// Phrases that, when present, mean the text is not about the brand ("orange juice").
    public var exclusions: [String]
    /// Names of other configured brands used for share of voice and churn targets.
    public var competitors: [String]
    /// Languages the brand's audience writes in; biases language identification.
    public var languages: [Language]
    /// IANA time zone that defines the brand's days ("Europe/Warsaw").
    public var timeZone: String

    public init(
        name: String,
        aliases: [String] = [],
        hashtags: [String] = [],
        exclusions: [String] = [],
        competitors: [String] = [],
        languages: [Language] = [],
        timeZone: String = "UTC"
    ) {
        self.name = name
        self.aliases = aliases
        self.hashtags = hashtags
        self.exclusions = exclusions
        self.competitors = competitors
        self.languages = languages
        self.timeZone = timeZone
    }

    /// The name followed by the aliases, without duplicates.
    public var surfaceForms: [String] {
        var seen = Set<String>()
        return ([name] + aliases).filter { seen.insert($0).inserted }
    }
}
