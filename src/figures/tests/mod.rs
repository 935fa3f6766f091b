//! The figure tables: every recognised form, label, key, filter and unit
//! the module promises, checked against hand-written cases and the corpus,
//! plus inputs chosen (or generated) to make the scanner panic.
//!
//! They are most of the module's lines and test it only through its
//! public functions (and [`canonical_number`]), so they live apart from the
//! code they pin down.

use proptest::prelude::{ProptestConfig, prop, proptest};

use super::filter::approx_eq;
use super::*;

const CORPUS: [&str; 5] = [
    include_str!("../../../corpus/2021-09-24-china-daily-northeast-asian-trade-hub.txt"),
    include_str!("../../../corpus/2021-euromoney-new-industry-in-shenyang.txt"),
    include_str!("../../../corpus/2022-07-19-china-daily-decade-success-liaoning.txt"),
    include_str!("../../../corpus/takemura-japanese-image-of-liaoning.txt"),
    include_str!("../../../corpus/yuan-yue-liaoning-northeast-asia-cooperation.txt"),
];

/// The only figure in `text` (panics in the test if there is not exactly one).
fn only(text: &str) -> Figure {
    let figs = extract(text);
    assert_eq!(figs.len(), 1, "{text:?} gave {figs:?}");
    figs[0].clone()
}

fn span(text: &str, f: &Figure) -> String {
    text[f.start..f.end].to_string()
}

fn cur(code: &'static str) -> Option<Unit> {
    Some(Unit::Currency(code))
}

fn count(w: &str) -> Option<Unit> {
    Some(Unit::Count(w.to_string()))
}

fn measure(w: &str) -> Option<Unit> {
    Some(Unit::Measure(w.to_string()))
}

