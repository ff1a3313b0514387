/// A text value as a reader found it, before normalization.
struct RawText {
    enum Markup {
        /// Literal text (Atom `type="text"`, JSON Feed `title`).
        case plain
        /// HTML source to render (RSS `description`, Atom `type="html"`).
        case html
        /// RSS text that is HTML only when it looks like HTML.
        case sniff
    }

    var value: String
    var markup: Markup

    init(_ value: String, _ markup: Markup) {
        self.value = value
        self.markup = markup
    }

    /// Plain text by the contract's rules; nil when empty.
    var normalized: String? {
        switch markup {
        case .plain: return Sanitizer.plainText(value)
        case .html: return Sanitizer.htmlToText(value)
        case .sniff: return Sanitizer.looksLikeHTML(value) ? Sanitizer.htmlToText(value) : Sanitizer.plainText(value)
        }
    }
}
