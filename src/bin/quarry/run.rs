//! Running each command: flags are lowered into the library's option types
//! here, once, and results handed to the printers.

use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use quarry::commands::batch::{self, BatchQuery};
use quarry::commands::cite::{self, Citation, Style};
use quarry::commands::figure_list::{self, FigureQuery};
use quarry::commands::verify::{self, Verdict};
use quarry::error::Warning;
use quarry::eval::{self, Aggregation, Dataset, EvalOptions, EvalReport};
use quarry::index::location::{self, DEFAULT_CORPUS};
use quarry::index::watch::{Sync, WatchEvent};
use quarry::index::{self, Freshness, IndexOptions};
use quarry::ingest::WalkOptions;
use quarry::output::fields::FieldSet;
use quarry::output::wire::{CiteJson, FigureJson, FileJson, QueryCountJson, VerifyJson};
use quarry::output::{self, Printer};
use quarry::search::{DEFAULT_LIMIT, Filter, Hit, QueryMode, SearchOptions, Searcher};
use quarry::serve::{self, ServeEvent, ServeOptions, Server};
use quarry::{Error, Result};

use crate::Found;
use crate::cli::{
    AggregateChoice, CiteArgs, Cli, EvalArgs, FiguresArgs, Filters, IndexArgs, Location,
    QueryCommon, SearchArgs, ServeArgs, StyleChoice, VerifyArgs, WatchArgs,
};
use crate::terminal::{self, ProgressMeter, plural, warn, warn_all, with_stdout};

/// The corpus and index a command works on, and which of them the user
/// gave (on the command line or in the environment).
struct Place {
    corpus: PathBuf,
    index: PathBuf,
    corpus_given: bool,
    index_given: bool,
    follow_outside: bool,
    no_ignore: bool,
    hidden: bool,
}

impl Place {
    /// Resolves `--corpus`/`--index` and their defaults
    /// ([`location::default_index`]).
    fn of(loc: &Location) -> Result<Place> {
        let corpus = loc
            .corpus
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS));
        let index = match &loc.index {
            Some(index) => index.clone(),
            None => location::default_index(&corpus)?,
        };
        Ok(Place {
            corpus,
            index,
            corpus_given: loc.corpus.is_some(),
            index_given: loc.index.is_some(),
            follow_outside: loc.follow_outside,
            no_ignore: loc.no_ignore,
            hidden: loc.hidden,
        })
    }

    /// The `quarry index` command that (re)builds this index, with the
    /// options the user gave, so following a hint indexes the same folders.
    fn index_command(&self, rebuild: bool) -> String {
        let mut cmd = String::from("quarry index");
        if rebuild {
            cmd.push_str(" --rebuild");
        }
        if self.corpus_given {
            cmd.push_str(" --corpus ");
            cmd.push_str(&shell_word(&self.corpus.to_string_lossy()));
        }
        if self.index_given {
            cmd.push_str(" --index ");
            cmd.push_str(&shell_word(&self.index.to_string_lossy()));
        }
        // These choose which files make the corpus: without them the
        // hint's index would hold other files.
        for (on, flag) in [
            (self.hidden, " --hidden"),
            (self.no_ignore, " --no-ignore"),
            (self.follow_outside, " --follow-outside"),
        ] {
            if on {
                cmd.push_str(flag);
            }
        }
        cmd
    }

    /// An error about this index, its hint repeating the given options.
    /// A rebuild is advised only for a folder quarry created (the error's
    /// own message says what to do otherwise).
    fn explain(&self, e: Error) -> Error {
        match e {
            Error::IndexMissing(path) => Error::Usage(format!(
                "no index at '{}'; build it with: {}",
                path.display(),
                self.index_command(false)
            )),
            Error::SchemaMismatch {
                path,
                detail,
                ours: true,
            } => Error::Usage(format!(
                "index at '{}' was built by an incompatible version of quarry ({detail}); rebuild it with: {}",
                path.display(),
                self.index_command(true)
            )),
            Error::Damaged {
                path,
                detail,
                ours: true,
            } => Error::Usage(format!(
                "index at '{}' is damaged ({detail}); rebuild it with: {}",
                path.display(),
                self.index_command(true)
            )),
            Error::OtherCorpus { index, corpus } => Error::Usage(format!(
                "the index at '{}' holds another corpus ('{}'); give --index another folder, \
                 or replace it with: {}",
                index.display(),
                corpus.display(),
                self.index_command(true)
            )),
            other => other,
        }
    }

    /// Opens the index for queries.
    fn open(&self) -> Result<Searcher> {
        Searcher::open(&self.index).map_err(|e| self.explain(e))
    }
}

