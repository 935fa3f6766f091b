//! Inputs chosen or generated to make the figure scanner panic, loop or
//! slow down, and the invariants every figure it returns must keep.

use super::*;

#[test]
fn awkward_inputs_do_not_panic() {
    let long_digits = "9".repeat(400);
    let long_fraction = format!("0.{}", "1".repeat(400));
    let many_groups = "1,000".repeat(1000);
    let inputs = [
        "",
        "$",
        "%",
        "..",
        "1,,,000",
        "1,000,",
        "1.",
        ".5",
        "-",
        "- $",
        "$$5",
        "€",
        "€5€",
        "1e400",
        "[",
        "[1",
        "1]",
        "(",
        "Jul",
        "Jul 99,",
        "99:99:99",
        "2021-",
        "2021-1-",
        "2021–",
        "© ",
        "No.",
        "p.",
        "é5é",
        "５",
        "٣ ٤",
        "12\u{a0}%",
        "5\u{2009}billion",
        "x9",
        "9x9",
        "Q3 2021",
        "cent140,000-HK$20210th",
        "5 June 7 June",
        "1-2-3-4-5",
        "$5-$6",
        long_digits.as_str(),
        long_fraction.as_str(),
        many_groups.as_str(),
    ];
    for text in inputs {
        check_invariants(text);
    }
    assert!(extract(&long_digits).is_empty());
}

fn check_invariants(text: &str) {
    let figs = extract(text);
    let mut last = 0;
    for f in &figs {
        assert!(f.start < f.end && f.end <= text.len(), "{text:?}: {f:?}");
        assert!(
            text.is_char_boundary(f.start) && text.is_char_boundary(f.end),
            "{text:?}: {f:?}"
        );
        assert!(
            f.start >= last,
            "{text:?}: figures out of order or overlapping: {figs:?}"
        );
        assert!(
            f.number.is_finite() && f.value.is_finite(),
            "{text:?}: {f:?}"
        );
        last = f.end;
        let _ = f.keys();
    }
    let _ = passage_label(text, Some(text));
    let _ = parse_filter_expr(text);
    let _ = parse_unit(text);
}

/// Pieces of text that exercise the scanner's special cases; random inputs
/// are strings of up to 23 of them.
const PIECES: &[&str] = &[
    "1",
    "2",
    "0",
    "9",
    "13.6",
    "2021",
    "140,000",
    ",",
    ".",
    " ",
    "  ",
    "\n",
    "-",
    "–",
    "+",
    "$",
    "US$",
    "HK$",
    "€",
    "£",
    "¥",
    "₩",
    "%",
    "％",
    "RMB",
    "CNY",
    "bn",
    "m",
    "b",
    "k",
    "t",
    "billion",
    "yuan",
    "percent",
    "per cent",
    "times",
    "-fold",
    "square",
    "kilometers",
    "km²",
    "employees",
    "e-commerce",
    "Jul",
    "June",
    "th",
    "st",
    "s",
    "'s",
    "[",
    "]",
    "(",
    ")",
    ":",
    "/",
    "©",
    "Copyright",
    "No.",
    "p.",
    "page",
    "é",
    "中",
    "²",
    "\u{a0}",
    "In",
    "since",
    "between",
    "and",
    "to",
    "QMJ",
    "#",
    "x",
    "a.m.",
];

/// Random inputs tried: 3000, or `PROPTEST_CASES` when set
/// (`PROPTEST_CASES=1000000 cargo test --lib figures::tests::random` for a
/// longer run).
fn random_cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: random_cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_inputs_do_not_panic(
        pieces in prop::collection::vec(prop::sample::select(PIECES), 0..24)
    ) {
        check_invariants(&pieces.concat());
    }
}

#[test]
fn long_input_is_fast() {
    // Linear time: a few megabytes of dense numbers take well under a second.
    let text = "In 2019, 13.6 percent of 1,234 firms paid $5.2bn (RMB 36 billion) [1] on Jul 19,2022 11:24. "
        .repeat(20_000);
    let start = std::time::Instant::now();
    let figs = extract(&text);
    assert_eq!(figs.len(), 8 * 20_000);
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}
