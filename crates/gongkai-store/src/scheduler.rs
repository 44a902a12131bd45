//! Timed work: publishing scheduled records when their time comes and marking records whose
//! publicity period has ended. Safe to run on every node at once: each record is re-read
//! under the writers' lock (see `Db::write`), so exactly one node acts on it.

use chrono::NaiveDate;
use gongkai_core::record::{Action, RecordState};

use crate::{q, Db, Result};

/// The actor named in the audit log for timed work.
pub const SYSTEM_ACTOR: &str = "system";

/// Records read per query; a round goes on while full batches bring progress, so a node
/// that was down catches up in one round, and a batch that another node is working through
/// at the same time ends it.
const BATCH: usize = 200;

impl Db {
    /// Publishes scheduled records due at `now`; returns how many this call published.
    pub async fn publish_due(&self, now: i64) -> Result<usize> {
        let mut published = 0;
        loop {
            let due: Vec<(String,)> = self
                .fetch_all(
                    q("SELECT id FROM records WHERE state = 'scheduled' AND publish_at <= $1 ORDER BY publish_at LIMIT $2")
                        .bind(now)
                        .bind(BATCH as i64),
                )
                .await?;
            let before = published;
            for (id,) in &due {
                let mut tx = self.write().await?;
                let record = tx.record(id).await?;
                if record.state()? != RecordState::Scheduled {
                    continue; // another node published it between our read and our lock
                }
                tx.publish(SYSTEM_ACTOR, &record, now).await?;
                tx.commit().await?;
                published += 1;
            }
            if due.len() < BATCH || published == before {
                return Ok(published);
            }
        }
    }

    /// Marks published records whose last publicity day is before `today` as expired.
    pub async fn expire_due(&self, today: NaiveDate) -> Result<usize> {
        let today = today.to_string();
        let mut expired = 0;
        loop {
            let due: Vec<(String,)> = self
                .fetch_all(
                    q("SELECT id FROM records WHERE state = 'published' AND publicity_end < $1 ORDER BY publicity_end LIMIT $2")
                        .bind(today.as_str())
                        .bind(BATCH as i64),
                )
                .await?;
            let before = expired;
            for (id,) in &due {
                let mut tx = self.write().await?;
                let record = tx.record(id).await?;
                if record.state()? != RecordState::Published {
                    continue; // another node expired (or someone withdrew) it meanwhile
                }
                let detail = format!("公示期至{}届满", record.publicity_end.as_deref().unwrap_or(""));
                tx.change_state(SYSTEM_ACTOR, &record, Action::Expire, "", &detail).await?;
                tx.feed("record", id).await?;
                tx.commit().await?;
                expired += 1;
            }
            if due.len() < BATCH || expired == before {
                return Ok(expired);
            }
        }
    }
}
