//! Lists read a page at a time: `?limit=` (clamped to the list's bounds) and `?cursor=` (the
//! place after which the page starts, taken from the previous page's `Link: <...>; rel="next"`
//! header). A cursor names a place that never moves (a chain's place, a case id), so a page
//! costs its own rows whatever lies before it, and rows added meanwhile are neither skipped nor
//! repeated. The body stays a JSON array, as before cursors.

use std::str::FromStr;

use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};

/// The name of the header that carries the next page's address.
pub const NEXT_LINK: &str = "link";

/// A list's page size: the default and the largest.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    /// When `limit` is absent.
    pub default: u64,
    /// The largest `limit` honoured.
    pub max: u64,
}

impl Bounds {
    /// The page size a request asks for, within the bounds.
    pub(crate) fn limit(self, asked: Option<u64>) -> u64 {
        asked.unwrap_or(self.default).clamp(1, self.max)
    }
}

/// Parses `?cursor=`.
///
/// # Errors
/// Names `cursor` when it is not one this list hands out.
pub(crate) fn parse<T: FromStr>(cursor: Option<&str>) -> Result<Option<T>, domain::ValidationErrors> {
    cursor
        .map(|c| {
            c.parse().map_err(|_| domain::ValidationErrors::single("cursor", "is not a cursor this list handed out"))
        })
        .transpose()
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

    #[test]
    fn limits_are_kept_within_the_bounds() {
        let bounds = Bounds { default: 200, max: 1000 };
        assert_eq!(bounds.limit(None), 200);
        assert_eq!(bounds.limit(Some(0)), 1);
        assert_eq!(bounds.limit(Some(5000)), 1000);
    }

    #[test]
    fn a_cursor_that_does_not_parse_is_named() {
        assert_eq!(parse::<i64>(Some("12")).expect("a number"), Some(12));
        assert!(parse::<i64>(Some("x")).expect_err("not a number").to_string().contains("cursor"));
    }
}
