//! The `quarry` binary: parses arguments, calls the library, maps the outcome
//! to an exit status (0 found, 1 nothing found, 2 error).

mod cli;

use std::io::{self, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use quarry::commands::batch::{self, BatchQuery};
use quarry::eval::{self, Aggregation, Dataset, EvalOptions, EvalReport};
use quarry::index::{self, Freshness, IndexOptions, IndexSummary};
use quarry::output::Printer;
use quarry::search::{QueryMode, SearchOptions, Searcher};
use quarry::{Error, Result};

use crate::cli::{
    AggregateChoice, CiteArgs, Cli, ColorChoice, Command, EvalArgs, FiguresArgs, IndexArgs,
    QueryCommon, SearchArgs, StyleChoice, VerifyArgs,
};

/// Outcome of a command that ran without error.
enum Found {
    Yes,
    No,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Index(args) => run_index(&args),
        Command::Search(args) => match &args.batch {
            Some(file) => run_batch(&args, file),
            None => run_search(&args),
        },
        Command::Eval(args) => run_eval(&args),
        Command::Figures(args) => run_figures(&args),
        Command::Cite(args) => run_cite(&args),
        Command::Verify(args) => run_verify(&args),
    };
    match result {
        Ok(Found::Yes) => ExitCode::SUCCESS,
        Ok(Found::No) => ExitCode::from(1),
        Err(Error::Io { source, .. }) if source.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("quarry: {e}");
            ExitCode::from(2)
        }
    }
}

fn warn(msg: &str) {
    eprintln!("quarry: warning: {msg}");
}

fn run_index(args: &IndexArgs) -> Result<Found> {
    let opts = IndexOptions {
        corpus: args.location.corpus.clone(),
        index: args.location.index.clone(),
        rebuild: args.rebuild,
        globs: args.location.glob.clone(),
    };
    let summary = if !args.quiet && io::stderr().is_terminal() {
        let mut meter = ProgressMeter::default();
        let summary = index::update_with_progress(&opts, &mut |p| meter.show(p));
        meter.clear();
        summary?
    } else {
        index::update(&opts)?
    };
    report(&summary, &args.location.index, args.quiet);
    Ok(Found::Yes)
}

fn report(s: &IndexSummary, index: &std::path::Path, quiet: bool) {
    for w in &s.warnings {
        warn(w);
    }
    if quiet {
        return;
    }
    if !s.skipped.is_empty() {
        let shown: Vec<String> = s
            .skipped
            .iter()
            .take(5)
            .map(|(path, why)| format!("{path} ({why})"))
            .collect();
        let more = s.skipped.len().saturating_sub(shown.len());
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        eprintln!(
            "quarry: skipped {} file(s): {}{tail}",
            s.skipped.len(),
            shown.join(", ")
        );
    }
    eprintln!(
        "quarry: indexed {}, {} ({} added, {} changed, {} removed, {} unchanged) in {:.2}s; index is {} at {}",
        plural(s.documents, "document"),
        plural(s.passages, "passage"),
        s.added,
        s.changed,
        s.removed,
        s.unchanged,
        s.elapsed.as_secs_f64(),
        human_bytes(s.index_bytes),
        index.display()
    );
}

/// A one-line progress display on stderr, redrawn at most five times a second.
#[derive(Default)]
struct ProgressMeter {
    last: Option<std::time::Instant>,
    shown: bool,
}

impl ProgressMeter {
    fn show(&mut self, p: &index::Progress) {
        let now = std::time::Instant::now();
        if self
            .last
            .is_some_and(|t| now.duration_since(t) < std::time::Duration::from_millis(200))
            || p.elapsed < std::time::Duration::from_millis(500)
        {
            return;
        }
        self.last = Some(now);
        self.shown = true;
        let secs = p.elapsed.as_secs_f64().max(1e-3);
        let rate = p.bytes_done as f64 / secs;
        let eta = if rate > 0.0 {
            format!("{:.0}s", (p.bytes_total - p.bytes_done) as f64 / rate)
        } else {
            "?".into()
        };
        eprint!(
            "\rquarry: indexing {}/{} files, {}/{}, {}/s, ETA {eta}\x1b[K",
            p.files_done,
            p.files_total,
            human_bytes(p.bytes_done),
            human_bytes(p.bytes_total),
            human_bytes(rate as u64)
        );
    }

