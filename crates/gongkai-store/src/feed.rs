//! The change feed: every committed change to public content appends a row in the same
//! transaction (written only by the audited write path); page caches and the search index
//! on every node follow its sequence numbers.

use chrono::{DateTime, Utc};
use gongkai_core::org::OrgCode;
use gongkai_core::record::Record;

use crate::db::Tx;
use crate::{q, Db, Result};

/// What changed, with the scope a follower needs to drop only what it touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEvent {
    /// `record`, `org`, `catalog` or `opinion`.
    pub kind: String,
    pub object_id: String,
    pub org: Option<String>,
    pub lineage: Option<String>,
    pub matter: Option<String>,
}

impl FeedEvent {
    pub fn record(record: &Record) -> Self {
        Self {
            kind: "record".into(),
            object_id: record.id.to_string(),
            org: Some(record.org.to_string()),
            lineage: Some(record.lineage.to_string()),
            matter: record.matter.as_ref().map(ToString::to_string),
        }
    }

    pub fn org(code: &OrgCode) -> Self {
        Self {
            kind: "org".into(),
            object_id: code.to_string(),
            org: Some(code.to_string()),
            lineage: None,
            matter: None,
        }
    }

    /// A letter whose reply entered or left the opinion box's public list.
    pub fn opinion(id: &str, org: &OrgCode) -> Self {
        Self {
            kind: "opinion".into(),
            object_id: id.to_owned(),
            org: Some(org.to_string()),
            lineage: None,
            matter: None,
        }
    }

    /// A catalogue change of one organisation (`Some`) or of a template for a kind (`None`).
    pub fn catalog(owner: &str, org: Option<&OrgCode>) -> Self {
        Self {
            kind: "catalog".into(),
            object_id: owner.to_owned(),
            org: org.map(ToString::to_string),
            lineage: None,
            matter: None,
        }
    }
}

/// One row of the feed as followers read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    pub seq: i64,
    pub event: FeedEvent,
}

/// Writes feed rows in the order given, in one statement.
pub(crate) async fn insert_many(tx: &mut Tx, events: &[(DateTime<Utc>, FeedEvent)]) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO change_feed (at, kind, object_id, org_code, lineage_id, matter_id) VALUES {}",
        crate::db::values(tx.dialect(), events.len(), 6)
    );
    let mut query = q(sql);
    for (at, event) in events {
        query = query
            .bind(at.timestamp())
            .bind(event.kind.as_str())
            .bind(event.object_id.as_str())
            .bind(event.org.clone())
            .bind(event.lineage.clone())
            .bind(event.matter.clone());
    }
    tx.execute(query).await?;
    Ok(())
}

impl Db {
    /// The newest sequence number, 0 for an empty feed. Cheap: a primary-key lookup.
    pub async fn feed_head(&self) -> Result<i64> {
        let (seq,): (Option<i64>,) = self.fetch_one(q("SELECT MAX(seq) FROM change_feed")).await?;
        Ok(seq.unwrap_or(0))
    }

    /// Up to `limit` entries after `seq`, oldest first: what a follower has not seen yet.
    pub async fn feed_after(&self, seq: i64, limit: i64) -> Result<Vec<FeedEntry>> {
        type Row = (i64, String, String, Option<String>, Option<String>, Option<String>);
        let rows: Vec<Row> = self
            .fetch_all(
                q("SELECT seq, kind, object_id, org_code, lineage_id, matter_id FROM change_feed
                   WHERE seq > $1 ORDER BY seq LIMIT $2")
                .bind(seq)
                .bind(limit),
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(seq, kind, object_id, org, lineage, matter)| FeedEntry {
                seq,
                event: FeedEvent { kind, object_id, org, lineage, matter },
            })
            .collect())
    }
}
