//! Timed work: publishing scheduled records when their time comes and marking records whose
//! publicity period has ended. Safe to run on every node at once: each record is re-read
//! under the writers' lock, and core refuses a command whose time has not come or whose
//! record another node has already moved on.

use gongkai_core::access::Actor;
use gongkai_core::error::ErrorKind;
use gongkai_core::record::{Command, RecordId, RecordState};

use crate::records::epoch_day;
use crate::{q, Result, Store, StoreError};

/// Records read per query; a round goes on while full batches bring progress, so a node
/// that was down catches up in one round.
const BATCH: i64 = 200;

impl Store {
    /// Publishes scheduled records that are due now; returns how many this call published.
    pub async fn publish_due(&self) -> Result<usize> {
        let now = self.clock.now().timestamp();
        self.work_through(Command::PublishDue, || {
            q("SELECT id FROM records WHERE state = $1 AND publish_at <= $2 ORDER BY publish_at LIMIT $3")
                .bind(RecordState::Scheduled.as_str())
                .bind(now)
                .bind(BATCH)
        })
        .await
    }

    /// Marks published records whose last publicity day is before today as expired.
    pub async fn expire_due(&self) -> Result<usize> {
        let today = epoch_day(self.clock.today());
        self.work_through(Command::Expire, || {
            q("SELECT id FROM records WHERE state = $1 AND publicity_end_day < $2 ORDER BY publicity_end_day LIMIT $3")
                .bind(RecordState::Published.as_str())
                .bind(today)
                .bind(BATCH)
        })
        .await
    }

    /// Applies `command` to every record the query selects, batch after batch. A record
    /// that fails is logged and passed over, so one bad row cannot stop the rest.
    async fn work_through(&self, command: Command, candidates: impl Fn() -> crate::db::Query) -> Result<usize> {
        let system = Actor::system();
        let mut done = 0;
        loop {
            let due: Vec<(String,)> = self.db.fetch_all(candidates()).await?;
            let before = done;
            for (id,) in &due {
                let Ok(id) = RecordId::parse(id) else { continue };
                match self.act(&system, &id, command.clone()).await {
                    Ok(_) => done += 1,
                    // Another node got there first, or someone withdrew it meanwhile.
                    Err(StoreError::Domain(e)) if e.kind == ErrorKind::Conflict => {}
                    Err(e) => tracing::error!(record = %id, error = %e, "timed work on a record failed"),
                }
            }
            if (due.len() as i64) < BATCH || done == before {
                return Ok(done);
            }
        }
    }
}
