//! Password hashing with argon2id (OWASP Password Storage: m = 19 MiB, t = 2, p = 1), run off
//! the async workers. An unknown account costs the same work as a wrong password: the check
//! runs against a dummy hash made with the same parameters (OWASP Authentication: no account
//! enumeration by timing).
//!
//! Each hash needs 19 MiB, so hashes run in turns: a fixed number at once (from the cores and
//! the memory, or configured), each in a memory area allocated once per turn and reused, so a
//! flood of logins costs at most `turns × 19 MiB` however many arrive. A request that finds
//! every turn taken waits briefly, then is told to come back (503 with Retry-After).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

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

    fn memory_bytes(self) -> u64 {
        u64::from(self.memory_kib) * 1024
    }
}

/// How long a password check waits for a turn before it is refused with 503: long enough to
/// ride out a burst of honest logins, short enough that a flood does not pile up waiting.
pub const HASH_TURN_WAIT: Duration = Duration::from_secs(2);

/// The share of the memory available at start that password hashing may hold at most.
const HASH_MEMORY_SHARE: u64 = 4;

/// How many password hashes run at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashTurns(pub usize);

impl HashTurns {
    /// One per core, but never more than a quarter of the memory available (MemAvailable, or
    /// the cgroup's limit when lower) can hold at `cost`; at least one.
    pub fn for_machine(cost: PasswordCost) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let by_memory = available_memory_bytes()
            .map(|bytes| usize::try_from(bytes / HASH_MEMORY_SHARE / cost.memory_bytes().max(1)).unwrap_or(usize::MAX));
        HashTurns(by_memory.map_or(cores, |m| m.min(cores)).max(1))
    }
}

/// The memory this process may still use, from /proc/meminfo and the cgroup v2 limit (Linux).
fn available_memory_bytes() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok();
    let available = meminfo.as_deref().and_then(|text| {
        let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    });
    let cgroup = std::fs::read_to_string("/sys/fs/cgroup/memory.max").ok().and_then(|t| t.trim().parse::<u64>().ok());
    match (available, cgroup) {
        (Some(a), Some(c)) => Some(a.min(c)),
        (a, c) => a.or(c),
    }
}

/// Hashes and checks passwords, a bounded number at once. Cheap to clone.
#[derive(Clone)]
pub struct Passwords {
    cost: PasswordCost,
    dummy_hash: Arc<str>,
    turns: HashTurns,
    wait: Duration,
    free_turns: Arc<Semaphore>,
    /// The memory areas of the turns not running, reused: at most one per turn exists.
    areas: Arc<Mutex<Vec<Vec<Block>>>>,
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passwords").field("cost", &self.cost).field("turns", &self.turns).finish_non_exhaustive()
    }
}

fn params(cost: PasswordCost) -> Result<Params, AppError> {
    Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)
        .map_err(|e| AppError::Internal(format!("argon2 parameters: {e}")))
}

/// A memory area for `blocks` blocks: the one given when large enough, else a new one.
fn area_for(area: &mut Vec<Block>, blocks: usize) -> &mut [Block] {
    if area.len() < blocks {
        area.resize(blocks, Block::default());
    }
    &mut area[..blocks]
}

fn hash_in(area: &mut Vec<Block>, cost: PasswordCost, password: &str) -> Result<String, AppError> {
    let params = params(cost)?;
    let failed = |e: &dyn std::fmt::Display| AppError::Internal(format!("argon2 hashing: {e}"));
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    let blocks = params.block_count();
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    argon2
        .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, area_for(area, blocks))
        .map_err(|e| failed(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| failed(&e))?,
        salt: Some(Salt::new(&salt).map_err(|e| failed(&e))?),
        hash: Some(Output::new(&out).map_err(|e| failed(&e))?),
    };
    Ok(phc.to_string())
}

fn verify_in(area: &mut Vec<Block>, password: &str, phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else { return false };
    let (Some(salt), Some(expected)) = (&hash.salt, &hash.hash) else { return false };
    let (Ok(params), Ok(algorithm)) = (Params::try_from(&hash), Algorithm::try_from(hash.algorithm.as_str())) else {
        return false;
    };
    let Ok(version) = hash.version.map_or(Ok(Version::default()), Version::try_from) else { return false };
    let blocks = params.block_count();
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    if argon2
        .hash_password_into_with_memory(password.as_bytes(), salt.as_ref(), &mut out, area_for(area, blocks))
        .is_err()
    {
        return false;
    }
    // Output's equality is constant-time.
    Output::new(&out).is_ok_and(|computed| computed == *expected)
}

/// A turn to hash: held while one password is hashed or checked.
pub struct HashTurn {
    passwords: Passwords,
    _permit: OwnedSemaphorePermit,
}

impl HashTurn {
    /// Runs `work` off the async workers in this turn's memory area.
    async fn run<T: Send + 'static>(
        self,
        work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let areas = self.passwords.areas.clone();
        let blocks = usize::try_from(self.passwords.cost.memory_kib).unwrap_or(usize::MAX);
        tokio::task::spawn_blocking(move || {
            let taken = areas.lock().ok().and_then(|mut free| free.pop());
            let mut area = taken.unwrap_or_else(|| vec![Block::default(); blocks]);
            let result = work(&mut area);
            // A larger area (a hash stored with a higher cost) is not kept.
            area.truncate(blocks);
            if let Ok(mut free) = areas.lock() {
                free.push(area);
            }
            result
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
        // The permit is released here, after the area is back.
    }

    /// Hashes a new password (PHC string with a random salt).
    ///
    /// # Errors
    /// Fails when hashing fails (it does not for valid parameters).
    pub async fn hash(self, password: String) -> Result<String, AppError> {
        let cost = self.passwords.cost;
        self.run(move |area| hash_in(area, cost, &password)).await?
    }

    /// Whether `password` matches `stored`; with `stored = None` (unknown account) the same
    /// work is done against the dummy hash and the answer is `false`.
    ///
    /// # Errors
    /// Fails only when the blocking task cannot run.
    pub async fn verify(self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| self.passwords.dummy_hash.to_string());
        let matches = self.run(move |area| verify_in(area, &password, &phc)).await?;
        Ok(known && matches)
    }
}

