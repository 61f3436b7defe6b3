//! The people who act, as readers see them: the record keeps an actor's id (no personal data
//! in the chain); pages and drafts show the person's name and role instead
//! (`domain::access::name_and_role`, the one rule).

use domain::names::Language;
use store::{Store, StoreError};

/// The accounts of this installation (and the demo loader, named as the DPO it acted for).
#[derive(Debug, Clone, Default)]
pub struct People {
    people: Vec<domain::Person>,
}

impl People {
    /// Every account (a handful to a few hundred: read once per page).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn load(store: &Store) -> Result<Self, StoreError> {
        Ok(People { people: crate::loaded::people(store).await? })
    }

    /// "Name (role)" for the id the record keeps.
    pub fn describe(&self, actor: &str, lang: Language) -> String {
        domain::access::name_and_role(&self.people, actor, lang)
    }

    /// The people, for the drafts and the register.
    pub fn persons(&self) -> &[domain::Person] {
        &self.people
    }
}
