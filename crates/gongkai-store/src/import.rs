//! Loading records that were already published elsewhere (demo content, migrations from
//! old sites): written straight into their public state, each still audited and fed.

use chrono::NaiveDate;
use gongkai_core::catalog::CatalogCode;
use gongkai_core::org::OrgCode;
use gongkai_core::record::{RecordState, Stage};
use gongkai_core::DomainError;

use crate::audit::event;
use crate::records::COLUMNS;
use crate::{new_id, q, Result, Tx};

/// A record as it stood when published. The caller vouches that `catalog` is a leaf of
/// `org`'s catalogue.
#[derive(Debug, Clone)]
pub struct ImportRecord {
    pub org: OrgCode,
    pub catalog: CatalogCode,
    pub title: String,
    pub summary: Option<String>,
    pub body_html: String,
    pub stage: Option<Stage>,
    pub matter_id: Option<String>,
    pub publicity_start: Option<NaiveDate>,
    pub publicity_end: Option<NaiveDate>,
    /// Unix seconds.
    pub published_at: i64,
    /// `Published`, `Expired`, `Withdrawn` or `Superseded`.
    pub state: RecordState,
    pub withdraw_reason: Option<String>,
    /// For a later version: the id of the version it replaces, and why.
    pub previous_id: Option<String>,
    pub change_note: Option<String>,
}

impl Tx {
    /// Writes one published record; returns its id.
    pub async fn import_record(&mut self, actor: &str, r: &ImportRecord) -> Result<String> {
        if !r.state.is_public() {
            return Err(DomainError::invalid("invalid_state", "只能导入已公开的记录").into());
        }
        let id = new_id();
        let (lineage, version) = match &r.previous_id {
            Some(prev) => {
                let (lineage, version): (String, i64) = self
                    .fetch_one(q("SELECT lineage_id, version FROM records WHERE id = $1").bind(prev.as_str()))
                    .await?;
                (lineage, version + 1)
            }
            None => (id.clone(), 1),
        };
        let withdrawn_at = (r.state == RecordState::Withdrawn).then_some(r.published_at);
        self.execute(
            q(format!(
                "INSERT INTO records ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, NULL,
                 $16, 'system', 'system', NULL, $17, $18, $16, $16)"
            ))
            .bind(id.as_str())
            .bind(lineage)
            .bind(version)
            .bind(r.previous_id.clone())
            .bind(r.change_note.clone())
            .bind(r.org.as_str())
            .bind(r.catalog.as_str())
            .bind(r.matter_id.clone())
            .bind(r.stage.map(|s| s.as_str()))
            .bind(r.title.as_str())
            .bind(r.summary.clone())
            .bind(r.body_html.as_str())
            .bind(r.state.as_str())
            .bind(r.publicity_start.map(|d| d.to_string()))
            .bind(r.publicity_end.map(|d| d.to_string()))
            .bind(r.published_at)
            .bind(r.withdraw_reason.clone())
            .bind(withdrawn_at),
        )
        .await?;
        let after = self.record(&id).await?;
        self.audit(event(actor, "import", "record", &id, None, Some(after.hash()), r.title.clone())).await?;
        self.feed("record", &id).await?;
        Ok(id)
    }
}
