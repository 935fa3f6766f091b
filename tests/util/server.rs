//! A `quarry serve` child on an ephemeral loopback port, for the server and
//! browser tests; stopped with SIGTERM when dropped.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::bin;

/// A running server.
pub struct Served {
    pub child: Child,
    pub addr: SocketAddr,
    /// stderr lines after the address line.
    pub lines: mpsc::Receiver<String>,
}

/// What `quarry serve` did when it did not start.
#[derive(Debug)]
pub struct Refused {
    pub code: i32,
    pub stderr: String,
}

impl Served {
    /// Starts `quarry serve ARGS` in `dir` (add `--corpus`/`--index` to
    /// `args` as needed; `--bind 127.0.0.1:0` is added unless given) and
    /// waits for its address line.
    pub fn start(dir: &Path, args: &[&str]) -> Served {
        Served::try_start(dir, args, &[]).unwrap_or_else(|r| panic!("quarry serve failed: {r:?}"))
    }

    /// Like [`Served::start`], with extra environment variables; the exit
    /// status and stderr when the server does not start.
    pub fn try_start(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<Served, Refused> {
        let mut cmd = Command::new(bin());
        cmd.arg("serve").args(args);
        if !args.contains(&"--bind") {
            cmd.args(["--bind", "127.0.0.1:0"]);
        }
        cmd.current_dir(dir)
            .env_remove("QUARRY_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("quarry serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut seen = String::new();
        loop {
            match lines.recv_timeout(Duration::from_secs(120)) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix("quarry: serving http://") {
                        let addr = rest.trim_end_matches('/').parse().expect("an address");
                        return Ok(Served { child, addr, lines });
                    }
                    seen.push_str(&line);
                    seen.push('\n');
                }
                Err(_) => {
                    let code = child.wait().ok().and_then(|s| s.code()).unwrap_or(-1);
                    return Err(Refused { code, stderr: seen });
                }
            }
        }
    }

    /// Sends SIGTERM and waits: the exit code and the rest of stderr.
    pub fn stop(mut self) -> (i32, String) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let code = self.child.wait().ok().and_then(|s| s.code()).unwrap_or(-1);
        let mut rest = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            rest.push(line);
        }
        (code, rest.join("\n"))
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
