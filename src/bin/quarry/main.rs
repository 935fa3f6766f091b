//! The `quarry` binary: parses arguments, runs the command, maps the outcome
//! to an exit status (0 found, 1 nothing found, 2 error).
//!
//! Everything else lives elsewhere: flags in [`cli`], lowering flags into
//! library options and running the commands in [`run`], terminal concerns
//! (colour, progress, sizes, warnings) in [`terminal`], and the work itself
//! in the `quarry` library.

mod cli;
mod run;
mod terminal;

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use crate::cli::{Cli, Command};

/// Outcome of a command that ran without error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Something was found (exit 0).
    Yes,
    /// Nothing was found (exit 1).
    No,
}

impl Found {
    /// [`Found::Yes`] when `any`.
    pub fn from(any: bool) -> Found {
        if any { Found::Yes } else { Found::No }
    }
}

fn main() -> ExitCode {
    // A panic while reading an index is caught and reported as a damaged
    // index (see `quarry::index::folder::guard`); only other panics are printed.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !quarry::error::in_guard() {
            default_hook(info);
        }
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let result = match cli.command {
        Command::Index(args) => run::index(&args),
        Command::Search(args) => match &args.batch {
            Some(file) => run::batch(&args, file),
            None => run::search(&args),
        },
        Command::Watch(args) => run::watch(&args),
        Command::Serve(args) => run::serve(&args),
        Command::Eval(args) => run::eval(&args),
        Command::Figures(args) => run::figures(&args),
        Command::Cite(args) => run::cite(&args),
        Command::Verify(args) => run::verify(&args),
        Command::Completions(args) => run::completions(args.shell),
        Command::Man => run::man(),
    };
    match result {
        Ok(Found::Yes) => ExitCode::SUCCESS,
        Ok(Found::No) => ExitCode::from(1),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quarry: {}", quarry::output::safe(&e.to_string()));
            ExitCode::from(2)
        }
    }
}

/// Prints a command-line error as one line, `quarry: …`, and exits 2 (help
/// and version go to stdout and exit 0, as clap prints them).
fn usage_error(e: &clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // A closed pipe (`quarry --help | head -1`) is not an error.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    eprintln!("quarry: {}", one_line(&e.render().to_string()));
    ExitCode::from(2)
}

/// clap's rendered error (`error: …`, tips, usage, a pointer to `--help`)
/// folded into one line: the message, then its tips.
fn one_line(rendered: &str) -> String {
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut out = lines
        .next()
        .map(|l| l.strip_prefix("error: ").unwrap_or(l).to_string())
        .unwrap_or_default();
    for line in lines {
        if let Some(tip) = line.strip_prefix("tip: ") {
            out.push_str("; ");
            out.push_str(tip);
        }
    }
    out.push_str(" (see --help)");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_errors_fold_into_one_line() {
        let rendered = "error: unexpected argument '-t' found\n\n  tip: to pass '-t' as a value, use '-- -t'\n\nUsage: quarry search [OPTIONS] [QUERY]...\n\nFor more information, try '--help'.\n";
        assert_eq!(
            one_line(rendered),
            "unexpected argument '-t' found; to pass '-t' as a value, use '-- -t' (see --help)"
        );
    }
}
