//! The word lists `verify` reads statements and sources with: places and
//! companies with their aliases, words of change, months and periods, the
//! words that bind a figure to what it measures, and a few synonyms.

/// What kind of thing a name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A sovereign state (`Japan`, `South Korea`).
    Country,
    /// A province or state inside one (`Liaoning`, `Paraiba`).
    Province,
    /// A city or port (`Shenyang`, `Seoul`).
    City,
    /// A wider region (`Northeast Asia`, `Europe`).
    Region,
    /// A company or organisation from the list below.
    Company,
    /// Any other capitalised name (people, institutions, zones).
    Name,
}

impl Class {
    /// Places stand in for places, organisations and people for each other:
    /// a source naming another member of the same group for the same fact
    /// contradicts the statement.
    pub fn is_place(self) -> bool {
        matches!(
            self,
            Class::Country | Class::Province | Class::City | Class::Region
        )
    }
}

/// Known names: canonical name, class, and every spelling (word sequences;
/// `U.S.` is read as the word `US`). Spellings of up to four capital letters
/// match only in capitals (`US` is not `us`). Demonyms (`Japanese`) are
/// marked separately in [`DEMONYMS`].
pub const NAMES: &[(&str, Class, &[&str])] = &[
    (
        "China",
        Class::Country,
        &[
            "China",
            "PRC",
            "People's Republic of China",
            "People’s Republic of China",
            "mainland China",
        ],
    ),
    (
        "South Korea",
        Class::Country,
        &[
            "South Korea",
            "ROK",
            "Republic of Korea",
            "Korea",
            "S Korea",
        ],
    ),
    (
        "North Korea",
        Class::Country,
        &[
            "North Korea",
            "DPRK",
            "Democratic People's Republic of Korea",
        ],
    ),
    ("Japan", Class::Country, &["Japan"]),
    (
        "United States",
        Class::Country,
        &[
            "United States",
            "United States of America",
            "US",
            "USA",
            "America",
        ],
    ),
    ("Russia", Class::Country, &["Russia", "Russian Federation"]),
    ("Mongolia", Class::Country, &["Mongolia"]),
    ("Germany", Class::Country, &["Germany"]),
    ("France", Class::Country, &["France"]),
    (
        "United Kingdom",
        Class::Country,
        &["United Kingdom", "UK", "Britain", "Great Britain"],
    ),
    ("Brazil", Class::Country, &["Brazil"]),
    ("Kazakhstan", Class::Country, &["Kazakhstan"]),
    ("Norway", Class::Country, &["Norway"]),
    ("Romania", Class::Country, &["Romania"]),
    ("Bulgaria", Class::Country, &["Bulgaria"]),
    (
        "Bosnia and Herzegovina",
        Class::Country,
        &["Bosnia and Herzegovina", "Bosnia"],
    ),
    ("India", Class::Country, &["India"]),
    ("Canada", Class::Country, &["Canada"]),
    ("Australia", Class::Country, &["Australia"]),
    ("Italy", Class::Country, &["Italy"]),
    ("Spain", Class::Country, &["Spain"]),
    ("Singapore", Class::Country, &["Singapore"]),
    ("Vietnam", Class::Country, &["Vietnam", "Viet Nam"]),
    ("Thailand", Class::Country, &["Thailand"]),
    ("Netherlands", Class::Country, &["Netherlands", "Holland"]),
    ("Switzerland", Class::Country, &["Switzerland"]),
    ("Sweden", Class::Country, &["Sweden"]),
    ("Liaoning", Class::Province, &["Liaoning"]),
    ("Jilin", Class::Province, &["Jilin"]),
    ("Heilongjiang", Class::Province, &["Heilongjiang"]),
    ("Hebei", Class::Province, &["Hebei"]),
    ("Inner Mongolia", Class::Province, &["Inner Mongolia"]),
    ("Shandong", Class::Province, &["Shandong"]),
    ("Guangdong", Class::Province, &["Guangdong"]),
    ("Jiangsu", Class::Province, &["Jiangsu"]),
    ("Zhejiang", Class::Province, &["Zhejiang"]),
    ("Paraiba", Class::Province, &["Paraiba", "Paraíba"]),
    ("Shenyang", Class::City, &["Shenyang"]),
    ("Dalian", Class::City, &["Dalian"]),
    ("Yingkou", Class::City, &["Yingkou"]),
    ("Fushun", Class::City, &["Fushun"]),
    ("Anshan", Class::City, &["Anshan"]),
    ("Jinzhou", Class::City, &["Jinzhou"]),
    ("Dandong", Class::City, &["Dandong"]),
    ("Panjin", Class::City, &["Panjin"]),
    ("Huludao", Class::City, &["Huludao"]),
    ("Tieling", Class::City, &["Tieling"]),
    ("Beijing", Class::City, &["Beijing"]),
    ("Shanghai", Class::City, &["Shanghai"]),
    ("Tianjin", Class::City, &["Tianjin"]),
    ("Harbin", Class::City, &["Harbin"]),
    ("Changchun", Class::City, &["Changchun"]),
    ("Hunchun", Class::City, &["Hunchun"]),
    ("Hong Kong", Class::City, &["Hong Kong"]),
    ("Seoul", Class::City, &["Seoul"]),
    ("Busan", Class::City, &["Busan"]),
    ("Incheon", Class::City, &["Incheon"]),
    ("Tokyo", Class::City, &["Tokyo"]),
    ("Osaka", Class::City, &["Osaka"]),
    ("London", Class::City, &["London"]),
    ("Paris", Class::City, &["Paris"]),
    ("Berlin", Class::City, &["Berlin"]),
    ("Moscow", Class::City, &["Moscow"]),
    ("Vladivostok", Class::City, &["Vladivostok"]),
    ("Los Angeles", Class::City, &["Los Angeles"]),
    ("San Francisco", Class::City, &["San Francisco"]),
    ("New York", Class::City, &["New York"]),
    ("Europe", Class::Region, &["Europe"]),
    ("Northeast Asia", Class::Region, &["Northeast Asia"]),
    ("Central Asia", Class::Region, &["Central Asia"]),
    ("East Asia", Class::Region, &["East Asia"]),
    ("Asia", Class::Region, &["Asia"]),
    ("Latin America", Class::Region, &["Latin America"]),
    ("Intel", Class::Company, &["Intel"]),
    ("BMW", Class::Company, &["BMW"]),
    (
        "Brilliance",
        Class::Company,
        &["Brilliance", "Brilliance Auto"],
    ),
    ("Renault", Class::Company, &["Renault"]),
    ("Michelin", Class::Company, &["Michelin"]),
    (
        "Schneider Electric",
        Class::Company,
        &["Schneider Electric", "Schneider"],
    ),
    ("Siemens", Class::Company, &["Siemens"]),
    ("Volkswagen", Class::Company, &["Volkswagen", "VW"]),
    ("ThyssenKrupp", Class::Company, &["ThyssenKrupp"]),
    ("Draexlmaier", Class::Company, &["Draexlmaier"]),
    ("Nidec", Class::Company, &["Nidec"]),
    ("Orix", Class::Company, &["Orix"]),
    ("Panasonic", Class::Company, &["Panasonic"]),
    ("Alibaba", Class::Company, &["Alibaba"]),
    ("Neusoft", Class::Company, &["Neusoft"]),
    ("Siasun", Class::Company, &["Siasun"]),
    ("Dayang", Class::Company, &["Dayang"]),
    ("Samsung", Class::Company, &["Samsung"]),
    ("Toyota", Class::Company, &["Toyota"]),
    ("Huawei", Class::Company, &["Huawei"]),
    ("Tesla", Class::Company, &["Tesla"]),
    ("Euromoney", Class::Company, &["Euromoney"]),
];

