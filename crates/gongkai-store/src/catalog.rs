//! Catalogue items: templates per organisation kind and each organisation's additions.

use gongkai_core::access::{Actor, Permission};
use gongkai_core::audit::object_hash;
use gongkai_core::catalog::{check_placement, CatalogCode, CatalogItem};
use gongkai_core::org::{Org, OrgKind};
use gongkai_core::DomainError;

use crate::audit::event;
use crate::{new_id, q, Db, Result, StoreError, Tx};

const COLUMNS: &str = "code, parent_code, level, name, position, rules";

#[derive(sqlx::FromRow)]
struct ItemRow {
    code: String,
    parent_code: Option<String>,
    level: i64,
    name: String,
    position: i64,
    rules: Option<String>,
}

impl TryFrom<ItemRow> for CatalogItem {
    type Error = StoreError;
    fn try_from(r: ItemRow) -> Result<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("catalog item {}: {what}", r.code));
        Ok(CatalogItem {
            code: CatalogCode::parse(&r.code).map_err(|_| corrupt("code"))?,
            parent: r.parent_code.as_deref().map(CatalogCode::parse).transpose().map_err(|_| corrupt("parent"))?,
            level: u8::try_from(r.level).map_err(|_| corrupt("level"))?,
            rules: r.rules.as_deref().map(serde_json::from_str).transpose().map_err(|_| corrupt("rules"))?,
            name: r.name,
            position: r.position,
        })
    }
}

/// Whose catalogue an item belongs to.
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    Template(OrgKind),
    Org(&'a Org),
}

impl Owner<'_> {
    fn key(&self) -> (&'static str, &str) {
        match self {
            Owner::Template(kind) => ("template", kind.as_str()),
            Owner::Org(org) => ("org", org.code.as_str()),
        }
    }
}

impl Db {
    /// An organisation's catalogue: its kind's template plus its own additions.
    pub async fn catalog_of(&self, org: &Org) -> Result<Vec<CatalogItem>> {
        let rows: Vec<ItemRow> = self
            .fetch_all(
                q(format!(
                    "SELECT {COLUMNS} FROM catalog_items
                     WHERE (owner_kind = 'template' AND owner = $1) OR (owner_kind = 'org' AND owner = $2)
                     ORDER BY level, position, code"
                ))
                .bind(org.kind.as_str())
                .bind(org.code.as_str()),
            )
            .await?;
        rows.into_iter().map(CatalogItem::try_from).collect()
    }

    /// One item of an organisation's catalogue (template or addition) by code.
    pub async fn catalog_item(&self, org: &Org, code: &str) -> Result<Option<CatalogItem>> {
        let row: Option<ItemRow> = self.fetch_optional(item_query(org, code)).await?;
        row.map(CatalogItem::try_from).transpose()
    }

    /// Adds an item to an organisation's own catalogue, checked and audited.
    pub async fn add_catalog_item(&self, actor: &Actor, org: &Org, item: &CatalogItem) -> Result<()> {
        actor.authorize(Permission::ManageOrg, &org.code)?;
        let mut tx = self.write().await?;
        let existing = tx.catalog_item(org, &item.code).await?;
        if existing.is_some() {
            return Err(DomainError::conflict(
                "duplicate_catalog_code",
                format!("目录编码“{}”已被使用", item.code.as_str()),
            )
            .into());
        }
        let parent = match &item.parent {
            Some(code) => Some(tx.catalog_item(org, code).await?.ok_or_else(|| {
                DomainError::invalid("unknown_catalog_item", format!("上级事项“{}”不存在", code.as_str()))
            })?),
            None => None,
        };
        check_placement(
            item.level,
            parent.as_ref().map(|p| p.level),
            parent.as_ref().is_some_and(CatalogItem::is_leaf),
        )?;
        tx.insert_catalog_item(&actor.username, Owner::Org(org), item).await?;
        tx.commit().await
    }
}

fn item_query(org: &Org, code: &str) -> crate::db::Query {
    q(format!(
        "SELECT {COLUMNS} FROM catalog_items
         WHERE code = $3 AND ((owner_kind = 'template' AND owner = $1) OR (owner_kind = 'org' AND owner = $2))"
    ))
    .bind(org.kind.as_str())
    .bind(org.code.as_str())
    .bind(code)
}

impl Tx {
    /// One item of an organisation's catalogue (template or addition) by code.
    pub async fn catalog_item(&mut self, org: &Org, code: &CatalogCode) -> Result<Option<CatalogItem>> {
        let row: Option<ItemRow> = self.fetch_optional(item_query(org, code.as_str())).await?;
        row.map(CatalogItem::try_from).transpose()
    }

    pub async fn insert_catalog_item(&mut self, actor: &str, owner: Owner<'_>, item: &CatalogItem) -> Result<()> {
        let (owner_kind, owner_key) = owner.key();
        let rules = item.rules.as_ref().map(|r| serde_json::to_string(r).unwrap_or_default());
        let id = new_id();
        self.execute(
            q("INSERT INTO catalog_items (id, owner_kind, owner, code, parent_code, level, name, position, rules)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(id.as_str())
            .bind(owner_kind)
            .bind(owner_key)
            .bind(item.code.as_str())
            .bind(item.parent.as_ref().map(CatalogCode::as_str))
            .bind(i64::from(item.level))
            .bind(item.name.as_str())
            .bind(item.position)
            .bind(rules),
        )
        .await?;
        let after = object_hash(item);
        let detail = format!("{owner_kind}:{owner_key} {}", item.name);
        self.audit(event(actor, "create_catalog_item", "catalog_item", &id, None, Some(after), detail)).await?;
        self.feed("catalog", owner_key).await
    }
}