#[test]
fn recognised_forms() {
    use Magnitude::*;
    // (text, span of the figure, number, magnitude, value, unit)
    type Case = (
        &'static str,
        &'static str,
        f64,
        Option<Magnitude>,
        f64,
        Option<Unit>,
    );
    let cases: Vec<Case> = vec![
        (
            "grew 13.6 percent year-on-year",
            "13.6 percent",
            13.6,
            None,
            13.6,
            Some(Unit::Percent),
        ),
        (
            "grew 13.6% in",
            "13.6%",
            13.6,
            None,
            13.6,
            Some(Unit::Percent),
        ),
        (
            "grew 13.6 % in",
            "13.6 %",
            13.6,
            None,
            13.6,
            Some(Unit::Percent),
        ),
        (
            "grew 13.6 per cent.",
            "13.6 per cent",
            13.6,
            None,
            13.6,
            Some(Unit::Percent),
        ),
        ("up 2 pct on", "2 pct", 2.0, None, 2.0, Some(Unit::Percent)),
        (
            "rose 1.5 percentage points",
            "1.5 percentage points",
            1.5,
            None,
            1.5,
            Some(Unit::Percent),
        ),
        (
            "to 371.53 billion yuan (",
            "371.53 billion yuan",
            371.53,
            Some(Billion),
            371.53e9,
            cur("CNY"),
        ),
        (
            "yuan ($57.37 billion)",
            "$57.37 billion",
            57.37,
            Some(Billion),
            57.37e9,
            cur("USD"),
        ),
        (
            "GDP was €106.9 billion in",
            "€106.9 billion",
            106.9,
            Some(Billion),
            106.9e9,
            cur("EUR"),
        ),
        (
            "trade of RMB 98.2bn with",
            "RMB 98.2bn",
            98.2,
            Some(Billion),
            98.2e9,
            cur("CNY"),
        ),
        (
            "trade of RMB98.2bn with",
            "RMB98.2bn",
            98.2,
            Some(Billion),
            98.2e9,
            cur("CNY"),
        ),
        (
            "trade of 98.2 bn yuan",
            "98.2 bn yuan",
            98.2,
            Some(Billion),
            98.2e9,
            cur("CNY"),
        ),
        (
            "worth CNY 371,530 million",
            "CNY 371,530 million",
            371530.0,
            Some(Million),
            371.53e9,
            cur("CNY"),
        ),
        (
            "a US$5 million fund",
            "US$5 million",
            5.0,
            Some(Million),
            5e6,
            cur("USD"),
        ),
        (
            "a HK$3bn deal",
            "HK$3bn",
            3.0,
            Some(Billion),
            3e9,
            cur("HKD"),
        ),
        (
            "raised $5m from",
            "$5m",
            5.0,
            Some(Million),
            5e6,
            cur("USD"),
        ),
        (
            "raised $5 m from",
            "$5 m",
            5.0,
            Some(Million),
            5e6,
            cur("USD"),
        ),
        (
            "a RMB 3b plan",
            "RMB 3b",
            3.0,
            Some(Billion),
            3e9,
            cur("CNY"),
        ),
        (
            "sales of Rmb98.2bn in",
            "Rmb98.2bn",
            98.2,
            Some(Billion),
            98.2e9,
            cur("CNY"),
        ),
        ("output fell by 1500 in", "1500", 1500.0, None, 1500.0, None),
        (
            "cost £2.5bn,",
            "£2.5bn",
            2.5,
            Some(Billion),
            2.5e9,
            cur("GBP"),
        ),
        (
            "cost ¥300 million",
            "¥300 million",
            300.0,
            Some(Million),
            3e8,
            cur("CNY"),
        ),
        (
            "cost JPY 3 trillion",
            "JPY 3 trillion",
            3.0,
            Some(Trillion),
            3e12,
            cur("JPY"),
        ),
        ("cost 500 yen.", "500 yen", 500.0, None, 500.0, cur("JPY")),
        (
            "cost 7 trillion won,",
            "7 trillion won",
            7.0,
            Some(Trillion),
            7e12,
            cur("KRW"),
        ),
        ("cost 20 euros.", "20 euros", 20.0, None, 20.0, cur("EUR")),
        ("cost 40 pounds.", "40 pounds", 40.0, None, 40.0, cur("GBP")),
        (
            "cost 2 billion US dollars.",
            "2 billion US dollars",
            2.0,
            Some(Billion),
            2e9,
            cur("USD"),
        ),
        (
            "cost 2 billion dollars.",
            "2 billion dollars",
            2.0,
            Some(Billion),
            2e9,
            cur("USD"),
        ),
        ("cost 9 USD.", "9 USD", 9.0, None, 9.0, cur("USD")),
        ("cost 9 renminbi.", "9 renminbi", 9.0, None, 9.0, cur("CNY")),
        (
            "more than $2.9 billion in",
            "$2.9 billion",
            2.9,
            Some(Billion),
            2.9e9,
            cur("USD"),
        ),
        ("about $30, and", "$30", 30.0, None, 30.0, cur("USD")),
        (
            "About 40 million\n",
            "40 million",
            40.0,
            Some(Million),
            4e7,
            None,
        ),
        (
            "3.7 trillion",
            "3.7 trillion",
            3.7,
            Some(Trillion),
            3.7e12,
            None,
        ),
        ("5,000k", "5,000k", 5000.0, Some(Thousand), 5e6, None),
        ("a 5m budget", "5m", 5.0, Some(Million), 5e6, None),
        (
            "Approximately 140,000 square kilometers\n",
            "140,000 square kilometers",
            140000.0,
            None,
            140000.0,
            measure("square kilometers"),
        ),
        (
            "an area of 12 km² in",
            "12 km²",
            12.0,
            None,
            12.0,
            measure("square kilometers"),
        ),
        (
            "an area of 12 sq km in",
            "12 sq km",
            12.0,
            None,
            12.0,
            measure("square kilometers"),
        ),
        (
            "a 30km road",
            "30km",
            30.0,
            None,
            30.0,
            measure("kilometers"),
        ),
        (
            "a 1,200 kilometre line",
            "1,200 kilometre",
            1200.0,
            None,
            1200.0,
            measure("kilometers"),
        ),
        (
            "a 300 metres wall",
            "300 metres",
            300.0,
            None,
            300.0,
            measure("meters"),
        ),
        (
            "3 million tonnes of",
            "3 million tonnes",
            3.0,
            Some(Million),
            3e6,
            measure("tons"),
        ),
        (
            "5 hectares of",
            "5 hectares",
            5.0,
            None,
            5.0,
            measure("hectares"),
        ),
        ("20 kg of", "20 kg", 20.0, None, 20.0, measure("kilograms")),
        (
            "The number was 2.6 times that",
            "2.6 times",
            2.6,
            None,
            2.6,
            Some(Unit::Times),
        ),
        (
            "grew 3-fold in",
            "3-fold",
            3.0,
            None,
            3.0,
            Some(Unit::Times),
        ),
        ("grew 3x in", "3x", 3.0, None, 3.0, Some(Unit::Times)),
        (
            "exporter with 4,500 employees, has",
            "4,500 employees",
            4500.0,
            None,
            4500.0,
            count("employees"),
        ),
        (
            "attracted 69,000 businesses by July",
            "69,000 businesses",
            69000.0,
            None,
            69000.0,
            count("businesses"),
        ),
        (
            "including 1,173 foreign-invested enterprises with",
            "1,173 foreign-invested enterprises",
            1173.0,
            None,
            1173.0,
            count("enterprises"),
        ),
        (
            "June, 5.45 million cross-border e-commerce orders worth",
            "5.45 million cross-border e-commerce orders",
            5.45,
            Some(Million),
            5.45e6,
            count("orders"),
        ),
        (
            "hired 2021 employees",
            "2021 employees",
            2021.0,
            None,
            2021.0,
            count("employees"),
        ),
        (
            "hired 2,000 people",
            "2,000 people",
            2000.0,
            None,
            2000.0,
            count("people"),
        ),
        (
            "a loss of -5 percent",
            "-5 percent",
            -5.0,
            None,
            -5.0,
            Some(Unit::Percent),
        ),
        (
            "a change of +3.5%",
            "+3.5%",
            3.5,
            None,
            3.5,
            Some(Unit::Percent),
        ),
        ("home to 500 of the", "500", 500.0, None, 500.0, None),
    ];
    for (text, want_span, number, magnitude, value, unit) in cases {
        let f = only(text);
        assert_eq!(span(text, &f), want_span, "{text:?}");
        assert_eq!(f.number, number, "{text:?}");
        assert_eq!(f.magnitude, magnitude, "{text:?}");
        assert!(
            (f.value - value).abs() <= value.abs() * 1e-12,
            "{text:?}: {}",
            f.value
        );
        assert_eq!(f.unit, unit, "{text:?}");
        assert_eq!(f.label, None, "{text:?}");
    }
}