/// Adjectives of nationality and the country they stand for. They satisfy a
/// statement naming the country (`Japanese enterprises` → Japan), but a
/// source's demonym never contradicts one (`the German automaker opened the
/// plant in Shenyang` says nothing against Shenyang).
pub const DEMONYMS: &[(&str, &str)] = &[
    ("Chinese", "China"),
    ("Japanese", "Japan"),
    ("Korean", "South Korea"),
    ("South Korean", "South Korea"),
    ("North Korean", "North Korea"),
    ("American", "United States"),
    ("Russian", "Russia"),
    ("Mongolian", "Mongolia"),
    ("German", "Germany"),
    ("French", "France"),
    ("British", "United Kingdom"),
    ("Brazilian", "Brazil"),
    ("Norwegian", "Norway"),
    ("Indian", "India"),
    ("Italian", "Italy"),
    ("Spanish", "Spain"),
    ("European", "Europe"),
];

/// Words before `America` that make it another continent.
pub const NOT_US_BEFORE_AMERICA: &[&str] = &["latin", "north", "south", "central"];

/// Capitalised words that are not names on their own.
pub const NOT_NAMES: &[&str] = &[
    "a",
    "an",
    "the",
    "in",
    "on",
    "at",
    "as",
    "by",
    "for",
    "from",
    "of",
    "to",
    "and",
    "or",
    "but",
    "since",
    "during",
    "after",
    "before",
    "between",
    "with",
    "this",
    "that",
    "these",
    "those",
    "its",
    "it",
    "their",
    "they",
    "there",
    "its",
    "also",
    "so",
    "far",
    "now",
    "meanwhile",
    "besides",
    "however",
    "thanks",
    "according",
    "last",
    "next",
    "year",
    "years",
    "first",
    "second",
    "third",
    "fourth",
    "half",
    "quarter",
    "end",
    "early",
    "late",
    "mid",
    "currently",
    "copyright",
    "all",
    "rights",
    "reserved",
    "sponsored",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "i",
    "we",
    "he",
    "she",
    "you",
    "yes",
    "no",
    "not",
    "is",
    "was",
    "were",
    "are",
    "has",
    "had",
    "have",
    "will",
    "would",
    "if",
    "when",
    "while",
    "where",
    "what",
    "which",
    "who",
    "how",
    "why",
    "percent",
    "billion",
    "million",
    "thousand",
    "trillion",
    "yuan",
    "dollars",
    "euros",
    "rmb",
];

