//! The change feed: every committed change to public content appends a row in the same
//! transaction; caches and indexes on every node follow its sequence number.

use crate::{q, unix_now, Db, Result, Tx};

impl Tx {
    /// Records that public content of `kind` (`record`, `org`, `catalog`) changed.
    pub async fn feed(&mut self, kind: &str, object_id: &str) -> Result<()> {
        self.execute(
            q("INSERT INTO change_feed (at, kind, object_id) VALUES ($1, $2, $3)")
                .bind(unix_now())
                .bind(kind)
                .bind(object_id),
        )
        .await?;
        Ok(())
    }
}

impl Db {
    /// The newest sequence number, 0 for an empty feed. Cheap: a primary-key lookup.
    pub async fn feed_head(&self) -> Result<i64> {
        let (seq,): (Option<i64>,) = self.fetch_one(q("SELECT MAX(seq) FROM change_feed")).await?;
        Ok(seq.unwrap_or(0))
    }
}
