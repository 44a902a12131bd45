//! Demo content: a fictional city (岚江市) with its organisation tree on the standard
//! catalogue templates and three years of disclosure records, generated the same way every
//! time for a given scale.

mod bodies;
mod catalog;
mod filing;
mod guides;
mod hints;
mod leaders;
mod matters;
mod names;
mod orgs;
mod prose;
mod records;
mod reports;
mod rng;
mod rosters;
mod site;
mod text;
mod titles;
mod topics;

#[cfg(test)]
mod corpus_facts;
#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod tests;

use gongkai_core::access::Actor;
use gongkai_core::org::{Org, OrgKind};
use gongkai_core::record::{MatterId, RecordState};
use gongkai_store::records::import::{ImportBatch, ImportRecord};
use gongkai_store::Store;

use catalog::Template;
use records::Planned;
use rng::Rng;

/// What was loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub orgs: usize,
    pub catalog_items: usize,
    pub records: usize,
    /// The first street office, whose accounts a newcomer is given.
    pub street: Org,
    /// The demo site's settings, to be written as `site.toml`.
    pub site_settings: String,
}

/// Every stream of the generator derives from this seed.
const SEED: u64 = 0x6c6a_2026_1101;

/// Records per transaction: large enough to amortise commits, small enough to keep the
/// single SQLite writer available to others between batches.
const BATCH: usize = 1000;

/// Ordinary records per organisation at scale 1; busier bodies publish more.
fn slots(kind: OrgKind) -> usize {
    match kind {
        OrgKind::City => 24,
        OrgKind::District => 16,
        OrgKind::PartyCommittee | OrgKind::Department => 14,
        OrgKind::PublicUnit => 10,
        OrgKind::Township | OrgKind::Street => 8,
        OrgKind::Village | OrgKind::Community => 5,
        OrgKind::ServiceHall => 4,
    }
}

/// Loads the demo city into an empty, migrated database. `scale` multiplies the number of
/// records; the organisations and catalogue are the same at every scale.
pub async fn load(store: &Store, scale: u32) -> anyhow::Result<Summary> {
    let orgs = orgs::build(SEED);
    let templates: Vec<(OrgKind, Template)> = OrgKind::ALL.iter().map(|&k| (k, catalog::template(k))).collect();

    // The standard templates, through the same audited path as `gongkai catalog load`.
    let mut catalog_items = 0;
    for (kind, template) in &templates {
        let load = store.load_template(&Actor::system(), *kind, template.items.clone()).await?;
        catalog_items += load.added.len() + load.changed.len() + load.unchanged;
    }
    let mut batch = store.import_batch().await?;
    for (org, position) in &orgs {
        batch.org(org, *position).await?;
    }
    batch.commit().await?;

    let mut writer = Writer { store, batch: Some(store.import_batch().await?), pending: 0, written: 0 };
    for (org, _) in &orgs {
        let Some((_, template)) = templates.iter().find(|(k, _)| *k == org.kind) else { continue };
        let count = slots(org.kind) * scale.max(1) as usize;
        let mut rng = Rng::derive(SEED ^ u64::from(scale), org.code.as_str());
        let mut planned: Vec<_> =
            records::plan(&mut rng, org, template, count).into_iter().map(|p| (p, None)).collect();
        for matter in matters::plan(&mut rng, org, template, count / 8) {
            let id = writer.batch()?.matter(&org.code, &matter.title).await?;
            planned.extend(matter.records.into_iter().map(|p| (p, Some(id.clone()))));
        }
        // In the order they went up, so that the 索引号 of a year run with the dates.
        planned.sort_by_key(|(p, _)| p.published_at);
        for (p, matter) in &planned {
            writer.record(org, p, matter.as_ref()).await?;
        }
    }
    let records = writer.finish().await?;
    store.db.refresh_statistics().await?;
    let street = orgs
        .iter()
        .map(|(o, _)| o)
        .find(|o| o.kind == OrgKind::Street)
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("the demo city has no street office"))?;
    let city = orgs.iter().map(|(o, _)| o).find(|o| o.parent.is_none());
    let site_settings = city.map(site::settings).unwrap_or_default();
    Ok(Summary { orgs: orgs.len(), catalog_items, records, street, site_settings })
}

/// Writes records in batches of about [`BATCH`] per transaction.
struct Writer<'s> {
    store: &'s Store,
    batch: Option<ImportBatch>,
    pending: usize,
    written: usize,
}

impl Writer<'_> {
    fn batch(&mut self) -> anyhow::Result<&mut ImportBatch> {
        self.batch.as_mut().ok_or_else(|| anyhow::anyhow!("demo writer used after finish"))
    }

    /// Imports one record, and its second version when it was corrected.
    async fn record(&mut self, org: &Org, p: &Planned<'_>, matter: Option<&MatterId>) -> anyhow::Result<()> {
        let published_at = |ts: i64| {
            chrono::DateTime::from_timestamp(ts, 0).ok_or_else(|| anyhow::anyhow!("demo time {ts} out of range"))
        };
        let first = ImportRecord {
            org: org.code.clone(),
            catalog: p.leaf.code.clone(),
            title: p.title.clone(),
            summary: p.summary.clone(),
            body_html: p.body.clone(),
            personal_data: p.leaf.rules.personal_data,
            stage: p.stage,
            matter: matter.cloned(),
            publicity_start: Some(p.start),
            publicity_end: p.end,
            published_at: published_at(p.published_at)?,
            state: if p.revision.is_some() { RecordState::Superseded } else { p.state },
            withdraw_reason: p.withdraw_reason.clone(),
            previous: None,
            change_note: None,
            doc_number: p.doc_number.clone(),
            written_on: p.written_on,
            topic: p.topic,
            effect: p.effect,
        };
        let id = self.batch()?.record(&first).await?;
        self.pending += 1;
        if let Some(rev) = &p.revision {
            let second = ImportRecord {
                body_html: rev.body.clone(),
                published_at: published_at(rev.published_at)?,
                state: p.state,
                previous: Some(id),
                change_note: Some(rev.note.clone()),
                ..first
            };
            self.batch()?.record(&second).await?;
            self.pending += 1;
        }
        if self.pending >= BATCH {
            if let Some(batch) = self.batch.take() {
                batch.commit().await?;
            }
            self.written += std::mem::take(&mut self.pending);
            self.batch = Some(self.store.import_batch().await?);
        }
        Ok(())
    }

    /// Commits the last batch; returns how many records were written in all.
    async fn finish(mut self) -> anyhow::Result<usize> {
        if let Some(batch) = self.batch.take() {
            batch.commit().await?;
        }
        Ok(self.written + self.pending)
    }
}
