//! How often one client may post a public form (the inquiry e-service, the anonymous staff
//! report): a number of posts within a sliding window. The hits are kept in the database, so
//! the limit holds across every `serve` process; this only decides from them.

use chrono::{DateTime, TimeDelta, Utc};

/// At most `max_posts` within `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Posts allowed within the window.
    pub max_posts: u32,
    /// The sliding window.
    pub window: TimeDelta,
}

/// The default: five inquiries an hour from one address is more than any resident needs and
/// too few to flood the DPO's queue.
pub const PUBLIC_FORM_LIMIT: RateLimit = RateLimit { max_posts: 5, window: TimeDelta::hours(1) };

impl RateLimit {
    /// When a client whose earlier posts were at `hits` may post again, if not now. A refused
    /// post is not counted, so a flood does not push the time out for ever.
    pub fn retry_at(&self, hits: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut recent: Vec<DateTime<Utc>> = hits.iter().copied().filter(|t| *t > now - self.window).collect();
        if recent.len() < usize::try_from(self.max_posts).unwrap_or(usize::MAX) {
            return None;
        }
        recent.sort();
        // The post that leaves the window first frees a place.
        let freeing = recent.len() - usize::try_from(self.max_posts).unwrap_or(0);
        recent.get(freeing).map(|t| *t + self.window)
    }

    /// Parses `POSTS/SECONDS` (`5/3600`), the form of the setting.
    ///
    /// # Errors
    /// When it is not two positive whole numbers.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (posts, secs) =
            text.split_once('/').ok_or_else(|| format!("{text:?} is not POSTS/SECONDS, e.g. 5/3600"))?;
        let max_posts: u32 = posts.trim().parse().map_err(|_| format!("{posts:?} is not a whole number of posts"))?;
        let secs: i64 = secs.trim().parse().map_err(|_| format!("{secs:?} is not a whole number of seconds"))?;
        if max_posts == 0 || secs <= 0 {
            return Err("both numbers must be above zero".to_owned());
        }
        Ok(RateLimit { max_posts, window: TimeDelta::seconds(secs) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(s: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 15, 12, 0, 0).single().expect("valid") + TimeDelta::seconds(s)
    }

    #[test]
    fn the_limit_frees_a_place_when_the_oldest_post_leaves_the_window() {
        let limit = RateLimit { max_posts: 3, window: TimeDelta::seconds(60) };
        let hits = [at(0), at(10), at(20)];
        assert_eq!(limit.retry_at(&hits[..2], at(21)), None);
        assert_eq!(limit.retry_at(&hits, at(21)), Some(at(60)));
        assert_eq!(limit.retry_at(&hits, at(60)), None, "the first post has left the window");
        assert_eq!(RateLimit::parse("5/3600"), Ok(PUBLIC_FORM_LIMIT));
        assert!(RateLimit::parse("0/60").is_err() && RateLimit::parse("five").is_err());
    }
}
