//! What kind of text a passage is: body text, or something that only
//! surrounds it (captions, reference lists, site boilerplate).
//!
//! The splitters know tables, lists and code from the structure of a
//! document; this module recognises the rest by their wording, sentence by
//! sentence and paragraph by paragraph, so that the [`super::packer`] can
//! keep them apart from the content they sit next to:
//!
//! - **boilerplate**: copyright lines (`©`, `All Rights Reserved`), cookie
//!   and terms notices, sponsorship notes (`Sponsored by`), share/print/
//!   navigation chrome (`Share`, `Print`, `Back to top`, `I agree`);
//! - **captions**: a short paragraph ending in a photo credit
//!   (`… WANG HUA/FOR CHINA DAILY`, `[Photo/Xinhua]`, `Photo: …`);
//! - **references**: anything under a `References`/`Bibliography`/… heading,
//!   and rows most of which open with a citation number (`[1] …`).

use super::PassageKind;

/// Section names whose passages are reference lists.
const REFERENCE_SECTIONS: &[&str] = &[
    "references",
    "reference",
    "bibliography",
    "works cited",
    "literature cited",
    "citations",
    "sources",
    "notes and references",
];

/// A sentence of at most this many words may be a sponsorship note or a
/// terms notice.
const NOTICE_MAX_WORDS: usize = 40;
/// A line of at most this many words may be navigation chrome.
const CHROME_MAX_WORDS: usize = 8;
/// A paragraph of at most this many words may be a caption.
const CAPTION_MAX_WORDS: usize = 60;

/// Words that make up share, print and navigation chrome.
const CHROME_WORDS: &[&str] = &[
    "share",
    "shares",
    "print",
    "email",
    "e-mail",
    "mail",
    "tweet",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "wechat",
    "weibo",
    "reddit",
    "pinterest",
    "telegram",
    "copy",
    "link",
    "url",
    "back",
    "to",
    "top",
    "next",
    "previous",
    "prev",
    "article",
    "story",
    "page",
    "related",
    "read",
    "more",
    "subscribe",
    "sign",
    "in",
    "up",
    "log",
    "login",
    "menu",
    "home",
    "search",
    "close",
    "i",
    "agree",
    "accept",
    "all",
    "reject",
    "comments",
    "comment",
    "font",
    "size",
    "a",
    "this",
    "on",
    "via",
    "save",
    "bookmark",
    "like",
    "follow",
    "us",
    "go",
    "skip",
    "content",
    "main",
    "navigation",
    "open",
    "app",
    "download",
    "the",
    "and",
    "or",
];

/// Says whether a section heading names a reference list.
pub fn is_reference_section(name: &str) -> bool {
    let name = name
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ' || c == '#')
        .trim_end_matches([':', '.'])
        .trim()
        .to_lowercase();
    REFERENCE_SECTIONS.contains(&name.as_str())
}

/// Says whether a line is an entry of a numbered reference list: `[1] …`,
/// `- [12] …`.
pub fn is_reference_row(line: &str) -> bool {
    let l = line.trim().trim_start_matches(['-', '*', '•']).trim_start();
    let Some(rest) = l.strip_prefix('[') else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=4).contains(&digits) && rest.as_bytes().get(digits) == Some(&b']')
}

/// Words of share, print and navigation chrome that a chrome line must
/// contain at least one of (the others in [`CHROME_WORDS`] only go with
/// them).
const STRONG_CHROME_WORDS: &[&str] = &[
    "more",
    "share",
    "shares",
    "print",
    "email",
    "e-mail",
    "tweet",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "wechat",
    "weibo",
    "reddit",
    "pinterest",
    "telegram",
    "subscribe",
    "login",
    "menu",
    "bookmark",
    "agree",
    "accept",
    "reject",
    "skip",
    "top",
    "next",
    "previous",
    "prev",
];

