//! A request as stored: the row, its conversion to and from the core entity, and the
//! statements that touch one row.

use chrono::NaiveDate;
use gongkai_core::calendar::Calendar;
use gongkai_core::org::OrgCode;
use gongkai_core::request::{
    Answer, Applicant, ApplicantKind, Channel, Consultation, Correction, Delivery, Extension, InfoRequest, Outcome,
    Remedy, RemedyResult, RequestNumber, RequestState,
};

use crate::db::{Query, Reader};
use crate::records::row::{epoch_day, from_epoch_day};
use crate::write::WriteTx;
use crate::{q, Result, StoreError};

pub(crate) const COLUMNS: &str = "id, number_org, number_year, number_serial, tracking, org_code, applicant_kind, \
     applicant_name, applicant_phone, applicant_id_number, applicant_email, applicant_address, description, delivery, \
     channel, received_day, state, clock_from_day, paused_days, consult_from_day, consult_party, correction_asked_day, \
     correction_what, correction_due_day, corrected_day, extension_days, extension_reason, extension_by, \
     extension_approved_by, extension_approved_day, answer_outcome, answer_reason, answer_day, handler, closed_day, \
     review_result, review_day, litigation_result, litigation_day, litigation_after_review, due_day";

#[derive(sqlx::FromRow, Debug)]
pub(crate) struct RequestRow {
    id: String,
    number_org: String,
    number_year: i64,
    number_serial: i64,
    tracking: String,
    org_code: String,
    applicant_kind: String,
    applicant_name: String,
    applicant_phone: String,
    applicant_id_number: Option<String>,
    applicant_email: Option<String>,
    applicant_address: Option<String>,
    description: String,
    delivery: String,
    channel: String,
    received_day: i64,
    state: String,
    clock_from_day: i64,
    paused_days: i64,
    consult_from_day: Option<i64>,
    consult_party: Option<String>,
    correction_asked_day: Option<i64>,
    correction_what: Option<String>,
    correction_due_day: Option<i64>,
    corrected_day: Option<i64>,
    extension_days: Option<i64>,
    extension_reason: Option<String>,
    extension_by: Option<String>,
    extension_approved_by: Option<String>,
    extension_approved_day: Option<i64>,
    answer_outcome: Option<String>,
    answer_reason: Option<String>,
    answer_day: Option<i64>,
    handler: Option<String>,
    closed_day: Option<i64>,
    review_result: Option<String>,
    review_day: Option<i64>,
    litigation_result: Option<String>,
    litigation_day: Option<i64>,
    litigation_after_review: Option<i64>,
}

impl TryFrom<RequestRow> for InfoRequest {
    type Error = StoreError;

