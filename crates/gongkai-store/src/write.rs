//! The one audited write path. Every change to stored data happens inside a [`WriteTx`]:
//! it holds the audit chain head's row lock (so writers on every node take turns and the
//! chain stays linear), appends an audit entry for each change, and appends a change-feed
//! row for each change the public can see — in the same transaction as the change itself.

use chrono::{DateTime, Utc};
use gongkai_core::audit::AuditEvent;

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
}

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
        Ok(WriteTx { tx, actor: actor.to_owned(), now, head, head_moved: false })
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
        let entry = crate::audit::append(&mut self.tx, &self.head, event).await?;
        self.head = (entry.seq, entry.hash);
        self.head_moved = true;
        if let Some(feed) = logged.feed {
            crate::feed::append(&mut self.tx, self.now, &feed).await?;
        }
        Ok(())
    }

    pub async fn commit(mut self) -> Result<()> {
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
