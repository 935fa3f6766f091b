//! `quarry serve`: the same search over HTTP, kept fresh, with a web page.
//!
//! The server is another printer over the library's data: its endpoints
//! ([`api`]) call the same search, figure, citation and verification
//! functions as the commands and answer with the same wire objects
//! ([`crate::output::wire`]). Around them: the HTTP glue ([`http`], on
//! `tiny_http`), query-string reading ([`params`]), the per-query time
//! [`budget`], the shared [`state`] (the searcher, swapped after each
//! commit), and reading passage [`source`]s inside the corpus only.
//!
//! Freshness comes from the same watcher as `quarry watch`
//! ([`crate::index::watch`]): it runs on a thread of the server, holds the
//! index folder's watch lock (so a second watcher or server of the index
//! is refused, and `quarry search` in a terminal asks it to catch up), and
//! updates the index through the same crash-safe path as `quarry index`.
//! After each commit the server opens the index again; requests under way
//! finish on the searcher they started with.

pub mod api;
pub mod budget;
pub mod http;
pub mod params;
pub mod source;
pub mod state;

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::index::IndexOptions;
use crate::index::watch::{self, WatchEvent};
use state::State;

/// Default address: loopback only.
pub const DEFAULT_BIND: &str = "127.0.0.1:7700";
/// Default time budget of one request's search work.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(10);
/// Threads answering HTTP requests (most of their time is spent waiting
/// for the search pool, so there are more of them than cores).
pub const HTTP_WORKERS: usize = 16;
/// How long an idle HTTP worker waits before it looks at the stop flag.
const STOP_POLL: Duration = Duration::from_millis(100);

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The corpus and index, and which files are read.
    pub index: IndexOptions,
    /// Address to listen on (port 0: any free port).
    pub bind: SocketAddr,
    /// Token every request must carry; required unless `bind` is loopback.
    pub token: Option<String>,
    /// Origin allowed to call the API from a browser (`*` for any); none:
    /// no CORS headers.
    pub cors: Option<String>,
    /// Longest a request waits for its search work.
    pub budget: Duration,
    /// Threads that run searches.
    pub search_threads: usize,
}