/// Whether `phrase` occurs in `lower` as whole words.
fn has_phrase(lower: &str, phrase: &str) -> bool {
    lower.match_indices(phrase).any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The words that open the phrases [`is_boilerplate`] looks for. Only a
/// sentence holding one of them as a whole word can hold such a phrase, so
/// the check first notes which of them a sentence has (one pass, no
/// allocation) and searches for a phrase only when its first word is there.
const TRIGGER_WORDS: &[&str] = &[
    "accept",
    "agree",
    "all",
    "browse",
    "browsing",
    "consent",
    "content",
    "cookie",
    "cookies",
    "copyright",
    "information",
    "material",
    "materials",
    "on",
    "our",
    "permission",
    "please",
    "privacy",
    "reproduced",
    "reproduction",
    "reserved",
    "settings",
    "site",
    "terms",
    "this",
    "use",
    "using",
    "we",
    "website",
    "you",
    "your",
];

/// The bit of a [`TRIGGER_WORDS`] word in what [`trigger_words_in`] returns
/// (a compile-time error for another word).
const fn trigger(word: &str) -> u64 {
    let w = word.as_bytes();
    let mut i = 0;
    while i < TRIGGER_WORDS.len() {
        let t = TRIGGER_WORDS[i].as_bytes();
        if t.len() == w.len() {
            let mut j = 0;
            while j < t.len() && t[j] == w[j] {
                j += 1;
            }
            if j == t.len() {
                return 1 << i;
            }
        }
        i += 1;
    }
    panic!("not a trigger word")
}

/// Longest of the [`TRIGGER_WORDS`].
const TRIGGER_MAX_LEN: usize = 12;

/// For each length up to [`TRIGGER_MAX_LEN`] and first letter (`26 * len +
/// letter`, `a` is 0), the bits of the [`TRIGGER_WORDS`] of that length
/// and first letter: most words have none, and no word more than three.
const TRIGGER_CANDIDATES: [u64; 26 * (TRIGGER_MAX_LEN + 1)] = {
    let mut table = [0u64; 26 * (TRIGGER_MAX_LEN + 1)];
    let mut i = 0;
    while i < TRIGGER_WORDS.len() {
        let w = TRIGGER_WORDS[i].as_bytes();
        table[26 * w.len() + (w[0] - b'a') as usize] |= 1 << i;
        i += 1;
    }
    table
};

/// The bits of the [`TRIGGER_WORDS`] that `word` may be: those of its
/// length and first letter (lower-cased when `fold`).
#[inline]
fn trigger_candidates(word: &[u8], fold: bool) -> u64 {
    let Some(&first) = word.first() else {
        return 0;
    };
    let first = if fold {
        first.to_ascii_lowercase()
    } else {
        first
    };
    if word.len() > TRIGGER_MAX_LEN || !first.is_ascii_lowercase() {
        return 0;
    }
    TRIGGER_CANDIDATES[26 * word.len() + usize::from(first - b'a')]
}

/// The bit of `word` if it is one of the [`TRIGGER_WORDS`], else 0.
fn trigger_bit(word: &str) -> u64 {
    let mut candidates = trigger_candidates(word.as_bytes(), false);
    while candidates != 0 {
        let i = candidates.trailing_zeros();
        if TRIGGER_WORDS[i as usize] == word {
            return 1 << i;
        }
        candidates &= candidates - 1;
    }
    0
}

/// The bit of the ASCII `word`, in any case, if lower-cased it is one of
/// the [`TRIGGER_WORDS`], else 0.
fn trigger_bit_ascii(word: &[u8]) -> u64 {
    let mut candidates = trigger_candidates(word, true);
    while candidates != 0 {
        let i = candidates.trailing_zeros();
        if TRIGGER_WORDS[i as usize]
            .as_bytes()
            .eq_ignore_ascii_case(word)
        {
            return 1 << i;
        }
        candidates &= candidates - 1;
    }
    0
}

/// Which [`TRIGGER_WORDS`] occur as whole words (runs of alphanumerics) in
/// `text` lower-cased (bit `i` stands for `TRIGGER_WORDS[i]`), and how many
/// words separated by white space it has (as `split_whitespace`), in one
/// pass. `text` is lower-cased already, or ASCII (in any case).
fn survey(text: &str) -> (u64, usize) {
    if !text.is_ascii() {
        let present = text
            .split(|c: char| !c.is_alphanumeric())
            .fold(0, |found, w| found | trigger_bit(w));
        return (present, text.split_whitespace().count());
    }
    let bytes = text.as_bytes();
    let (mut present, mut words) = (0u64, 0usize);
    // Whether the last byte was part of a word (not white space).
    let mut in_word = false;
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        match SURVEY_CLASS[usize::from(c)] {
            SurveyClass::Space => {
                in_word = false;
                i += 1;
            }
            SurveyClass::Other => {
                words += usize::from(!in_word);
                in_word = true;
                i += 1;
            }
            SurveyClass::Alnum => {
                words += usize::from(!in_word);
                in_word = true;
                // A run of alphanumerics: a trigger word or not.
                let from = i;
                while bytes
                    .get(i)
                    .is_some_and(|&c| matches!(SURVEY_CLASS[usize::from(c)], SurveyClass::Alnum))
                {
                    i += 1;
                }
                present |= trigger_bit_ascii(&bytes[from..i]);
            }
        }
    }
    (present, words)
}