    fn try_from(r: RequestRow) -> Result<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("request {}: {what}", r.id));
        let day = |d: i64, what| from_epoch_day(d).ok_or_else(|| corrupt(what));
        let maybe_day = |d: Option<i64>, what| d.map(|d| day(d, what)).transpose();
        let count = |n: i64, what| u32::try_from(n).map_err(|_| corrupt(what));
        let org = |code: &str| OrgCode::parse(code).map_err(|_| corrupt("org"));
        let consultation = match (r.consult_from_day, r.consult_party) {
            (Some(from), Some(third_party)) => Some(Consultation { from: day(from, "consult from")?, third_party }),
            _ => None,
        };
        let correction = match (r.correction_asked_day, r.correction_what, r.correction_due_day) {
            (Some(asked), Some(what), Some(due)) => Some(Correction {
                asked_on: day(asked, "correction asked")?,
                what,
                due_on: day(due, "correction due")?,
                corrected_on: maybe_day(r.corrected_day, "corrected")?,
            }),
            _ => None,
        };
        let extension = match (r.extension_days, r.extension_reason, r.extension_by) {
            (Some(days), Some(reason), Some(proposed_by)) => Some(Extension {
                days: count(days, "extension days")?,
                reason,
                proposed_by,
                approved: match (r.extension_approved_by, r.extension_approved_day) {
                    (Some(by), Some(on)) => Some((by, day(on, "extension approved")?)),
                    _ => None,
                },
            }),
            _ => None,
        };
        let answer = match (r.answer_outcome, r.answer_day) {
            (Some(outcome), Some(on)) => Some(Answer {
                outcome: Outcome::parse(&outcome).map_err(|_| corrupt("outcome"))?,
                reason: r.answer_reason,
                on: day(on, "answer day")?,
            }),
            _ => None,
        };
        let remedy = |result: Option<String>, on: Option<i64>, after_review: bool| -> Result<Option<Remedy>> {
            match (result, on) {
                (Some(result), Some(on)) => Ok(Some(Remedy {
                    result: RemedyResult::parse(&result).map_err(|_| corrupt("remedy result"))?,
                    on: day(on, "remedy day")?,
                    after_review,
                })),
                _ => Ok(None),
            }
        };
        let review = remedy(r.review_result, r.review_day, false)?;
        let litigation = remedy(r.litigation_result, r.litigation_day, r.litigation_after_review == Some(1))?;
        Ok(InfoRequest {
            review,
            litigation,
            number: RequestNumber {
                org: org(&r.number_org)?,
                year: i32::try_from(r.number_year).map_err(|_| corrupt("number year"))?,
                serial: count(r.number_serial, "number serial")?,
            },
            tracking: r.tracking,
            org: org(&r.org_code)?,
            applicant: Applicant {
                kind: ApplicantKind::parse(&r.applicant_kind).map_err(|_| corrupt("applicant kind"))?,
                name: r.applicant_name,
                phone: r.applicant_phone,
                id_number: r.applicant_id_number,
                email: r.applicant_email,
                address: r.applicant_address,
            },
            description: r.description,
            delivery: Delivery::parse(&r.delivery).map_err(|_| corrupt("delivery"))?,
            channel: Channel::parse(&r.channel).map_err(|_| corrupt("channel"))?,
            received_on: day(r.received_day, "received")?,
            state: RequestState::parse(&r.state).map_err(|_| corrupt("state"))?,
            clock_from: day(r.clock_from_day, "clock from")?,
            paused_days: count(r.paused_days, "paused days")?,
            consultation,
            correction,
            extension,
            answer,
            handler: r.handler,
            closed_on: maybe_day(r.closed_day, "closed")?,
            id: r.id,
        })
    }
}

/// Binds every column after `id`, in [`COLUMNS`] order; `due_day` is derived on `calendar`.
fn bind_fields(query: Query, r: &InfoRequest, calendar: &Calendar) -> Query {
    let day = |d: Option<NaiveDate>| d.map(epoch_day);
    let a = &r.applicant;
    query
        .bind(r.number.org.as_str())
        .bind(i64::from(r.number.year))
        .bind(i64::from(r.number.serial))
        .bind(r.tracking.as_str())
        .bind(r.org.as_str())
        .bind(a.kind.as_str())
        .bind(a.name.as_str())
        .bind(a.phone.as_str())
        .bind(a.id_number.clone())
        .bind(a.email.clone())
        .bind(a.address.clone())
        .bind(r.description.as_str())
        .bind(r.delivery.as_str())
        .bind(r.channel.as_str())
        .bind(epoch_day(r.received_on))
        .bind(r.state.as_str())
        .bind(epoch_day(r.clock_from))
        .bind(i64::from(r.paused_days))
        .bind(day(r.consultation.as_ref().map(|c| c.from)))
        .bind(r.consultation.as_ref().map(|c| c.third_party.clone()))
        .bind(day(r.correction.as_ref().map(|c| c.asked_on)))
        .bind(r.correction.as_ref().map(|c| c.what.clone()))
        .bind(day(r.correction.as_ref().map(|c| c.due_on)))
        .bind(day(r.correction.as_ref().and_then(|c| c.corrected_on)))
        .bind(r.extension.as_ref().map(|e| i64::from(e.days)))
        .bind(r.extension.as_ref().map(|e| e.reason.clone()))
        .bind(r.extension.as_ref().map(|e| e.proposed_by.clone()))
        .bind(r.extension.as_ref().and_then(|e| e.approved.as_ref().map(|(by, _)| by.clone())))
        .bind(day(r.extension.as_ref().and_then(|e| e.approved.as_ref().map(|(_, on)| *on))))
        .bind(r.answer.as_ref().map(|a| a.outcome.as_str()))
        .bind(r.answer.as_ref().and_then(|a| a.reason.clone()))
        .bind(day(r.answer.as_ref().map(|a| a.on)))
        .bind(r.handler.clone())
        .bind(day(r.closed_on))
        .bind(r.review.as_ref().map(|x| x.result.as_str()))
        .bind(day(r.review.as_ref().map(|x| x.on)))
        .bind(r.litigation.as_ref().map(|x| x.result.as_str()))
        .bind(day(r.litigation.as_ref().map(|x| x.on)))
        .bind(r.litigation.as_ref().map(|x| i64::from(x.after_review)))
        .bind(day(r.due_on(calendar)))
}

