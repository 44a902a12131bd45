//! The one audited write path. Every change to stored data happens inside a [`WriteTx`]:
//! it holds the audit chain head's row lock (so writers on every node take turns and the
//! chain stays linear), appends an audit entry for each change, and appends a change-feed
//! row for each change the public can see — in the same transaction as the change itself.

use chrono::{DateTime, Utc};
use gongkai_core::audit::{AuditEntry, AuditEvent};

use crate::db::{Query, Reader, Row, Tx};
use crate::feed::FeedEvent;
use crate::{q, Db, Dialect, Result};

/// An open write on behalf of one actor at one instant.
pub struct WriteTx {
    tx: Tx,
    actor: String,
    now: DateTime<Utc>,
    /// The chain's head as of the last entry this write appended: read once with the
    /// lock and written back once at commit, not on every entry.
    head: (i64, String),
    head_moved: bool,
    /// Audit entries and feed rows not yet written: they go in many at a time, since a
    /// statement's round trip costs far more than its rows. Nothing reads them back
    /// before the transaction commits.
    audit: Vec<AuditEntry>,
    feed: Vec<(DateTime<Utc>, FeedEvent)>,
}

/// Rows written per statement when flushing: 11 values a row, well under both backends'
/// limits on parameters.
const FLUSH_ROWS: usize = 200;

/// One audited change: what happened to which object, its fingerprints before and after,
/// and — when the public could see the object before or after — what the feed announces.
pub(crate) struct Logged<'a> {
    pub action: &'a str,
    pub object_kind: &'a str,
    pub object_id: &'a str,
    pub before: Option<String>,
    pub after: Option<String>,
    pub detail: String,
    pub feed: Option<FeedEvent>,
}

impl Db {
    /// Begins a write for `actor` at `now`. On SQLite the first statement must already
    /// write: a transaction that starts by reading cannot later wait for the write lock
    /// and fails at once with "locked" when another process holds it.
    pub(crate) async fn write(&self, actor: &str, now: DateTime<Utc>) -> Result<WriteTx> {
        let mut tx = self.begin().await?;
        let lock = match tx.dialect() {
            Dialect::Sqlite => "UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash",
            Dialect::Postgres => "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE",
        };
        let head: (i64, String) = tx.fetch_one(q(lock)).await?;
        Ok(WriteTx { tx, actor: actor.to_owned(), now, head, head_moved: false, audit: Vec::new(), feed: Vec::new() })
    }
}

impl WriteTx {
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub(crate) async fn execute(&mut self, query: Query) -> Result<u64> {
        self.tx.execute(query).await
    }

    pub(crate) async fn fetch_one<T: Row>(&mut self, query: Query) -> Result<T> {
        self.tx.fetch_one(query).await
    }

    /// Appends the audit entry of a change and, for public content, its feed row.
    pub(crate) async fn log(&mut self, logged: Logged<'_>) -> Result<()> {
        let event = AuditEvent {
            at: self.now.timestamp(),
            actor: self.actor.clone(),
            action: logged.action.to_owned(),
            object_kind: logged.object_kind.to_owned(),
            object_id: logged.object_id.to_owned(),
            hash_before: logged.before,
            hash_after: logged.after,
            detail: logged.detail,
        };
        let (seq, hash) = &self.head;
        let entry = event.chain((*seq > 0).then_some((*seq, hash.as_str())));
        self.head = (entry.seq, entry.hash.clone());
        self.head_moved = true;
        self.audit.push(entry);
        if let Some(feed) = logged.feed {
            self.feed.push((self.now, feed));
        }
        if self.audit.len() >= FLUSH_ROWS || self.feed.len() >= FLUSH_ROWS {
            self.flush().await?;
        }
        Ok(())
    }

    /// Writes the audit entries and feed rows gathered so far.
    async fn flush(&mut self) -> Result<()> {
        crate::audit::insert_many(&mut self.tx, &std::mem::take(&mut self.audit)).await?;
        crate::feed::insert_many(&mut self.tx, &std::mem::take(&mut self.feed)).await
    }

    pub async fn commit(mut self) -> Result<()> {
        self.flush().await?;
        if self.head_moved {
            let (seq, hash) = &self.head;
            self.tx
                .execute(q("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1").bind(*seq).bind(hash.as_str()))
                .await?;
        }
        self.tx.commit().await
    }
}

impl Reader for WriteTx {
    fn fetch_all<T: Row>(&mut self, query: Query) -> impl std::future::Future<Output = Result<Vec<T>>> + Send {
        self.tx.fetch_all(query)
    }
    fn fetch_optional<T: Row>(&mut self, query: Query) -> impl std::future::Future<Output = Result<Option<T>>> + Send {
        self.tx.fetch_optional(query)
    }
    fn dialect(&self) -> Dialect {
        self.tx.dialect()
    }
}