#[test]
fn labels() {
    use Label::*;
    // (text, span of the labelled number, label)
    let cases: Vec<(&str, &str, Label)> = vec![
        ("Updated : 2021-09-24\n", "2021-09-24", Date),
        ("on 2021/9/24.", "2021/9/24", Date),
        ("on 24/09/2021.", "24/09/2021", Date),
        ("on 19.07.2022.", "19.07.2022", Date),
        (
            "By China Daily | Jul 19,2022   11:24:01",
            "Jul 19,2022",
            Date,
        ),
        ("By China Daily | Jul 19,2022   11:24:01", "11:24:01", Time),
        ("at 10:30 am.", "10:30 am", Time),
        ("On June 23, the", "June 23", Date),
        ("on 19 July 2022 it", "19 July 2022", Date),
        ("on May 5th, 2020 it", "May 5th, 2020", Date),
        ("As of December 2020, the", "December 2020", Date),
        ("the 14th Five-Year Plan (2021-25).", "2021-25", Date),
        ("from 2013–2020 it", "2013–2020", Date),
        ("In 2019, the province", "2019", Year),
        ("Since 2010, BMW", "2010", Year),
        ("since 2010 BMW", "2010", Year),
        ("In 2019 exports rose", "2019", Year),
        ("as early as in 1095, a", "1095", Year),
        ("Economics, 2011\n", "2011", Year),
        ("the 1980s, especially", "1980s", Year),
        ("the 2008 Beijing Olympics", "2008", Year),
        ("Since the 18th CPC National Congress", "18th", Ordinal),
        ("the 1st and", "1st", Ordinal),
        ("reflected in: (1) geographical location", "1", Ordinal),
        ("\n1) Liaoning's advantages", "1)", Ordinal),
        ("\n5.1. Adjustment and", "5.1.", Ordinal),
        ("\n4. SWOT analysis", "4.", Ordinal),
        (
            "there is the QMJ4620 full-face machine",
            "QMJ4620",
            Identifier,
        ),
        ("(No. LJKMR2022046).", "LJKMR2022046", Identifier),
        ("the COVID-19 pandemic", "19", Identifier),
        ("5G networks", "5G", Identifier),
        ("version 1.2.3 of", "1.2.3", Version),
        ("agent 007 is", "007", Identifier),
        ("see No. 12 here", "12", Identifier),
        ("issue #3 here", "3", Identifier),
        ("as Table 3 shows", "3", Identifier),
        ("see Fig. 2 and", "2", Identifier),
        ("under Article 15 of", "15", Identifier),
        ("in the country[1].", "1", Reference),
        ("- [12] Diao Xiuhua.", "12", Reference),
        ("as shown [3, 4].", "4", Reference),
        ("see p. 12 for", "12", PageNumber),
        ("see page 7 for", "7", PageNumber),
        ("end of text\n\n12\n\nNext page", "12", PageNumber),
        (
            "All material. © 2021 Euromoney, a part",
            "2021",
            Boilerplate,
        ),
        ("Copyright 2019 China Daily", "2019", Boilerplate),
    ];
    for (text, want, label) in cases {
        let figs = extract(text);
        let f = figs
            .iter()
            .find(|f| span(text, f) == want)
            .unwrap_or_else(|| panic!("{text:?}: no figure {want:?} in {figs:?}"));
        assert_eq!(f.label, Some(label), "{text:?}");
        assert!(f.keys().is_empty(), "{text:?}");
    }
}

