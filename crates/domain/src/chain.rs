//! The hash chain shared by the case timeline and the audit log: each record stores the hash of
//! the one before and `SHA-256(prev_hash || canonical bytes)`, so an edited, deleted or
//! reordered record is detectable.

use sha2::{Digest, Sha256};

/// The hash the first record of every chain points back to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A stable, unambiguous encoding of fields: each is written as its byte length, a colon and
/// its bytes, so no two different field lists share an encoding.
pub fn canonical_bytes<S: AsRef<str>>(fields: &[S]) -> Vec<u8> {
    let mut out = Vec::new();
    for field in fields {
        let field = field.as_ref();
        out.extend_from_slice(field.len().to_string().as_bytes());
        out.push(b':');
        out.extend_from_slice(field.as_bytes());
    }
    out
}

/// `SHA-256(prev_hash || canonical bytes of fields)`, hex.
pub fn chained_hash<S: AsRef<str>>(prev_hash: &str, fields: &[S]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(canonical_bytes(fields));
    hex::encode(hasher.finalize())
}

/// The global chain's head after the entry at place `global_seq` (entry `seq` of case `case_id`,
/// hashed `hash`), given the head before it: every event of every case in one sequence.
pub fn global_head(previous_head: &str, global_seq: i64, case_id: crate::CaseId, seq: i64, hash: &str) -> String {
    chained_hash(previous_head, &[global_seq.to_string(), case_id.to_string(), seq.to_string(), hash.to_owned()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_a_separator_changes_the_encoding() {
        assert_ne!(canonical_bytes(&["ab", "c"]), canonical_bytes(&["a", "bc"]));
        assert_ne!(chained_hash(GENESIS_HASH, &["ab", "c"]), chained_hash(GENESIS_HASH, &["a", "bc"]));
    }
}