/// `word` as one shell word: unchanged when it has no special character,
/// else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./:,+@%=~".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// What the library needs to know to update the index at `place`. The
/// index always holds every file; `--glob` filters at query time.
fn index_options(place: &Place, rebuild: bool) -> IndexOptions {
    IndexOptions {
        corpus: place.corpus.clone(),
        index: place.index.clone(),
        rebuild,
        walk: WalkOptions {
            globs: Vec::new(),
            no_ignore: place.no_ignore,
            hidden: place.hidden,
            follow_outside: place.follow_outside,
        },
    }
}

/// The library's filter for the filter flags.
fn scope(f: &Filters) -> Filter {
    Filter {
        globs: f.glob.clone(),
        since: f.since.clone(),
        until: f.until.clone(),
        author: f.author.clone(),
        docs: f.doc.clone(),
        kinds: f.kind.clone(),
    }
}

/// How to search: `limit` hits, plain words or query syntax, within `filters`.
fn search_options(limit: usize, plain: bool, filters: &Filters) -> SearchOptions {
    SearchOptions {
        limit,
        collapse: true,
        mode: if plain {
            QueryMode::Plain
        } else {
            QueryMode::Syntax
        },
        filter: scope(filters),
        ..SearchOptions::default()
    }
}

/// `quarry index`.
pub fn index(args: &IndexArgs) -> Result<Found> {
    let place = Place::of(&args.location)?;
    let opts = index_options(&place, args.rebuild);
    let summary = if !args.quiet && terminal::stderr_is_terminal() {
        let mut meter = ProgressMeter::default();
        let summary = index::update_with_progress(&opts, &mut |p| meter.show(p));
        meter.clear();
        summary
    } else {
        index::update(&opts)
    }
    .map_err(|e| place.explain(e))?;
    terminal::report(&summary, &place.index, args.quiet);
    Ok(Found::Yes)
}

