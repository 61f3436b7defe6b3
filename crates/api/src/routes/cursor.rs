//! Lists read a page at a time: `?limit=` (within the list's bounds, refused beyond them like
//! `Paging`) and `?cursor=` (the place after which the page starts, taken from the previous
//! page's `Link: <...>; rel="next"` header). A cursor names a place that never moves (a chain's
//! place, a case id), so a page costs its own rows whatever lies before it, and rows added
//! meanwhile are neither skipped nor repeated. The body stays a JSON array, as before cursors.

use std::str::FromStr;

use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};

/// The name of the header that carries the next page's address.
pub const NEXT_LINK: &str = "link";

/// The longest cursor any list hands out (a UUID is 36 characters).
const MAX_CURSOR_LEN: usize = 64;

/// A list's page size: the default and the largest.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    /// When `limit` is absent.
    pub default: u64,
    /// The largest `limit` accepted.
    pub max: u64,
}

impl Bounds {
    /// The page size and the place a request asks for.
    ///
    /// # Errors
    /// Names `limit` when it is outside 1 to `max` (refused, never clamped, as `Paging` does)
    /// and `cursor` when it is not one this list hands out.
    pub(crate) fn checked<T: FromStr>(
        self,
        limit: Option<u64>,
        cursor: Option<&str>,
    ) -> Result<(u64, Option<T>), domain::ValidationErrors> {
        let mut errors = domain::ValidationErrors::default();
        let limit = limit.unwrap_or(self.default);
        if !(1..=self.max).contains(&limit) {
            errors.add("limit", format!("must be between 1 and {}", self.max));
        }
        let cursor = match cursor.map(|c| if c.len() <= MAX_CURSOR_LEN { c.parse::<T>().ok() } else { None }) {
            Some(None) => {
                errors.add("cursor", "is not a cursor this list handed out");
                None
            }
            Some(place) => place,
            None => None,
        };
        errors.into_result((limit, cursor))
    }
}

/// The address of the next page: this request's, with `cursor` set to `next`.
fn next_address(uri: &Uri, next: &str) -> String {
    let kept: Vec<&str> =
        uri.query().unwrap_or_default().split('&').filter(|p| !p.is_empty() && !p.starts_with("cursor=")).collect();
    let mut query = kept.join("&");
    if !query.is_empty() {
        query.push('&');
    }
    format!("{}?{query}cursor={next}", uri.path())
}

/// `body` with a `Link` to the next page when the page is full (`next` is the cursor after its
/// last row); a page shorter than its limit is the last.
pub(crate) fn paged(body: impl IntoResponse, uri: &Uri, full: bool, next: Option<String>) -> Response {
    let mut response = body.into_response();
    if full
        && let Some(next) = next
        && let Ok(value) = HeaderValue::from_str(&format!("<{}>; rel=\"next\"", next_address(uri, &next)))
    {
        response.headers_mut().insert(header::LINK, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_address_keeps_the_query_and_replaces_the_cursor() {
        let uri: Uri = "/api/v1/cases/x/timeline?lang=en&cursor=5&limit=2".parse().expect("a URI");
        assert_eq!(next_address(&uri, "7"), "/api/v1/cases/x/timeline?lang=en&limit=2&cursor=7");
        let bare: Uri = "/api/v1/audit".parse().expect("a URI");
        assert_eq!(next_address(&bare, "9"), "/api/v1/audit?cursor=9");
    }

    const BOUNDS: Bounds = Bounds { default: 200, max: 1000 };

    fn named(refused: &domain::ValidationErrors) -> Vec<&str> {
        refused.0.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_limit_outside_the_bounds_is_refused_naming_it() {
        assert_eq!(BOUNDS.checked::<i64>(None, None).expect("the default"), (200, None));
        assert_eq!(BOUNDS.checked::<i64>(Some(1000), None).expect("the largest"), (1000, None));
        for outside in [0, 1001, u64::MAX] {
            let refused = BOUNDS.checked::<i64>(Some(outside), None).expect_err("outside the bounds");
            assert_eq!(named(&refused), vec!["limit"], "limit={outside}");
        }
    }

    #[test]
    fn a_cursor_that_does_not_parse_is_named() {
        assert_eq!(BOUNDS.checked::<i64>(None, Some("12")).expect("a number"), (200, Some(12)));
        for bad in ["x", "", &"9".repeat(65)] {
            let refused = BOUNDS.checked::<i64>(None, Some(bad)).expect_err("not a cursor");
            assert_eq!(named(&refused), vec!["cursor"], "cursor={bad:?}");
        }
    }
}
