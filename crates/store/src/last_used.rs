//! "Last used" of API tokens, written off the request's path: a read must never wait for a
//! durable commit. (A session's is written on the path, once a minute: the idle expiry of
//! every process reads it.) The caller already skips the write while the stored instant is less
//! than a minute old (`domain::access::SESSION_TOUCH_AFTER`); this keeps concurrent requests of
//! one process from each queueing the same write, runs it in the background, and remembers
//! the instant until the write has landed so that this process never reads an older one.
//!
//! What is kept here is only a cache of writes in flight: the database holds the instant every
//! process reads, so nothing that must be shared lives in this process's memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The instants this process has sent to the database and not yet seen land, by row id.
#[derive(Debug, Default)]
pub(crate) struct LastUsed {
    pending: Mutex<HashMap<Uuid, DateTime<Utc>>>,
}

impl LastUsed {
    /// Notes `now` for `id`; false when a write of an instant at least as new is in flight.
    pub(crate) fn begin(&self, id: Uuid, now: DateTime<Utc>) -> bool {
        let Ok(mut pending) = self.pending.lock() else { return true };
        match pending.get(&id) {
            Some(t) if *t >= now => false,
            _ => {
                pending.insert(id, now);
                true
            }
        }
    }

    /// Forgets `id` once the write of `at` has landed (or failed: the next request retries).
    pub(crate) fn end(&self, id: Uuid, at: DateTime<Utc>) {
        if let Ok(mut pending) = self.pending.lock()
            && pending.get(&id) == Some(&at)
        {
            pending.remove(&id);
        }
    }

    /// The instant in flight for `id`, if any.
    pub(crate) fn pending(&self, id: Uuid) -> Option<DateTime<Utc>> {
        self.pending.lock().ok().and_then(|p| p.get(&id).copied())
    }

    /// Runs `write` in the background, once per id and instant.
    pub(crate) fn spawn<F>(self: &Arc<Self>, id: Uuid, now: DateTime<Utc>, write: F)
    where
        F: Future<Output = Result<(), crate::StoreError>> + Send + 'static,
    {
        if !self.begin(id, now) {
            return;
        }
        let this = Arc::clone(self);
        tokio::spawn(async move {
            if let Err(e) = write.await {
                tracing::warn!(error = %e, "could not note when a credential was last used");
            }
            this.end(id, now);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn one_write_per_instant_is_in_flight_and_the_newest_instant_is_read() {
        let last = LastUsed::default();
        let id = Uuid::now_v7();
        let t = DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(20_000);
        assert!(last.begin(id, t));
        assert!(!last.begin(id, t), "the same instant is already on its way");
        assert_eq!(last.pending(id), Some(t));
        assert!(last.begin(id, t + TimeDelta::minutes(1)), "a newer instant is written");
        last.end(id, t);
        assert_eq!(last.pending(id), Some(t + TimeDelta::minutes(1)), "an older write landing keeps the newer one");
        last.end(id, t + TimeDelta::minutes(1));
        assert_eq!(last.pending(id), None);
    }
}