/// Reports an update made by a watcher (`quarry watch`, `quarry serve`):
/// its warnings always, and a one-line summary when something changed.
fn report_update(s: &quarry::IndexSummary, quiet: bool) {
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

/// `quarry watch`.
pub fn watch(args: &WatchArgs) -> Result<Found> {
    let place = Place::of(&args.location)?;
    let opts = index_options(&place, false);
    let quiet = args.quiet;
    index::watch::watch(&opts, &mut |event| match event {
        WatchEvent::Updated(s) => report_update(s, quiet),
        WatchEvent::Failed(e) => warn(&Warning::new(format!("update failed: {e}"))),
        WatchEvent::Ready => {
            if !quiet {
                eprintln!(
                    "quarry: watching '{}' for changes (stop with Ctrl-C)",
                    opts.corpus.display()
                );
            }
        }
    })
    .map_err(|e| place.explain(e))?;
    Ok(Found::Yes)
}

/// `quarry serve`: prints `quarry: serving http://ADDR/` as its first line
/// on stderr once the index is fresh and the address bound, then answers
/// requests until SIGINT or SIGTERM.
pub fn serve(args: &ServeArgs) -> Result<Found> {
    let place = Place::of(&args.location)?;
    let bind: std::net::SocketAddr = args.bind.parse().map_err(|_| {
        Error::Usage(format!(
            "--bind '{}' is not an address and port such as 127.0.0.1:7700",
            args.bind
        ))
    })?;
    if !serve::is_loopback(bind.ip()) {
        warn(&Warning::new(format!(
            "listening on {bind}, which is not a loopback address: anyone who can reach it and has the token can search the corpus"
        )));
    }
    let quiet = args.quiet;
    let report: serve::Reporter = std::sync::Arc::new(move |event| match event {
        ServeEvent::Updated(s) => report_update(s, quiet),
        ServeEvent::Failed(e) => warn(&Warning::new(format!("update failed: {e}"))),
        ServeEvent::WatcherStopped(e) => warn(&Warning::new(format!(
            "the watcher stopped, the index is no longer kept fresh: {e}"
        ))),
    });
    let opts = ServeOptions {
        index: index_options(&place, false),
        bind,
        token: args.token.clone(),
        cors: args.cors.clone(),
        budget: std::time::Duration::from_millis(args.budget_ms),
        search_threads: args.threads.map_or_else(
            || {
                std::thread::available_parallelism()
                    .map_or(2, NonZeroUsize::get)
                    .max(2)
            },
            NonZeroUsize::get,
        ),
    };
    let server = Server::start(opts, report).map_err(|e| place.explain(e))?;
    // SIGINT and SIGTERM set a flag the server watches: it stops taking
    // requests, answers those under way and lets the watcher finish.
    let stop = server.stop_flag();
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, std::sync::Arc::clone(&stop))
            .map_err(|e| Error::Usage(format!("cannot handle signals: {e}")))?;
    }
    eprintln!("quarry: serving http://{}/", server.addr());
    if !quiet {
        eprintln!(
            "quarry: watching '{}' for changes (stop with Ctrl-C)",
            place.corpus.display()
        );
    }
    server.run()?;
    if !quiet {
        eprintln!("quarry: stopped");
    }
    Ok(Found::Yes)
}

/// Brings the index at `place` up to date with its corpus (one line on
/// stderr when it had to), unless `skip`. A live `quarry watch` for the same
/// corpus is asked to catch up instead of walking the corpus here.
fn refresh(place: &Place, skip: bool) -> Result<()> {
    if skip {
        // A first build that is running or was stopped has committed no
        // manifest yet: searching it would wrongly say nothing was found.
        if index::folder::is_marked(&place.index)
            && index::schema::exists(&place.index)
            && !index::manifest::Manifest::ever_written(&place.index)
        {
            return Err(Error::Usage(format!(
                "the index at '{}' is incomplete: its first build is still running or was \
                 stopped; wait for it, or build it with: {}",
                place.index.display(),
                place.index_command(false)
            )));
        }
        return Ok(());
    }
    if index::watch::sync(&place.corpus, &place.index, &[]) == Sync::Fresh {
        return Ok(());
    }
    let why = match index::freshness(&index_options(place, false)).map_err(|e| place.explain(e))? {
        Freshness::Fresh => return Ok(()),
        Freshness::Missing => "no index yet".to_string(),
        Freshness::Stale(why) => why,
    };
    match index::update(&index_options(place, false)) {
        Ok(s) => {
            warn_all(&s.warnings);
            // A re-check of recently modified files that found no change
            // is not worth a line.
            if s.added + s.changed + s.removed == 0 && index::schema::exists(&place.index) {
                return Ok(());
            }
            eprintln!(
                "quarry: updated the index at {} ({why}): {}, {} in {:.2}s",
                place.index.display(),
                plural(s.documents, "document"),
                plural(s.passages, "passage"),
                s.elapsed.as_secs_f64()
            );
            Ok(())
        }
        Err(Error::Locked(_)) if index::manifest::Manifest::load(&place.index).is_none() => {
            // The first build is running: its last commit is empty, and a
            // search of it would wrongly say nothing was found.
            Err(Error::Building(place.index.clone()))
        }
        Err(Error::ReadOnly { .. }) if index::schema::exists(&place.index) => {
            warn(&Warning::new(format!(
                "the index is read-only, so it was not refreshed ({why}); searching it as it is"
            )));
            Ok(())
        }
        Err(Error::Locked(_)) if index::schema::exists(&place.index) => {
            warn(&Warning::new(
                "another process is updating the index; searching its last committed state",
            ));
            Ok(())
        }
        Err(e) => Err(place.explain(e)),
    }
}