    fn clear(&self) {
        if self.shown {
            eprint!("\r\x1b[K");
        }
    }
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn human_bytes(n: u64) -> String {
    const UNITS: &[&str] = &["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Brings the index up to date before a search, unless told not to.
fn refresh(args: &SearchArgs) -> Result<()> {
    refresh_location(&args.location, args.no_refresh)
}

/// Brings the index at `loc` up to date with its corpus (one line on stderr
/// when it had to), unless `skip`.
fn refresh_location(loc: &cli::Location, skip: bool) -> Result<()> {
    if skip {
        return Ok(());
    }
    let why = match index::freshness(&loc.corpus, &loc.index, &loc.glob)? {
        Freshness::Fresh => return Ok(()),
        Freshness::Missing => "no index yet".to_string(),
        Freshness::Stale(why) => why,
    };
    let opts = IndexOptions {
        corpus: loc.corpus.clone(),
        index: loc.index.clone(),
        rebuild: false,
        globs: loc.glob.clone(),
    };
    match index::update(&opts) {
        Ok(s) => {
            for w in &s.warnings {
                warn(w);
            }
            // A re-check of recently modified files that found no change
            // is not worth a line.
            if s.added + s.changed + s.removed == 0 && quarry::index::schema::exists(&loc.index) {
                return Ok(());
            }
            eprintln!(
                "quarry: updated the index ({why}): {}, {} in {:.2}s",
                plural(s.documents, "document"),
                plural(s.passages, "passage"),
                s.elapsed.as_secs_f64()
            );
            Ok(())
        }
        Err(Error::Locked(_)) if quarry::index::schema::exists(&loc.index) => {
            warn("another process is updating the index; searching its last committed state");
            Ok(())
        }
        Err(e) => Err(e),
    }
}

fn search_options(args: &SearchArgs) -> SearchOptions {
    SearchOptions {
        limit: args.limit,
        mode: if args.plain {
            QueryMode::Plain
        } else {
            QueryMode::Syntax
        },
    }
}

fn run_search(args: &SearchArgs) -> Result<Found> {
    if args.threads.is_some() {
        return Err(Error::Usage(
            "--threads only applies to --batch; give one query or use --batch FILE".into(),
        ));
    }
    refresh(args)?;
    let searcher = Searcher::open(&args.location.index)?;
    let query = args.query.join(" ");
    let opts = search_options(args);
    if args.count {
        let (n, warnings) = searcher.count(&query, opts.mode)?;
        for w in &warnings {
            warn(w);
        }
        with_stdout(|w| writeln!(w, "{n}"))?;
        return Ok(found(n > 0));
    }
    let outcome = searcher.search(&query, &opts)?;
    for w in &outcome.warnings {
        warn(w);
    }
    let printer = if args.json {
        Printer::Json
    } else {
        Printer::human(use_color(args.color), &args.location.corpus)
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let write_err = |e: io::Error| Error::io("<stdout>", e);
    for hit in &outcome.hits {
        printer.hit(&mut out, hit, None).map_err(write_err)?;
    }
    out.flush().map_err(write_err)?;
    Ok(if outcome.hits.is_empty() {
        Found::No
    } else {
        Found::Yes
    })
}

/// Reads the batch file (`-` is stdin), warning about lines it cannot use.
fn read_batch(file: &Path) -> Result<(String, Vec<BatchQuery>)> {
    let mut warnings = Vec::new();
    let (name, queries) = if file == Path::new("-") {
        let name = "<stdin>".to_string();
        let queries = batch::read_queries(io::stdin().lock(), &name, &mut warnings)?;
        (name, queries)
    } else {
        let name = file.display().to_string();
        let f = std::fs::File::open(file).map_err(|e| Error::io(file, e))?;
        let queries = batch::read_queries(io::BufReader::new(f), &name, &mut warnings)?;
        (name, queries)
    };
    for w in &warnings {
        warn(w);
    }
    Ok((name, queries))
}

fn run_batch(args: &SearchArgs, file: &Path) -> Result<Found> {
    let (name, queries) = read_batch(file)?;
    refresh(args)?;
    let searcher = Searcher::open(&args.location.index)?;
    let opts = search_options(args);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let write_err = |e: io::Error| Error::io("<stdout>", e);
    let mut found = false;
    batch::for_each_ordered(
        &queries,
        args.threads.map_or(1, NonZeroUsize::get),
        |q| searcher.search(&q.text, &opts),
        |q, outcome| -> Result<()> {
            let outcome = outcome?;
            for w in &outcome.warnings {
                warn(&format!("{name}:{}: {w}", q.line));
            }
            for hit in &outcome.hits {
                Printer::Json
                    .hit(&mut out, hit, Some(&q.id))
                    .map_err(write_err)?;
            }
            found |= !outcome.hits.is_empty();
            Ok(())
        },
    )?;
    out.flush().map_err(write_err)?;
    Ok(if found { Found::Yes } else { Found::No })
}

fn run_eval(args: &EvalArgs) -> Result<Found> {
    let dataset = Dataset::load(&args.dataset, &args.split, args.qrels.as_deref())?;
    if let Some(first) = dataset.missing.first() {
        warn(&format!(
            "{} judged query id(s) have no text in {} and were not run (first: {first})",
            dataset.missing.len(),
            eval::QUERIES_FILE
        ));
    }
    if dataset.queries.is_empty() {
        return Err(Error::Usage(format!(
            "no judged query of '{}' has text in {}",
            args.dataset.display(),
            eval::QUERIES_FILE
        )));
    }
    let root = args
        .cache
        .clone()
        .or_else(eval::default_cache_root)
        .ok_or_else(|| {
            Error::Usage("no cache folder: set XDG_CACHE_HOME or HOME, or pass --cache DIR".into())
        })?;
    let prepared = eval::prepare_index(&dataset.corpus, &root, args.reindex)?;
    let s = &prepared.summary;
    for w in &s.warnings {
        warn(w);
    }
    if s.added + s.changed + s.removed == 0 && !args.reindex {
        eprintln!(
            "quarry: using the cached index at {} ({} documents, {} passages)",
            prepared.dir.display(),
            s.documents,
            s.passages
        );
    } else {
        eprintln!(
            "quarry: indexed {} documents, {} passages in {:.2}s into {}",
            s.documents,
            s.passages,
            s.elapsed.as_secs_f64(),
            prepared.dir.display()
        );
    }
    let opts = EvalOptions {
        limit_queries: args.limit_queries,
        threads: args.threads.get(),
        depth: args.depth,
        aggregation: match args.aggregate {
            AggregateChoice::MaxRest => Aggregation::MaxRest,
            AggregateChoice::Max => Aggregation::Max,
            AggregateChoice::Sum => Aggregation::Sum,
        },
    };
    let report = eval::run(&dataset, &prepared.index, &opts)?;
    if let Some(path) = &args.run {
        let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
        let mut w = io::BufWriter::new(file);
        eval::write_run(&mut w, &report)
            .and_then(|()| w.flush())
            .map_err(|e| Error::io(path, e))?;
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    print_eval(&mut out, args, &report)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("<stdout>", e))?;
    Ok(if report.summary.queries > 0 {
        Found::Yes
    } else {
        Found::No
    })
}

fn print_eval<W: Write>(w: &mut W, args: &EvalArgs, report: &EvalReport) -> io::Result<()> {
    if args.json {
        serde_json::to_writer(&mut *w, &report.to_json(args.per_query))?;
        return writeln!(w);
    }
    if args.per_query {
        for q in &report.queries {
            if let Some(scores) = &q.scores {
                writeln!(w, "{}\t{:.4}", q.id, scores.ndcg)?;
            }
        }
    }
    let s = &report.summary;
    let split = match &args.qrels {
        Some(path) => format!("qrels {}", path.display()),
        None => format!("split {}", args.split),
    };
    writeln!(w, "dataset     {} ({split})", args.dataset.display())?;
    writeln!(w, "nDCG@10     {:.4}", s.ndcg)?;
    writeln!(w, "MAP@1000    {:.4}", s.map)?;
    writeln!(w, "Recall@100  {:.4}", s.recall)?;
    writeln!(w, "MRR@10      {:.4}", s.mrr)?;
    writeln!(w, "queries     {}", s.queries)?;
    writeln!(
        w,
        "qps         {:.1} ({} thread{}, {:.2}s)",
        report.qps(),
        args.threads,
        if args.threads.get() == 1 { "" } else { "s" },
        report.search_time.as_secs_f64()
    )
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

/// Refreshes (unless told not to) and opens the index for a query command.
fn open_for_query(common: &QueryCommon) -> Result<Searcher> {
    refresh_location(&common.location, common.no_refresh)?;
    Searcher::open(&common.location.index)
}

/// Runs `write` against a buffered stdout, mapping write errors.
fn with_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("<stdout>", e))
}

fn found(any: bool) -> Found {
    if any { Found::Yes } else { Found::No }
}

fn run_figures(args: &FiguresArgs) -> Result<Found> {
    use quarry::commands::figure_list::{self, FigureQuery};
    use quarry::figures;
    // Arguments that start like a comparison are the filter expression; the
    // rest are words.
    let (exprs, words): (Vec<&String>, Vec<&String>) = args.terms.iter().partition(|t| {
        let t = t.trim_start().to_lowercase();
        [
            "<",
            ">",
            "=",
            "between ",
            "at least",
            "at most",
            "over ",
            "under ",
            "more than",
            "less than",
        ]
        .iter()
        .any(|p| t.starts_with(p))
    });
    let mut filter = match exprs.as_slice() {
        [] => figures::Filter::default(),
        [expr] => figures::parse_filter_expr(expr)
            .map_err(|e| Error::Usage(format!("figure filter: {e}")))?,
        _ => return Err(Error::Usage("give at most one filter expression".into())),
    };
    let scale = match &args.unit {
        Some(unit) => {
            let (magnitude, unit_filter) =
                figures::parse_unit(unit).map_err(|e| Error::Usage(format!("--unit: {e}")))?;
            if unit_filter.is_some() {
                filter.unit = unit_filter;
            }
            magnitude.map_or(1.0, |m| m.factor())
        }
        None => 1.0,
    };
    if let Some(min) = args.min {
        filter.min = Some(min * scale);
        filter.min_inclusive = true;
    }
    if let Some(max) = args.max {
        filter.max = Some(max * scale);
        filter.max_inclusive = true;
    }
    let searcher = open_for_query(&args.common)?;
    let query = FigureQuery {
        words: words
            .iter()
            .map(|w| w.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        filter,
        all: args.all,
        limit: args.limit,
    };
    let list = figure_list::list(&searcher, &args.common.location.corpus, &query)?;
    let corpus = &args.common.location.corpus;
    with_stdout(|w| {
        for f in &list {
            if args.common.json {
                serde_json::to_writer(&mut *w, &quarry::output::wire::FigureJson::from(f))?;
                writeln!(w)?;
            } else {
                quarry::output::figure(w, f, corpus)?;
            }
        }
        Ok(())
    })?;
    Ok(found(!list.is_empty()))
}

fn run_cite(args: &CiteArgs) -> Result<Found> {
    use quarry::commands::cite::{Citation, Style};
    let searcher = open_for_query(&args.common)?;
    let opts = SearchOptions {
        limit: args.limit,
        mode: if args.plain {
            QueryMode::Plain
        } else {
            QueryMode::Syntax
        },
    };
    let outcome = searcher.search(&args.query.join(" "), &opts)?;
    for w in &outcome.warnings {
        warn(w);
    }
    let style = match args.style {
        StyleChoice::Plain => Style::Plain,
        StyleChoice::Markdown => Style::Markdown,
        StyleChoice::Bibtex => Style::Bibtex,
        StyleChoice::CslJson => Style::CslJson,
    };
    with_stdout(|w| {
        for (i, hit) in outcome.hits.iter().enumerate() {
            let citation = Citation::from_hit(hit, &hit.matches);
            if args.common.json {
                let json = serde_json::json!({
                    "rank": hit.rank,
                    "quote": citation.quote,
                    "reference": citation.render(style),
                    "locator": citation.locator(),
                    "key": citation.key(),
                    "hit": quarry::output::wire::HitJson::from(hit),
                });
                serde_json::to_writer(&mut *w, &json)?;
                writeln!(w)?;
            } else {
                if i > 0 {
                    writeln!(w)?;
                }
                write!(w, "{}", citation.render(style))?;
            }
        }
        Ok(())
    })?;
    Ok(found(!outcome.hits.is_empty()))
}

fn run_verify(args: &VerifyArgs) -> Result<Found> {
    let statements: Vec<String> = match &args.file {
        Some(file) => {
            let text = if file.as_os_str() == "-" {
                io::read_to_string(io::stdin()).map_err(|e| Error::io("<stdin>", e))?
            } else {
                std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?
            };
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        }
        None => vec![args.statement.join(" ")],
    };
    if statements.iter().all(|s| s.trim().is_empty()) {
        return Err(Error::Usage("no statement to verify".into()));
    }
    let searcher = open_for_query(&args.common)?;
    let mut all_supported = true;
    let mut results = Vec::with_capacity(statements.len());
    for statement in &statements {
        let mut v = quarry::commands::verify::verify(&searcher, statement)?;
        v.passages.truncate(args.limit);
        all_supported &= v.verdict == quarry::commands::verify::Verdict::Supported;
        results.push(v);
    }
    let corpus = &args.common.location.corpus;
    with_stdout(|w| {
        for (i, v) in results.iter().enumerate() {
            if args.common.json {
                serde_json::to_writer(&mut *w, &quarry::output::wire::VerifyJson::from(v))?;
                writeln!(w)?;
            } else {
                if i > 0 {
                    writeln!(w)?;
                }
                quarry::output::verification(w, v, corpus)?;
            }
        }
        Ok(())
    })?;
    Ok(found(all_supported))
}