/// What an ASCII byte is to [`survey`].
#[derive(Clone, Copy)]
enum SurveyClass {
    /// White space as `char::is_whitespace` has it.
    Space,
    /// A letter or digit.
    Alnum,
    /// Any other byte.
    Other,
}

/// [`SurveyClass`] of every byte.
static SURVEY_CLASS: [SurveyClass; 256] = {
    let mut table = [SurveyClass::Other; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ') {
            table[b] = SurveyClass::Space;
        } else if c.is_ascii_alphanumeric() {
            table[b] = SurveyClass::Alnum;
        }
        b += 1;
    }
    table
};

/// The words of a copyright line or a cookie notice (every such phrase
/// [`is_notice`] looks for holds one of them).
const NOTICE_WORDS: u64 =
    trigger("reserved") | trigger("copyright") | trigger("cookie") | trigger("cookies");
/// The words of the disclaimers (`on this site`, `on this website`).
const SITE_WORDS: u64 = trigger("site") | trigger("website");
/// The words of a notice addressed to the reader.
const ADDRESSED_WORDS: u64 = trigger("our")
    | trigger("you")
    | trigger("your")
    | trigger("please")
    | trigger("agree")
    | trigger("accept");

/// Whether the sentence `s` (`lower` lower-cased, holding the trigger
/// words `present` and `words` words) is a copyright line, a cookie or
/// terms notice addressed to the reader, or a disclaimer about a site's
/// material.
fn is_notice(s: &str, lower: &str, present: u64, words: usize) -> bool {
    let has = |p: &str| {
        // Every phrase is ASCII and starts with a trigger word.
        let first = p.split(' ').next().unwrap_or(p);
        debug_assert!(trigger_bit(first) != 0, "{first} is no trigger word");
        trigger_bit(first) & present != 0 && (first.len() == p.len() || has_phrase(lower, p))
    };
    // Copyright lines.
    if s.contains('©')
        || has("all rights reserved")
        || lower.starts_with("copyright")
        || (lower.starts_with("(c) ") && lower[4..].starts_with(|c: char| c.is_ascii_digit()))
        || (has("copyright")
            && [
                "material",
                "reproduced",
                "reproduction",
                "permission",
                "reserved",
            ]
            .iter()
            .any(|w| has(w)))
    {
        return true;
    }
    // Notices addressed to the reader of the site.
    let addressed = ["our", "you", "your", "please", "agree", "accept"]
        .iter()
        .any(|w| has(w));
    let site = [
        "we use", "site", "website", "browse", "browsing", "consent", "settings",
    ]
    .iter()
    .any(|w| has(w));
    if (has("cookie") || has("cookies")) && (addressed || site) {
        return true;
    }
    if words <= NOTICE_MAX_WORDS
        && addressed
        && [
            "privacy policy",
            "terms & conditions",
            "terms and conditions",
            "terms of use",
            "terms of service",
            "on this site",
            "using this site",
            "use this site",
            "use of this site",
            "this website",
            "our website",
            "you agree to",
        ]
        .iter()
        .any(|w| has(w))
    {
        return true;
    }
    // Disclaimers about the site's material.
    if (has("on this site") || has("on this website"))
        && ["material", "materials", "information", "content"]
            .iter()
            .any(|w| has(w))
    {
        return true;
    }
    false
}