/// What the server reports while it runs (the binary prints it).
#[derive(Debug)]
pub enum ServeEvent<'a> {
    /// The watcher updated the index.
    Updated(&'a crate::index::IndexSummary),
    /// An update failed; the watcher retries on the next change.
    Failed(&'a Error),
    /// The watcher stopped with an error; the index is no longer kept fresh.
    WatcherStopped(&'a Error),
}

/// Something that reports [`ServeEvent`]s.
pub type Reporter = Arc<dyn Fn(ServeEvent<'_>) + Send + Sync>;

/// Stops a running server from another thread (a signal handler).
#[derive(Clone)]
pub struct Stopper(Arc<AtomicBool>);

impl Stopper {
    /// Asks the server to stop: it takes no new request, finishes those
    /// under way, stops the watcher after its current update, and returns
    /// from [`Server::run`].
    pub fn stop(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// A server bound to its address, index open and fresh.
pub struct Server {
    http: Arc<tiny_http::Server>,
    state: Arc<State>,
    addr: SocketAddr,
    watcher: Option<JoinHandle<()>>,
}

/// Whether `ip` is a loopback address (127.0.0.0/8, ::1, or ::ffff:127.x).
pub fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

impl Server {
    /// Binds `opts.bind`, brings the index up to date and starts watching
    /// the corpus. Refuses a non-loopback address without a token, and an
    /// index another watcher or server already keeps.
    pub fn start(opts: ServeOptions, report: Reporter) -> Result<Server> {
        if !is_loopback(opts.bind.ip()) && opts.token.as_deref().is_none_or(str::is_empty) {
            return Err(Error::Usage(format!(
                "--bind {} is not a loopback address: give --token TOKEN (or set QUARRY_TOKEN) so that only those who have it can search",
                opts.bind
            )));
        }
        if opts.token.as_deref() == Some("") {
            return Err(Error::Usage("--token must not be empty".into()));
        }
        let http = tiny_http::Server::http(opts.bind)
            .map_err(|e| Error::Usage(format!("cannot listen on {}: {e}", opts.bind)))?;
        let addr = http
            .server_addr()
            .to_ip()
            .ok_or_else(|| Error::Usage(format!("cannot listen on {}", opts.bind)))?;
        let stopping = Arc::new(AtomicBool::new(false));
        let shared: Arc<OnceLock<Arc<State>>> = Arc::new(OnceLock::new());
        let documents = Arc::new(AtomicU64::new(0));
        let (ready_tx, ready_rx) = mpsc::channel::<Result<()>>();
        let watcher = {
            let index_opts = opts.index.clone();
            let stopping = Arc::clone(&stopping);
            let shared = Arc::clone(&shared);
            let documents = Arc::clone(&documents);
            let report = Arc::clone(&report);
            let ready_tx = Mutex::new(Some(ready_tx));
            std::thread::Builder::new()
                .name("quarry-watch".into())
                .spawn(move || {
                    let tell = |r: Result<()>| {
                        if let Ok(mut tx) = ready_tx.lock()
                            && let Some(tx) = tx.take()
                        {
                            let _ = tx.send(r);
                        }
                    };
                    let outcome =
                        watch::watch_until(&index_opts, &stopping, &mut |event| match event {
                            WatchEvent::Updated(s) => {
                                documents.store(s.documents, Ordering::SeqCst);
                                if let Some(state) = shared.get() {
                                    state.updated(s);
                                }
                                report(ServeEvent::Updated(s));
                            }
                            WatchEvent::Failed(e) => {
                                if let Some(state) = shared.get() {
                                    state.failed(e.to_string());
                                }
                                report(ServeEvent::Failed(e));
                            }
                            WatchEvent::Ready => tell(Ok(())),
                        });
                    if let Some(state) = shared.get() {
                        state.watcher_alive.store(false, Ordering::SeqCst);
                    }
                    if let Err(e) = outcome {
                        if shared.get().is_some() {
                            report(ServeEvent::WatcherStopped(&e));
                            if let Some(state) = shared.get() {
                                state.failed(e.to_string());
                            }
                        }
                        tell(Err(e));
                    }
                })
                .map_err(|e| Error::Usage(format!("cannot start the watcher: {e}")))?
        };
        match ready_rx.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(e),
            Err(_) => return Err(Error::Usage("the watcher ended before it was ready".into())),
        }
        let state = Arc::new(State::new(opts, stopping)?);
        if let Ok(mut h) = state.health.lock() {
            h.documents = documents.load(Ordering::SeqCst);
        }
        state
            .watcher_alive
            .store(!watcher.is_finished(), Ordering::SeqCst);
        let _ = shared.set(Arc::clone(&state));
        Ok(Server {
            http: Arc::new(http),
            state,
            addr,
            watcher: Some(watcher),
        })
    }

    /// The address the server listens on (with the port chosen when
    /// `bind` asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A handle that stops the server.
    pub fn stopper(&self) -> Stopper {
        Stopper(Arc::clone(&self.state.stopping))
    }

    /// The flag that stops the server once set (for signal handlers that
    /// set a flag, such as `signal_hook::flag`).
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.state.stopping)
    }

    /// Answers requests until stopped, then shuts down gracefully: requests
    /// under way are answered, the watcher finishes its update.
    pub fn run(mut self) -> Result<()> {
        let mut workers = Vec::with_capacity(HTTP_WORKERS + 1);
        for i in 0..HTTP_WORKERS {
            let http = Arc::clone(&self.http);
            let state = Arc::clone(&self.state);
            let worker = std::thread::Builder::new()
                .name(format!("quarry-http-{i}"))
                .spawn(move || {
                    while !state.is_stopping() {
                        if let Ok(Some(request)) = http.recv_timeout(STOP_POLL) {
                            http::handle(&state, request);
                        }
                    }
                })
                .map_err(|e| Error::Usage(format!("cannot start a worker: {e}")))?;
            workers.push(worker);
        }
        // Commits made by another process (`quarry index`) are picked up too.
        let state = Arc::clone(&self.state);
        workers.push(
            std::thread::Builder::new()
                .name("quarry-reload".into())
                .spawn(move || {
                    while !state.is_stopping() {
                        std::thread::sleep(state::RELOAD_POLL);
                        state.reload_if_changed();
                    }
                })
                .map_err(|e| Error::Usage(format!("cannot start a worker: {e}")))?,
        );
        for worker in workers {
            let _ = worker.join();
        }
        self.state.pool.close();
        if let Some(watcher) = self.watcher.take() {
            let _ = watcher.join();
        }
        Ok(())
    }
}
