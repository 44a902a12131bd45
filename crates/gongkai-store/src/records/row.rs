//! A record as stored: the row, its conversion to and from the core entity, and the three
//! statements that touch one row (load, insert, update).

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::catalog::CatalogCode;
use gongkai_core::org::OrgCode;
use gongkai_core::publicity::PublicityPeriod;
use gongkai_core::record::{
    Effect, IndexNumber, MatterId, Record, RecordId, RecordState, Stage, Topic, Validity, Withdrawal,
};

use crate::db::{Query, Reader};
use crate::write::WriteTx;
use crate::{q, Result, StoreError};

pub(crate) const COLUMNS: &str =
    "id, lineage_id, version, previous_id, change_note, org_code, catalog_code, matter_id, \
     stage, title, summary, body_html, index_number, doc_number, written_on_day, topic, validity, validity_since_day, \
     personal_data, state, publicity_start_day, publicity_end_day, publish_at, \
     published_at, author_id, contributors, reviewer_id, reject_reason, withdraw_reason, withdrawn_at, created_at, \
     updated_at";

#[derive(sqlx::FromRow, Debug)]
pub(crate) struct RecordRow {
    id: String,
    lineage_id: String,
    version: i64,
    previous_id: Option<String>,
    change_note: Option<String>,
    org_code: String,
    catalog_code: String,
    matter_id: Option<String>,
    stage: Option<String>,
    title: String,
    summary: Option<String>,
    body_html: String,
    index_number: Option<String>,
    doc_number: Option<String>,
    written_on_day: i64,
    topic: String,
    validity: Option<String>,
    validity_since_day: Option<i64>,
    personal_data: i64,
    state: String,
    publicity_start_day: Option<i64>,
    publicity_end_day: Option<i64>,
    publish_at: Option<i64>,
    published_at: Option<i64>,
    author_id: String,
    contributors: String,
    reviewer_id: Option<String>,
    reject_reason: Option<String>,
    withdraw_reason: Option<String>,
    withdrawn_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

/// Days since 1970-01-01: how dates are stored, so that SQL compares them as dates.
pub fn epoch_day(date: NaiveDate) -> i64 {
    (date - NaiveDate::default()).num_days()
}

pub fn from_epoch_day(day: i64) -> Option<NaiveDate> {
    NaiveDate::default().checked_add_signed(chrono::Duration::try_days(day)?)
}

fn instant(ts: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(ts, 0)
}

impl TryFrom<RecordRow> for Record {
    type Error = StoreError;

    fn try_from(r: RecordRow) -> Result<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("record {}: {what}", r.id));
        let id = |raw: &str, what| RecordId::parse(raw).map_err(|_| corrupt(what));
        let at = |ts: i64, what| instant(ts).ok_or_else(|| corrupt(what));
        let day = |d: i64, what| from_epoch_day(d).ok_or_else(|| corrupt(what));
        let publicity = match r.publicity_start_day {
            Some(start) => Some(PublicityPeriod {
                start: day(start, "publicity start")?,
                end: r.publicity_end_day.map(|d| day(d, "publicity end")).transpose()?,
            }),
            None => None,
        };
        let effect = match r.validity.as_deref() {
            Some(status) => Some(Effect {
                status: Validity::parse(status).map_err(|_| corrupt("validity"))?,
                since: r.validity_since_day.map(|d| day(d, "validity since")).transpose()?,
            }),
            None => None,
        };
        let withdrawal = match (r.withdraw_reason, r.withdrawn_at) {
            (Some(reason), Some(when)) => Some(Withdrawal { reason, at: at(when, "withdrawn_at")? }),
            _ => None,
        };
        Ok(Record {
            id: id(&r.id, "id")?,
            lineage: id(&r.lineage_id, "lineage")?,
            version: u32::try_from(r.version).map_err(|_| corrupt("version"))?,
            previous: r.previous_id.as_deref().map(|p| id(p, "previous")).transpose()?,
            change_note: r.change_note,
            org: OrgCode::parse(&r.org_code).map_err(|_| corrupt("org"))?,
            catalog: CatalogCode::parse(&r.catalog_code).map_err(|_| corrupt("catalog"))?,
            matter: r.matter_id.as_deref().map(MatterId::parse).transpose().map_err(|_| corrupt("matter"))?,
            stage: r.stage.as_deref().map(Stage::parse).transpose().map_err(|_| corrupt("stage"))?,
            title: r.title,
            summary: r.summary,
            body_html: r.body_html,
            index_number: r
                .index_number
                .as_deref()
                .map(IndexNumber::parse)
                .transpose()
                .map_err(|_| corrupt("index_number"))?,
            doc_number: r.doc_number,
            written_on: day(r.written_on_day, "written_on")?,
            topic: Topic::parse(&r.topic).map_err(|_| corrupt("topic"))?,
            effect,
            personal_data: r.personal_data != 0,
            state: RecordState::parse(&r.state).map_err(|_| corrupt("state"))?,
            publicity,
            publish_at: r.publish_at.map(|t| at(t, "publish_at")).transpose()?,
            published_at: r.published_at.map(|t| at(t, "published_at")).transpose()?,
            author: r.author_id,
            contributors: serde_json::from_str::<BTreeSet<String>>(&r.contributors)
                .map_err(|_| corrupt("contributors"))?,
            reviewer: r.reviewer_id,
            reject_reason: r.reject_reason,
            withdrawal,
            created_at: at(r.created_at, "created_at")?,
            updated_at: at(r.updated_at, "updated_at")?,
        })
    }
}

