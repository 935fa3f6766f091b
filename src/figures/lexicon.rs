//! The word lists figure recognition reads: magnitudes, currencies,
//! measures, percent words, months, and the words that decide whether a
//! number is counted, a year or a name.
//!
//! They are data, not logic, and they are long; keeping them apart lets the
//! scanner in `extract.rs` and the labels in `label.rs` read as code, and
//! puts every spelling quarry knows in one place to extend.

use super::Magnitude;

/// Magnitude words and abbreviations (lower-case). The bool marks the
/// single-letter forms that need a currency when written apart.
pub(super) const MAGNITUDES: &[(&str, Magnitude, bool)] = &[
    ("thousand", Magnitude::Thousand, false),
    ("million", Magnitude::Million, false),
    ("billion", Magnitude::Billion, false),
    ("trillion", Magnitude::Trillion, false),
    ("mln", Magnitude::Million, false),
    ("mn", Magnitude::Million, false),
    ("bln", Magnitude::Billion, false),
    ("bn", Magnitude::Billion, false),
    ("trn", Magnitude::Trillion, false),
    ("tn", Magnitude::Trillion, false),
    ("k", Magnitude::Thousand, true),
    ("m", Magnitude::Million, true),
    ("b", Magnitude::Billion, true),
    ("t", Magnitude::Trillion, true),
];