/// Month names and abbreviations, 1-based. `May` is a month only next to a
/// number or after a time preposition.
pub const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

/// Words before `May` that make it the month.
pub const MAY_PREPOSITIONS: &[&str] = &[
    "in", "of", "since", "by", "from", "to", "until", "early", "late", "mid", "end", "through",
    "last", "this", "next", "during",
];

/// Parts of a year: the words that name them and the months they cover
/// (bit `m - 1` for month `m`).
pub const PERIODS: &[(&[&str], u16)] = &[
    (&["first", "half"], 0b0000_0011_1111),
    (&["1st", "half"], 0b0000_0011_1111),
    (&["h1"], 0b0000_0011_1111),
    (&["second", "half"], 0b1111_1100_0000),
    (&["latter", "half"], 0b1111_1100_0000),
    (&["2nd", "half"], 0b1111_1100_0000),
    (&["h2"], 0b1111_1100_0000),
    (&["first", "quarter"], 0b0000_0000_0111),
    (&["q1"], 0b0000_0000_0111),
    (&["second", "quarter"], 0b0000_0011_1000),
    (&["q2"], 0b0000_0011_1000),
    (&["third", "quarter"], 0b0001_1100_0000),
    (&["q3"], 0b0001_1100_0000),
    (&["fourth", "quarter"], 0b1110_0000_0000),
    (&["q4"], 0b1110_0000_0000),
    (&["first", "three", "quarters"], 0b0001_1111_1111),
    (&["year", "end"], 0b1000_0000_0000),
];

/// Words of increase. `up` counts only right before a figure.
pub const UP_WORDS: &[&str] = &[
    "grew",
    "grow",
    "grows",
    "growing",
    "grown",
    "growth",
    "rose",
    "rise",
    "rises",
    "rising",
    "risen",
    "increase",
    "increased",
    "increases",
    "increasing",
    "up",
    "expand",
    "expanded",
    "expands",
    "expanding",
    "expansion",
    "gain",
    "gained",
    "gains",
    "climb",
    "climbed",
    "climbs",
    "jump",
    "jumped",
    "jumps",
    "surge",
    "surged",
    "surges",
    "soar",
    "soared",
    "soars",
    "boost",
    "boosted",
    "doubled",
    "tripled",
    "raised",
];

/// Words of decrease. `down` counts only right before a figure.
pub const DOWN_WORDS: &[&str] = &[
    "fell",
    "fall",
    "falls",
    "falling",
    "fallen",
    "decline",
    "declined",
    "declines",
    "declining",
    "drop",
    "dropped",
    "drops",
    "dropping",
    "down",
    "decrease",
    "decreased",
    "decreases",
    "decreasing",
    "shrank",
    "shrink",
    "shrinks",
    "shrunk",
    "shrinking",
    "contracted",
    "contraction",
    "slump",
    "slumped",
    "reduce",
    "reduced",
    "reduces",
    "reduction",
    "cut",
    "cuts",
    "slashed",
    "plunged",
    "plunge",
    "dipped",
    "dip",
    "halved",
    "lost",
];

/// Words before `up`/`down` that make it part of a phrasal verb
/// (`set up`, `racked up`), not a change.
pub const PHRASAL_BEFORE_UP: &[&str] = &[
    "set", "sets", "racked", "rack", "racks", "build", "built", "builds", "step", "stepped",
    "steps", "add", "added", "adds", "made", "make", "makes", "pick", "picked", "sum", "summed",
    "take", "took", "taken", "end", "ended", "ends", "open", "opened", "opening", "back", "broken",
    "break", "broke", "wind", "wound", "scale", "scaled", "ramp", "ramped", "speed", "sped",
];