impl Passwords {
    /// A hasher with `cost`, as many turns as the machine affords; makes the dummy hash once
    /// (one hashing's time).
    ///
    /// # Errors
    /// Fails when the cost is outside what argon2 accepts.
    pub fn new(cost: PasswordCost) -> Result<Self, AppError> {
        Self::with_turns(cost, HashTurns::for_machine(cost))
    }

    /// A hasher with `cost` and `turns` hashes at once.
    ///
    /// # Errors
    /// Fails when the cost is outside what argon2 accepts or `turns` is zero.
    pub fn with_turns(cost: PasswordCost, turns: HashTurns) -> Result<Self, AppError> {
        if turns.0 == 0 {
            return Err(AppError::Internal("BREACHDESK_PASSWORD_HASH_TURNS must be at least 1".into()));
        }
        // The dummy's password is random so that no password can ever match it.
        let mut seed = [0u8; 16];
        getrandom::fill(&mut seed).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
        let dummy = hash_in(&mut Vec::new(), cost, &hex::encode(seed))?;
        Ok(Self {
            cost,
            dummy_hash: dummy.into(),
            turns,
            wait: HASH_TURN_WAIT,
            free_turns: Arc::new(Semaphore::new(turns.0)),
            areas: Arc::new(Mutex::new(Vec::new())),
        })
    }

    /// The same hasher, waiting at most `wait` for a turn instead of [`HASH_TURN_WAIT`].
    #[must_use]
    pub fn with_wait(mut self, wait: Duration) -> Self {
        self.wait = wait;
        self
    }

    /// The cost of new hashes.
    pub fn cost(&self) -> PasswordCost {
        self.cost
    }

    /// How many hashes run at once.
    pub fn turns(&self) -> HashTurns {
        self.turns
    }

    /// Waits for a turn to hash, at most [`HASH_TURN_WAIT`] (or the wait set).
    ///
    /// # Errors
    /// `PasswordChecksBusy` (503 with Retry-After) when no turn came free in time.
    pub async fn turn(&self) -> Result<HashTurn, AppError> {
        match tokio::time::timeout(self.wait, self.free_turns.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(HashTurn { passwords: self.clone(), _permit: permit }),
            Ok(Err(_closed)) => Err(AppError::Internal("the password turns were closed".into())),
            Err(_elapsed) => {
                tracing::warn!(turns = self.turns.0, "password check refused: every hashing turn is taken");
                Err(AppError::PasswordChecksBusy { retry_after: self.wait.as_secs().max(1) })
            }
        }
    }

    /// Hashes a new password in the next turn.
    ///
    /// # Errors
    /// `PasswordChecksBusy` when no turn came free in time; fails when hashing fails.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.turn().await?.hash(password).await
    }

    /// Checks a password in the next turn (see [`HashTurn::verify`]).
    ///
    /// # Errors
    /// `PasswordChecksBusy` when no turn came free in time.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        self.turn().await?.verify(password, stored).await
    }

    /// Hashes synchronously, outside the turns (the CLI: one hash, no server).
    ///
    /// # Errors
    /// Fails when hashing fails.
    pub fn hash_now(&self, password: &str) -> Result<String, AppError> {
        hash_in(&mut Vec::new(), self.cost, password)
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

    #[tokio::test]
    async fn hashes_made_by_the_argon2_crate_itself_verify() {
        use argon2::PasswordHasher;
        let stored = Argon2::new(Algorithm::Argon2id, Version::V0x13, params(PasswordCost::TESTS).expect("valid"))
            .hash_password(b"korrekt h\xc3\xa4ftklammer")
            .expect("hashes")
            .to_string();
        let passwords = Passwords::new(PasswordCost::TESTS).expect("valid cost");
        assert!(passwords.verify("korrekt häftklammer".into(), Some(stored)).await.expect("runs"));
    }

    #[tokio::test]
    async fn with_every_turn_taken_a_check_is_refused_as_busy_and_a_freed_turn_is_used() {
        let passwords =
            Passwords::with_turns(PasswordCost::TESTS, HashTurns(1)).expect("valid").with_wait(Duration::ZERO);
        let held = passwords.turn().await.expect("a free turn");
        let refused = passwords.verify("x".repeat(12), None).await;
        assert!(matches!(refused, Err(AppError::PasswordChecksBusy { retry_after: 1 })), "{refused:?}");
        drop(held);
        assert!(!passwords.verify("x".repeat(12), None).await.expect("a turn came free"));
    }

    #[test]
    fn the_machine_gets_at_least_one_turn_and_no_more_than_its_cores() {
        let turns = HashTurns::for_machine(PasswordCost::PRODUCTION).0;
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        assert!((1..=cores).contains(&turns), "{turns} turns on {cores} cores");
    }
}