/// Binds every column after `id`, in [`COLUMNS`] order.
fn bind_fields(query: Query, r: &Record) -> Query {
    let contributors = serde_json::to_string(&r.contributors).unwrap_or_else(|_| "[]".into());
    query
        .bind(r.lineage.as_str())
        .bind(i64::from(r.version))
        .bind(r.previous.as_ref().map(RecordId::as_str))
        .bind(r.change_note.clone())
        .bind(r.org.as_str())
        .bind(r.catalog.as_str())
        .bind(r.matter.as_ref().map(MatterId::as_str))
        .bind(r.stage.map(Stage::as_str))
        .bind(r.title.as_str())
        .bind(r.summary.clone())
        .bind(r.body_html.as_str())
        .bind(r.index_number.as_ref().map(IndexNumber::as_str))
        .bind(r.doc_number.clone())
        .bind(epoch_day(r.written_on))
        .bind(r.topic.as_str())
        .bind(r.effect.map(|e| e.status.as_str()))
        .bind(r.effect.and_then(|e| e.since).map(epoch_day))
        .bind(i64::from(r.personal_data))
        .bind(r.state.as_str())
        .bind(r.publicity_start().map(epoch_day))
        .bind(r.publicity_end().map(epoch_day))
        .bind(r.publish_at.map(|t| t.timestamp()))
        .bind(r.published_at.map(|t| t.timestamp()))
        .bind(r.author.as_str())
        .bind(contributors)
        .bind(r.reviewer.clone())
        .bind(r.reject_reason.clone())
        .bind(r.withdrawal.as_ref().map(|w| w.reason.clone()))
        .bind(r.withdrawal.as_ref().map(|w| w.at.timestamp()))
        .bind(r.created_at.timestamp())
        .bind(r.updated_at.timestamp())
}

/// Columns in [`COLUMNS`], counted from it.
const WIDTH: usize = {
    let (bytes, mut i, mut commas) = (COLUMNS.as_bytes(), 0, 0);
    while i < bytes.len() {
        if bytes[i] == b',' {
            commas += 1;
        }
        i += 1;
    }
    commas + 1
};

fn placeholders() -> String {
    (1..=WIDTH).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

pub(crate) async fn load(reader: &mut impl Reader, id: &RecordId) -> Result<Option<Record>> {
    let row: Option<RecordRow> =
        reader.fetch_optional(q(format!("SELECT {COLUMNS} FROM records WHERE id = $1")).bind(id.as_str())).await?;
    row.map(Record::try_from).transpose()
}

/// Every version of a lineage, oldest first.
pub(crate) async fn lineage(reader: &mut impl Reader, lineage: &RecordId) -> Result<Vec<Record>> {
    let rows: Vec<RecordRow> = reader
        .fetch_all(
            q(format!("SELECT {COLUMNS} FROM records WHERE lineage_id = $1 ORDER BY version")).bind(lineage.as_str()),
        )
        .await?;
    rows.into_iter().map(Record::try_from).collect()
}

pub(crate) async fn insert(w: &mut WriteTx, record: &Record) -> Result<()> {
    let query = q(format!("INSERT INTO records ({COLUMNS}) VALUES ({})", placeholders())).bind(record.id.as_str());
    w.execute(bind_fields(query, record)).await?;
    Ok(())
}

/// Writes many new records in one statement, in the order given (a later version after
/// the one it replaces).
pub(crate) async fn insert_many(w: &mut WriteTx, records: &[Record]) -> Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    let mut query =
        q(format!("INSERT INTO records ({COLUMNS}) VALUES {}", crate::db::values(w.dialect(), records.len(), WIDTH)));
    for record in records {
        query = bind_fields(query.bind(record.id.as_str()), record);
    }
    w.execute(query).await?;
    Ok(())
}

/// Writes `after` over the row, which must still be as `before` left it: the write lock
/// makes that certain, and the check keeps it so should that ever change.
pub(crate) async fn update(w: &mut WriteTx, before: &Record, after: &Record) -> Result<()> {
    let sets = COLUMNS.split(", ").skip(1).enumerate().map(|(n, c)| format!("{c} = ${}", n + 2)).collect::<Vec<_>>();
    let (state, updated) = (WIDTH + 1, WIDTH + 2);
    let query = q(format!(
        "UPDATE records SET {} WHERE id = $1 AND state = ${state} AND updated_at = ${updated}",
        sets.join(", ")
    ))
    .bind(after.id.as_str());
    let query = bind_fields(query, after).bind(before.state.as_str()).bind(before.updated_at.timestamp());
    if w.execute(query).await? != 1 {
        return Err(gongkai_core::DomainError::conflict("concurrent_change", "记录已被他人修改，请刷新后重试").into());
    }
    Ok(())
}