/// Refreshes (unless told not to) and opens the index for a query command.
fn open_for_query(common: &QueryCommon) -> Result<(Place, Searcher)> {
    let place = Place::of(&common.location)?;
    refresh(&place, common.no_refresh)?;
    let searcher = place.open()?;
    Ok((place, searcher))
}

/// The `--fields` of a search, read (`None`: every key).
fn fields_of(args: &SearchArgs) -> Result<Option<FieldSet>> {
    args.fields.as_deref().map(FieldSet::parse).transpose()
}

/// The library's options for `search` and `--batch`: limit, mode, filters
/// and result shape.
fn search_args_options(args: &SearchArgs) -> SearchOptions {
    let mut opts = search_options(
        args.limit.unwrap_or(DEFAULT_LIMIT),
        args.plain,
        &args.filters,
    );
    opts.collapse_docs = args.collapse.is_some();
    opts.fragments = args.snippets.unwrap_or(1);
    opts.collapse = !args.no_collapse;
    opts
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
    let place = Place::of(&args.location)?;
    refresh(&place, args.no_refresh)?;
    let searcher = place.open()?;
    let query = args.query.join(" ");
    let opts = search_args_options(args);
    if args.count {
        let (n, warnings) = searcher.count(&query, &opts)?;
        warn_all(&warnings);
        with_stdout(|w| writeln!(w, "{n}"))?;
        return Ok(Found::from(n > 0));
    }
    if args.files_with_matches {
        let (files, warnings) = searcher.files(&query, &opts, args.limit)?;
        warn_all(&warnings);
        with_stdout(|w| {
            for file in &files {
                if args.json {
                    serde_json::to_writer(&mut *w, &FileJson { path: file.clone() })?;
                    writeln!(w)?;
                } else {
                    writeln!(w, "{}", place.corpus.join(file).display())?;
                }
            }
            Ok(())
        })?;
        return Ok(Found::from(!files.is_empty()));
    }
    let mut outcome = searcher.search_with(&query, &opts, fields.unwrap_or_default().fetch())?;
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
        locate_matches(&mut outcome.hits, &place.corpus);
        Printer::human(terminal::use_color(args.color), &place.corpus)
    };
    with_stdout(|w| {
        for hit in &outcome.hits {
            printer.hit(w, hit, None)?;
        }
        Ok(())
    })?;
    Ok(Found::from(!outcome.hits.is_empty()))
}

