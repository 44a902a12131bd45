//! The records the public finds listed, read for the search index: the listed version of
//! given lineages (following the change feed) and all of them page by page (rebuilding).
//! The states come from core's set; whether each is shown in full is core's rule, asked
//! by the caller.

use gongkai_core::org::OrgCode;
use gongkai_core::record::{Record, RecordState};

use super::row::{RecordRow, COLUMNS};
use crate::{q, Db, Result};

fn listed_states() -> String {
    RecordState::LISTED.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ")
}

/// `$1, $2, …` for an `IN` list of `n` values.
pub(crate) fn params(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

impl Db {
    /// The listed version, if any, of each of `lineages`.
    pub async fn listed_in_lineages(&self, lineages: &[String]) -> Result<Vec<Record>> {
        if lineages.is_empty() {
            return Ok(vec![]);
        }
        let mut query = q(format!(
            "SELECT {COLUMNS} FROM records WHERE lineage_id IN ({}) AND state IN ({})",
            params(lineages.len()),
            listed_states()
        ));
        for lineage in lineages {
            query = query.bind(lineage.as_str());
        }
        let rows: Vec<RecordRow> = self.fetch_all(query).await?;
        rows.into_iter().map(Record::try_from).collect()
    }

    /// Up to `limit` listed records with ids after `after`, in id order: of one
    /// organisation, or of all when `org` is `None`.
    pub async fn listed_after(&self, org: Option<&OrgCode>, after: &str, limit: i64) -> Result<Vec<Record>> {
        let filter = if org.is_some() { "AND org_code = $3" } else { "" };
        let mut query = q(format!(
            "SELECT {COLUMNS} FROM records WHERE state IN ({}) AND id > $1 {filter} ORDER BY id LIMIT $2",
            listed_states()
        ))
        .bind(after)
        .bind(limit);
        if let Some(org) = org {
            query = query.bind(org.as_str());
        }
        let rows: Vec<RecordRow> = self.fetch_all(query).await?;
        rows.into_iter().map(Record::try_from).collect()
    }
}
