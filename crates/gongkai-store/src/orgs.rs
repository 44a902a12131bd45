//! Organisations: the tree, one organisation's details, and changes to them.

use gongkai_core::audit::object_hash;
use gongkai_core::org::{Org, OrgCode, OrgKind};

use crate::db::Reader;
use crate::feed::FeedEvent;
use crate::records::{epoch_day, from_epoch_day};
use crate::write::{Logged, WriteTx};
use crate::{q, Db, Result, StoreError};

const COLUMNS: &str = "code, name, kind, parent, address, phone, first_responsible, leaders, closed_on";

#[derive(sqlx::FromRow)]
struct OrgRow {
    code: String,
    name: String,
    kind: String,
    parent: Option<String>,
    address: Option<String>,
    phone: Option<String>,
    first_responsible: Option<String>,
    leaders: String,
    closed_on: Option<i64>,
}

impl TryFrom<OrgRow> for Org {
    type Error = StoreError;
    fn try_from(r: OrgRow) -> Result<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("org {}: {what}", r.code));
        Ok(Org {
            code: OrgCode::parse(&r.code).map_err(|_| corrupt("code"))?,
            kind: OrgKind::parse(&r.kind).map_err(|_| corrupt("kind"))?,
            parent: r.parent.as_deref().map(OrgCode::parse).transpose().map_err(|_| corrupt("parent"))?,
            leaders: serde_json::from_str(&r.leaders).map_err(|_| corrupt("leaders"))?,
            name: r.name,
            address: r.address,
            phone: r.phone,
            first_responsible: r.first_responsible,
            closed_on: r.closed_on.map(|d| from_epoch_day(d).ok_or_else(|| corrupt("closed_on"))).transpose()?,
        })
    }
}

impl Db {
    /// Every organisation, parents' order kept by `position`, for building the tree.
    pub async fn orgs(&self) -> Result<Vec<Org>> {
        all(&mut &*self).await
    }

    pub async fn org(&self, code: &OrgCode) -> Result<Option<Org>> {
        load(&mut &*self, code).await
    }

    pub async fn org_count(&self) -> Result<i64> {
        Ok(self.fetch_one::<(i64,)>(q("SELECT COUNT(*) FROM orgs")).await?.0)
    }
}

/// Writes `org`'s details (an approved change), audited and fed.
pub(crate) async fn save_details(w: &mut WriteTx, before: &Org, after: &Org, detail: String) -> Result<()> {
    let leaders = serde_json::to_string(&after.leaders).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let now = w.now().timestamp();
    w.execute(
        q("UPDATE orgs SET address = $1, phone = $2, first_responsible = $3, leaders = $4, updated_at = $5 WHERE code = $6")
            .bind(after.address.clone())
            .bind(after.phone.clone())
            .bind(after.first_responsible.clone())
            .bind(leaders)
            .bind(now)
            .bind(after.code.as_str()),
    )
    .await?;
    w.log(Logged {
        action: "update_org",
        object_kind: "org",
        object_id: after.code.as_str(),
        before: Some(object_hash(before)),
        after: Some(object_hash(after)),
        detail,
        feed: Some(FeedEvent::org(&after.code)),
    })
    .await
}

/// Every organisation, siblings in their order.
pub(crate) async fn all(reader: &mut impl Reader) -> Result<Vec<Org>> {
    let rows: Vec<OrgRow> = reader.fetch_all(q(format!("SELECT {COLUMNS} FROM orgs ORDER BY position, code"))).await?;
    rows.into_iter().map(Org::try_from).collect()
}

pub(crate) async fn load(reader: &mut impl Reader, code: &OrgCode) -> Result<Option<Org>> {
    let row: Option<OrgRow> =
        reader.fetch_optional(q(format!("SELECT {COLUMNS} FROM orgs WHERE code = $1")).bind(code.as_str())).await?;
    row.map(Org::try_from).transpose()
}

/// Adds an organisation (set-up, import), audited and fed.
pub(crate) async fn insert(w: &mut WriteTx, org: &Org, position: i64) -> Result<()> {
    let leaders = serde_json::to_string(&org.leaders).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let now = w.now().timestamp();
    w.execute(
        q("INSERT INTO orgs (code, name, kind, parent, position, address, phone, first_responsible, leaders, updated_at,
                             closed_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(org.code.as_str())
        .bind(org.name.as_str())
        .bind(org.kind.as_str())
        .bind(org.parent.as_ref().map(OrgCode::as_str))
        .bind(position)
        .bind(org.address.clone())
        .bind(org.phone.clone())
        .bind(org.first_responsible.clone())
        .bind(leaders)
        .bind(now)
        .bind(org.closed_on.map(epoch_day)),
    )
    .await?;
    w.log(Logged {
        action: "create_org",
        object_kind: "org",
        object_id: org.code.as_str(),
        before: None,
        after: Some(object_hash(org)),
        detail: org.name.clone(),
        feed: Some(FeedEvent::org(&org.code)),
    })
    .await
}

pub(crate) fn not_found(code: &OrgCode) -> StoreError {
    StoreError::Domain(gongkai_core::DomainError::not_found("unknown_org", format!("单位编码“{code}”不存在")))
}