/// Currency words written after a number (matched case-insensitively,
/// longest first).
pub(super) const CURRENCY_AFTER: &[(&str, &str)] = &[
    ("hong kong dollars", "HKD"),
    ("hong kong dollar", "HKD"),
    ("u.s. dollars", "USD"),
    ("u.s. dollar", "USD"),
    ("pounds sterling", "GBP"),
    ("us dollars", "USD"),
    ("us dollar", "USD"),
    ("renminbi", "CNY"),
    ("sterling", "GBP"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("pounds", "GBP"),
    ("pound", "GBP"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("yuan", "CNY"),
    ("yen", "JPY"),
    ("won", "KRW"),
];

/// Currency codes (upper-case, matched exactly) before or after a number.
pub(super) const CURRENCY_CODES: &[(&str, &str)] = &[
    ("RMB", "CNY"),
    ("Rmb", "CNY"),
    ("CNY", "CNY"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("JPY", "JPY"),
    ("KRW", "KRW"),
    ("HKD", "HKD"),
    ("INR", "INR"),
];

/// Currency symbols written before a number.
pub(super) const CURRENCY_SYMBOLS: &[(&str, &str)] = &[
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "CNY"),
    ("￥", "CNY"),
    ("₩", "KRW"),
    ("₹", "INR"),
];

/// Letters before `$` and the currency they make.
pub(super) const DOLLAR_PREFIXES: &[(&str, &str)] = &[
    ("US", "USD"),
    ("HK", "HKD"),
    ("NZ", "NZD"),
    ("NT", "TWD"),
    ("A", "AUD"),
    ("C", "CAD"),
    ("S", "SGD"),
];

/// Measure spellings (lower-case, longest first within a family) and their
/// canonical names.
pub(super) const MEASURES: &[(&str, &str)] = &[
    ("square kilometers", "square kilometers"),
    ("square kilometer", "square kilometers"),
    ("square kilometres", "square kilometers"),
    ("square kilometre", "square kilometers"),
    ("square km", "square kilometers"),
    ("sq. km", "square kilometers"),
    ("sq km", "square kilometers"),
    ("sq.km", "square kilometers"),
    ("km²", "square kilometers"),
    ("km2", "square kilometers"),
    ("square meters", "square meters"),
    ("square meter", "square meters"),
    ("square metres", "square meters"),
    ("square metre", "square meters"),
    ("sq. m", "square meters"),
    ("sq m", "square meters"),
    ("m²", "square meters"),
    ("m2", "square meters"),
    ("square miles", "square miles"),
    ("square mile", "square miles"),
    ("sq mi", "square miles"),
    ("cubic meters", "cubic meters"),
    ("cubic meter", "cubic meters"),
    ("cubic metres", "cubic meters"),
    ("cubic metre", "cubic meters"),
    ("m³", "cubic meters"),
    ("hectares", "hectares"),
    ("hectare", "hectares"),
    ("ha", "hectares"),
    ("mu", "mu"),
    ("kilometers", "kilometers"),
    ("kilometer", "kilometers"),
    ("kilometres", "kilometers"),
    ("kilometre", "kilometers"),
    ("km", "kilometers"),
    ("meters", "meters"),
    ("meter", "meters"),
    ("metres", "meters"),
    ("metre", "meters"),
    ("miles", "miles"),
    ("mile", "miles"),
    ("metric tons", "tons"),
    ("metric tonnes", "tons"),
    ("tonnes", "tons"),
    ("tonne", "tons"),
    ("tons", "tons"),
    ("ton", "tons"),
    ("kilograms", "kilograms"),
    ("kilogram", "kilograms"),
    ("kg", "kilograms"),
    ("liters", "liters"),
    ("liter", "liters"),
    ("litres", "liters"),
    ("litre", "liters"),
    ("barrels", "barrels"),
    ("barrel", "barrels"),
    ("kilowatt-hours", "kilowatt-hours"),
    ("kilowatt hours", "kilowatt-hours"),
    ("kwh", "kilowatt-hours"),
    ("kilowatts", "kilowatts"),
    ("kilowatt", "kilowatts"),
    ("kw", "kilowatts"),
    ("megawatts", "megawatts"),
    ("megawatt", "megawatts"),
    ("mw", "megawatts"),
    ("gigawatts", "gigawatts"),
    ("gigawatt", "gigawatts"),
    ("gw", "gigawatts"),
    ("teus", "teu"),
    ("teu", "teu"),
];

/// Percent words written after a number (matched case-insensitively,
/// longest first).
pub(super) const PERCENT_WORDS: &[&str] = &[
    "percentage points",
    "percentage point",
    "per cent",
    "percent",
    "pct",
];

/// Month names and abbreviations (matched case-sensitively).
pub(super) const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

/// Words that end the search for a counted noun.
///
/// After a number, up to three lower-case words are read looking for the
/// counted noun (`4,500 employees`); meeting one of these words stops that
/// search with no noun (`5 of the firms`, `10 more banks`), and a word on this
/// list is never taken for a plural even if it ends in `s` (`its`, `was`).
/// This is not a general-purpose stop-word list (that lives in
/// `crate::text::stopwords`): it is tuned to what may follow a number.
pub(super) const NOUN_SEARCH_STOPS: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "against",
    "all",
    "along",
    "also",
    "among",
    "an",
    "and",
    "any",
    "are",
    "around",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "down",
    "during",
    "each",
    "every",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "his",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "less",
    "may",
    "more",
    "much",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "onto",
    "or",
    "our",
    "out",
    "over",
    "per",
    "percent",
    "percentage",
    "plus",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "thus",
    "till",
    "times",
    "to",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "versus",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whereas",
    "which",
    "while",
    "who",
    "whose",
    "will",
    "with",
    "within",
    "without",
    "would",
    "year-on-year",
    "yet",
    // Verbs that end like plurals: `Listing 2-6 represents`, `443 means`.
    "appears",
    "applies",
    "becomes",
    "contains",
    "corresponds",
    "denotes",
    "describes",
    "equals",
    "explains",
    "implies",
    "includes",
    "indicates",
    "means",
    "refers",
    "represents",
    "requires",
    "says",
    "seems",
    "specifies",
];

/// Words ending in `s` that are not plural nouns.
pub(super) const NOT_PLURAL: &[&str] = &[
    "always",
    "besides",
    "hers",
    "ours",
    "perhaps",
    "sometimes",
    "theirs",
    "whereas",
    "yes",
    "yours",
    "afterwards",
    "nowadays",
];

/// Plural nouns that do not end in `s`.
pub(super) const IRREGULAR_PLURALS: &[&str] = &[
    "people",
    "staff",
    "personnel",
    "children",
    "men",
    "women",
    "cattle",
    "police",
    "livestock",
    "aircraft",
    "sheep",
    "fish",
];

/// Words before a four-digit number that make it a year.
pub(super) const YEAR_PREPOSITIONS: &[&str] =
    &["in", "since", "until", "till", "circa", "by", "year"];

/// Words before a four-digit number below 1800 that make it a year
/// (`in 1095`); `by 1500` is more likely an amount.
pub(super) const OLD_YEAR_PREPOSITIONS: &[&str] = &["in", "since", "circa", "year"];

/// Capitalised nouns whose number is a name, not a quantity (`Table 3`,
/// `Article 5`, `Fig. 2`).
pub(super) const NUMBERED_NOUNS: &[&str] = &[
    "Annex", "Appendix", "Article", "Box", "Chapter", "Clause", "Eq", "Equation", "Example",
    "Exhibit", "Fig", "Figure", "Footnote", "Item", "Lemma", "Line", "Listing", "Part", "Route",
    "Rule", "Section", "Step", "Table", "Theorem", "Vol", "Volume",
];

/// Lower-case nouns after which a bare number (one with no unit) names a
/// part (`see footnote 14`, `in step 3`); `a figure 10 percent higher` is
/// still a quantity.
pub(super) const LOWER_NUMBERED_NOUNS: &[&str] = &[
    "appendix", "chapter", "equation", "example", "exhibit", "figure", "footnote", "line",
    "listing", "section", "step", "table",
];

/// Byte sizes, matched case-sensitively (glued or after a space): measures,
/// never magnitudes — `895.0B` is 895 bytes, not 895 billion.
pub(super) const BYTE_UNITS: &[(&str, &str)] = &[
    ("bytes", "bytes"),
    ("byte", "bytes"),
    ("B", "bytes"),
    ("kB", "kilobytes"),
    ("KB", "kilobytes"),
    ("KiB", "kibibytes"),
    ("MB", "megabytes"),
    ("MiB", "mebibytes"),
    ("GB", "gigabytes"),
    ("GiB", "gibibytes"),
    ("TB", "terabytes"),
    ("TiB", "tebibytes"),
    ("PB", "petabytes"),
    ("PiB", "pebibytes"),
];

/// Words after which a number is a software version (`version 1.30`,
/// `Rust 1.30`), compared lower-case.
pub(super) const VERSION_WORDS: &[&str] = &[
    "version", "versions", "release", "releases", "ver", "rust", "rustc", "cargo", "python",
    "nodejs", "java", "jdk", "golang", "ruby", "php", "perl", "kernel", "linux", "ios", "android",
    "macos", "ubuntu", "debian", "fedora", "tls", "ssl", "http", "sdk", "api", "gcc", "clang",
    "llvm", "msrv", "tantivy", "serde", "clap",
];
