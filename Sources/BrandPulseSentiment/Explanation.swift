import BrandPulseCore

/// Why a text got its score: each contributing term, with every rule that changed it.
public struct Explanation: Sendable, Hashable, Codable {
    public var language: Language
    public var terms: [ExplainedTerm]
    /// Sum of the terms' final valences (plus intents without a sentiment word of their own).
    public var termSum: Double
    /// "!" emphasis added to the sum's magnitude.
    public var exclamationBoost: Double
    /// Valence added for intents whose words carry no sentiment entry.
    public var intentAdjustment: Double
    /// The sum before normalization.
    public var rawScore: Double
    /// α in x / sqrt(x² + α).
    public var normalizationAlpha: Double
    public var score: Double
    public var label: SentimentLabel
    public var neutralThreshold: Double

    public init(language: Language, terms: [ExplainedTerm] = [], termSum: Double = 0, exclamationBoost: Double = 0,
                intentAdjustment: Double = 0, rawScore: Double = 0, normalizationAlpha: Double = 15, score: Double = 0,
                label: SentimentLabel = .neutral, neutralThreshold: Double = 0.05) {
        self.language = language
        self.terms = terms
        self.termSum = termSum
        self.exclamationBoost = exclamationBoost
        self.intentAdjustment = intentAdjustment
        self.rawScore = rawScore
        self.normalizationAlpha = normalizationAlpha
        self.score = score
        self.label = label
        self.neutralThreshold = neutralThreshold
    }

    /// A human-readable account, for `brandpulse score "text" --explain`.
    public func rendered() -> String {
        var lines: [String] = []
        lines.append("language: \(language.rawValue)")
        if terms.isEmpty {
            lines.append("no sentiment terms found")
        }
        for term in terms {
            var line = "  \(term.surface)  ←  \(term.entry) (\(term.source))  base \(Explanation.format(term.baseValence))"
            for effect in term.effects { line += ", " + effect.description }
            line += "  ⇒ \(Explanation.format(term.finalValence))"
            lines.append(line)
        }
        if intentAdjustment != 0 { lines.append("  intents no sentiment word carries: \(Explanation.format(intentAdjustment))") }
        if exclamationBoost != 0 { lines.append("  \"!\" emphasis: \(Explanation.format(exclamationBoost))") }
        lines.append("sum \(Explanation.format(rawScore)) → \(Explanation.format(rawScore)) / sqrt(sum² + \(String(normalizationAlpha))) = \(Explanation.format(score))")
        lines.append("label: \(label.rawValue) (neutral within ±\(String(neutralThreshold)))")
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        var text = String(rounded)
        if text.hasSuffix(".0") { text.removeLast(2) }
        if rounded > 0 { text = "+" + text }
        return text
    }
}

/// One term that contributed to a score.
public struct ExplainedTerm: Sendable, Hashable, Codable {
    /// The words as written in the text.
    public var surface: String
    /// The lexicon entry as written ("świetn*", "do niczego", "😡").
    public var entry: String
    /// Where the entry is ("pl/sentiment.tsv:42").
    public var source: String
    public var baseValence: Double
    public var effects: [Effect]
    public var finalValence: Double

    public init(surface: String, entry: String, source: String, baseValence: Double, effects: [Effect], finalValence: Double) {
        self.surface = surface
        self.entry = entry
        self.source = source
        self.baseValence = baseValence
        self.effects = effects
        self.finalValence = finalValence
    }
}

