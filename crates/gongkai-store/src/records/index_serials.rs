//! The last 索引号 serial each organisation has given in each year. A serial is read and
//! counted as taken inside the writer's transaction, which holds the audit head's lock, so
//! two publications never take the same one and a rolled-back one leaves no gap.

use std::collections::HashMap;

use gongkai_core::org::OrgCode;
use gongkai_core::record::NewIndex;

use crate::db::Reader;
use crate::{q, Result};

/// The next free serial of `org` in `year`.
pub(crate) async fn next(reader: &mut impl Reader, org: &OrgCode, year: i32) -> Result<u32> {
    let last: Option<(i64,)> = reader
        .fetch_optional(
            q("SELECT last_serial FROM index_serials WHERE org_code = $1 AND year = $2")
                .bind(org.as_str())
                .bind(i64::from(year)),
        )
        .await?;
    let last = last.map_or(0, |(n,)| n);
    u32::try_from(last + 1).map_err(|_| crate::StoreError::Corrupt(format!("index serial of {org} in {year}")))
}

/// Counts `taken` as used: it must be the next free one.
pub(crate) async fn count_taken(w: &mut crate::write::WriteTx, taken: &NewIndex) -> Result<()> {
    w.execute(
        q("INSERT INTO index_serials (org_code, year, last_serial) VALUES ($1, $2, $3) \
           ON CONFLICT (org_code, year) DO UPDATE SET last_serial = excluded.last_serial")
        .bind(taken.org.as_str())
        .bind(i64::from(taken.year))
        .bind(i64::from(taken.serial)),
    )
    .await?;
    Ok(())
}

/// Serials handed out by an import, written back once when it commits.
#[derive(Debug, Default)]
pub(crate) struct Counters(HashMap<(OrgCode, i32), u32>);

impl Counters {
    /// The next serial of `org` in `year`, counted as taken.
    pub(crate) async fn take(&mut self, reader: &mut impl Reader, org: &OrgCode, year: i32) -> Result<NewIndex> {
        let key = (org.clone(), year);
        let serial = match self.0.get(&key) {
            Some(last) => last + 1,
            None => next(reader, org, year).await?,
        };
        self.0.insert(key, serial);
        Ok(NewIndex { org: org.clone(), year, serial })
    }

    pub(crate) async fn write(self, w: &mut crate::write::WriteTx) -> Result<()> {
        for ((org, year), serial) in self.0 {
            count_taken(w, &NewIndex { org, year, serial }).await?;
        }
        Ok(())
    }
}
