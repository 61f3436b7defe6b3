//! The people who act, as readers see them: the record keeps an actor's id (no personal data
//! in the chain); pages and drafts show the person's name and role instead.

use std::collections::HashMap;

use domain::names::{Language, Named};
use store::{Store, StoreError};

/// The accounts of this installation, by the id the record keeps.
#[derive(Debug, Clone, Default)]
pub struct People {
    by_id: HashMap<String, (String, domain::Role)>,
}

impl People {
    /// Every account (a handful to a few hundred: read once per page).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn load(store: &Store) -> Result<Self, StoreError> {
        let users = store.users().await?;
        Ok(People { by_id: users.into_iter().map(|u| (u.id.to_string(), (u.display_name, u.role))).collect() })
    }

    /// "Name (role)" for a user's id; the demo loader and other non-persons as themselves.
    pub fn describe(&self, actor: &str, lang: Language) -> String {
        match self.by_id.get(actor) {
            Some((name, role)) => format!("{name} ({})", role.name(lang)),
            None if actor == "demo" => match lang {
                Language::Sv => "Demonstrationsdata".to_owned(),
                Language::En => "Demo data".to_owned(),
            },
            None => actor.to_owned(),
        }
    }
}
