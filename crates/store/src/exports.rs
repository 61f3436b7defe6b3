//! The export record: which draft of which case was downloaded, by whom, and the SHA-256 of
//! the exact bytes.

use chrono::{DateTime, Utc};
use domain::{CaseId, ControllerId};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::connect::Store;
use crate::entity::draft_export;
use crate::error::StoreError;

pub use domain::export::DraftExport;

pub(crate) fn to_active(export: &DraftExport) -> draft_export::ActiveModel {
    draft_export::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        case_id: Set(export.case_id.0),
        draft: Set(export.draft.clone()),
        controller_id: Set(export.controller_id.map(|c| c.0)),
        lang: Set(export.lang.clone()),
        sha256: Set(export.sha256.clone()),
        exported_by: Set(export.exported_by.clone()),
        exported_at: Set(domain::time::normalise(export.exported_at)),
    }
}

pub(crate) fn from_model(m: draft_export::Model) -> DraftExport {
    DraftExport {
        case_id: CaseId(m.case_id),
        draft: m.draft,
        controller_id: m.controller_id.map(ControllerId),
        lang: m.lang,
        sha256: m.sha256,
        exported_by: m.exported_by,
        exported_at: m.exported_at,
    }
}

impl Store {
    /// The latest export of a draft of a case (for a controller, when given), at or before
    /// `until`.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn latest_draft_export(
        &self,
        case_id: CaseId,
        draft: &str,
        controller_id: Option<ControllerId>,
        until: DateTime<Utc>,
    ) -> Result<Option<DraftExport>, StoreError> {
        let mut query = draft_export::Entity::find()
            .filter(draft_export::Column::CaseId.eq(case_id.0))
            .filter(draft_export::Column::Draft.eq(draft))
            .filter(draft_export::Column::ExportedAt.lte(until));
        if let Some(controller) = controller_id {
            query = query.filter(draft_export::Column::ControllerId.eq(controller.0));
        }
        Ok(query
            .order_by_desc(draft_export::Column::ExportedAt)
            .order_by_desc(draft_export::Column::Id)
            .one(&self.read)
            .await?
            .map(from_model))
    }
}
