//! The working-day calendar in use: the official one built into core, with the days
//! administrators added (later years, local closures) laid over it.

use gongkai_core::access::Actor;
use gongkai_core::calendar::{Calendar, CalendarDay, DayKind};

use crate::db::Reader;
use crate::records::row::{epoch_day, from_epoch_day};
use crate::write::Logged;
use crate::{q, Result, Store, StoreError};

fn kind_name(kind: DayKind) -> &'static str {
    match kind {
        DayKind::Holiday => "holiday",
        DayKind::Workday => "workday",
    }
}

/// The days administrators added, in order.
async fn added(reader: &mut impl Reader) -> Result<Vec<CalendarDay>> {
    let rows: Vec<(i64, String, String)> =
        reader.fetch_all(q("SELECT day, kind, name FROM calendar_days ORDER BY day")).await?;
    rows.into_iter()
        .map(|(day, kind, name)| {
            let corrupt = || StoreError::Corrupt(format!("calendar day {day}"));
            let kind = match kind.as_str() {
                "holiday" => DayKind::Holiday,
                "workday" => DayKind::Workday,
                _ => return Err(corrupt()),
            };
            Ok(CalendarDay { date: from_epoch_day(day).ok_or_else(corrupt)?, kind, name })
        })
        .collect()
}

/// The calendar as of the reader's view: the official days with the added ones over them.
pub(crate) async fn current(reader: &mut impl Reader) -> Result<Calendar> {
    let mut calendar = Calendar::official().clone();
    calendar.add(added(reader).await?);
    Ok(calendar)
}

impl Store {
    /// The calendar the law's periods are counted on now.
    pub async fn calendar(&self) -> Result<Calendar> {
        current(&mut &self.db).await
    }

    /// The days administrators added, in order.
    pub async fn added_calendar_days(&self) -> Result<Vec<CalendarDay>> {
        added(&mut &self.db).await
    }

    /// Adds days to the calendar (or replaces added ones), all or none: administrators
    /// only, audited. Requests already open keep the due dates stored with them until
    /// their next change; the dashboard computes its warnings afresh.
    pub async fn add_calendar_days(&self, actor: &Actor, days: &[CalendarDay]) -> Result<()> {
        actor.authorize_calendar()?;
        let mut w = self.db.write(&actor.username, self.clock.now()).await?;
        for day in days {
            w.execute(
                q("INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3) \
                   ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name")
                .bind(epoch_day(day.date))
                .bind(kind_name(day.kind))
                .bind(day.name.as_str()),
            )
            .await?;
        }
        let (first, last) = (days.first().map(|d| d.date), days.last().map(|d| d.date));
        let detail = match (first, last) {
            (Some(first), Some(last)) => format!("工作日历增补{}天（{first}至{last}）", days.len()),
            _ => "工作日历增补0天".to_owned(),
        };
        w.log(Logged {
            action: "calendar_add",
            object_kind: "calendar",
            object_id: "calendar",
            before: None,
            after: None,
            detail,
            feed: None,
        })
        .await?;
        w.commit().await
    }
}
