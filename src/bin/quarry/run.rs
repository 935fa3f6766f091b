//! Running each command: flags are lowered into the library's option types
//! here, once, and results handed to the printers.

use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::path::Path;

use quarry::commands::batch::{self, BatchQuery};
use quarry::commands::cite::{Citation, Style};
use quarry::commands::figure_list::{self, FigureQuery};
use quarry::commands::verify::{self, Verdict};
use quarry::error::Warning;
use quarry::eval::{self, Aggregation, Dataset, EvalOptions, EvalReport};
use quarry::figures;
use quarry::index::watch::{Sync, WatchEvent};
use quarry::index::{self, Freshness, IndexOptions};
use quarry::output::fields::FieldSet;
use quarry::output::wire::{CiteJson, FigureJson, VerifyJson};
use quarry::output::{self, Printer};
use quarry::search::{QueryMode, SearchOptions, Searcher};
use quarry::{Error, Result};

use crate::Found;
use crate::cli::{
    AggregateChoice, CiteArgs, EvalArgs, FiguresArgs, IndexArgs, Location, QueryCommon, SearchArgs,
    StyleChoice, VerifyArgs, WatchArgs,
};
use crate::terminal::{self, ProgressMeter, plural, warn, warn_all, with_stdout};

/// What the library needs to know to update the index at `loc`.
fn index_options(loc: &Location, rebuild: bool) -> IndexOptions {
    IndexOptions {
        corpus: loc.corpus.clone(),
        index: loc.index.clone(),
        rebuild,
        globs: loc.glob.clone(),
    }
}

/// How to search: `limit` hits, plain words or query syntax.
fn search_options(limit: usize, plain: bool) -> SearchOptions {
    SearchOptions {
        limit,
        mode: if plain {
            QueryMode::Plain
        } else {
            QueryMode::Syntax
        },
    }
}

/// `quarry index`.
pub fn index(args: &IndexArgs) -> Result<Found> {
    let opts = index_options(&args.location, args.rebuild);
    let summary = if !args.quiet && terminal::stderr_is_terminal() {
        let mut meter = ProgressMeter::default();
        let summary = index::update_with_progress(&opts, &mut |p| meter.show(p));
        meter.clear();
        summary?
    } else {
        index::update(&opts)?
    };
    terminal::report(&summary, &args.location.index, args.quiet);
    Ok(Found::Yes)
}

/// `quarry watch`.
pub fn watch(args: &WatchArgs) -> Result<Found> {
    let opts = index_options(&args.location, false);
    let quiet = args.quiet;
    index::watch::watch(&opts, &mut |event| match event {
        WatchEvent::Updated(s) => {
            warn_all(&s.warnings);
            if !quiet && s.added + s.changed + s.removed > 0 {
                eprintln!(
                    "quarry: updated the index: {} added, {} changed, {} removed; {}, {} in {:.2}s",
                    s.added,
                    s.changed,
                    s.removed,
                    plural(s.documents, "document"),
                    plural(s.passages, "passage"),
                    s.elapsed.as_secs_f64()
                );
            }
        }
        WatchEvent::Failed(e) => warn(&Warning::new(format!("update failed: {e}"))),
        WatchEvent::Ready => {
            if !quiet {
                eprintln!(
                    "quarry: watching '{}' for changes (stop with Ctrl-C)",
                    opts.corpus.display()
                );
            }
        }
    })?;
    Ok(Found::Yes)
}

