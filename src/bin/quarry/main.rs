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

use std::io;
use std::process::ExitCode;

use clap::Parser;
use quarry::Error;

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
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Index(args) => run::index(&args),
        Command::Search(args) => match &args.batch {
            Some(file) => run::batch(&args, file),
            None => run::search(&args),
        },
        Command::Watch(args) => run::watch(&args),
        Command::Eval(args) => run::eval(&args),
        Command::Figures(args) => run::figures(&args),
        Command::Cite(args) => run::cite(&args),
        Command::Verify(args) => run::verify(&args),
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
