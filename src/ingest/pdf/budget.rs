//! The time a PDF may take, counted in CPU time of the thread reading it.
//!
//! Wall time would drop a big paper whenever the machine is busy (other
//! readers, a build, a search server): the reader's own CPU time measures
//! the work the file costs, however loaded the machine is. Where a thread's
//! CPU clock is not available, the clock falls back to wall time.

use std::time::{Duration, Instant};

/// A clock of the CPU time one thread has used.
#[derive(Debug, Clone, Copy)]
pub struct ThreadClock {
    #[cfg(unix)]
    id: libc::clockid_t,
    /// Wall-time fallback: when the clock was made, and what it read then.
    started: Instant,
    base: Duration,
}

impl ThreadClock {
    /// The CPU clock of the calling thread.
    pub fn current() -> ThreadClock {
        let mut clock = ThreadClock {
            #[cfg(unix)]
            id: libc::CLOCK_THREAD_CPUTIME_ID,
            started: Instant::now(),
            base: Duration::ZERO,
        };
        clock.base = clock.read().unwrap_or_default();
        clock
    }

    /// The CPU clock of another thread, while its handle is not joined.
    pub fn of<T>(handle: &std::thread::JoinHandle<T>) -> ThreadClock {
        #[cfg(unix)]
        {
            use std::os::unix::thread::JoinHandleExt;
            let mut id: libc::clockid_t = 0;
            // SAFETY: the handle is not joined, so its pthread_t is valid;
            // `id` is a valid place for the answer.
            let ok = unsafe { libc::pthread_getcpuclockid(handle.as_pthread_t(), &mut id) } == 0;
            if ok {
                return ThreadClock {
                    id,
                    started: Instant::now(),
                    base: Duration::ZERO,
                };
            }
            ThreadClock {
                id: -1,
                started: Instant::now(),
                base: Duration::ZERO,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = handle;
            ThreadClock {
                started: Instant::now(),
                base: Duration::ZERO,
            }
        }
    }

    /// CPU time used since the clock was made (wall time where the
    /// thread's clock cannot be read).
    pub fn elapsed(&self) -> Duration {
        match self.read() {
            Some(now) => now.saturating_sub(self.base),
            None => self.started.elapsed(),
        }
    }

    #[cfg(unix)]
    fn read(&self) -> Option<Duration> {
        if self.id == -1 {
            return None;
        }
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid timespec to write; a bad clock id is an
        // error return, not undefined behaviour.
        let ok = unsafe { libc::clock_gettime(self.id, &mut t) } == 0;
        (ok && t.tv_sec >= 0 && (0..1_000_000_000).contains(&t.tv_nsec))
            .then(|| Duration::new(t.tv_sec as u64, t.tv_nsec as u32))
    }

    #[cfg(not(unix))]
    fn read(&self) -> Option<Duration> {
        None
    }
}

/// A limit on the CPU time of the calling thread.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    clock: ThreadClock,
    limit: Duration,
}

impl Budget {
    /// `limit` of CPU time for the calling thread, from now.
    pub fn new(limit: Duration) -> Budget {
        Budget {
            clock: ThreadClock::current(),
            limit,
        }
    }

    /// Whether the time is used up.
    pub fn spent(&self) -> bool {
        self.clock.elapsed() > self.limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sleeping_thread_spends_no_budget() {
        let budget = Budget::new(Duration::from_millis(50));
        std::thread::sleep(Duration::from_millis(120));
        #[cfg(unix)]
        assert!(!budget.spent());
        let mut x = 0u64;
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) && !budget.spent() {
            x = x.wrapping_mul(31).wrapping_add(7);
        }
        assert!(budget.spent(), "{x}");
    }
}
