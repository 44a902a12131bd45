//! A request's history: one row per thing that happened, in order. Staff read all of it;
//! the tracking page shows the public actions with their days only.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::request::RequestAction;

use crate::db::Reader;
use crate::records::row::{epoch_day, from_epoch_day};
use crate::write::WriteTx;
use crate::{q, Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestEvent {
    pub at: DateTime<Utc>,
    /// The day it counts as done on (a receipt's day may be before it was registered).
    pub day: NaiveDate,
    pub action: RequestAction,
    pub actor: String,
    pub detail: String,
}

pub(crate) async fn append(w: &mut WriteTx, request_id: &str, event: &RequestEvent) -> Result<()> {
    w.execute(
        q("INSERT INTO request_events (request_id, seq, at, day, action, actor, detail) \
           SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6 FROM request_events WHERE request_id = $1")
        .bind(request_id)
        .bind(event.at.timestamp())
        .bind(epoch_day(event.day))
        .bind(event.action.as_str())
        .bind(event.actor.as_str())
        .bind(event.detail.as_str()),
    )
    .await?;
    Ok(())
}

pub(crate) async fn of(reader: &mut impl Reader, request_id: &str) -> Result<Vec<RequestEvent>> {
    let rows: Vec<(i64, i64, String, String, String)> = reader
        .fetch_all(
            q("SELECT at, day, action, actor, detail FROM request_events WHERE request_id = $1 ORDER BY seq")
                .bind(request_id),
        )
        .await?;
    let corrupt = || StoreError::Corrupt(format!("history of request {request_id}"));
    rows.into_iter()
        .map(|(at, day, action, actor, detail)| {
            Ok(RequestEvent {
                at: DateTime::from_timestamp(at, 0).ok_or_else(corrupt)?,
                day: from_epoch_day(day).ok_or_else(corrupt)?,
                action: RequestAction::parse(&action).map_err(|_| corrupt())?,
                actor,
                detail,
            })
        })
        .collect()
}
