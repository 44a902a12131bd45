//! Proposed changes to organisation details (四眼原则): proposed by an editor, applied
//! when a reviewer approves, returned with a reason otherwise. One change per
//! organisation; a new proposal replaces a waiting or returned one.

use chrono::{DateTime, Utc};
use gongkai_core::access::Actor;
use gongkai_core::org::change::{self, DetailsChange, Returned};
use gongkai_core::org::{Org, OrgCode, OrgDetails};
use gongkai_core::DomainError;

use crate::db::Reader;
use crate::orgs::{load, not_found, save_details};
use crate::write::{Logged, WriteTx};
use crate::{q, Db, Result, Store, StoreError};

#[derive(sqlx::FromRow)]
struct ChangeRow {
    details: String,
    proposed_by: String,
    proposer: String,
    proposed_at: i64,
    returned_by: Option<String>,
    returned_at: Option<i64>,
    return_reason: Option<String>,
}

fn instant(ts: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp(ts, 0).ok_or_else(|| StoreError::Corrupt(format!("org change time {ts}")))
}

impl TryFrom<ChangeRow> for DetailsChange {
    type Error = StoreError;
    fn try_from(r: ChangeRow) -> Result<Self> {
        let returned = match (r.returned_by, r.returned_at, r.return_reason) {
            (Some(by), Some(at), Some(reason)) => Some(Returned { by, at: instant(at)?, reason }),
            _ => None,
        };
        Ok(DetailsChange {
            details: serde_json::from_str::<OrgDetails>(&r.details)
                .map_err(|e| StoreError::Corrupt(format!("org change details: {e}")))?,
            proposed_by: r.proposed_by,
            proposer: r.proposer,
            proposed_at: instant(r.proposed_at)?,
            returned,
        })
    }
}

async fn pending(reader: &mut impl Reader, code: &OrgCode) -> Result<Option<DetailsChange>> {
    let row: Option<ChangeRow> = reader
        .fetch_optional(
            q("SELECT details, proposed_by, proposer, proposed_at, returned_by, returned_at, return_reason
               FROM org_changes WHERE org = $1")
            .bind(code.as_str()),
        )
        .await?;
    row.map(DetailsChange::try_from).transpose()
}

fn nothing_waiting() -> StoreError {
    StoreError::Domain(DomainError::not_found("no_pending_change", "该单位没有待审核的单位信息修改"))
}

impl Db {
    /// The change proposed for `code`, waiting or returned.
    pub async fn org_change(&self, code: &OrgCode) -> Result<Option<DetailsChange>> {
        pending(&mut &*self, code).await
    }

    /// The organisations with a change waiting for review, within `scope` (all when
    /// `None`), oldest first: the reviewer's queue.
    pub async fn org_changes_waiting(&self, scope: Option<&OrgCode>) -> Result<Vec<(OrgCode, DateTime<Utc>)>> {
        let filter = if scope.is_some() { "AND org = $1" } else { "" };
        let mut query = q(format!(
            "SELECT org, proposed_at FROM org_changes WHERE returned_at IS NULL {filter} ORDER BY proposed_at"
        ));
        if let Some(code) = scope {
            query = query.bind(code.as_str());
        }
        let rows: Vec<(String, i64)> = self.fetch_all(query).await?;
        rows.into_iter()
            .map(|(org, at)| {
                Ok((OrgCode::parse(&org).map_err(|_| StoreError::Corrupt(format!("org change {org}")))?, instant(at)?))
            })
            .collect()
    }
}

impl Store {
    /// `actor` proposes new details for `code`; the public sees the old ones until a
    /// reviewer approves.
    pub async fn propose_org_details(
        &self,
        actor: &Actor,
        code: &OrgCode,
        details: OrgDetails,
    ) -> Result<DetailsChange> {
        let mut w = self.db.write(&actor.username, self.clock.now()).await?;
        let org = load(&mut w, code).await?.ok_or_else(|| not_found(code))?;
        let change = change::propose(actor, &org, details, w.now())?;
        let json = serde_json::to_string(&change.details).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        w.execute(q("DELETE FROM org_changes WHERE org = $1").bind(code.as_str())).await?;
        w.execute(
            q("INSERT INTO org_changes (org, details, proposed_by, proposer, proposed_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(code.as_str())
                .bind(json)
                .bind(change.proposed_by.as_str())
                .bind(change.proposer.as_str())
                .bind(change.proposed_at.timestamp()),
        )
        .await?;
        log(&mut w, code, "propose_org_details", "提交单位信息修改，待审核".into()).await?;
        w.commit().await?;
        Ok(change)
    }

    /// A reviewer approves the waiting change: it is applied, and the public sees it.
    pub async fn approve_org_details(&self, actor: &Actor, code: &OrgCode) -> Result<Org> {
        let mut w = self.db.write(&actor.username, self.clock.now()).await?;
        let (before, change) = waiting(&mut w, code).await?;
        let after = change::approve(actor, &before, &change)?;
        w.execute(q("DELETE FROM org_changes WHERE org = $1").bind(code.as_str())).await?;
        save_details(&mut w, &before, &after, format!("审核通过 {} 提交的单位信息修改", change.proposer)).await?;
        w.commit().await?;
        Ok(after)
    }

    /// A reviewer returns the waiting change with `reason`; nothing public changes.
    pub async fn reject_org_details(&self, actor: &Actor, code: &OrgCode, reason: &str) -> Result<DetailsChange> {
        let mut w = self.db.write(&actor.username, self.clock.now()).await?;
        let (org, change) = waiting(&mut w, code).await?;
        let returned = change::reject(actor, &org, &change, reason, w.now())?;
        let r = returned.returned.as_ref().expect("a returned change says why");
        w.execute(
            q("UPDATE org_changes SET returned_by = $1, returned_at = $2, return_reason = $3 WHERE org = $4")
                .bind(r.by.as_str())
                .bind(r.at.timestamp())
                .bind(r.reason.as_str())
                .bind(code.as_str()),
        )
        .await?;
        log(&mut w, code, "reject_org_details", format!("退回单位信息修改：{}", r.reason)).await?;
        w.commit().await?;
        Ok(returned)
    }
}

async fn waiting(w: &mut WriteTx, code: &OrgCode) -> Result<(Org, DetailsChange)> {
    let org = load(w, code).await?.ok_or_else(|| not_found(code))?;
    let change = pending(w, code).await?.ok_or_else(nothing_waiting)?;
    Ok((org, change))
}

async fn log(w: &mut WriteTx, code: &OrgCode, action: &'static str, detail: String) -> Result<()> {
    let logged =
        Logged { action, object_kind: "org", object_id: code.as_str(), before: None, after: None, detail, feed: None };
    w.log(logged).await
}
