//! A letter as stored: the row, its conversion to and from the core entity, and the
//! statements that touch one row.

use gongkai_core::opinion::{Attachment, Category, Opinion, OpinionNumber, OpinionState, Reply, Sender};
use gongkai_core::org::OrgCode;

use crate::db::{Query, Reader};
use crate::records::row::{epoch_day, from_epoch_day};
use crate::write::WriteTx;
use crate::{q, Result, StoreError};

pub(crate) const COLUMNS: &str = "id, number_org, number_year, number_serial, number_series, tracking, org_code, \
     category, text, accused, sender_name, sender_phone, attachment_sha256, attachment_name, attachment_type, \
     attachment_size, consent, received_day, state, reply_text, reply_day, reply_by, published, handler, closed_day";

#[derive(sqlx::FromRow, Debug)]
pub(crate) struct OpinionRow {
    id: String,
    number_org: String,
    number_year: i64,
    number_serial: i64,
    number_series: String,
    tracking: String,
    org_code: String,
    category: String,
    text: String,
    accused: Option<String>,
    sender_name: Option<String>,
    sender_phone: Option<String>,
    attachment_sha256: Option<String>,
    attachment_name: Option<String>,
    attachment_type: Option<String>,
    attachment_size: Option<i64>,
    consent: i64,
    received_day: i64,
    state: String,
    reply_text: Option<String>,
    reply_day: Option<i64>,
    reply_by: Option<String>,
    published: i64,
    handler: Option<String>,
    closed_day: Option<i64>,
}

const REPORT_SERIES: &str = "report";
const OPINION_SERIES: &str = "opinion";

impl TryFrom<OpinionRow> for Opinion {
    type Error = StoreError;

    fn try_from(r: OpinionRow) -> Result<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("opinion {}: {what}", r.id));
        let day = |d: i64, what| from_epoch_day(d).ok_or_else(|| corrupt(what));
        let org = |code: &str| OrgCode::parse(code).map_err(|_| corrupt("org"));
        let sender = match (r.sender_name, r.sender_phone) {
            (Some(name), Some(phone)) => Some(Sender { name, phone }),
            _ => None,
        };
        let attachment = match (r.attachment_sha256, r.attachment_name, r.attachment_type, r.attachment_size) {
            (Some(sha256), Some(file_name), Some(media_type), Some(size)) => Some(Attachment {
                sha256,
                file_name,
                media_type,
                size: u64::try_from(size).map_err(|_| corrupt("attachment size"))?,
            }),
            _ => None,
        };
        let reply = match (r.reply_text, r.reply_day, r.reply_by) {
            (Some(text), Some(on), Some(by)) => {
                Some(Reply { text, on: day(on, "reply day")?, by, published: r.published != 0 })
            }
            _ => None,
        };
        Ok(Opinion {
            number: OpinionNumber {
                org: org(&r.number_org)?,
                year: i32::try_from(r.number_year).map_err(|_| corrupt("number year"))?,
                serial: u32::try_from(r.number_serial).map_err(|_| corrupt("number serial"))?,
                report: r.number_series == REPORT_SERIES,
            },
            tracking: r.tracking,
            org: org(&r.org_code)?,
            category: Category::parse(&r.category).map_err(|_| corrupt("category"))?,
            text: r.text,
            accused: r.accused,
            sender,
            attachment,
            consent: r.consent != 0,
            received_on: day(r.received_day, "received")?,
            state: OpinionState::parse(&r.state).map_err(|_| corrupt("state"))?,
            reply,
            handler: r.handler,
            closed_on: r.closed_day.map(|d| day(d, "closed")).transpose()?,
            id: r.id,
        })
    }
}

/// Binds every column after `id`, in [`COLUMNS`] order.
fn bind_fields(query: Query, o: &Opinion) -> Query {
    let flag = |b: bool| i64::from(b);
    let a = o.attachment.as_ref();
    let reply = o.reply.as_ref();
    query
        .bind(o.number.org.as_str())
        .bind(i64::from(o.number.year))
        .bind(i64::from(o.number.serial))
        .bind(if o.number.report { REPORT_SERIES } else { OPINION_SERIES })
        .bind(o.tracking.as_str())
        .bind(o.org.as_str())
        .bind(o.category.as_str())
        .bind(o.text.as_str())
        .bind(o.accused.clone())
        .bind(o.sender.as_ref().map(|s| s.name.clone()))
        .bind(o.sender.as_ref().map(|s| s.phone.clone()))
        .bind(a.map(|a| a.sha256.clone()))
        .bind(a.map(|a| a.file_name.clone()))
        .bind(a.map(|a| a.media_type.clone()))
        .bind(a.map(|a| i64::try_from(a.size).unwrap_or(i64::MAX)))
        .bind(flag(o.consent))
        .bind(epoch_day(o.received_on))
        .bind(o.state.as_str())
        .bind(reply.map(|r| r.text.clone()))
        .bind(reply.map(|r| epoch_day(r.on)))
        .bind(reply.map(|r| r.by.clone()))
        .bind(flag(o.is_public()))
        .bind(o.handler.clone())
        .bind(o.closed_on.map(epoch_day))
}

