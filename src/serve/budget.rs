//! The time budget of a query: searches run on a small pool of threads,
//! and the request that asked waits at most its budget for the answer.
//!
//! tantivy cannot interrupt a search, so a pathological query keeps one
//! pool thread busy until it ends; but the HTTP worker that asked answers
//! `503` when the budget runs out, never hangs, and work whose requester
//! has already given up is dropped before it starts.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A unit of work and the moment its requester stops waiting.
struct Job {
    deadline: Instant,
    work: Box<dyn FnOnce() + Send>,
}

/// Threads that run searches.
pub struct Pool {
    tx: Mutex<Option<Sender<Job>>>,
}

/// The budget ran out before the work finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overtime(pub Duration);

impl Pool {
    /// A pool of `threads` threads (at least one).
    pub fn new(threads: usize) -> Pool {
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads.max(1) {
            let rx = Arc::clone(&rx);
            let spawned = std::thread::Builder::new()
                .name(format!("quarry-search-{i}"))
                .spawn(move || work(&rx));
            // A pool that could not start a thread still has the others;
            // with none, every request reports its budget spent.
            drop(spawned);
        }
        Pool {
            tx: Mutex::new(Some(tx)),
        }
    }

    /// Runs `f` on the pool and waits at most `budget` for its result.
    pub fn run<T: Send + 'static>(
        &self,
        budget: Duration,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Overtime> {
        let deadline = Instant::now() + budget;
        let (done_tx, done_rx) = mpsc::sync_channel(1);
        let job = Job {
            deadline,
            work: Box::new(move || {
                let _ = done_tx.send(f());
            }),
        };
        let sent = match self.tx.lock() {
            Ok(tx) => tx.as_ref().is_some_and(|tx| tx.send(job).is_ok()),
            Err(_) => false,
        };
        if !sent {
            return Err(Overtime(budget));
        }
        done_rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .map_err(|_| Overtime(budget))
    }

    /// Stops taking work; the threads end once the queue is empty.
    pub fn close(&self) {
        if let Ok(mut tx) = self.tx.lock() {
            tx.take();
        }
    }
}

/// A pool thread: runs jobs until the pool is closed, skipping those whose
/// requester gave up already.
fn work(rx: &Mutex<Receiver<Job>>) {
    loop {
        let job = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        if Instant::now() < job.deadline {
            (job.work)();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // No test here depends on how fast the machine is: a job that must
    // outlast its budget blocks until the test releases it.

    #[test]
    fn a_slow_job_is_reported_within_its_budget() {
        let pool = Pool::new(1);
        let (release, hold) = mpsc::channel::<()>();
        // The job can only finish once released (or after 30 s, so that a
        // broken pool fails the test instead of hanging it): a result that
        // came back before the release is the budget's doing.
        let r = pool.run(Duration::from_millis(50), move || {
            let _ = hold.recv_timeout(Duration::from_secs(30));
            1
        });
        assert_eq!(r, Err(Overtime(Duration::from_millis(50))));
        let _ = release.send(());
        assert_eq!(pool.run(Duration::from_secs(30), || 2), Ok(2));
    }

    #[test]
    fn jobs_return_their_values_and_expired_ones_are_skipped() {
        let pool = Arc::new(Pool::new(1));
        assert_eq!(pool.run(Duration::from_secs(30), || 7), Ok(7));
        // Occupy the only thread until released.
        let (started_tx, started) = mpsc::channel::<()>();
        let (release, hold) = mpsc::channel::<()>();
        let busy = {
            let pool = Arc::clone(&pool);
            std::thread::spawn(move || {
                pool.run(Duration::from_secs(30), move || {
                    let _ = started_tx.send(());
                    let _ = hold.recv_timeout(Duration::from_secs(30));
                })
            })
        };
        assert!(started.recv_timeout(Duration::from_secs(30)).is_ok());
        // Queued behind the busy job, this one's requester gives up first.
        let ran = Arc::new(Mutex::new(false));
        let flag = Arc::clone(&ran);
        let r = pool.run(Duration::from_millis(20), move || {
            if let Ok(mut f) = flag.lock() {
                *f = true;
            }
        });
        assert!(r.is_err());
        let _ = release.send(());
        assert!(busy.join().is_ok_and(|r| r.is_ok()));
        // The queue is first in, first out: once a later job has run, the
        // expired one has been taken off the queue, and skipped.
        assert_eq!(pool.run(Duration::from_secs(30), || 8), Ok(8));
        assert!(!*ran.lock().unwrap());
        pool.close();
        assert!(pool.run(Duration::from_secs(1), || 9).is_err());
    }
}