/// Sets each hit's `path:line:col` to its first match in the source file
/// (reading each file once).
fn locate_matches(hits: &mut [Hit], corpus: &Path) {
    let mut sources: std::collections::HashMap<String, Option<String>> =
        std::collections::HashMap::new();
    for hit in hits {
        let source = sources
            .entry(hit.doc.path.clone())
            .or_insert_with(|| hit.source_text(corpus));
        if let Some(source) = source {
            hit.locate_match(source);
        }
    }
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

/// The output buffer of `search --batch`.
const BATCH_OUT_BYTES: usize = 1 << 18;

/// `quarry search --batch FILE`: JSON Lines hits with their `query_id`; a
/// query without hits (and, with `--count`, every query) prints
/// `{"query_id": …, "count": N}` instead.
pub fn batch(args: &SearchArgs, file: &Path) -> Result<Found> {
    if args.files_with_matches {
        return Err(Error::Usage(
            "-l/--files-with-matches takes one query, not --batch".into(),
        ));
    }
    let fields = fields_of(args)?;
    let (name, queries) = read_batch(file)?;
    let place = Place::of(&args.location)?;
    refresh(&place, args.no_refresh)?;
    let searcher = place.open()?;
    let opts = search_args_options(args);
    let stdout = io::stdout();
    // A batch of full hits writes megabytes: in large writes.
    let mut out = io::BufWriter::with_capacity(BATCH_OUT_BYTES, stdout.lock());
    let write_err = Error::output;
    let mut found = false;
    batch::for_each_ordered(
        &queries,
        args.threads.map_or(1, NonZeroUsize::get),
        |q| {
            if args.count {
                let (n, warnings) = searcher.count(&q.text, &opts)?;
                Ok((Vec::new(), n, warnings))
            } else {
                let outcome =
                    searcher.search_with(&q.text, &opts, fields.unwrap_or_default().fetch())?;
                let n = outcome.hits.len();
                Ok((outcome.hits, n, outcome.warnings))
            }
        },
        |q, outcome: Result<(Vec<Hit>, usize, Vec<Warning>)>| -> Result<()> {
            // A query that cannot be read is skipped with a warning; the
            // rest of the batch still runs.
            let (hits, count, warnings) = match outcome {
                Ok(r) => r,
                Err(e @ (Error::QueryTooDeep(_) | Error::Usage(_))) => {
                    warn(&Warning::new(format!("{e}; skipped")).at(name.as_str(), q.line as u64));
                    return Ok(());
                }
                Err(e) => return Err(e),
            };
            for w in warnings {
                warn(&w.at(name.as_str(), q.line as u64));
            }
            for hit in &hits {
                match fields {
                    Some(fields) => Printer::json_fields(&mut out, hit, Some(&q.id), fields),
                    None => Printer::Json.hit(&mut out, hit, Some(&q.id)),
                }
                .map_err(write_err)?;
            }
            if hits.is_empty() {
                let record = QueryCountJson {
                    query_id: q.id.clone(),
                    count,
                };
                serde_json::to_writer(&mut out, &record)?;
                out.write_all(b"\n").map_err(write_err)?;
            }
            found |= count > 0;
            Ok(())
        },
    )?;
    out.flush().map_err(write_err)?;
    Ok(Found::from(found))
}

/// `quarry completions SHELL`.
pub fn completions(shell: clap_complete::Shell) -> Result<Found> {
    let mut cmd = Cli::command();
    // `generate` panics when its writer fails (a closed pipe, a full
    // disk): it writes to memory, and the write to stdout reports errors.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "quarry", &mut script);
    with_stdout(|w| w.write_all(&script))?;
    Ok(Found::Yes)
}

/// `quarry man`: the main page, then each command's synopsis and options.
pub fn man() -> Result<Found> {
    let cmd = Cli::command();
    with_stdout(|w| {
        clap_mangen::Man::new(cmd.clone()).render(w)?;
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let name = format!("quarry {}", sub.get_name());
            writeln!(w, ".SH \"{}\"", name.to_uppercase())?;
            let page = clap_mangen::Man::new(sub.clone().bin_name(name.clone()));
            page.render_synopsis_section(w)?;
            page.render_description_section(w)?;
            page.render_options_section(w)?;
        }
        Ok(())
    })?;
    Ok(Found::Yes)
}

/// `quarry eval DATASET…`.
pub fn eval(args: &EvalArgs) -> Result<Found> {
    let mut datasets = Vec::with_capacity(args.datasets.len());
    for dir in &args.datasets {
        datasets.push(load_dataset(args, dir)?);
    }
    let mut reports = Vec::with_capacity(datasets.len());
    for dataset in &datasets {
        reports.push(eval_one(args, dataset)?);
    }
    if let Some(path) = &args.run {
        let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
        let mut w = io::BufWriter::new(file);
        reports
            .iter()
            .try_for_each(|r| eval::write_run(&mut w, r))
            .and_then(|()| w.flush())
            .map_err(|e| Error::io(path, e))?;
    }
    let runs: Vec<(&Dataset, &EvalReport)> = datasets.iter().zip(&reports).collect();
    with_stdout(|w| print_eval(w, args, &runs))?;
    Ok(Found::from(reports.iter().any(|r| r.summary.queries > 0)))
}