#[test]
fn equal_keys_for_equivalent_spellings() {
    let groups: &[&[&str]] = &[
        &["13.6 percent", "13.6%", "13.6 per cent", "13.60 pct"],
        &[
            "371.53 billion yuan",
            "RMB 371.53bn",
            "CNY 371,530 million",
            "RMB371.53 billion",
            "371,530,000,000 yuan",
        ],
        &[
            "3.7 trillion",
            "3,700 billion",
            "3.7tn",
            "3,700,000 million",
        ],
        &[
            "$57.37 billion",
            "US$57.37bn",
            "57.37 billion dollars",
            "USD 57,370 million",
        ],
        &["4,500 employees", "4500 employees"],
        &["2.6 times", "2.6-fold"],
    ];
    for group in groups {
        let keys = only(group[0]).keys();
        assert!(!keys.is_empty(), "{:?}: {keys:?}", group[0]);
        for text in &group[1..] {
            assert_eq!(only(text).keys(), keys, "{text:?} vs {:?}", group[0]);
        }
    }
    assert_eq!(
        only("371.53 billion yuan").keys(),
        ["371530000000 CNY", "371530000000"]
    );
    assert_eq!(only("13.6 percent").keys(), ["13.6 percent", "13.6"]);
    assert_eq!(only("4,500 employees").keys(), ["4500 employees", "4500"]);
    assert_eq!(
        only("140,000 square kilometers").keys(),
        ["140000 square kilometers", "140000"]
    );
    assert_eq!(only("About 40 million\n").keys(), ["40000000"]);
}

#[test]
fn different_keys_for_different_figures() {
    let distinct = [
        "13.6 percent",
        "113.6 percent",
        "13.65 percent",
        "136 percent",
        "1.36 percent",
        "24.3 billion yuan",
        "24.3 million yuan",
        "24.3 billion dollars",
        "13.6 times",
    ];
    let keys: Vec<String> = distinct.iter().map(|t| only(t).keys()[0].clone()).collect();
    for i in 0..keys.len() {
        for j in i + 1..keys.len() {
            assert_ne!(keys[i], keys[j], "{} vs {}", distinct[i], distinct[j]);
        }
    }
    assert_ne!(only("24.3 billion").keys(), only("24.3 million").keys());
}

#[test]
fn canonical_numbers() {
    let cases = [
        (371.53e9, "371530000000"),
        (13.6, "13.6"),
        (0.1 + 0.2, "0.3"),
        (3.7e12, "3700000000000"),
        (3700.0 * 1e9, "3700000000000"),
        (0.005, "0.005"),
        (-2.0, "-2"),
        (0.0, "0"),
        (123456789012.0, "123456789000"),
        (1e30, "1000000000000000000000000000000"),
    ];
    for (v, want) in cases {
        assert_eq!(canonical_number(v), want, "{v}");
    }
}

#[test]
fn unit_labels() {
    let cases = [
        ("13.6 percent", Some("percent")),
        ("371.53 billion yuan", Some("CNY")),
        ("2.6 times", Some("times")),
        ("140,000 square kilometers", Some("square kilometers")),
        ("4,500 employees", Some("employees")),
        ("40 million.", None),
    ];
    for (text, want) in cases {
        assert_eq!(only(text).unit_label().as_deref(), want, "{text:?}");
    }
}

