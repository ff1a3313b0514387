import BrandPulseCore
import Foundation

/// SplitMix64: tiny, fast and the same sequence on every platform for a given seed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
}

/// A benchmark post: its text, the language it was written in and the brand it names.
struct BenchPost: Sendable {
    var text: String
    var language: Language
    var brand: String
}

/// Deterministic social-media posts in English, Romanian, Russian and Polish, about 140 characters
/// each, with emoji, hashtags, boosters and negations. Built from the word lists below (written for
/// the benchmark), never from the evaluation sets.
struct PostGenerator {
    struct Words {
        var brands: [String]
        var openers: [String]
        var positive: [String]
        var negative: [String]
        var negated: [String]
        var boosters: [String]
        var tails: [String]
        var fillers: [String]
        var hashtags: [String]
    }

    static let emoji = ["😍", "😡", "👍", "👎", "🙂", "😭", "🔥", "❤️", "🤬", "😂", "🙄", "💸", "⭐", "🤔"]

    static let words: [Language: Words] = [
        .en: Words(
            brands: ["Revolut", "Monzo"],
            openers: ["{b} support", "The {b} app", "My {b} card", "Customer service at {b}", "The new {b} update",
                      "Paying with {b} abroad"],
            positive: ["is great", "was really helpful", "works perfectly", "made my day", "is excellent", "is so easy to use"],
            negative: ["is terrible", "was slow and rude", "keeps crashing", "is a disaster", "charged me twice", "is useless"],
            negated: ["is not good", "wasn't helpful at all", "never works", "is not bad actually", "didn't disappoint",
                      "is not worth it"],
            boosters: ["really", "extremely", "totally", "kind of", "absolutely"],
            tails: ["I would recommend it to everyone", "switching to another bank next month", "will use it again",
                    "never again", "still waiting for an answer", "but the fees are high", "thanks for the quick fix"],
            fillers: ["honestly", "today", "again", "as usual", "after the update", "at the airport"],
            hashtags: ["#fail", "#love", "#customerservice", "#banking", "#fintech", "#review"]),
        .ro: Words(
            brands: ["eMAG", "Altex"],
            openers: ["Aplicația {b}", "Livrarea de la {b}", "Serviciul clienți {b}", "Comanda de la {b}",
                      "Magazinul {b} din Cluj", "Oferta {b} de Black Friday"],
            positive: ["este excelentă", "a fost foarte rapidă", "merge perfect", "m-a impresionat", "e super", "a fost de nota zece"],
            negative: ["este groaznică", "a întârziat o săptămână", "e o bătaie de joc", "a fost o dezamăgire",
                       "e un dezastru", "m-a enervat"],
            negated: ["nu este bună", "nu m-a ajutat deloc", "nu funcționează", "nu e rea deloc", "nu merită banii",
                      "nu m-a dezamăgit"],
            boosters: ["foarte", "extrem de", "chiar", "total", "destul de"],
            tails: ["recomand cu încredere", "nu mai comand niciodată", "rămân client fidel", "aștept de trei zile un răspuns",
                    "dar prețurile sunt mari", "mulțumesc pentru ajutor", "trec la concurență"],
            fillers: ["sincer", "azi", "iar", "ca de obicei", "după actualizare", "în weekend"],
            hashtags: ["#reducere", "#părere", "#cumpărături", "#BlackFriday", "#livrare", "#România"]),
        .ru: Words(
            brands: ["Сбербанк", "Тинькофф"],
            openers: ["Приложение {b}", "Поддержка {b}", "Карта {b}", "Кэшбэк от {b}", "Новое обновление {b}",
                      "Отделение {b} на Тверской"],
            positive: ["работает отлично", "очень удобное", "просто супер", "помогли быстро", "радует", "лучшее на рынке"],
            negative: ["ужасно тормозит", "постоянно глючит", "полный провал", "списали деньги дважды", "бесит", "отвратительно"],
            negated: ["не работает", "совсем не помогли", "не очень удобно", "неплохо на самом деле", "не стоит своих денег",
                      "не разочаровало"],
            boosters: ["очень", "крайне", "реально", "совсем", "довольно"],
            tails: ["всем рекомендую", "ухожу к конкурентам", "буду пользоваться дальше", "жду ответа уже неделю",
                    "но комиссии высокие", "спасибо за помощь", "больше никогда"],
            fillers: ["честно", "сегодня", "опять", "как обычно", "после обновления", "в выходные"],
            hashtags: ["#банк", "#отзыв", "#поддержка", "#кэшбэк", "#финансы", "#жалоба"]),
        .pl: Words(
            brands: ["Biedronka", "Lidl"],
            openers: ["Aplikacja {b}", "Dostawa z {b}", "Obsługa klienta {b}", "Sklep {b} na Mokotowie",
                      "Nowa promocja {b}", "Kasa samoobsługowa {b}"],
            positive: ["jest świetna", "działa bez zarzutu", "bardzo mi pomogła", "jest super", "to strzał w dziesiątkę",
                       "pozytywnie zaskoczyła"],
            negative: ["jest fatalna", "znowu nie działa", "to porażka", "była niemiła", "to dramat", "doprowadza mnie do szału"],
            negated: ["nie jest dobra", "wcale nie pomogła", "nie działa", "nie jest zła", "nie jest warta tych pieniędzy",
                      "nie zawiodła"],
            boosters: ["bardzo", "naprawdę", "strasznie", "całkiem", "zupełnie"],
            tails: ["polecam wszystkim", "więcej tam nie wrócę", "zostaję na dłużej", "czekam na odpowiedź od tygodnia",
                    "ale ceny poszły w górę", "dzięki za pomoc", "przechodzę do konkurencji"],
            fillers: ["szczerze", "dzisiaj", "znowu", "jak zwykle", "po aktualizacji", "w weekend"],
            hashtags: ["#zakupy", "#opinia", "#promocja", "#reklamacja", "#polecam", "#sklep"]),
    ]

