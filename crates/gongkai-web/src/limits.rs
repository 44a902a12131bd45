//! Limits on what one address may do to the public's write surfaces: submissions
//! (requests, opinions) and guesses at tracking codes. Counted in memory on each node, one
//! step under a lock so parallel requests cannot pass together; with several nodes an
//! address gets the limit on each. Time comes from the store's clock.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

use crate::error::AppError;

/// So many events per address within a sliding window.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    pub max: usize,
    pub window_seconds: i64,
}

/// Public submissions: ten an hour from one address is more than any office's queue at a
/// shared computer sees.
pub const SUBMISSIONS: Rate = Rate { max: 10, window_seconds: 3600 };
/// Tracking codes that open nothing: a person mistypes a few times, a guesser many.
pub const CODE_MISSES: Rate = Rate { max: 20, window_seconds: 3600 };

/// Addresses kept before old ones are swept out.
const SWEEP_AT: usize = 10_000;

#[derive(Debug)]
pub struct Limiter {
    rate: Rate,
    message: &'static str,
    seen: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
}

impl Limiter {
    pub fn new(rate: Rate, message: &'static str) -> Self {
        Limiter { rate, message, seen: Mutex::new(HashMap::new()) }
    }

    /// Counts one event from `address` at `now`, or refuses it when the window is full.
    pub fn take(&self, address: &str, now: DateTime<Utc>) -> Result<(), AppError> {
        let since = now - Duration::seconds(self.rate.window_seconds);
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() >= SWEEP_AT {
            seen.retain(|_, times| times.back().is_some_and(|t| *t > since));
        }
        let times = seen.entry(address.to_owned()).or_default();
        while times.front().is_some_and(|t| *t <= since) {
            times.pop_front();
        }
        if times.len() >= self.rate.max {
            // The address may try again once its oldest event leaves the window.
            let free_at = times.front().map_or(now, |t| *t + Duration::seconds(self.rate.window_seconds));
            let retry_after = u64::try_from((free_at - now).num_seconds()).unwrap_or(0).max(1);
            return Err(AppError::Throttled { message: self.message.to_owned(), retry_after });
        }
        times.push_back(now);
        Ok(())
    }

    /// Takes back the last event of `address`: it turned out not to count (a code that
    /// opened a request).
    pub fn give_back(&self, address: &str) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(times) = seen.get_mut(address) {
            times.pop_back();
        }
    }
}

/// The limiters of one node.
#[derive(Debug)]
pub struct Limits {
    pub submissions: Limiter,
    pub code_misses: Limiter,
}

impl Limits {
    /// The limits with `submissions_per_hour` public submissions an hour from one address.
    pub fn new(submissions_per_hour: usize) -> Self {
        let submissions = Rate { max: submissions_per_hour, ..SUBMISSIONS };
        Limits {
            submissions: Limiter::new(submissions, "同一网络地址提交过于频繁，请一小时后再试，或拨打受理电话"),
            code_misses: Limiter::new(CODE_MISSES, "查询码错误次数过多，请一小时后再试"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_window_refuses_until_it_slides() {
        let limiter = Limiter::new(Rate { max: 2, window_seconds: 60 }, "慢一点");
        let t0 = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        assert!(limiter.take("a", t0).is_ok());
        assert!(limiter.take("a", t0).is_ok());
        let refused = limiter.take("a", t0 + Duration::seconds(59)).unwrap_err();
        assert_eq!(refused.retry_after(), Some(1), "the first event leaves the window in a second");
        assert!(limiter.take("b", t0).is_ok(), "another address has its own window");
        limiter.give_back("a");
        assert!(limiter.take("a", t0 + Duration::seconds(59)).is_ok());
        assert!(limiter.take("a", t0 + Duration::seconds(61)).is_ok(), "the first ones left the window");
    }
}
