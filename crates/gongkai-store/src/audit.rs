//! The audit log on disk: appending inside the writer's transaction, and verifying the
//! whole chain by streaming it in pages.

use gongkai_core::audit::{AuditEntry, ChainBreak, ChainVerifier};

use crate::db::Tx;
use crate::{q, Db, Result};

#[derive(sqlx::FromRow)]
pub(crate) struct EntryRow {
    seq: i64,
    at: i64,
    actor: String,
    action: String,
    object_kind: String,
    object_id: String,
    hash_before: Option<String>,
    hash_after: Option<String>,
    detail: String,
    prev_hash: String,
    hash: String,
}

impl From<EntryRow> for AuditEntry {
    fn from(r: EntryRow) -> Self {
        AuditEntry {
            seq: r.seq,
            at: r.at,
            actor: r.actor,
            action: r.action,
            object_kind: r.object_kind,
            object_id: r.object_id,
            hash_before: r.hash_before,
            hash_after: r.hash_after,
            detail: r.detail,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

impl Db {
    /// Reads up to `limit` entries after `after_seq`, in chain order.
    pub async fn audit_page(&self, after_seq: i64, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows: Vec<EntryRow> = self
            .fetch_all(
                q("SELECT seq, at, actor, action, object_kind, object_id, hash_before, hash_after, detail, prev_hash, hash
                   FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2")
                .bind(after_seq)
                .bind(limit),
            )
            .await?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }

    /// Entries about one object, oldest first (the record page's history).
    pub async fn audit_of(&self, object_id: &str) -> Result<Vec<AuditEntry>> {
        let rows: Vec<EntryRow> = self
            .fetch_all(
                q("SELECT seq, at, actor, action, object_kind, object_id, hash_before, hash_after, detail, prev_hash, hash
                   FROM audit_log WHERE object_id = $1 ORDER BY seq")
                .bind(object_id),
            )
            .await?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }

    /// Recomputes every link of the chain; `Ok(count)` when intact, otherwise the first
    /// entry that does not check out. `seq` is inside each hash, so walking in `seq` order
    /// still exposes entries whose positions were swapped.
    pub async fn verify_audit(&self) -> Result<Result<u64, ChainBreak>> {
        const PAGE: i64 = 5_000;
        let mut verifier = ChainVerifier::default();
        let mut after = 0;
        loop {
            let page = self.audit_page(after, PAGE).await?;
            for entry in &page {
                if let Err(broken) = verifier.check(entry) {
                    return Ok(Err(broken));
                }
            }
            match page.last() {
                Some(last) if page.len() as i64 == PAGE => after = last.seq,
                _ => break,
            }
        }
        let (seq, hash): (i64, String) = self.fetch_one(q("SELECT seq, hash FROM audit_head WHERE id = 1")).await?;
        let head = (seq > 0).then_some((seq, hash.as_str()));
        Ok(verifier.finish(head))
    }
}

/// Writes entries already chained by the write path, in one statement.
pub(crate) async fn insert_many(tx: &mut Tx, entries: &[AuditEntry]) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO audit_log (seq, at, actor, action, object_kind, object_id, hash_before, hash_after, detail, prev_hash, hash)
         VALUES {}",
        crate::db::values(tx.dialect(), entries.len(), 11)
    );
    let mut query = q(sql);
    for e in entries {
        query = query
            .bind(e.seq)
            .bind(e.at)
            .bind(e.actor.as_str())
            .bind(e.action.as_str())
            .bind(e.object_kind.as_str())
            .bind(e.object_id.as_str())
            .bind(e.hash_before.clone())
            .bind(e.hash_after.clone())
            .bind(e.detail.as_str())
            .bind(e.prev_hash.as_str())
            .bind(e.hash.as_str());
    }
    tx.execute(query).await?;
    Ok(())
}