#[test]
fn ranges_share_units() {
    type Values = Vec<(f64, Option<Unit>)>;
    let cases: Vec<(&str, Values)> = vec![
        (
            "300-400 billion yuan",
            vec![(300e9, cur("CNY")), (400e9, cur("CNY"))],
        ),
        (
            "from 5 to 10 percent",
            vec![(5.0, Some(Unit::Percent)), (10.0, Some(Unit::Percent))],
        ),
        (
            "between 1 and 2 billion dollars",
            vec![(1e9, cur("USD")), (2e9, cur("USD"))],
        ),
        ("$5-10 billion", vec![(5e9, cur("USD")), (10e9, cur("USD"))]),
        ("pages 5-7 of", vec![(5.0, None), (7.0, None)]),
    ];
    for (text, want) in cases {
        let got: Vec<(f64, Option<Unit>)> = extract(text)
            .into_iter()
            .map(|f| (f.value, f.unit))
            .collect();
        assert_eq!(got, want, "{text:?}");
    }
}

fn corpus_figures() -> Vec<(usize, Figure)> {
    CORPUS
        .iter()
        .enumerate()
        .flat_map(|(i, t)| extract(t).into_iter().map(move |f| (i, f)))
        .collect()
}

#[test]
fn filter_over_corpus() {
    let filter = parse_filter_expr("> 300 billion yuan").expect("valid filter");
    let hits: Vec<f64> = corpus_figures()
        .into_iter()
        .filter(|(_, f)| filter.matches(f))
        .map(|(_, f)| f.number)
        .collect();
    assert_eq!(hits, [371.53, 336.89, 772.4, 929.54]);

    let (magnitude, unit) = parse_unit("percent").expect("valid unit");
    assert_eq!(magnitude, None);
    let percent = Filter {
        unit,
        ..Filter::default()
    };
    let hits: Vec<f64> = corpus_figures()
        .into_iter()
        .filter(|(_, f)| percent.matches(f))
        .map(|(_, f)| f.number)
        .collect();
    assert!(hits.contains(&13.6) && hits.contains(&17.6), "{hits:?}");
    assert!(hits.contains(&6.0), "{hits:?}");

    let usd = parse_filter_expr("> $10bn").expect("valid filter");
    let hits: Vec<f64> = corpus_figures()
        .into_iter()
        .filter(|(_, f)| usd.matches(f))
        .map(|(_, f)| f.number)
        .collect();
    assert_eq!(hits, [57.37, 24.3, 16.8, 11.3, 944.82]);
}

#[test]
fn corpus_spans_slice_figures() {
    for (i, f) in corpus_figures() {
        let t = CORPUS[i];
        let s = t.get(f.start..f.end).expect("span on char boundaries");
        assert!(!s.is_empty());
        assert!(s.chars().any(|c| c.is_ascii_digit()), "{s:?}");
        assert_eq!(s, s.trim(), "{s:?}");
    }
    // The corpus figures the brief names.
    let all: Vec<String> = corpus_figures()
        .into_iter()
        .filter(|(_, f)| f.label.is_none())
        .map(|(i, f)| CORPUS[i][f.start..f.end].to_string())
        .collect();
    for want in [
        "13.6 percent",
        "371.53 billion yuan",
        "$57.37 billion",
        "336.89 billion yuan",
        "€106.9 billion",
        "6%",
        "140,000 square kilometers",
        "2.6 times",
        "4,500 employees",
        "2.08 billion yuan",
        "$944.82 billion",
        "69,000 businesses",
        "5.45 million cross-border e-commerce orders",
        "40 million",
        "1,173 foreign-invested enterprises",
        "$2.9 billion",
    ] {
        assert!(all.iter().any(|s| s == want), "{want:?} not among {all:?}");
    }
}

