//! The last serial each organisation has given in each year: 索引号 of first publications,
//! numbers of requests for information, of letters to the opinion box and of reports. A serial is read and counted as taken inside
//! the writer's transaction, which holds the audit head's lock, so two writers — on any
//! node — never take the same one and a rolled-back one leaves no gap.

use std::collections::HashMap;

use gongkai_core::org::OrgCode;
use gongkai_core::record::NewIndex;

use crate::db::Reader;
use crate::{q, Result};

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Series {
    /// 索引号 serials.
    Index,
    /// 申请编号 serials.
    Request,
    /// 来信编号 serials of the opinion box.
    Opinion,
    /// Reports' own serials, so that a unit's letter numbers show no gap where one was.
    Report,
}

impl Series {
    fn table(self) -> &'static str {
        match self {
            Series::Index => "index_serials",
            Series::Request => "request_serials",
            Series::Opinion => "opinion_serials",
            Series::Report => "report_serials",
        }
    }
}

/// The next free serial of `org` in `year`.
pub(crate) async fn next(reader: &mut impl Reader, series: Series, org: &OrgCode, year: i32) -> Result<u32> {
    let sql = format!("SELECT last_serial FROM {} WHERE org_code = $1 AND year = $2", series.table());
    let last: Option<(i64,)> = reader.fetch_optional(q(sql).bind(org.as_str()).bind(i64::from(year))).await?;
    let last = last.map_or(0, |(n,)| n);
    u32::try_from(last + 1).map_err(|_| crate::StoreError::Corrupt(format!("{series:?} serial of {org} in {year}")))
}

/// Counts `serial` of `org` in `year` as used: it must be the next free one.
pub(crate) async fn count_taken(
    w: &mut crate::write::WriteTx,
    series: Series,
    org: &OrgCode,
    year: i32,
    serial: u32,
) -> Result<()> {
    let sql = format!(
        "INSERT INTO {} (org_code, year, last_serial) VALUES ($1, $2, $3) \
         ON CONFLICT (org_code, year) DO UPDATE SET last_serial = excluded.last_serial",
        series.table()
    );
    w.execute(q(sql).bind(org.as_str()).bind(i64::from(year)).bind(i64::from(serial))).await?;
    Ok(())
}

/// 索引号 serials handed out by an import, written back once when it commits.
#[derive(Debug, Default)]
pub(crate) struct Counters(HashMap<(OrgCode, i32), u32>);

impl Counters {
    /// The next serial of `org` in `year`, counted as taken.
    pub(crate) async fn take(&mut self, reader: &mut impl Reader, org: &OrgCode, year: i32) -> Result<NewIndex> {
        let key = (org.clone(), year);
        let serial = match self.0.get(&key) {
            Some(last) => last + 1,
            None => next(reader, Series::Index, org, year).await?,
        };
        self.0.insert(key, serial);
        Ok(NewIndex { org: org.clone(), year, serial })
    }

    pub(crate) async fn write(self, w: &mut crate::write::WriteTx) -> Result<()> {
        for ((org, year), serial) in self.0 {
            count_taken(w, Series::Index, &org, year, serial).await?;
        }
        Ok(())
    }
}
