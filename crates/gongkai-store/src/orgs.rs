//! Organisations: the tree, one organisation's details, and changes to them.

use gongkai_core::access::{Actor, Permission};
use gongkai_core::audit::object_hash;
use gongkai_core::org::{Leader, Org, OrgCode, OrgKind};

use crate::audit::event;
use crate::{q, unix_now, Db, Result, StoreError, Tx};

const COLUMNS: &str = "code, name, kind, parent, address, phone, first_responsible, leaders";

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
        })
    }
}

/// 单位信息 an editor may change: contacts, first responsible person, leadership team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgDetails {
    pub address: Option<String>,
    pub phone: Option<String>,
    pub first_responsible: Option<String>,
    pub leaders: Vec<Leader>,
}

impl Db {
    /// Every organisation, parents' order kept by `position`, for building the tree.
    pub async fn orgs(&self) -> Result<Vec<Org>> {
        let rows: Vec<OrgRow> =
            self.fetch_all(q(format!("SELECT {COLUMNS} FROM orgs ORDER BY position, code"))).await?;
        rows.into_iter().map(Org::try_from).collect()
    }

    pub async fn org(&self, code: &OrgCode) -> Result<Option<Org>> {
        let row: Option<OrgRow> =
            self.fetch_optional(q(format!("SELECT {COLUMNS} FROM orgs WHERE code = $1")).bind(code.as_str())).await?;
        row.map(Org::try_from).transpose()
    }

    pub async fn org_count(&self) -> Result<i64> {
        Ok(self.fetch_one::<(i64,)>(q("SELECT COUNT(*) FROM orgs")).await?.0)
    }

    /// Changes an organisation's details on behalf of `actor`, audited.
    pub async fn update_org_details(&self, actor: &Actor, code: &OrgCode, details: OrgDetails) -> Result<Org> {
        actor.authorize(Permission::ManageOrg, code)?;
        let mut tx = self.write().await?;
        let before = tx.org(code).await?.ok_or_else(|| not_found(code))?;
        let leaders = serde_json::to_string(&details.leaders).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        tx.execute(
            q("UPDATE orgs SET address = $1, phone = $2, first_responsible = $3, leaders = $4, updated_at = $5 WHERE code = $6")
                .bind(details.address.clone())
                .bind(details.phone.clone())
                .bind(details.first_responsible.clone())
                .bind(leaders)
                .bind(unix_now())
                .bind(code.as_str()),
        )
        .await?;
        let after = Org {
            address: details.address,
            phone: details.phone,
            first_responsible: details.first_responsible,
            leaders: details.leaders,
            ..before.clone()
        };
        tx.audit(event(
            &actor.username,
            "update_org",
            "org",
            code.as_str(),
            Some(hash(&before)),
            Some(hash(&after)),
            "修改单位信息",
        ))
        .await?;
        tx.feed("org", code.as_str()).await?;
        tx.commit().await?;
        Ok(after)
    }
}

impl Tx {
    pub async fn org(&mut self, code: &OrgCode) -> Result<Option<Org>> {
        let row: Option<OrgRow> =
            self.fetch_optional(q(format!("SELECT {COLUMNS} FROM orgs WHERE code = $1")).bind(code.as_str())).await?;
        row.map(Org::try_from).transpose()
    }

    /// Adds an organisation (set-up and demo loading), audited as `actor`.
    pub async fn insert_org(&mut self, actor: &str, org: &Org, position: i64) -> Result<()> {
        let leaders = serde_json::to_string(&org.leaders).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.execute(
            q("INSERT INTO orgs (code, name, kind, parent, position, address, phone, first_responsible, leaders, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
            .bind(org.code.as_str())
            .bind(org.name.as_str())
            .bind(org.kind.as_str())
            .bind(org.parent.as_ref().map(OrgCode::as_str))
            .bind(position)
            .bind(org.address.clone())
            .bind(org.phone.clone())
            .bind(org.first_responsible.clone())
            .bind(leaders)
            .bind(unix_now()),
        )
        .await?;
        self.audit(event(actor, "create_org", "org", org.code.as_str(), None, Some(hash(org)), org.name.clone()))
            .await?;
        self.feed("org", org.code.as_str()).await
    }
}

fn hash(org: &Org) -> String {
    object_hash(org)
}

pub(crate) fn not_found(code: &OrgCode) -> StoreError {
    StoreError::Domain(gongkai_core::DomainError::not_found("unknown_org", format!("单位编码“{code}”不存在")))
}