/// Says whether one sentence (or line) is boilerplate: a copyright line, a
/// cookie, privacy or terms notice addressed to the reader, a sponsorship
/// note, or share/print/navigation chrome.
pub fn is_boilerplate(sentence: &str) -> bool {
    let s = sentence.trim();
    if s.is_empty() {
        return false;
    }
    // This runs on every sentence indexed: one pass finds the words that
    // the phrases looked for start with, so that most sentences are ruled
    // out without a substring search, and an ASCII sentence (most are) is
    // surveyed as it is, lower-cased only when it is not ruled out.
    let lowered = (!s.is_ascii()).then(|| s.to_lowercase());
    let (present, words) = survey(lowered.as_deref().unwrap_or(s));
    let lower_starts = |p: &str| match &lowered {
        Some(lower) => lower.starts_with(p),
        None => s
            .get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p)),
    };
    // A copyright line, a cookie or terms notice, or a disclaimer needs
    // one of these (`all rights reserved` holds `reserved`, `on this site`
    // holds `site`); most sentences have none of them.
    let maybe_notice = present & (NOTICE_WORDS | SITE_WORDS) != 0
        || (words <= NOTICE_MAX_WORDS && present & ADDRESSED_WORDS != 0)
        || (lowered.is_some() && s.contains('©'))
        || lower_starts("copyright")
        || lower_starts("(c) ");
    if !maybe_notice && words > 12 {
        return false;
    }
    let lower = lowered.unwrap_or_else(|| s.to_ascii_lowercase());
    if maybe_notice && is_notice(s, &lower, present, words) {
        return true;
    }
    if words > 12 {
        return false;
    }
    // Sponsorship notes.
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    let sponsor = [
        "sponsored by",
        "sponsored content",
        "paid content",
        "paid post",
        "partner content",
        "promoted content",
        "presented by",
        "precented by",
    ];
    if words <= 12
        && (sponsor.iter().any(|w| lower.starts_with(w))
            || matches!(bare, "sponsored" | "advertisement" | "advertisements"))
    {
        return true;
    }
    // Share, print and navigation chrome: a short line of chrome words
    // only, one of them a strong one.
    if words > CHROME_MAX_WORDS {
        return false;
    }
    let chrome: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '/' | '·' | '•' | ','))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .filter(|w| !w.is_empty())
        .collect();
    !chrome.is_empty()
        && chrome.iter().all(|w| CHROME_WORDS.contains(w))
        && chrome.iter().any(|w| STRONG_CHROME_WORDS.contains(w))
}

/// Agencies and papers whose name alone is a photo credit after a
/// caption (`… birds. CHINA DAILY`).
const CREDITS: &[&str] = &[
    "XINHUA",
    "CHINA DAILY",
    "REUTERS",
    "AFP",
    "AP",
    "IC",
    "VCG",
    "GETTY IMAGES",
    "EPA",
    "CFP",
    "CNS",
    "PROVIDED TO CHINA DAILY",
    "FOR CHINA DAILY",
];