/// Brings the index at `loc` up to date with its corpus (one line on stderr
/// when it had to), unless `skip`. A live `quarry watch` for the same corpus
/// is asked to catch up instead of walking the corpus here.
fn refresh(loc: &Location, skip: bool) -> Result<()> {
    if skip {
        return Ok(());
    }
    if index::watch::sync(&loc.corpus, &loc.index, &loc.glob) == Sync::Fresh {
        return Ok(());
    }
    let why = match index::freshness(&loc.corpus, &loc.index, &loc.glob)? {
        Freshness::Fresh => return Ok(()),
        Freshness::Missing => "no index yet".to_string(),
        Freshness::Stale(why) => why,
    };
    match index::update(&index_options(loc, false)) {
        Ok(s) => {
            warn_all(&s.warnings);
            // A re-check of recently modified files that found no change
            // is not worth a line.
            if s.added + s.changed + s.removed == 0 && index::schema::exists(&loc.index) {
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
        Err(Error::Locked(_)) if index::schema::exists(&loc.index) => {
            warn(&Warning::new(
                "another process is updating the index; searching its last committed state",
            ));
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Refreshes (unless told not to) and opens the index for a query command.
fn open_for_query(common: &QueryCommon) -> Result<Searcher> {
    refresh(&common.location, common.no_refresh)?;
    Searcher::open(&common.location.index)
}

/// The `--fields` of a search, read (`None`: every key).
fn fields_of(args: &SearchArgs) -> Result<Option<FieldSet>> {
    args.fields.as_deref().map(FieldSet::parse).transpose()
}

/// `quarry search QUERY`.
pub fn search(args: &SearchArgs) -> Result<Found> {
    if args.threads.is_some() {
        return Err(Error::Usage(
            "--threads only applies to --batch; give one query or use --batch FILE".into(),
        ));
    }
    let fields = fields_of(args)?;
    if fields.is_some() && !args.json {
        return Err(Error::Usage(
            "--fields chooses the keys of JSON hits; add --json (or use --batch)".into(),
        ));
    }
    refresh(&args.location, args.no_refresh)?;
    let searcher = Searcher::open(&args.location.index)?;
    let query = args.query.join(" ");
    let opts = search_options(args.limit, args.plain);
    if args.count {
        let (n, warnings) = searcher.count(&query, opts.mode)?;
        warn_all(&warnings);
        with_stdout(|w| writeln!(w, "{n}"))?;
        return Ok(Found::from(n > 0));
    }
    let outcome = searcher.search_with(&query, &opts, fields.unwrap_or_default().fetch())?;
    warn_all(&outcome.warnings);
    if let Some(fields) = fields {
        with_stdout(|w| {
            for hit in &outcome.hits {
                Printer::json_fields(w, hit, None, fields)?;
            }
            Ok(())
        })?;
        return Ok(Found::from(!outcome.hits.is_empty()));
    }
    let printer = if args.json {
        Printer::Json
    } else {
        Printer::human(terminal::use_color(args.color), &args.location.corpus)
    };
    with_stdout(|w| {
        for hit in &outcome.hits {
            printer.hit(w, hit, None)?;
        }
        Ok(())
    })?;
    Ok(Found::from(!outcome.hits.is_empty()))
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
    warn_all(&warnings);
    Ok((name, queries))
}

/// `quarry search --batch FILE`.
pub fn batch(args: &SearchArgs, file: &Path) -> Result<Found> {
    let fields = fields_of(args)?;
    let (name, queries) = read_batch(file)?;
    refresh(&args.location, args.no_refresh)?;
    let searcher = Searcher::open(&args.location.index)?;
    let opts = search_options(args.limit, args.plain);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let write_err = |e: io::Error| Error::io("<stdout>", e);
    let mut found = false;
    batch::for_each_ordered(
        &queries,
        args.threads.map_or(1, NonZeroUsize::get),
        |q| searcher.search_with(&q.text, &opts, fields.unwrap_or_default().fetch()),
        |q, outcome| -> Result<()> {
            let outcome = outcome?;
            for w in outcome.warnings {
                warn(&w.at(name.as_str(), q.line as u64));
            }
            for hit in &outcome.hits {
                match fields {
                    Some(fields) => Printer::json_fields(&mut out, hit, Some(&q.id), fields),
                    None => Printer::Json.hit(&mut out, hit, Some(&q.id)),
                }
                .map_err(write_err)?;
            }
            found |= !outcome.hits.is_empty();
            Ok(())
        },
    )?;
    out.flush().map_err(write_err)?;
    Ok(Found::from(found))
}

/// `quarry eval DATASET`.
pub fn eval(args: &EvalArgs) -> Result<Found> {
    let dataset = Dataset::load(&args.dataset, &args.split, args.qrels.as_deref())?;
    if let Some(first) = dataset.missing.first() {
        warn(&Warning::new(format!(
            "{} judged query id(s) have no text in {} and were not run (first: {first})",
            dataset.missing.len(),
            eval::QUERIES_FILE
        )));
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
    warn_all(&s.warnings);
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
    with_stdout(|w| print_eval(w, args, &report))?;
    Ok(Found::from(report.summary.queries > 0))
}

fn print_eval(w: &mut dyn Write, args: &EvalArgs, report: &EvalReport) -> io::Result<()> {
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

/// `quarry figures [WORDS…] [EXPR]`.
pub fn figures(args: &FiguresArgs) -> Result<Found> {
    // Arguments that start like a comparison are the filter expression; the
    // rest are words.
    let (exprs, words): (Vec<&String>, Vec<&String>) = args
        .terms
        .iter()
        .partition(|t| figures::starts_filter_expr(t));
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
    let corpus = &args.common.location.corpus;
    let list = figure_list::list(&searcher, corpus, &query)?;
    with_stdout(|w| {
        for f in &list {
            if args.common.json {
                serde_json::to_writer(&mut *w, &FigureJson::from(f))?;
                writeln!(w)?;
            } else {
                output::figure(w, f, corpus)?;
            }
        }
        Ok(())
    })?;
    Ok(Found::from(!list.is_empty()))
}

/// `quarry cite QUERY`.
pub fn cite(args: &CiteArgs) -> Result<Found> {
    let searcher = open_for_query(&args.common)?;
    let opts = search_options(args.limit, args.plain);
    let outcome = searcher.search(&args.query.join(" "), &opts)?;
    warn_all(&outcome.warnings);
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
                serde_json::to_writer(&mut *w, &CiteJson::new(&citation, hit, style))?;
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
    Ok(Found::from(!outcome.hits.is_empty()))
}

/// `quarry verify STATEMENT` / `--file FILE`.
pub fn verify(args: &VerifyArgs) -> Result<Found> {
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
        let mut v = verify::verify(&searcher, statement)?;
        v.passages.truncate(args.limit);
        all_supported &= v.verdict == Verdict::Supported;
        results.push(v);
    }
    let corpus = &args.common.location.corpus;
    with_stdout(|w| {
        for (i, v) in results.iter().enumerate() {
            if args.common.json {
                serde_json::to_writer(&mut *w, &VerifyJson::from(v))?;
                writeln!(w)?;
            } else {
                if i > 0 {
                    writeln!(w)?;
                }
                output::verification(w, v, corpus)?;
            }
        }
        Ok(())
    })?;
    Ok(Found::from(all_supported))
}