fn width() -> usize {
    COLUMNS.split(", ").count()
}

fn rows(rows: Vec<OpinionRow>) -> Result<Vec<Opinion>> {
    rows.into_iter().map(Opinion::try_from).collect()
}

pub(crate) async fn load(reader: &mut impl Reader, id: &str) -> Result<Option<Opinion>> {
    let row: Option<OpinionRow> =
        reader.fetch_optional(q(format!("SELECT {COLUMNS} FROM opinions WHERE id = $1")).bind(id)).await?;
    row.map(Opinion::try_from).transpose()
}

pub(crate) async fn by_tracking(reader: &mut impl Reader, digest: &str) -> Result<Option<Opinion>> {
    let row: Option<OpinionRow> =
        reader.fetch_optional(q(format!("SELECT {COLUMNS} FROM opinions WHERE tracking = $1")).bind(digest)).await?;
    row.map(Opinion::try_from).transpose()
}

/// Letters of `org` (of every unit when `None`) in one of `states`, the oldest first; at
/// most `limit`. Who may see each is core's question, asked by the caller.
pub(crate) async fn of_org(
    reader: &mut impl Reader,
    org: Option<&OrgCode>,
    states: &[OpinionState],
    limit: i64,
) -> Result<Vec<Opinion>> {
    let names: Vec<String> = states.iter().map(|s| format!("'{}'", s.as_str())).collect();
    let sql = format!(
        "SELECT {COLUMNS} FROM opinions WHERE ($1 = '' OR org_code = $1) AND state IN ({}) \
         ORDER BY received_day, created_at, id LIMIT $2",
        names.join(", ")
    );
    rows(reader.fetch_all(q(sql).bind(org.map_or("", OrgCode::as_str)).bind(limit)).await?)
}

/// Candidates for the public list — the newest replies first — and how many there are.
pub(crate) async fn published(
    reader: &mut impl Reader,
    org: Option<&OrgCode>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Opinion>, i64)> {
    let org = org.map_or("", OrgCode::as_str);
    let sql = format!(
        "SELECT {COLUMNS} FROM opinions WHERE published = 1 AND ($1 = '' OR org_code = $1) \
         ORDER BY reply_day DESC, created_at DESC, id DESC LIMIT $2 OFFSET $3"
    );
    let found = rows(reader.fetch_all(q(sql).bind(org).bind(limit).bind(offset)).await?)?;
    let total: Option<(i64,)> = reader
        .fetch_optional(q("SELECT COUNT(*) FROM opinions WHERE published = 1 AND ($1 = '' OR org_code = $1)").bind(org))
        .await?;
    Ok((found, total.map_or(0, |(n,)| n)))
}

pub(crate) async fn insert(w: &mut WriteTx, o: &Opinion) -> Result<()> {
    let now = w.now().timestamp();
    let places: Vec<String> = (1..=width() + 2).map(|n| format!("${n}")).collect();
    let sql = format!("INSERT INTO opinions ({COLUMNS}, created_at, updated_at) VALUES ({})", places.join(", "));
    w.execute(bind_fields(q(sql).bind(o.id.as_str()), o).bind(now).bind(now)).await?;
    Ok(())
}

/// Writes `after` over the row.
pub(crate) async fn update(w: &mut WriteTx, after: &Opinion) -> Result<()> {
    let now = w.now().timestamp();
    let sets: Vec<String> = COLUMNS.split(", ").enumerate().skip(1).map(|(n, c)| format!("{c} = ${}", n + 1)).collect();
    let sql = format!("UPDATE opinions SET {}, updated_at = ${} WHERE id = $1", sets.join(", "), width() + 1);
    w.execute(bind_fields(q(sql).bind(after.id.as_str()), after).bind(now)).await?;
    Ok(())
}
