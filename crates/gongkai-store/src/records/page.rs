//! Everything a record's page shows, read in one query: the record, the other versions of
//! its lineage, the records of its matter's timeline and its attachments — filtered by
//! what the viewer may see. The portal and the API both read records through here.

use gongkai_core::access::{sight, Actor, Sight};
use gongkai_core::record::{Record, RecordId, Visibility};

use super::row::{RecordRow, COLUMNS};
use crate::attachments::Attachment;
use crate::{q, Dialect, Result, Store, StoreError};

/// A record with its context, as one viewer may see it.
#[derive(Debug, Clone)]
pub struct RecordView {
    pub record: Record,
    pub sight: Sight,
    /// Versions of the lineage the viewer may know of, oldest first (the record included).
    pub versions: Vec<Record>,
    /// The matter's public records in stage order (the record included when public).
    pub timeline: Vec<Record>,
    /// Empty when the viewer may not see the content.
    pub attachments: Vec<Attachment>,
}

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    record: RecordRow,
    attachments: String,
}

/// The attachments of each row as a JSON array, in the dialect's words.
fn attachments_json(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => {
            "(SELECT json_group_array(json_object('id', a.id, 'record_id', a.record_id, 'sha256', a.sha256, \
             'file_name', a.file_name, 'media_type', a.media_type, 'size', a.size, 'created_at', a.created_at)) \
             FROM (SELECT * FROM attachments WHERE record_id = r.id ORDER BY created_at, id) a)"
        }
        Dialect::Postgres => {
            "(SELECT COALESCE(json_agg(json_build_object('id', a.id, 'record_id', a.record_id, 'sha256', a.sha256, \
             'file_name', a.file_name, 'media_type', a.media_type, 'size', a.size, 'created_at', a.created_at) \
             ORDER BY a.created_at, a.id)::text, '[]') FROM attachments a WHERE a.record_id = r.id)"
        }
    }
}

#[derive(serde::Deserialize)]
struct AttachmentJson {
    id: String,
    record_id: String,
    sha256: String,
    file_name: String,
    media_type: String,
    size: i64,
    created_at: i64,
}

impl Store {
    /// The record `id` with its versions, timeline and attachments as `viewer` (none for
    /// the public) may see them, through the access guard; one query.
    pub async fn record_view(&self, viewer: Option<&Actor>, id: &RecordId) -> Result<RecordView> {
        let columns = COLUMNS.split(", ").map(|c| format!("r.{c}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT {columns}, {} AS attachments FROM records r
             WHERE r.lineage_id = (SELECT lineage_id FROM records WHERE id = $1)
                OR r.matter_id = (SELECT matter_id FROM records WHERE id = $1)",
            attachments_json(self.db.dialect())
        );
        let rows: Vec<Row> = self.db.fetch_all(q(sql).bind(id.as_str())).await?;
        let mut records = Vec::with_capacity(rows.len());
        let mut attachments = Vec::new();
        for row in rows {
            let record = Record::try_from(row.record)?;
            if &record.id == id {
                let parsed: Vec<AttachmentJson> = serde_json::from_str(&row.attachments)
                    .map_err(|e| StoreError::Corrupt(format!("attachments of {id}: {e}")))?;
                attachments = parsed
                    .into_iter()
                    .map(|a| Attachment {
                        id: a.id,
                        record_id: a.record_id,
                        sha256: a.sha256,
                        file_name: a.file_name,
                        media_type: a.media_type,
                        size: a.size,
                        created_at: a.created_at,
                    })
                    .collect();
            }
            records.push(record);
        }
        let record = records.iter().find(|r| &r.id == id).cloned().ok_or_else(|| super::not_found(id))?;
        let seen = sight(viewer, &record)?;
        if !seen.shows_content() {
            attachments.clear();
        }
        let mut versions: Vec<Record> = records
            .iter()
            .filter(|r| {
                r.lineage == record.lineage && (seen == Sight::Internal || r.visibility() != Visibility::Hidden)
            })
            .cloned()
            .collect();
        versions.sort_by_key(|r| r.version);
        let mut timeline: Vec<Record> = records
            .into_iter()
            .filter(|r| record.matter.is_some() && r.matter == record.matter && r.visibility() != Visibility::Hidden)
            .collect();
        // Stages in the order they run (the enum's order), records without one last.
        timeline.sort_by_key(|r| (r.stage.is_none(), r.stage, r.published_at));
        Ok(RecordView { record, sight: seen, versions, timeline, attachments })
    }
}
