//! Organisations and their catalogues held in memory: nearly every public page needs them
//! and they change rarely. Loaded on first use, dropped when the change feed reports a
//! change to an organisation or a catalogue, and loaded again on the next use.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use gongkai_core::catalog::CatalogItem;
use gongkai_core::org::{Org, OrgCode};
use gongkai_store::{Db, StoreError};

#[derive(Debug, Default)]
pub struct Directory {
    pub orgs: Vec<Org>,
    by_code: HashMap<OrgCode, usize>,
    /// Each organisation's catalogue: its kind's template plus its own additions, in
    /// catalogue order.
    catalogs: HashMap<OrgCode, Arc<Vec<CatalogItem>>>,
}

impl Directory {
    async fn load(db: &Db) -> Result<Self, StoreError> {
        let orgs = db.orgs().await?;
        let all = db.all_catalogs().await?;
        let mut catalogs = HashMap::with_capacity(orgs.len());
        for org in &orgs {
            let mut items: Vec<CatalogItem> = all
                .templates
                .iter()
                .filter(|(kind, _)| *kind == org.kind)
                .map(|(_, item)| item.clone())
                .chain(all.additions.iter().filter(|(code, _)| *code == org.code).map(|(_, item)| item.clone()))
                .collect();
            items.sort_by(|a, b| (a.level, a.position, &a.code).cmp(&(b.level, b.position, &b.code)));
            catalogs.insert(org.code.clone(), Arc::new(items));
        }
        let by_code = orgs.iter().enumerate().map(|(n, o)| (o.code.clone(), n)).collect();
        Ok(Directory { orgs, by_code, catalogs })
    }

    pub fn org(&self, code: &OrgCode) -> Option<&Org> {
        self.by_code.get(code).map(|&n| &self.orgs[n])
    }

    /// The organisations that have not been closed, in tree order: the ones lists show.
    pub fn open_orgs(&self) -> impl Iterator<Item = &Org> {
        self.orgs.iter().filter(|o| o.closed_on.is_none())
    }

    /// The open units as a form offers them, code and label: in tree order, each name
    /// indented by its depth with full-width spaces, as a `<select>` draws no tree.
    pub fn unit_choices(&self) -> Vec<(String, String)> {
        crate::views::org_depths(&self.orgs)
            .into_iter()
            .filter(|(o, _)| o.closed_on.is_none())
            .map(|(o, depth)| (o.code.to_string(), format!("{}{}", "\u{3000}".repeat(depth), o.name)))
            .collect()
    }

    pub fn catalog(&self, code: &OrgCode) -> Arc<Vec<CatalogItem>> {
        self.catalogs.get(code).cloned().unwrap_or_default()
    }

    /// The item `code` in the first catalogue that has it: codes name the same item in every
    /// organisation of a kind, so this names a code when no organisation is given.
    pub fn any_catalog_item(&self, code: &str) -> Option<CatalogItem> {
        self.orgs.iter().find_map(|o| self.catalog_item(&o.code, code))
    }

    /// The item `code` of `org`'s catalogue.
    pub fn catalog_item(&self, org: &OrgCode, code: &str) -> Option<CatalogItem> {
        self.catalogs.get(org)?.iter().find(|i| i.code.as_str() == code).cloned()
    }
}

/// The directory as last loaded, or nothing when it must be loaded again; the generation
/// counts invalidations, so that a load which raced with one is used but not kept.
#[derive(Debug, Default)]
pub struct DirectoryCache(RwLock<(u64, Option<Arc<Directory>>)>);

impl DirectoryCache {
    pub async fn get(&self, db: &Db) -> Result<Arc<Directory>, StoreError> {
        let generation = {
            let held = self.0.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(loaded) = &held.1 {
                return Ok(loaded.clone());
            }
            held.0
        };
        let loaded = Arc::new(Directory::load(db).await?);
        let mut held = self.0.write().unwrap_or_else(PoisonError::into_inner);
        if held.0 == generation {
            held.1 = Some(loaded.clone());
        }
        Ok(loaded)
    }

    pub fn invalidate(&self) {
        let mut held = self.0.write().unwrap_or_else(PoisonError::into_inner);
        held.0 += 1;
        held.1 = None;
    }
}