/// Words that phrase "X of FIGURE" style bindings: the figure measures the
/// noun phrase before them (`registered capital of $2.22 billion`,
/// `paid-in investment worth …`, `special funds amounting to …`).
pub const LINKS: &[&str] = &[
    "of",
    "worth",
    "at",
    "totalling",
    "totaling",
    "totalled",
    "totaled",
    "was",
    "were",
    "is",
    "are",
];

/// Verbs skipped between a noun phrase and its link (`stood at`,
/// `amounting to`).
pub const LINK_VERBS: &[&str] = &[
    "stood",
    "stand",
    "stands",
    "standing",
    "valued",
    "was",
    "were",
    "is",
    "are",
    "amounting",
    "amounted",
    "amounts",
    "amount",
    "came",
    "comes",
];

/// Hedges between a link and its figure (`worth about 200 million yuan`).
pub const HEDGES: &[&str] = &[
    "about",
    "around",
    "nearly",
    "almost",
    "approximately",
    "roughly",
    "some",
    "over",
    "more",
    "than",
    "less",
    "just",
    "under",
    "up",
    "to",
    "only",
    "at",
    "least",
    "an",
    "a",
    "estimated",
];

/// Noun phrases that say nothing about what a figure measures (`an increase
/// of 28 percent`, `a total of …`): bindings made only of these are empty.
pub const GENERIC_HEADS: &[&str] = &[
    "increase", "decrease", "rise", "growth", "decline", "drop", "fall", "gain", "total", "value",
    "sum", "amount", "figure", "number", "level", "rate", "share", "year", "on",
];

/// Analysed terms read as the same word when measuring how much of a
/// statement a sentence covers (left: a stem; right: its stand-in).
pub const SYNONYMS: &[(&str, &str)] = &[
    ("biggest", "largest"),
    ("big", "larg"),
    ("largest", "largest"),
    ("surpass", "exceed"),
    ("top", "exceed"),
    ("compani", "enterpris"),
    ("firm", "enterpris"),
    ("busi", "enterpris"),
    ("fund", "invest"),
    ("capit", "invest"),
    ("start", "launch"),
    ("open", "launch"),
    ("began", "launch"),
    ("establish", "launch"),
    ("found", "launch"),
    ("set", "launch"),
    ("worker", "employe"),
    ("staff", "employe"),
    ("person", "peopl"),
    ("individu", "peopl"),
];

/// A term as compared between statement and source (a few synonyms share
/// one term).
pub fn comparable(term: &str) -> String {
    SYNONYMS
        .iter()
        .find(|(from, _)| *from == term)
        .map_or_else(|| term.to_string(), |(_, to)| (*to).to_string())
}

/// Words after a figure that say what it measures when the figure reader
/// gives it no unit (`400 feet`, `13 people`), and units whose quantity is
/// known: each with that quantity and its size in the quantity's base unit
/// (seconds, metres, kilograms), so `48 hours` equals `2 days` and `400
/// feet` differs from `400 metres`. Counted nouns not listed here are
/// compared by their stem.
pub const UNIT_WORDS: &[(&str, &str, f64)] = &[
    ("seconds", "time", 1.0),
    ("second", "time", 1.0),
    ("secs", "time", 1.0),
    ("minutes", "time", 60.0),
    ("minute", "time", 60.0),
    ("mins", "time", 60.0),
    ("hours", "time", 3_600.0),
    ("hour", "time", 3_600.0),
    ("hrs", "time", 3_600.0),
    ("days", "time", 86_400.0),
    ("day", "time", 86_400.0),
    ("weeks", "time", 604_800.0),
    ("week", "time", 604_800.0),
    ("months", "time", 2_629_800.0),
    ("month", "time", 2_629_800.0),
    ("years", "time", 31_557_600.0),
    ("year", "time", 31_557_600.0),
    ("decades", "time", 315_576_000.0),
    ("decade", "time", 315_576_000.0),
    ("centuries", "time", 3_155_760_000.0),
    ("century", "time", 3_155_760_000.0),
    ("millimetres", "length", 0.001),
    ("millimeters", "length", 0.001),
    ("millimetre", "length", 0.001),
    ("millimeter", "length", 0.001),
    ("mm", "length", 0.001),
    ("centimetres", "length", 0.01),
    ("centimeters", "length", 0.01),
    ("centimetre", "length", 0.01),
    ("centimeter", "length", 0.01),
    ("cm", "length", 0.01),
    ("meters", "length", 1.0),
    ("kilometers", "length", 1_000.0),
    ("miles", "length", 1_609.344),
    ("inches", "length", 0.0254),
    ("inch", "length", 0.0254),
    ("in.", "length", 0.0254),
    ("feet", "length", 0.3048),
    ("foot", "length", 0.3048),
    ("ft", "length", 0.3048),
    ("yards", "length", 0.9144),
    ("yard", "length", 0.9144),
    ("kilograms", "mass", 1.0),
    ("grams", "mass", 0.001),
    ("gram", "mass", 0.001),
    ("g", "mass", 0.001),
    ("tons", "mass", 1_000.0),
    ("lb", "mass", 0.453_592_37),
    ("lbs", "mass", 0.453_592_37),
    ("square kilometers", "area", 1_000_000.0),
    ("square meters", "area", 1.0),
    ("square miles", "area", 2_589_988.11),
    ("hectares", "area", 10_000.0),
    ("acres", "area", 4_046.856_422_4),
    ("acre", "area", 4_046.856_422_4),
];