fn width() -> usize {
    COLUMNS.split(", ").count()
}

pub(crate) async fn load(reader: &mut impl Reader, id: &str) -> Result<Option<InfoRequest>> {
    let row: Option<RequestRow> =
        reader.fetch_optional(q(format!("SELECT {COLUMNS} FROM info_requests WHERE id = $1")).bind(id)).await?;
    row.map(InfoRequest::try_from).transpose()
}

pub(crate) async fn by_tracking(reader: &mut impl Reader, digest: &str) -> Result<Option<InfoRequest>> {
    let row: Option<RequestRow> = reader
        .fetch_optional(q(format!("SELECT {COLUMNS} FROM info_requests WHERE tracking = $1")).bind(digest))
        .await?;
    row.map(InfoRequest::try_from).transpose()
}

/// Requests of `org` (of every unit when `None`) whose state is one of `states`, the
/// soonest due first.
pub(crate) async fn of_org(
    reader: &mut impl Reader,
    org: Option<&OrgCode>,
    states: &[RequestState],
) -> Result<Vec<InfoRequest>> {
    let names: Vec<String> = states.iter().map(|s| format!("'{}'", s.as_str())).collect();
    let sql = format!(
        "SELECT {COLUMNS} FROM info_requests WHERE ($1 = '' OR org_code = $1) AND state IN ({}) \
         ORDER BY due_day IS NULL, due_day, number_year, number_serial",
        names.join(", ")
    );
    let rows: Vec<RequestRow> = reader.fetch_all(q(sql).bind(org.map_or("", OrgCode::as_str))).await?;
    rows.into_iter().map(InfoRequest::try_from).collect()
}

/// Every request `org` handles that was received before `day` (a day number).
pub(crate) async fn of_org_received_before(
    reader: &mut impl Reader,
    org: &OrgCode,
    day: i64,
) -> Result<Vec<InfoRequest>> {
    let sql = format!("SELECT {COLUMNS} FROM info_requests WHERE org_code = $1 AND received_day < $2");
    let rows: Vec<RequestRow> = reader.fetch_all(q(sql).bind(org.as_str()).bind(day)).await?;
    rows.into_iter().map(InfoRequest::try_from).collect()
}

pub(crate) async fn insert(w: &mut WriteTx, r: &InfoRequest, calendar: &Calendar) -> Result<()> {
    let now = w.now().timestamp();
    let places: Vec<String> = (1..=width() + 2).map(|n| format!("${n}")).collect();
    let sql = format!("INSERT INTO info_requests ({COLUMNS}, created_at, updated_at) VALUES ({})", places.join(", "));
    w.execute(bind_fields(q(sql).bind(r.id.as_str()), r, calendar).bind(now).bind(now)).await?;
    Ok(())
}

/// Writes `after` over the row.
pub(crate) async fn update(w: &mut WriteTx, after: &InfoRequest, calendar: &Calendar) -> Result<()> {
    let now = w.now().timestamp();
    let sets: Vec<String> = COLUMNS.split(", ").enumerate().skip(1).map(|(n, c)| format!("{c} = ${}", n + 1)).collect();
    let sql = format!("UPDATE info_requests SET {}, updated_at = ${} WHERE id = $1", sets.join(", "), width() + 1);
    w.execute(bind_fields(q(sql).bind(after.id.as_str()), after, calendar).bind(now)).await?;
    Ok(())
}