fn load_dataset(args: &EvalArgs, dir: &Path) -> Result<Dataset> {
    let dataset = Dataset::load(dir, args.split.as_deref(), args.qrels.as_deref())?;
    if let Some(first) = dataset.missing.first() {
        warn(&Warning::new(format!(
            "{}: {} judged query id(s) have no text in {} and were not run (first: {first})",
            dir.display(),
            dataset.missing.len(),
            eval::QUERIES_FILE
        )));
    }
    if dataset.queries.is_empty() {
        return Err(Error::Usage(format!(
            "no judged query of '{}' has text in {}",
            dir.display(),
            eval::QUERIES_FILE
        )));
    }
    Ok(dataset)
}

fn eval_one(args: &EvalArgs, dataset: &Dataset) -> Result<EvalReport> {
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
    eval::run(dataset, &prepared.index, &opts)
}

fn split_label(args: &EvalArgs, dataset: &Dataset) -> String {
    match (&args.qrels, &dataset.split) {
        (Some(path), _) => format!("qrels {}", path.display()),
        (None, Some(split)) => split.clone(),
        (None, None) => String::new(),
    }
}

fn print_eval(
    w: &mut dyn Write,
    args: &EvalArgs,
    runs: &[(&Dataset, &EvalReport)],
) -> io::Result<()> {
    if args.json {
        for (dataset, report) in runs {
            let mut json = report.to_json(args.per_query);
            json.dataset = Some(dataset.name());
            json.split = dataset.split.clone();
            serde_json::to_writer(&mut *w, &json)?;
            writeln!(w)?;
        }
        return Ok(());
    }
    if args.per_query {
        for (dataset, report) in runs {
            for q in &report.queries {
                if let Some(scores) = &q.scores {
                    if runs.len() > 1 {
                        write!(w, "{}\t", dataset.name())?;
                    }
                    writeln!(w, "{}\t{:.4}", q.id, scores.ndcg)?;
                }
            }
        }
    }
    let threads = format!(
        "{} thread{}",
        args.threads,
        if args.threads.get() == 1 { "" } else { "s" }
    );
    if let [(dataset, report)] = runs {
        let s = &report.summary;
        let split = match &args.qrels {
            Some(path) => format!("qrels {}", path.display()),
            None => format!("split {}", split_label(args, dataset)),
        };
        writeln!(w, "dataset     {} ({split})", dataset.dir.display())?;
        writeln!(w, "nDCG@10     {:.4}", s.ndcg)?;
        writeln!(w, "MAP@1000    {:.4}", s.map)?;
        writeln!(w, "Recall@100  {:.4}", s.recall)?;
        writeln!(w, "MRR@10      {:.4}", s.mrr)?;
        writeln!(w, "queries     {}", s.queries)?;
        return writeln!(
            w,
            "qps         {:.1} ({threads}, {:.2}s)",
            report.qps(),
            report.search_time.as_secs_f64()
        );
    }
    let name_width = runs
        .iter()
        .map(|(d, _)| d.name().chars().count())
        .max()
        .unwrap_or(0)
        .max("dataset".len());
    let split_width = runs
        .iter()
        .map(|(d, _)| split_label(args, d).chars().count())
        .max()
        .unwrap_or(0)
        .max("split".len());
    writeln!(
        w,
        "{:<name_width$}  {:<split_width$}  {:>7}  {:>7}  {:>8}  {:>10}  {:>6}  {:>8}",
        "dataset", "split", "queries", "nDCG@10", "MAP@1000", "Recall@100", "MRR@10", "q/s"
    )?;
    let n = runs.len() as f64;
    let mut mean = [0.0f64; 4];
    for (dataset, report) in runs {
        let s = &report.summary;
        for (m, v) in mean.iter_mut().zip([s.ndcg, s.map, s.recall, s.mrr]) {
            *m += v / n;
        }
        writeln!(
            w,
            "{:<name_width$}  {:<split_width$}  {:>7}  {:>7.4}  {:>8.4}  {:>10.4}  {:>6.4}  {:>8.1}",
            dataset.name(),
            split_label(args, dataset),
            s.queries,
            s.ndcg,
            s.map,
            s.recall,
            s.mrr,
            report.qps()
        )?;
    }
    writeln!(
        w,
        "{:<name_width$}  {:<split_width$}  {:>7}  {:>7.4}  {:>8.4}  {:>10.4}  {:>6.4}  ({threads})",
        "mean", "", "", mean[0], mean[1], mean[2], mean[3]
    )
}

