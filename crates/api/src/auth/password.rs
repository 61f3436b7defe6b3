//! Password hashing with argon2id (OWASP Password Storage: m = 19 MiB, t = 2, p = 1), run off
//! the async workers. An unknown account costs the same work as a wrong password: the check
//! runs against a dummy hash made with the same parameters (OWASP Authentication: no account
//! enumeration by timing).

use std::sync::Arc;

use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

use crate::error::AppError;

/// The cost of new password hashes. Verification always uses the cost stored in the hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordCost {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl PasswordCost {
    /// OWASP Password Storage Cheat Sheet, argon2id: 19 MiB, 2 passes, 1 lane.
    pub const PRODUCTION: PasswordCost = PasswordCost { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 };
    /// The cheapest argon2 allows; for tests only, where hashes guard nothing.
    pub const TESTS: PasswordCost = PasswordCost { memory_kib: 8, iterations: 1, parallelism: 1 };
}

/// Hashes and checks passwords. Cheap to clone.
#[derive(Clone)]
pub struct Passwords {
    cost: PasswordCost,
    dummy_hash: Arc<str>,
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passwords").field("cost", &self.cost).finish_non_exhaustive()
    }
}

fn hasher(cost: PasswordCost) -> Result<Argon2<'static>, AppError> {
    let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)
        .map_err(|e| AppError::Internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn hash_blocking(cost: PasswordCost, password: &str) -> Result<String, AppError> {
    Ok(hasher(cost)?
        .hash_password(password.as_bytes())
        .map_err(|e| AppError::Internal(format!("argon2 hashing: {e}")))?
        .to_string())
}

fn verify_blocking(cost: PasswordCost, password: &str, phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else { return false };
    hasher(cost).is_ok_and(|h| h.verify_password(password.as_bytes(), &hash).is_ok())
}

impl Passwords {
    /// A hasher with `cost`; makes the dummy hash once (one hashing's time).
    ///
    /// # Errors
    /// Fails when the cost is outside what argon2 accepts.
    pub fn new(cost: PasswordCost) -> Result<Self, AppError> {
        // The dummy's password is random so that no password can ever match it.
        let mut seed = [0u8; 16];
        getrandom::fill(&mut seed).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
        let dummy = hash_blocking(cost, &hex::encode(seed))?;
        Ok(Self { cost, dummy_hash: dummy.into() })
    }

    /// The cost of new hashes.
    pub fn cost(&self) -> PasswordCost {
        self.cost
    }

    /// Hashes a new password (PHC string with a random salt).
    ///
    /// # Errors
    /// Fails when hashing fails (it does not for valid parameters).
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        let cost = self.cost;
        tokio::task::spawn_blocking(move || hash_blocking(cost, &password))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
    }

    /// Whether `password` matches `stored`; with `stored = None` (unknown account) the same
    /// work is done against the dummy hash and the answer is `false`.
    ///
    /// # Errors
    /// Fails only when the blocking task cannot run.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        let cost = self.cost;
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| self.dummy_hash.to_string());
        let matches = tokio::task::spawn_blocking(move || verify_blocking(cost, &password, &phc))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(known && matches)
    }

    /// Hashes synchronously (the CLI).
    ///
    /// # Errors
    /// Fails when hashing fails.
    pub fn hash_now(&self, password: &str) -> Result<String, AppError> {
        hash_blocking(self.cost, password)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only_and_is_argon2id() {
        let passwords = Passwords::new(PasswordCost::TESTS).expect("valid cost");
        let hash = passwords.hash("korrekt häftklammer".into()).await.expect("hashes");
        assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
        assert!(passwords.verify("korrekt häftklammer".into(), Some(hash.clone())).await.expect("runs"));
        assert!(!passwords.verify("fel lösenord".into(), Some(hash)).await.expect("runs"));
        assert!(!passwords.verify("korrekt häftklammer".into(), None).await.expect("runs"));
    }
}
