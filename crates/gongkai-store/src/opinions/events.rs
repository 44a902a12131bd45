//! A letter's history: one row per thing that happened, in order. Its handlers read all of
//! it; the tracking page shows the public actions with their days only.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::opinion::OpinionAction;

use crate::db::Reader;
use crate::records::row::{epoch_day, from_epoch_day};
use crate::write::WriteTx;
use crate::{q, Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionEvent {
    pub at: DateTime<Utc>,
    /// The day, in China, it was done on.
    pub day: NaiveDate,
    pub action: OpinionAction,
    pub actor: String,
    pub detail: String,
}

pub(crate) async fn append(w: &mut WriteTx, opinion_id: &str, event: &OpinionEvent) -> Result<()> {
    w.execute(
        q("INSERT INTO opinion_events (opinion_id, seq, at, day, action, actor, detail) \
           SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6 FROM opinion_events WHERE opinion_id = $1")
        .bind(opinion_id)
        .bind(event.at.timestamp())
        .bind(epoch_day(event.day))
        .bind(event.action.as_str())
        .bind(event.actor.as_str())
        .bind(event.detail.as_str()),
    )
    .await?;
    Ok(())
}

pub(crate) async fn of(reader: &mut impl Reader, opinion_id: &str) -> Result<Vec<OpinionEvent>> {
    let rows: Vec<(i64, i64, String, String, String)> = reader
        .fetch_all(
            q("SELECT at, day, action, actor, detail FROM opinion_events WHERE opinion_id = $1 ORDER BY seq")
                .bind(opinion_id),
        )
        .await?;
    let corrupt = || StoreError::Corrupt(format!("history of opinion {opinion_id}"));
    rows.into_iter()
        .map(|(at, day, action, actor, detail)| {
            Ok(OpinionEvent {
                at: DateTime::from_timestamp(at, 0).ok_or_else(corrupt)?,
                day: from_epoch_day(day).ok_or_else(corrupt)?,
                action: OpinionAction::parse(&action).map_err(|_| corrupt())?,
                actor,
                detail,
            })
        })
        .collect()
}