/// `quarry figures [WORDS…] [EXPR]`.
pub fn figures(args: &FiguresArgs) -> Result<Found> {
    let query = FigureQuery::parse(
        &args.terms,
        args.unit.as_deref(),
        args.min,
        args.max,
        args.all,
        args.limit,
        scope(&args.filters),
    )?;
    let (place, searcher) = open_for_query(&args.common)?;
    let corpus = &place.corpus;
    // Figures are printed as they are found: the first line comes at once,
    // and a closed pipe (`| head -1`) stops the listing (exit 0, see main).
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut printed = 0usize;
    let json = args.common.json;
    figure_list::each(&searcher, corpus, &query, &mut |f| {
        let written = if json {
            serde_json::to_writer(&mut w, &FigureJson::from(&f))
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(w))
        } else {
            output::figure(&mut w, &f, corpus)
        };
        printed += 1;
        // The first figure is shown before the rest are looked for.
        written
            .and_then(|()| if printed == 1 { w.flush() } else { Ok(()) })
            .map_err(Error::output)?;
        Ok(true)
    })?;
    w.flush().map_err(Error::output)?;
    Ok(Found::from(printed > 0))
}

/// `quarry cite QUERY`.
pub fn cite(args: &CiteArgs) -> Result<Found> {
    let (_, searcher) = open_for_query(&args.common)?;
    let opts = search_options(args.limit, args.plain, &args.filters);
    let outcome = searcher.search_content(&args.query.join(" "), &opts, args.all)?;
    warn_all(&outcome.warnings);
    let style = match args.style {
        StyleChoice::Plain => Style::Plain,
        StyleChoice::Markdown => Style::Markdown,
        StyleChoice::Bibtex => Style::Bibtex,
        StyleChoice::CslJson => Style::CslJson,
    };
    let citations: Vec<Citation> = outcome
        .hits
        .iter()
        .map(|hit| Citation::from_hit(hit, &hit.matches))
        .collect();
    with_stdout(|w| {
        if args.common.json {
            let keys = cite::unique_keys(&citations);
            for (i, (citation, hit)) in citations.iter().zip(&outcome.hits).enumerate() {
                let json = CiteJson::new(citation, hit, style, &keys[i], i + 1);
                serde_json::to_writer(&mut *w, &json)?;
                writeln!(w)?;
            }
        } else if !citations.is_empty() {
            // CSL-JSON is JSON (escaped by serde); the other styles carry
            // document and catalog text as it is, so control characters
            // are escaped before they reach a terminal.
            if style == Style::CslJson {
                write!(w, "{}", cite::render_all(&citations, style))?;
            } else {
                let escaped: Vec<Citation> = citations.iter().map(Citation::escaped).collect();
                write!(w, "{}", cite::render_all(&escaped, style))?;
            }
        }
        Ok(())
    })?;
    Ok(Found::from(!outcome.hits.is_empty()))
}

/// `quarry verify STATEMENT` / `--file FILE` / `quarry verify -` (stdin).
pub fn verify(args: &VerifyArgs) -> Result<Found> {
    let stdin = std::path::PathBuf::from("-");
    let file = match (&args.file, args.statement.as_slice()) {
        (Some(f), _) => Some(f),
        (None, [only]) if only == "-" => Some(&stdin),
        _ => None,
    };
    let statements: Vec<String> = match file {
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
    let (place, searcher) = open_for_query(&args.common)?;
    let mut all_supported = true;
    let mut results = Vec::with_capacity(statements.len());
    for statement in &statements {
        let mut v = verify::verify(&searcher, statement)?;
        v.passages.truncate(args.limit);
        all_supported &= v.verdict == Verdict::Supported;
        results.push(v);
    }
    let corpus = &place.corpus;
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