#[test]
fn filter_expressions() {
    let f = |e: &str| parse_filter_expr(e).unwrap_or_else(|err| panic!("{e:?}: {err}"));
    let cny = Some(UnitFilter::Currency("CNY"));
    let usd = Some(UnitFilter::Currency("USD"));
    let cases = [
        (
            "> 300 billion yuan",
            Some(300e9),
            false,
            None,
            false,
            cny.clone(),
        ),
        (
            ">= 13 percent",
            Some(13.0),
            true,
            None,
            false,
            Some(UnitFilter::Percent),
        ),
        (
            "< 5%",
            None,
            false,
            Some(5.0),
            false,
            Some(UnitFilter::Percent),
        ),
        (
            "<=5%",
            None,
            false,
            Some(5.0),
            true,
            Some(UnitFilter::Percent),
        ),
        (
            "between 1 and 2 billion dollars",
            Some(1e9),
            true,
            Some(2e9),
            true,
            usd.clone(),
        ),
        (
            "300-400 billion yuan",
            Some(300e9),
            true,
            Some(400e9),
            true,
            cny.clone(),
        ),
        (
            "300 to 400 billion yuan",
            Some(300e9),
            true,
            Some(400e9),
            true,
            cny.clone(),
        ),
        (
            "from 1 to 2 million",
            Some(1e6),
            true,
            Some(2e6),
            true,
            None,
        ),
        (
            "more than $2.9bn",
            Some(2.9e9),
            false,
            None,
            false,
            usd.clone(),
        ),
        (
            "at least 1,000 employees",
            Some(1000.0),
            true,
            None,
            false,
            Some(UnitFilter::Count("employees".into())),
        ),
        (
            "13.6 percent",
            Some(13.6),
            true,
            Some(13.6),
            true,
            Some(UnitFilter::Percent),
        ),
        (
            "= 2.6 times",
            Some(2.6),
            true,
            Some(2.6),
            true,
            Some(UnitFilter::Times),
        ),
        (
            "> RMB 98.2bn",
            Some(98.2e9),
            false,
            None,
            false,
            cny.clone(),
        ),
        (
            "percent",
            None,
            false,
            None,
            false,
            Some(UnitFilter::Percent),
        ),
        ("yuan", None, false, None, false, cny.clone()),
    ];
    for (e, min, min_inc, max, max_inc, unit) in cases {
        let got = f(e);
        let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => approx_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        assert!(close(got.min, min) && close(got.max, max), "{e:?}: {got:?}");
        if min.is_some() {
            assert_eq!(got.min_inclusive, min_inc, "{e:?}");
        }
        if max.is_some() {
            assert_eq!(got.max_inclusive, max_inc, "{e:?}");
        }
        assert_eq!(got.unit, unit, "{e:?}");
    }
    for bad in ["", "  ", "> ", "between 1", "> 5 %%", "1-2 yuan dollars $"] {
        assert!(parse_filter_expr(bad).is_err(), "{bad:?} should fail");
    }
}

#[test]
fn filter_matching() {
    let text = "371.53 billion yuan, 929.54 billion yuan, 98.2 billion yuan, $400 billion, \
                300 billion yuan, 13.6 percent, 17.6 percent, 4.9%, 5%, In 2019, 4,500 employees";
    let figs = extract(text);
    let matching = |e: &str| -> Vec<String> {
        let filter = parse_filter_expr(e).unwrap_or_else(|err| panic!("{e:?}: {err}"));
        figs.iter()
            .filter(|f| filter.matches(f))
            .map(|f| text[f.start..f.end].to_string())
            .collect()
    };
    assert_eq!(
        matching("> 300 billion yuan"),
        ["371.53 billion yuan", "929.54 billion yuan"]
    );
    assert_eq!(
        matching(">= 300 billion yuan"),
        [
            "371.53 billion yuan",
            "929.54 billion yuan",
            "300 billion yuan"
        ]
    );
    assert_eq!(matching("< 5%"), ["4.9%"]);
    assert_eq!(matching("<= 5 percent"), ["4.9%", "5%"]);
    assert_eq!(matching(">= 13 percent"), ["13.6 percent", "17.6 percent"]);
    assert_eq!(matching("> 100 billion dollars"), ["$400 billion"]);
    assert_eq!(
        matching("> 1000"),
        [
            "371.53 billion yuan",
            "929.54 billion yuan",
            "98.2 billion yuan",
            "$400 billion",
            "300 billion yuan",
            "4,500 employees"
        ]
    );
    assert_eq!(matching("> 1000 employee"), ["4,500 employees"]);
    assert_eq!(matching("> 1 currency").len(), 5);
}

