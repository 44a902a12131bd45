//! Searching the audit log for supervision: by organisation, person, action and time,
//! newest first, a page at a time.

use chrono::{DateTime, Utc};
use gongkai_core::audit::AuditEntry;
use gongkai_core::org::OrgCode;

use crate::db::{Arg, Query};
use crate::{q, Db, Result};

/// What to look for; every part optional. Times are Unix seconds, `to` exclusive.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub org: Option<OrgCode>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Entries older than this one: the next page.
    pub before_seq: Option<i64>,
    /// Leave out every entry about a 举报, for those who may not know reports exist.
    pub hide_reports: bool,
}

/// The objects an organisation owns, by kind: itself, its records, its accounts, its
/// catalogue items, the requests and the letters it handles. The log names objects, not organisations, so this is asked at
/// search time (accounts and items do not move between organisations).
const OF_ORG: &str = "((a.object_kind = 'org' AND a.object_id = {o})
    OR (a.object_kind = 'record' AND a.object_id IN (SELECT id FROM records WHERE org_code = {o}))
    OR (a.object_kind = 'user' AND a.object_id IN (SELECT id FROM users WHERE org_code = {o}))
    OR (a.object_kind = 'catalog_item'
        AND a.object_id IN (SELECT id FROM catalog_items WHERE owner_kind = 'org' AND owner = {o}))
    OR (a.object_kind = 'request' AND a.object_id IN (SELECT id FROM info_requests WHERE org_code = {o}))
    OR (a.object_kind = 'opinion' AND a.object_id IN (SELECT id FROM opinions WHERE org_code = {o})))";

/// Entries about a 举报.
const ABOUT_REPORTS: &str =
    "(a.object_kind = 'opinion' AND a.object_id IN (SELECT id FROM opinions WHERE category = 'report'))";

impl AuditFilter {
    fn query(&self, limit: i64) -> Query {
        let mut conditions = Vec::new();
        let mut args: Vec<Arg> = Vec::new();
        // Each condition's placeholder is the number its argument takes.
        let mut arg = |value: Arg| {
            args.push(value);
            format!("${}", args.len())
        };
        if let Some(org) = &self.org {
            conditions.push(OF_ORG.replace("{o}", &arg(org.as_str().to_owned().into())));
        }
        if let Some(actor) = &self.actor {
            conditions.push(format!("a.actor = {}", arg(actor.into())));
        }
        if let Some(action) = &self.action {
            conditions.push(format!("a.action = {}", arg(action.into())));
        }
        if let Some(from) = self.from {
            conditions.push(format!("a.at >= {}", arg(from.timestamp().into())));
        }
        if let Some(to) = self.to {
            conditions.push(format!("a.at < {}", arg(to.timestamp().into())));
        }
        if self.hide_reports {
            conditions.push(format!("NOT {ABOUT_REPORTS}"));
        }
        if let Some(seq) = self.before_seq {
            conditions.push(format!("a.seq < {}", arg(seq.into())));
        }
        let filter = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let limit = arg(limit.into());
        let query = q(format!(
            "SELECT a.seq, a.at, a.actor, a.action, a.object_kind, a.object_id, a.hash_before, a.hash_after,
                    a.detail, a.prev_hash, a.hash
             FROM audit_log a {filter} ORDER BY a.seq DESC LIMIT {limit}"
        ));
        args.into_iter().fold(query, Query::bind)
    }
}

impl Db {
    /// Up to `limit` entries matching `filter`, newest first.
    pub async fn audit_search(&self, filter: &AuditFilter, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows: Vec<crate::audit::EntryRow> = self.fetch_all(filter.query(limit)).await?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }
}