/// Says whether a short paragraph is a photo caption with a credit:
/// `… WANG HUA/FOR CHINA DAILY`, `… birds. CHINA DAILY`, `… [Photo/Xinhua]`,
/// `Photo: …`, `… PHOTO PROVIDED TO CHINA DAILY`.
pub fn is_caption(paragraph: &str) -> bool {
    let p = paragraph.trim();
    if p.is_empty() || p.split_whitespace().nth(CAPTION_MAX_WORDS).is_some() {
        return false;
    }
    let lower = p.to_lowercase();
    if [
        "photo:",
        "photo by ",
        "photograph:",
        "image:",
        "picture:",
        "(photo",
    ]
    .iter()
    .any(|w| lower.starts_with(w))
    {
        return true;
    }
    let tail = p.trim_end_matches(|c: char| c.is_whitespace() || c == '.');
    if tail.ends_with(']') || tail.ends_with(')') {
        let open = tail.rfind(['[', '(']).unwrap_or(0);
        let inner = tail.get(open..).unwrap_or_default().to_lowercase();
        if inner.contains("photo") || inner.contains("provided to") {
            return true;
        }
    }
    if p.contains("PHOTO PROVIDED") || p.contains("PROVIDED TO CHINA DAILY") {
        return true;
    }
    let upper_word = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 2
            && letters.iter().all(|c| c.is_uppercase())
            && !w.chars().any(|c| c.is_ascii_digit())
    };
    // The credit follows the caption's last sentence.
    let Some(dot) = tail.rfind(". ") else {
        return false;
    };
    let credit = tail[dot + 2..].trim();
    // `… birds. CHINA DAILY`: a known agency alone.
    if CREDITS.contains(&credit) {
        return true;
    }
    // `… Liaoning. WANG HUA/FOR CHINA DAILY`, `… June 18. YANG QING/XINHUA`:
    // a name of two or three words in capitals, a slash, a credit in
    // capitals.
    let Some((name, agency)) = credit.split_once('/') else {
        return false;
    };
    let name_words = name.split_whitespace().count();
    (2..=3).contains(&name_words)
        && name.split_whitespace().all(upper_word)
        && !agency.trim().is_empty()
        && agency.split_whitespace().count() <= 4
        && agency.split_whitespace().all(upper_word)
}

