//! Catalogue templates: reading the template of one organisation kind, and loading a table
//! over it as core decides (`gongkai catalog load`, the first start, administrators).

use gongkai_core::access::Actor;
use gongkai_core::audit::object_hash;
use gongkai_core::catalog::template::{load, TemplateLoad};
use gongkai_core::catalog::{CatalogCode, CatalogItem};
use gongkai_core::org::OrgKind;

use crate::catalog::{insert, ItemRow, Owner, COLUMNS};
use crate::db::Reader;
use crate::feed::FeedEvent;
use crate::write::{Logged, WriteTx};
use crate::{q, Db, Result, Store, StoreError};

impl Db {
    /// The template organisations of `kind` follow, in catalogue order.
    pub async fn template(&self, kind: OrgKind) -> Result<Vec<CatalogItem>> {
        template(&mut &*self, kind).await
    }

    /// How many items, and how many of them 公开内容, each kind's template has; kinds with
    /// no template are left out.
    pub async fn template_sizes(&self) -> Result<Vec<(OrgKind, usize, usize)>> {
        let rows: Vec<(String, i64, i64)> = self
            .fetch_all(q("SELECT owner, COUNT(*), COUNT(rules) FROM catalog_items
                          WHERE owner_kind = 'template' GROUP BY owner"))
            .await?;
        rows.into_iter()
            .map(|(kind, items, leaves)| {
                let kind = OrgKind::parse(&kind).map_err(|_| StoreError::Corrupt(format!("template owner {kind}")))?;
                Ok((kind, items as usize, leaves as usize))
            })
            .collect()
    }

    /// Whether any template is installed: a new site has none until the first start.
    pub async fn has_templates(&self) -> Result<bool> {
        let row: Option<(String,)> =
            self.fetch_optional(q("SELECT code FROM catalog_items WHERE owner_kind = 'template' LIMIT 1")).await?;
        Ok(row.is_some())
    }
}

impl Store {
    /// Loads `table` over the template of `kind`: adds new items, changes those that differ,
    /// keeps those the table no longer names. Audited item by item, and fed once, so every
    /// node reloads the catalogues.
    pub async fn load_template(&self, actor: &Actor, kind: OrgKind, table: Vec<CatalogItem>) -> Result<TemplateLoad> {
        let mut w = self.db.write(&actor.username, self.clock.now()).await?;
        let current = template(&mut w, kind).await?;
        let load = load(actor, &current, table)?;
        for item in &load.added {
            insert(&mut w, Owner::Template(kind), item).await?;
        }
        for item in &load.changed {
            let before = current.iter().find(|c| c.code == item.code).map(object_hash);
            update(&mut w, kind, item, before).await?;
        }
        w.commit().await?;
        Ok(load)
    }
}

async fn template(reader: &mut impl Reader, kind: OrgKind) -> Result<Vec<CatalogItem>> {
    let rows: Vec<ItemRow> = reader
        .fetch_all(
            q(format!(
                "SELECT {COLUMNS} FROM catalog_items WHERE owner_kind = 'template' AND owner = $1
                 ORDER BY level, position, code"
            ))
            .bind(kind.as_str()),
        )
        .await?;
    rows.into_iter().map(CatalogItem::try_from).collect()
}

async fn update(w: &mut WriteTx, kind: OrgKind, item: &CatalogItem, before: Option<String>) -> Result<()> {
    let rules =
        item.rules.as_ref().map(serde_json::to_string).transpose().map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let row: Option<(String,)> = w
        .fetch_optional(
            q("UPDATE catalog_items SET parent_code = $1, name = $2, position = $3, rules = $4
               WHERE owner_kind = 'template' AND owner = $5 AND code = $6
               RETURNING id")
            .bind(item.parent.as_ref().map(CatalogCode::as_str))
            .bind(item.name.as_str())
            .bind(item.position)
            .bind(rules)
            .bind(kind.as_str())
            .bind(item.code.as_str()),
        )
        .await?;
    let (id,) = row.ok_or_else(|| StoreError::Corrupt(format!("template item {} vanished", item.code.as_str())))?;
    w.log(Logged {
        action: "update_catalog_item",
        object_kind: "catalog_item",
        object_id: &id,
        before,
        after: Some(object_hash(item)),
        detail: format!("template:{} {}", kind.as_str(), item.name),
        feed: Some(FeedEvent::catalog(kind.as_str(), None)),
    })
    .await
}