#[test]
fn units() {
    let cases: Vec<(&str, Option<Magnitude>, Option<UnitFilter>)> = vec![
        (
            "billion yuan",
            Some(Magnitude::Billion),
            Some(UnitFilter::Currency("CNY")),
        ),
        ("bn", Some(Magnitude::Billion), None),
        ("percent", None, Some(UnitFilter::Percent)),
        ("%", None, Some(UnitFilter::Percent)),
        ("per cent", None, Some(UnitFilter::Percent)),
        ("yuan", None, Some(UnitFilter::Currency("CNY"))),
        ("RMB", None, Some(UnitFilter::Currency("CNY"))),
        ("$", None, Some(UnitFilter::Currency("USD"))),
        ("usd", None, Some(UnitFilter::Currency("USD"))),
        (
            "million dollars",
            Some(Magnitude::Million),
            Some(UnitFilter::Currency("USD")),
        ),
        ("€", None, Some(UnitFilter::Currency("EUR"))),
        ("euros", None, Some(UnitFilter::Currency("EUR"))),
        ("times", None, Some(UnitFilter::Times)),
        (
            "square kilometres",
            None,
            Some(UnitFilter::Measure("square kilometers".into())),
        ),
        ("km", None, Some(UnitFilter::Measure("kilometers".into()))),
        (
            "employees",
            None,
            Some(UnitFilter::Count("employees".into())),
        ),
        ("money", None, Some(UnitFilter::AnyCurrency)),
    ];
    for (s, m, u) in cases {
        assert_eq!(parse_unit(s), Ok((m, u)), "{s:?}");
    }
    for bad in ["", "   ", "12", "a+b", "%%"] {
        assert!(parse_unit(bad).is_err(), "{bad:?} should fail");
    }
    let u = UnitFilter::Count("business".into());
    assert!(u.matches(&Unit::Count("businesses".into())));
    assert!(!u.matches(&Unit::Count("buses".into())));
    assert!(UnitFilter::Count("companies".into()).matches(&Unit::Count("company".into())));
}

#[test]
fn passage_labels() {
    use Label::*;
    let cases: Vec<(&str, Option<&str>, Option<Label>)> = vec![
        (
            "Diao Xiuhua. SWOT analysis, 2011",
            Some("References"),
            Some(Reference),
        ),
        ("Some book, 2010", Some("7. Bibliography"), Some(Reference)),
        ("Some book, 2010", Some("Works Cited"), Some(Reference)),
        (
            "- [1] Diao Xiuhua. SWOT analysis [J]. 2011\n- [2] Cui Riming. Research [M]. 2010",
            None,
            Some(Reference),
        ),
        (
            "[1] Lin Quan. Path and strategic choices, 2007 (03)",
            None,
            Some(Reference),
        ),
        ("References\nLin Quan. Path, 2007", None, Some(Reference)),
        (
            "Copyright © Liaoning Province. All Rights Reserved.Precented by China Daily.",
            None,
            Some(Boilerplate),
        ),
        (
            "We use cookies to provide a personalized site experience.",
            None,
            Some(Boilerplate),
        ),
        (
            "The material on this site is for financial institutions. Please read our Terms & Conditions, \
             Privacy Policy and Cookies before using this site.",
            None,
            Some(Boilerplate),
        ),
        (
            "All material subject to copyright laws. © 2021 Euromoney.",
            None,
            Some(Boilerplate),
        ),
        (
            "Liaoning's foreign trade grew 13.6 percent year-on-year to 371.53 billion yuan.",
            None,
            None,
        ),
        (
            "Liaoning's foreign trade grew 13.6 percent.",
            Some("Opening up"),
            None,
        ),
        (
            "This favorable trade makes Liaoning among the top in the country[1].",
            None,
            None,
        ),
    ];
    for (text, section, want) in cases {
        assert_eq!(passage_label(text, section), want, "{text:?}");
    }
}

#[test]
fn magnitudes() {
    for (m, f, w) in [
        (Magnitude::Thousand, 1e3, "thousand"),
        (Magnitude::Million, 1e6, "million"),
        (Magnitude::Billion, 1e9, "billion"),
        (Magnitude::Trillion, 1e12, "trillion"),
    ] {
        assert_eq!(m.factor(), f);
        assert_eq!(m.word(), w);
    }
    // Separated single letters need a currency; `5 m` may be metres.
    assert_eq!(only("a 5 m wall").magnitude, None);
    assert_eq!(only("a 5t load").label, Some(Label::Identifier));
}

#[test]
fn serializes_lowercase() {
    let f = only("371.53 billion yuan");
    let json = serde_json::to_string(&f).expect("serializable");
    assert!(json.contains(r#""magnitude":"billion""#), "{json}");
    assert!(json.contains(r#""unit":{"currency":"CNY"}"#), "{json}");
    let year = only("In 2019,");
    let json = serde_json::to_string(&year).expect("serializable");
    assert!(json.contains(r#""label":"year""#), "{json}");
}

mod hostile;
