//! Catalogue items: templates per organisation kind and each organisation's additions.

use gongkai_core::access::{Actor, Permission};
use gongkai_core::audit::object_hash;
use gongkai_core::catalog::{add_item, additions, CatalogCode, CatalogItem, NewItem};
use gongkai_core::org::{Org, OrgCode, OrgKind};

use crate::db::Reader;
use crate::feed::FeedEvent;
use crate::write::{Logged, WriteTx};
use crate::{new_id, q, Db, Result, Store, StoreError};

pub(crate) const COLUMNS: &str = "code, parent_code, level, name, position, rules";

#[derive(sqlx::FromRow)]
pub(crate) struct ItemRow {
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
        catalog_of(&mut &*self, org).await
    }

    /// One item of an organisation's catalogue (template or addition) by code.
    pub async fn catalog_item(&self, org: &Org, code: &str) -> Result<Option<CatalogItem>> {
        item(&mut &*self, org, code).await
    }
}

/// Every catalogue item: the templates by organisation kind and each organisation's own
/// additions, for holding the catalogues in memory.
#[derive(Debug, Clone, Default)]
pub struct AllCatalogs {
    pub templates: Vec<(OrgKind, CatalogItem)>,
    pub additions: Vec<(OrgCode, CatalogItem)>,
}

impl Db {
    pub async fn all_catalogs(&self) -> Result<AllCatalogs> {
        #[derive(sqlx::FromRow)]
        struct Owned {
            owner_kind: String,
            owner: String,
            #[sqlx(flatten)]
            item: ItemRow,
        }
        let rows: Vec<Owned> = self
            .fetch_all(q(format!(
                "SELECT owner_kind, owner, {COLUMNS} FROM catalog_items ORDER BY level, position, code"
            )))
            .await?;
        let mut all = AllCatalogs::default();
        for row in rows {
            let corrupt = || StoreError::Corrupt(format!("catalog owner {}", row.owner));
            let item = CatalogItem::try_from(row.item)?;
            match row.owner_kind.as_str() {
                "template" => all.templates.push((OrgKind::parse(&row.owner).map_err(|_| corrupt())?, item)),
                _ => all.additions.push((OrgCode::parse(&row.owner).map_err(|_| corrupt())?, item)),
            }
        }
        Ok(all)
    }
}

impl Store {
    /// Adds an item to an organisation's own catalogue, checked by core, audited and fed.
    pub async fn add_catalog_item(&self, actor: &Actor, org: &OrgCode, new: NewItem) -> Result<CatalogItem> {
        let mut w = self.db.write(&actor.username, self.clock.now()).await?;
        let org = crate::orgs::load(&mut w, org).await?.ok_or_else(|| crate::orgs::not_found(org))?;
        let catalog = catalog_of(&mut w, &org).await?;
        let item = add_item(actor, &org, &catalog, new)?;
        insert(&mut w, Owner::Org(&org), &item).await?;
        w.commit().await?;
        Ok(item)
    }
}

impl Store {
    /// Adds the new rows of a catalogue table (the header first) to an organisation's own
    /// catalogue, checked whole by core: all of them, headings first, or none with every
    /// bad cell named. Rows whose code the catalogue has are left as they are.
    pub async fn import_catalog_additions(
        &self,
        actor: &Actor,
        org: &OrgCode,
        rows: &[Vec<String>],
    ) -> Result<Vec<CatalogItem>> {
        actor.authorize(Permission::ManageOrg, org)?;
        let mut w = self.db.write(&actor.username, self.clock.now()).await?;
        let org = crate::orgs::load(&mut w, org).await?.ok_or_else(|| crate::orgs::not_found(org))?;
        gongkai_core::org::tree::check_open(&org)?;
        let catalog = catalog_of(&mut w, &org).await?;
        let added = additions::from_table(actor, &org, &catalog, rows)?;
        for item in &added {
            insert(&mut w, Owner::Org(&org), item).await?;
        }
        w.commit().await?;
        Ok(added)
    }
}

async fn catalog_of(reader: &mut impl Reader, org: &Org) -> Result<Vec<CatalogItem>> {
    let rows: Vec<ItemRow> = reader
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
pub(crate) async fn item(reader: &mut impl Reader, org: &Org, code: &str) -> Result<Option<CatalogItem>> {
    let row: Option<ItemRow> = reader
        .fetch_optional(
            q(format!(
                "SELECT {COLUMNS} FROM catalog_items
                 WHERE code = $3 AND ((owner_kind = 'template' AND owner = $1) OR (owner_kind = 'org' AND owner = $2))"
            ))
            .bind(org.kind.as_str())
            .bind(org.code.as_str())
            .bind(code),
        )
        .await?;
    row.map(CatalogItem::try_from).transpose()
}

pub(crate) async fn insert(w: &mut WriteTx, owner: Owner<'_>, item: &CatalogItem) -> Result<()> {
    let (owner_kind, owner_key) = owner.key();
    let rules =
        item.rules.as_ref().map(serde_json::to_string).transpose().map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let id = new_id();
    w.execute(
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
    let org = match owner {
        Owner::Org(org) => Some(&org.code),
        Owner::Template(_) => None,
    };
    w.log(Logged {
        action: "create_catalog_item",
        object_kind: "catalog_item",
        object_id: &id,
        before: None,
        after: Some(object_hash(item)),
        detail: format!("{owner_kind}:{owner_key} {}", item.name),
        feed: Some(FeedEvent::catalog(owner_key, org)),
    })
    .await
}
