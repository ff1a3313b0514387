/// The scorer's constants for one language, read from rules.tsv. Defaults cite their source.
public struct SentimentRules: Sendable, Hashable, Codable {
    /// Multiplier for a negated term. VADER N_SCALAR −0.74 (Hutto & Gilbert 2014).
    public var negationScalar: Double = -0.74
    /// Multiplier for a negated *negative* term. Negated negatives are weaker than their positive counterparts
    /// ("not terrible" is not "good"): SO-CAL's shift negation moves a term only part of the way toward the other
    /// pole (Taboada et al. 2011, §2.4). BrandPulse default: a third of VADER's flip.
    public var negatedNegativeScalar: Double = -0.25
    /// Multiplier for an evaluation a counterfactual says did not happen ("byłoby idealnie", «было бы отлично», "would have
    /// been perfect"). That it did not is an implicature the writer may cancel ("it would have been perfect anyway"), so it
    /// turns the word less than an explicit negation does. BrandPulse default: two thirds of VADER's flip.
    public var counterfactualScalar: Double = -0.5
    /// Added to the magnitude of an elongated sentiment word ("suuuper", "ужаааас"): lengthening marks emphasis
    /// (Brody & Diakopoulos 2011, "Cooooooooooooooollllllllllllll!!!!!!!!!!!!!!"). BrandPulse default: one booster step.
    public var elongationEmphasis: Double = 0.293
    /// Default booster step. VADER B_INCR 0.293 (Hutto & Gilbert 2014).
    public var boosterStep: Double = 0.293
    /// Added to the magnitude of an ALL-CAPS term in mixed-case text. VADER C_INCR 0.733.
    public var capsEmphasis: Double = 0.733
    /// Added to the magnitude of the sum per "!". VADER punctuation emphasis 0.292.
    public var exclamationStep: Double = 0.292
    /// The "!" count is capped here. VADER caps it at 4.
    public var exclamationMax: Double = 4
    /// Weight of sentiment before "but". VADER 0.5.
    public var butBeforeWeight: Double = 0.5
    /// Weight of sentiment after "but". VADER 1.5.
    public var butAfterWeight: Double = 1.5
    /// Weight of a clause introduced by "although". BrandPulse, mirroring VADER's 0.5.
    public var althoughWeight: Double = 0.5
    /// Weight of a sentence that ends in "?". BrandPulse default: questions assert less.
    public var questionDamping: Double = 0.6
    /// Sentiment terms a negator reaches past the first one it negates, inside its clause. BrandPulse
    /// reading of VADER's 3-token window, applied per clause instead of per position.
    public var negationWindow: Double = 3
    /// compound = x / sqrt(x² + α). VADER normalize() α = 15.
    public var normalizationAlpha: Double = 15
    /// |compound| below this is neutral. VADER's recommended ±0.05.
    public var neutralThreshold: Double = 0.05
    /// Valence given to a matched intent in the text's sum (recommend +, warn −, …). BrandPulse default.
    public var intentValence: Double = 1.5
    /// Multiplier for negative contributions: language (and lexicons) lean positive, so negative expressions
    /// are weighted up. SO-CAL uses 1.5 (Taboada et al. 2011, "Lexicon-Based Methods for Sentiment Analysis",
    /// Computational Linguistics 37(2), §2.5 "negative weighting").
    public var negativeWeight: Double = 1.5
    /// Scale for emoji and emoticons (they are often repeated or decorative). BrandPulse default 1.0.
    public var emojiWeight: Double = 1.0
    /// Valence of a negator that negates no sentiment word in its scope ("the app doesn't open", "не приходит
    /// смс"). Negation is itself a negative cue: in review corpora it is far more frequent in negative texts
    /// (Potts 2011, "On the negativity of negation", SALT 20). BrandPulse default: a mild negative, about "meh".
    public var unattachedNegation: Double = -0.5

    public init() {}

    /// Sets a constant by its rules.tsv name; false for an unknown name.
    mutating func set(_ name: String, _ value: Double) -> Bool {
        switch name {
        case "negation_scalar": negationScalar = value
        case "booster_step": boosterStep = value
        case "caps_emphasis": capsEmphasis = value
        case "exclamation_step": exclamationStep = value
        case "exclamation_max": exclamationMax = value
        case "but_before_weight": butBeforeWeight = value
        case "but_after_weight": butAfterWeight = value
        case "although_weight": althoughWeight = value
        case "question_damping": questionDamping = value
        case "negation_window": negationWindow = value
        case "normalization_alpha": normalizationAlpha = value
        case "neutral_threshold": neutralThreshold = value
        case "intent_valence": intentValence = value
        case "emoji_weight": emojiWeight = value
        case "negative_weight": negativeWeight = value
        case "elongation_emphasis": elongationEmphasis = value
        case "negated_negative_scalar": negatedNegativeScalar = value
        case "counterfactual_scalar": counterfactualScalar = value
        case "unattached_negation": unattachedNegation = value
        default: return false
        }
        return true
    }
}