/// A rule that changed a term's valence.
public enum Effect: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Multiplied by the negation scalar because of a negator in the clause.
    case negated(by: String, scalar: Double)
    /// A modifier added to (or took from) the magnitude.
    case modified(by: String, amount: Double)
    /// ALL CAPS in mixed-case text.
    case caps(amount: Double)
    /// Before or after a "but" word, or inside an "although" clause.
    case contrast(by: String, weight: Double)
    /// A lengthened word ("suuuper").
    case elongated(amount: Double)
    /// The sentence is a question.
    case question(weight: Double)
    /// A bracket smiley repeated ("))))").
    case repeated(count: Int, factor: Double)
    /// Emoji weight from rules.tsv.
    case emojiWeight(Double)
    /// Negative expressions weighted up (SO-CAL's negative weighting).
    case negativeWeight(Double)
    /// A negator that negated no sentiment word: it counts as a mild complaint on its own.
    case unattachedNegation
    /// A privative ("without", "без", "bez", "fără") after a negator in the clause: the two negations cancel.
    case negationUndone(by: String)
    /// The word lies inside a loyalty intent whose reading it contradicts ("can't cancel" is lock-in): the intent's
    /// valence counts instead.
    case yieldedTo(intent: Intent)
    /// "Never" with a degree word right before the term ("never been so happy", "nigdy nie byłem tak zadowolony"):
    /// an emphatic comparison, so the term keeps its sign.
    case emphaticComparison(by: String)
    /// A word of praise opening a sentence before a comma, as a reply or greeting does ("Dobra, idę spać",
    /// "Хорошо, завтра проверю", "Bună, am o problemă"): discourse.tsv's marker, with no valence there.
    case discourseMarker
    /// A word of praise that opens its sentence alone, before "again" and a complaint: ironic, no valence.
    case ironic(by: String)
    /// Thanks that close a complaint ("…broke everything, thanks a lot"): ironic, no valence.
    case ironicThanks(after: String)
    /// A word of praise in a question that asks for advice ("Can anyone recommend a good bank?", "Czy warto?"): what
    /// the writer is looking for, not what they think; it counts 0.
    case askedFor(by: String)
    /// A word of closing in a clause that states opening hours ("Sklep nieczynny w niedziele", "nieczynne 1 listopada"):
    /// an announcement, not a complaint; it counts 0.
    case schedule(by: String)
    /// A word in a sentence about what did not happen ("Gdyby kurier przyjechał na czas, byłoby idealnie", "It would have
    /// been perfect"): its praise, or the outcome an unreal "if not" averted, is denied, by rules.tsv's `counterfactual_scalar`.
    case unrealised(by: String, scalar: Double)
    /// A fault that a past form of fixing puts right ("fixed the problem", "usterka naprawiona", «проблема решена»): what
    /// was wrong is over. It counts 0 when the fix has praise of its own, and as mild praise when it has none.
    case remedied(by: String)
    /// A fault after a denied fix ("didn't fix the problem", «так и не решили проблему»): the negation denies the fix, not
    /// the fault, which keeps its sign.
    case notRemedied(by: String)
    /// Fondness that opens a sentence about a complaint ("Love waiting 2 hours on hold", «Обожаю, когда отменяют рейс»):
    /// sarcastic, no valence.
    case ironicFondness(about: String)
    /// A word a prohibition forbids ("Don't lie to your customers", "Nie kłamcie", «Не хамите»): the prohibition
    /// reproaches, so the word keeps its sign.
    case prohibited(by: String)

    public var description: String {
        switch self {
        case .negated(let by, let scalar): return "negated by '\(by)' ×\(Explanation.format(scalar))"
        case .modified(let by, let amount): return "'\(by)' \(Explanation.format(amount))"
        case .caps(let amount): return "CAPS \(Explanation.format(amount))"
        case .elongated(let amount): return "lengthened \(Explanation.format(amount))"
        case .contrast(let by, let weight): return "contrast '\(by)' ×\(String(weight))"
        case .question(let weight): return "question ×\(String(weight))"
        case .repeated(let count, let factor): return "repeated \(count)× ×\(String(factor))"
        case .emojiWeight(let weight): return "emoji weight ×\(String(weight))"
        case .negativeWeight(let weight): return "negative weight ×\(String(weight))"
        case .unattachedNegation: return "negation without a sentiment word"
        case .negationUndone(let by): return "negation undone by '\(by)'"
        case .yieldedTo(let intent): return "gives way to intent \(intent.rawValue)"
        case .emphaticComparison(let by): return "'\(by)' compares, no negation"
        case .discourseMarker: return "opens a reply, no valence"
        case .ironic(let word): return "ironic before '\(word)' and a complaint, no valence"
        case .ironicThanks(let word): return "ironic thanks after '\(word)', no valence"
        case .askedFor(let by): return "asked for with '\(by)', no valence"
        case .schedule(let by): return "states opening hours with '\(by)', no valence"
        case .unrealised(let by, let scalar): return "did not happen ('\(by)') ×\(Explanation.format(scalar))"
        case .remedied(let by): return "put right by '\(by)'"
        case .notRemedied(let by): return "the negation denies '\(by)', not this"
        case .ironicFondness(let word): return "sarcastic about '\(word)', no valence"
        case .prohibited(let by): return "forbidden by '\(by)': a reproach, not negated"
        }
    }
}