/// Counted nouns the figure reader does not take for plurals (`13 people`),
/// read after a figure that has no unit.
pub const COUNTED_WORDS: &[&str] = &[
    "people",
    "persons",
    "person",
    "men",
    "women",
    "children",
    "staff",
    "personnel",
    "residents",
    "inhabitants",
    "individuals",
    "points",
    "point",
];

/// Pairs of opposite words: a statement using a word of one side is
/// contradicted by a sentence that uses only the other side (`largest` vs
/// `smallest`, `imports` vs `exports`, `surplus` vs `deficit`). Words inside
/// a name (`South Korea`) do not count.
pub const OPPOSITES: &[(&[&str], &[&str])] = &[
    (
        &[
            "largest", "biggest", "greatest", "highest", "most", "maximum", "heaviest",
        ],
        &[
            "smallest", "lowest", "least", "fewest", "minimum", "lightest",
        ],
    ),
    (
        &["larger", "bigger", "greater", "higher", "heavier"],
        &["smaller", "lower", "fewer", "lighter"],
    ),
    (&["longest", "tallest"], &["shortest"]),
    (&["longer", "taller"], &["shorter"]),
    (&["oldest", "earliest"], &["youngest", "newest", "latest"]),
    (&["older", "elder"], &["younger", "newer"]),
    (&["best"], &["worst"]),
    (&["better"], &["worse"]),
    (&["fastest", "quickest"], &["slowest"]),
    (&["faster", "quicker"], &["slower"]),
    (&["richest", "wealthiest"], &["poorest"]),
    (
        &[
            "import",
            "imports",
            "imported",
            "importer",
            "importers",
            "importing",
        ],
        &[
            "export",
            "exports",
            "exported",
            "exporter",
            "exporters",
            "exporting",
        ],
    ),
    (&["surplus", "surpluses"], &["deficit", "deficits"]),
    (
        &["profit", "profits", "profitable"],
        &["loss", "losses", "unprofitable"],
    ),
    (&["inbound"], &["outbound"]),
    (&["domestic"], &["foreign", "overseas", "international"]),
    (&["urban"], &["rural"]),
    (&["public"], &["private"]),
    (&["male", "men"], &["female", "women"]),
    (
        &["won", "win", "wins", "winner", "winners", "victory"],
        &[
            "lost", "lose", "loses", "loser", "losers", "defeat", "defeated",
        ],
    ),
    (
        &["north", "northern", "northward"],
        &["south", "southern", "southward"],
    ),
    (
        &["east", "eastern", "eastward"],
        &["west", "western", "westward"],
    ),
    (&["legal", "lawful"], &["illegal", "unlawful"]),
    (
        &["approved", "accepted"],
        &["rejected", "refused", "denied"],
    ),
    (&["above"], &["below"]),
];

/// Time words left out of a statement's topic words (they are checked as
/// time parts).
pub const TIME_WORDS: &[&str] = &[
    "year", "half", "quarter", "first", "second", "third", "fourth", "end", "period", "month",
    "last", "next", "earli", "late", "mid", "as", "by", "from", "through", "h1", "h2", "q1", "q2",
    "q3", "q4", "yoy", "annual", "annually", "on",
];

/// Words before "last year" that make it a comparison base
/// (`2.6 times that of last year`), not the time of the statement.
pub const COMPARISON_BEFORE: &[&str] = &["of", "than", "from", "with", "over", "versus", "vs"];

/// Every spelling of the known name `canon`.
pub fn spellings(canon: &str) -> &'static [&'static str] {
    NAMES
        .iter()
        .find(|(c, _, _)| *c == canon)
        .map_or(&[], |(_, _, s)| *s)
}