/// The kind of a run of body text, `text` being its sentences joined: a
/// caption or body. (Boilerplate is decided sentence by sentence, by the
/// packer.)
pub fn prose_kind(text: &str) -> PassageKind {
    if is_caption(text) {
        PassageKind::Caption
    } else {
        PassageKind::Body
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// [`is_boilerplate`] as it was before ASCII sentences were surveyed
    /// without a lower-cased copy: every sentence lower-cased first.
    fn is_boilerplate_lowering_first(sentence: &str) -> bool {
        let s = sentence.trim();
        if s.is_empty() {
            return false;
        }
        let lower = s.to_lowercase();
        let (present, words) = survey(&lower);
        let maybe_notice = present & (NOTICE_WORDS | SITE_WORDS) != 0
            || (words <= NOTICE_MAX_WORDS && present & ADDRESSED_WORDS != 0)
            || s.contains('©')
            || lower.starts_with("copyright")
            || lower.starts_with("(c) ");
        if maybe_notice && is_notice(s, &lower, present, words) {
            return true;
        }
        if words > 12 {
            return false;
        }
        let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
        let sponsor = [
            "sponsored by",
            "sponsored content",
            "paid content",
            "paid post",
            "partner content",
            "promoted content",
            "presented by",
            "precented by",
        ];
        if sponsor.iter().any(|w| lower.starts_with(w))
            || matches!(bare, "sponsored" | "advertisement" | "advertisements")
        {
            return true;
        }
        if words > CHROME_MAX_WORDS {
            return false;
        }
        let chrome: Vec<&str> = lower
            .split(|c: char| c.is_whitespace() || matches!(c, '|' | '/' | '·' | '•' | ','))
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
            .filter(|w| !w.is_empty())
            .collect();
        !chrome.is_empty()
            && chrome.iter().all(|w| CHROME_WORDS.contains(w))
            && chrome.iter().any(|w| STRONG_CHROME_WORDS.contains(w))
    }

    /// Sentences of trigger words, phrases of notices, chrome and plain
    /// words, in any case, with characters whose lower case is ASCII
    /// (`K`, the Kelvin sign) or longer (`İ`), of every length around
    /// the word bounds.
    fn sentences() -> impl Strategy<Value = String> {
        let mut words: Vec<&str> = TRIGGER_WORDS.to_vec();
        words.extend([
            "All rights reserved",
            "ALL RIGHTS RESERVED.",
            "©",
            "Copyright",
            "(c) 2021",
            "(C) ",
            "Cookies",
            "Sponsored by",
            "Advertisement",
            "Share",
            "Print",
            "Email",
            "Facebook",
            "|",
            "/",
            "Privacy Policy",
            "terms of use",
            "on this site",
            "We use",
            "the",
            "trade",
            "2021",
            "café",
            "\u{212a}",
            "coo\u{212a}ie",
            "\u{130}",
            "  ",
            "\t",
            ",",
            ".",
        ]);
        let plain = prop::sample::select(vec!["the", "river", "Trade", "in", "2021", "Paris"]);
        let word = prop_oneof![3 => plain, 1 => prop::sample::select(words)];
        let case = prop::sample::select(vec![0u8, 1, 2]);
        prop::collection::vec((word, case), 0..48).prop_map(|ws| {
            let cased: Vec<String> = ws
                .into_iter()
                .map(|(w, c)| match c {
                    0 => w.to_string(),
                    1 => w.to_uppercase(),
                    _ => {
                        let mut cs = w.chars();
                        cs.next()
                            .map(|f| f.to_uppercase().chain(cs).collect())
                            .unwrap_or_default()
                    }
                })
                .collect();
            cased.join(" ")
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// Surveying an ASCII sentence as it is says what lower-casing it
        /// first said.
        #[test]
        fn boilerplate_as_when_every_sentence_was_lowered(s in sentences()) {
            prop_assert_eq!(is_boilerplate(&s), is_boilerplate_lowering_first(&s), "{:?}", s);
        }

        /// The one-pass survey of an ASCII sentence, in any case, finds the
        /// trigger words and counts the words as splitting its lower-cased
        /// copy does.
        #[test]
        fn survey_as_splitting_the_lowered_sentence(
            s in prop_oneof![sentences(), "[a-zA-Z0-9 \t\n\x0b\x0c\r.,'-]{0,60}"]
        ) {
            let lower = s.to_lowercase();
            let split = (
                lower.split(|c: char| !c.is_alphanumeric()).fold(0, |f, w| f | trigger_bit(w)),
                lower.split_whitespace().count(),
            );
            let surveyed = survey(if s.is_ascii() { &s } else { &lower });
            prop_assert_eq!(surveyed, split, "{:?}", s);
        }
    }

    #[test]
    fn boilerplate_sentences() {
        let yes = [
            "Copyright © Liaoning Province.",
            "All Rights Reserved.Precented by China Daily.",
            "All material subject to strictly enforced copyright laws.",
            "© 2021 Euromoney, a part of the Euromoney Institutional Investor PLC.",
            "Sponsored Content",
            "Sponsored by",
            "We use cookies to provide a personalized site experience.",
            "By continuing to use & browse the site you agree to our Privacy Policy.",
            "Please read our Terms & Conditions, Privacy Policy and Cookies before using this site.",
            "I agree",
            "Share | Print | Email",
            "Back to top",
            "Read more",
        ];
        for s in yes {
            assert!(is_boilerplate(s), "{s}");
        }
        let no = [
            "Intel Semiconductor (Dalian) was established in June 2006, with a total investment of $8.88 billion.",
            "The copyright of the design passed to the city in 1990 and the museum opened in 1995.",
            "The bakery sold 300 cookies a day.",
            "Trade rose 13.6 percent.",
            "Read the report",
            "Shenyang",
            "This site was a tractor factory until 1998.",
            // Found on Wikipedia: phrases inside words, notices about
            // others, headings that are chrome words.
            "On May 31, 2014, a page on the tour website was set up for fans to submit song requests for the tour.",
            "This is because XSolla was violating the terms of service to which the backers who purchased through them agreed, by not giving refunds as the merchant.",
            "Content.",
            "A.",
            "Us!\"",
            "A modest wood-frame synagogue was built on this site in 1892.",
            "Over 20,000 migratory waterfowl use this site in the winter.",
            "Since laws vary globally, the copyright status of some works is not uniform.",
            "Advertisement vocalizations resemble calls of the kingfisher.",
            "(c) His looking of the information up.",
        ];
        assert!(is_boilerplate(
            "The material on this site is for financial institutions, professional investors and their professional advisers."
        ));
        for s in no {
            assert!(!is_boilerplate(s), "{s}");
        }
    }

    #[test]
    fn trigger_words_are_sorted_and_fit() {
        assert!(TRIGGER_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(TRIGGER_WORDS.len() <= 64);
        assert!(TRIGGER_WORDS.iter().all(|w| (2..=12).contains(&w.len())));
        let bit = |w: &str| 1u64 << TRIGGER_WORDS.iter().position(|t| *t == w).unwrap_or(63);
        let all = bit("all") | bit("on") | bit("this") | bit("site");
        assert_eq!(survey("all, on-this (site) onsite"), (all, 4));
        assert_eq!(survey(" all\ton-this\u{b}(site)  onsite "), (all, 4));
        assert_eq!(survey("café all, on-this (site) onsite"), (all, 5));
        assert_eq!(survey("ALL, On-This (SITE) onsite"), (all, 4));
        for (i, w) in TRIGGER_WORDS.iter().enumerate() {
            assert_eq!(trigger_bit(w), 1 << i);
            assert_eq!(trigger(w), 1 << i);
        }
        assert_eq!(
            trigger_bit("the") | trigger_bit("sites") | trigger_bit(""),
            0
        );
        assert_eq!(trigger_bit("Site") | trigger_bit("cookiez"), 0);
        assert_eq!(trigger_bit_ascii(b"CooKies"), trigger("cookies"));
        assert_eq!(trigger_bit_ascii(b"CONTENT"), trigger("content"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// A trigger word is found as a search of the sorted list finds it,
        /// in any case for ASCII words.
        #[test]
        fn trigger_bits_as_searching_the_list(
            word in prop_oneof![
                prop::sample::select(TRIGGER_WORDS).prop_map(str::to_string),
                "[a-zA-Z0-9]{0,14}",
                "[cCsSwWtT][a-zA-Z]{0,8}",
            ],
            case in prop::collection::vec(any::<bool>(), 14),
        ) {
            let searched = |w: &str| TRIGGER_WORDS.binary_search(&w).map_or(0, |i| 1u64 << i);
            prop_assert_eq!(trigger_bit(&word), searched(&word));
            let cased: String = word
                .chars()
                .zip(case.iter().chain(std::iter::repeat(&false)))
                .map(|(c, &up)| if up { c.to_ascii_uppercase() } else { c })
                .collect();
            prop_assert_eq!(
                trigger_bit_ascii(cased.as_bytes()),
                searched(&cased.to_ascii_lowercase())
            );
        }
    }

    #[test]
    fn captions() {
        assert!(is_caption(
            "Containers wait for shipping at a port in Dalian, Liaoning. WANG HUA/FOR CHINA DAILY"
        ));
        assert!(is_caption(
            "A worker checks a robot arm in Shenyang. [Photo/Xinhua]"
        ));
        assert!(is_caption("Photo: The new plant of BMW Brilliance."));
        assert!(is_caption(
            "A wetland on the Liaodong Peninsula has become a sanctuary for migratory birds. CHINA DAILY"
        ));
        assert!(!is_caption(
            "The deal was signed in Brussels. It was backed by the EU."
        ));
        assert!(!is_caption(
            "Exports rose 13.6 percent to 3.7 trillion yuan in 2021."
        ));
        assert!(!is_caption("The ratio rose from 1/2 to 2/3 in a year."));
        assert!(!is_caption("Trade with the US/EU grew."));
        assert!(!is_caption(
            "Such negotiations are left to the parties concerned and are performed outside ITU-T/ITU-R/ISO/IEC."
        ));
        assert!(!is_caption(
            "XIII is the thirteenth studio album by the band. It was released by TNT."
        ));
        assert!(!is_caption("It was the first album. TNT"));
        // Lower-casing changes byte lengths; the check must not slice
        // across a character (a proptest found this).
        assert!(!is_caption("İİİİ ẞ (x)"));
    }

    #[test]
    fn references() {
        assert!(is_reference_section("References"));
        assert!(is_reference_section("7. Bibliography:"));
        assert!(!is_reference_section("Results"));
        assert!(is_reference_row("- [1] Diao Xiuhua. SWOT analysis [J]."));
        assert!(is_reference_row("[12] Lin Quan."));
        assert!(!is_reference_row("[a] note"));
    }
}
