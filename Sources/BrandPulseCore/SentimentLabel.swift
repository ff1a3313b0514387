/// The three-way verdict on a text or on one brand inside it.
public enum SentimentLabel: String, Sendable, Hashable, Codable, CaseIterable {
    case positive, neutral, negative
}