    static let languages: [Language] = [.en, .ro, .ru, .pl]

    /// All the brands the posts name, with their competitor (the other brand of the same language).
    static var brands: [Brand] {
        languages.flatMap { language -> [Brand] in
            let names = words[language]!.brands
            return names.map { name in
                Brand(name: name, competitors: names.filter { $0 != name }, languages: [language])
            }
        }
    }

    private var random: SeededRandom
    private var counter = 0

    init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    /// The next post; languages rotate so every batch has all four in equal shares.
    mutating func next() -> BenchPost {
        let language = Self.languages[counter % Self.languages.count]
        counter += 1
        return next(in: language)
    }

    mutating func next(in language: Language) -> BenchPost {
        let w = Self.words[language]!
        let brand = random.pick(w.brands)
        var text = random.pick(w.openers).replacingOccurrences(of: "{b}", with: brand)
        text += " "
        if random.chance(0.3) { text += random.pick(w.fillers) + " " }
        let roll = random.next() % 3
        let predicate = roll == 0 ? random.pick(w.positive) : roll == 1 ? random.pick(w.negative) : random.pick(w.negated)
        if roll != 2, random.chance(0.4) {
            // The booster goes after the verb: "is really great".
            var parts = predicate.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { parts.insert(random.pick(w.boosters), at: 1) }
            text += parts.joined(separator: " ")
        } else {
            text += predicate
        }
        text += random.chance(0.3) ? "!!! " : ". "
        text += random.pick(w.tails)
        text += random.chance(0.5) ? ". " : " "
        // Pad to about 140 characters with emoji, hashtags and a number that keeps posts distinct.
        text += random.pick(Self.emoji)
        if random.chance(0.5) { text += random.pick(Self.emoji) }
        text += " #\(brand.lowercased()) " + random.pick(w.hashtags)
        text += " \(random.next() % 90_000 + 10_000)"
        while text.count < 125 {
            text += " " + random.pick(w.hashtags)
        }
        if text.count > 165 { text = String(text.prefix(165)) }
        return BenchPost(text: text, language: language, brand: brand)
    }

    mutating func posts(_ count: Int) -> [BenchPost] {
        (0..<count).map { _ in next() }
    }

    mutating func int(_ range: Range<Int>) -> Int { Int(random.next() % UInt64(range.count)) + range.lowerBound }

    mutating func chance(_ p: Double) -> Bool { random.chance(p) }
}
