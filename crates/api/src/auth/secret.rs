//! Bearer secrets for sessions and API tokens: `<public id>` + `<random secret>`, of which the
//! database keeps only the id and SHA-256 of the secret. The id finds the row; the secret's hash
//! is then compared in constant time, so response timing reveals nothing about how much of a
//! guessed secret was right.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use uuid::Uuid;

/// Bytes of randomness in every secret: 256 bits, beyond guessing (OWASP: at least 64 bits).
const SECRET_BYTES: usize = 32;
/// Every API token starts with this, so secret scanners and people can recognise one.
pub const API_TOKEN_PREFIX: &str = "bdt_";

/// A freshly made secret: the text to hand out once, and the hash to store.
#[derive(Debug)]
pub struct Issued {
    /// The whole bearer value (`id` + secret); shown once, never stored.
    pub bearer: String,
    /// SHA-256 of the secret half, hex: what the database keeps.
    pub secret_hash: String,
}

/// Fills `SECRET_BYTES` from the operating system's CSPRNG.
///
/// # Errors
/// Fails only when the operating system has no randomness to give.
fn random_secret() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes)?;
    Ok(hex::encode(bytes))
}

/// SHA-256 of a secret, hex. A fast hash suffices: the secret has 256 bits of entropy.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Whether `secret` hashes to `stored_hash`, compared in constant time.
pub fn secret_matches(secret: &str, stored_hash: &str) -> bool {
    hash_secret(secret).as_bytes().ct_eq(stored_hash.as_bytes()).into()
}

/// A new API token for the token row `id`: `bdt_<id, 32 hex>_<secret, 64 hex>`.
///
/// # Errors
/// Fails only when the operating system has no randomness to give.
pub fn issue_api_token(id: Uuid) -> Result<Issued, getrandom::Error> {
    let secret = random_secret()?;
    Ok(Issued { bearer: format!("{API_TOKEN_PREFIX}{}_{secret}", id.simple()), secret_hash: hash_secret(&secret) })
}

/// Splits an API token into its row id and secret; `None` when it is not one of ours.
pub fn parse_api_token(token: &str) -> Option<(Uuid, &str)> {
    let rest = token.strip_prefix(API_TOKEN_PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    well_formed(secret).then_some(())?;
    Some((Uuid::try_parse(id).ok()?, secret))
}

/// A new session cookie value for the session row `id`: `<id, 32 hex>.<secret, 64 hex>`.
///
/// # Errors
/// Fails only when the operating system has no randomness to give.
pub fn issue_session(id: Uuid) -> Result<(Issued, String), getrandom::Error> {
    let secret = random_secret()?;
    let csrf = csrf_token_for(&secret);
    Ok((Issued { bearer: format!("{}.{secret}", id.simple()), secret_hash: hash_secret(&secret) }, csrf))
}

/// Splits a session cookie value into its row id and secret.
pub fn parse_session(value: &str) -> Option<(Uuid, &str)> {
    let (id, secret) = value.split_once('.')?;
    well_formed(secret).then_some(())?;
    Some((Uuid::try_parse(id).ok()?, secret))
}

/// The CSRF token of a session, derived from its secret with a different domain separator
/// than the stored hash, so the token reveals neither the secret nor the stored hash. A
/// cross-site attacker cannot read the HttpOnly cookie, so cannot compute it (OWASP:
/// synchroniser token pattern, without server-side state).
pub fn csrf_token_for(session_secret: &str) -> String {
    hex::encode(Sha256::digest(format!("breachdesk csrf\0{session_secret}").as_bytes()))
}

/// Whether `offered` is the CSRF token of the session secret, compared in constant time.
pub fn csrf_matches(session_secret: &str, offered: &str) -> bool {
    csrf_token_for(session_secret).as_bytes().ct_eq(offered.as_bytes()).into()
}

fn well_formed(secret: &str) -> bool {
    secret.len() == SECRET_BYTES * 2 && secret.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issued_token_parses_back_and_matches_only_its_own_hash() {
        let id = Uuid::now_v7();
        let issued = issue_api_token(id).expect("randomness");
        let (parsed_id, secret) = parse_api_token(&issued.bearer).expect("parses");
        assert_eq!(parsed_id, id);
        assert!(secret_matches(secret, &issued.secret_hash));
        let other = issue_api_token(id).expect("randomness");
        assert!(!secret_matches(secret, &other.secret_hash));
        assert!(!issued.bearer.contains(&issued.secret_hash));
    }

    #[test]
    fn malformed_values_are_refused() {
        for bad in ["", "bdt_", "bdt_x_y", "Bearer bdt_1_2", "bdt_00000000000000000000000000000000_short"] {
            assert!(parse_api_token(bad).is_none(), "{bad}");
        }
        assert!(parse_session("nope").is_none());
    }

    #[test]
    fn the_csrf_token_belongs_to_its_session() {
        let (a, csrf_a) = issue_session(Uuid::now_v7()).expect("randomness");
        let (b, _) = issue_session(Uuid::now_v7()).expect("randomness");
        let secret_a = parse_session(&a.bearer).expect("parses").1;
        let secret_b = parse_session(&b.bearer).expect("parses").1;
        assert!(csrf_matches(secret_a, &csrf_a));
        assert!(!csrf_matches(secret_b, &csrf_a));
        assert_ne!(csrf_a, a.secret_hash);
    }
}
