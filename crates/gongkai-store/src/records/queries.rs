//! Listings of records: the public lists (home, organisation pages) and the back office's
//! work lists. Each selects candidates with an indexable filter built from core's sets of
//! states; visibility itself is core's rule.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::catalog::CatalogCode;
use gongkai_core::org::OrgCode;
use gongkai_core::record::{RecordState, Stage};

use super::row::from_epoch_day;
use crate::{q, Db, Result, StoreError};

/// A line of a listing: enough to show a link with its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSummary {
    pub id: String,
    pub title: String,
    pub org_code: String,
    pub org_name: String,
    pub catalog_code: String,
    pub state: RecordState,
    pub stage: Option<Stage>,
    pub version: u32,
    pub published_at: Option<DateTime<Utc>>,
    pub publicity_end: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    title: String,
    org_code: String,
    org_name: String,
    catalog_code: String,
    state: String,
    stage: Option<String>,
    version: i64,
    published_at: Option<i64>,
    publicity_end_day: Option<i64>,
    updated_at: i64,
}

impl TryFrom<SummaryRow> for RecordSummary {
    type Error = StoreError;
    fn try_from(r: SummaryRow) -> Result<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("record {}: {what}", r.id));
        Ok(RecordSummary {
            state: RecordState::parse(&r.state).map_err(|_| corrupt("state"))?,
            stage: r.stage.as_deref().map(Stage::parse).transpose().map_err(|_| corrupt("stage"))?,
            version: u32::try_from(r.version).map_err(|_| corrupt("version"))?,
            published_at: r.published_at.and_then(|t| DateTime::from_timestamp(t, 0)),
            publicity_end: r.publicity_end_day.and_then(from_epoch_day),
            updated_at: DateTime::from_timestamp(r.updated_at, 0).ok_or_else(|| corrupt("updated_at"))?,
            id: r.id,
            title: r.title,
            org_code: r.org_code,
            org_name: r.org_name,
            catalog_code: r.catalog_code,
        })
    }
}

const SUMMARY: &str = "SELECT r.id, r.title, r.org_code, o.name AS org_name, r.catalog_code, r.state, r.stage, \
     r.version, r.published_at, r.publicity_end_day, r.updated_at \
     FROM records r JOIN orgs o ON o.code = r.org_code";

/// `'a', 'b'` for an `IN (…)` filter; the names come from core's closed set, not from input.
fn state_list(states: &[RecordState]) -> String {
    states.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ")
}

impl Db {
    async fn summaries(&self, query: crate::db::Query) -> Result<Vec<RecordSummary>> {
        let rows: Vec<SummaryRow> = self.fetch_all(query).await?;
        rows.into_iter().map(RecordSummary::try_from).collect()
    }

    /// The newest listed records across all organisations, `offset` of them skipped.
    pub async fn latest_published(&self, limit: i64, offset: i64) -> Result<Vec<RecordSummary>> {
        let listed = state_list(RecordState::LISTED);
        self.summaries(
            q(format!("{SUMMARY} WHERE r.state IN ({listed}) ORDER BY r.published_at DESC, r.id LIMIT $1 OFFSET $2"))
                .bind(limit)
                .bind(offset),
        )
        .await
    }

    /// How many listed records there are: everywhere, or one organisation's, optionally
    /// under one catalogue leaf — the pages a list has.
    pub async fn published_count(&self, org: Option<&OrgCode>, catalog: Option<&CatalogCode>) -> Result<i64> {
        let listed = state_list(RecordState::LISTED);
        let mut sql = format!("SELECT COUNT(*) FROM records r WHERE r.state IN ({listed})");
        let mut query_args = Vec::new();
        if let Some(org) = org {
            query_args.push(org.as_str());
            sql.push_str(&format!(" AND r.org_code = ${}", query_args.len()));
        }
        if let Some(c) = catalog {
            query_args.push(c.as_str());
            sql.push_str(&format!(" AND r.catalog_code = ${}", query_args.len()));
        }
        let query = query_args.into_iter().fold(q(sql), |query, arg| query.bind(arg));
        Ok(self.fetch_one::<(i64,)>(query).await?.0)
    }

    /// How many listed records an organisation has under each catalogue leaf that has any.
    pub async fn catalog_counts(&self, org: &OrgCode) -> Result<Vec<(String, i64)>> {
        let listed = state_list(RecordState::LISTED);
        let rows: Vec<(String, i64)> = self
            .fetch_all(
                q(format!(
                    "SELECT r.catalog_code, COUNT(*) FROM records r WHERE r.org_code = $1 AND r.state IN ({listed}) \
                     GROUP BY r.catalog_code"
                ))
                .bind(org.as_str()),
            )
            .await?;
        Ok(rows)
    }

    /// An organisation's listed records, newest first, optionally under one catalogue leaf.
    pub async fn org_published(
        &self,
        org: &OrgCode,
        catalog: Option<&CatalogCode>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<RecordSummary>> {
        let listed = state_list(RecordState::LISTED);
        let filter = if catalog.is_some() { "AND r.catalog_code = $4" } else { "" };
        let mut query = q(format!(
            "{SUMMARY} WHERE r.org_code = $1 AND r.state IN ({listed}) {filter}
             ORDER BY r.published_at DESC, r.id LIMIT $2 OFFSET $3"
        ))
        .bind(org.as_str())
        .bind(limit)
        .bind(offset);
        if let Some(c) = catalog {
            query = query.bind(c.as_str());
        }
        self.summaries(query).await
    }

    /// Records in `states` for the back office: one organisation's, or every
    /// organisation's when `org` is `None` (administrators, supervisors).
    pub async fn records_in(
        &self,
        org: Option<&OrgCode>,
        states: &[RecordState],
        limit: i64,
    ) -> Result<Vec<RecordSummary>> {
        let list = state_list(states);
        let filter = if org.is_some() { "AND r.org_code = $2" } else { "" };
        let mut query =
            q(format!("{SUMMARY} WHERE r.state IN ({list}) {filter} ORDER BY r.updated_at DESC LIMIT $1")).bind(limit);
        if let Some(code) = org {
            query = query.bind(code.as_str());
        }
        self.summaries(query).await
    }

    pub async fn record_count(&self) -> Result<i64> {
        Ok(self.fetch_one::<(i64,)>(q("SELECT COUNT(*) FROM records")).await?.0)
    }
}
