import BrandPulseCore

/// A loyalty intent found in a text, with the words that matched.
public struct IntentMatch: Sendable, Hashable, Codable {
    public var intent: Intent
    /// The matched words as written ("nie polecam", "przeszedłem do Biedronki"); empty with ``AnalysisDetail/scores``.
    public var evidence: String

    public init(intent: Intent, evidence: String) {
        self.intent = intent
        self.evidence = evidence
    }
}

/// Sentiment and intents about one brand, taken from the clauses that mention it.
public struct BrandAnalysis: Sendable, Hashable, Codable {
    /// The brand's display name.
    public var name: String
    /// The first surface form matched ("Biedronce", "eMAG-ul").
    public var matched: String
    /// Score in [-1, 1].
    public var score: Double
    public var label: SentimentLabel
    public var intents: [IntentMatch]

    public init(name: String, matched: String, score: Double, label: SentimentLabel, intents: [IntentMatch]) {
        self.name = name
        self.matched = matched
        self.score = score
        self.label = label
        self.intents = intents
    }
}

/// How much of ``TextAnalysis`` to build.
public enum AnalysisDetail: Sendable {
    /// Everything, including the explanation's term list and the hashtags and handles.
    case full
    /// The verdicts only: language, score, label, intents and per-brand results are the same as with `full`, but
    /// the explanation keeps only its totals (no term list), intents carry no evidence text, and
    /// `hashtags`/`handles` are empty. Bulk scoring
    /// that prints scores (`brandpulse score --format jsonl` without `--explain`) skips that work.
    case scores
}

/// Everything the engine says about one text.
public struct TextAnalysis: Sendable, Codable {
    public var language: Language
    public var languageConfidence: Double
    /// Score in [-1, 1].
    public var score: Double
    public var label: SentimentLabel
    public var intents: [IntentMatch]
    /// One per brand the text mentions.
    public var brands: [BrandAnalysis]
    public var explanation: Explanation
    /// Hashtags as written, with "#".
    public var hashtags: [String]
    /// @handles as written, with "@".
    public var handles: [String]

    public init(language: Language, languageConfidence: Double, score: Double, label: SentimentLabel, intents: [IntentMatch],
                brands: [BrandAnalysis], explanation: Explanation, hashtags: [String], handles: [String]) {
        self.language = language
        self.languageConfidence = languageConfidence
        self.score = score
        self.label = label
        self.intents = intents
        self.brands = brands
        self.explanation = explanation
        self.hashtags = hashtags
        self.handles = handles
    }
}
