//! Keeping the index up with the change feed: each record change replaces its lineage's
//! document with the listed version, or removes it; each organisation change replaces the
//! organisation's document, and the documents of its records when its name or place in
//! the tree changed (they carry both). Every batch is one commit stamped with the last
//! sequence it covers.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, PoisonError};

use gongkai_core::org::{OrgCode, OrgKind};
use gongkai_store::feed::FeedEntry;
use gongkai_store::Store;
use tantivy::TantivyDocument;

use crate::build::{commit, on_writer};
use crate::document::{key_term, DocKind};
use crate::index::Generation;
use crate::source::{with_files, ListedPages, Lookup};
use crate::{SearchError, SearchIndex};

/// Feed entries read at a time.
const PAGE: i64 = 1000;

/// A document to remove and what, if anything, replaces it.
type Change = (DocKind, String, Option<TantivyDocument>);

impl SearchIndex {
    /// Applies the feed after the index's sequence, batch after batch, and changes over
    /// to a rebuilt generation first if one was published. Returns the entries applied.
    pub async fn catch_up(&self, store: &Store) -> Result<usize, SearchError> {
        let mut follower = self.follower.lock().await;
        self.follow_current()?;
        let mut applied = 0;
        loop {
            let generation = self.live();
            let entries = store.db.feed_after(generation.seq(), PAGE).await?;
            let Some(last) = entries.last().map(|e| e.seq) else { return Ok(applied) };
            // Organisations and catalogues are read again when the batch changes them; the
            // ones held before say whether an organisation's name or place changed.
            let (lookup, before) = match follower.take() {
                Some(held) if !touches_directory(&entries) => (held, None),
                held => (Lookup::load(store).await?, held),
            };
            let changes = self.changes(store, &entries, &lookup, before.as_ref()).await?;
            write(&generation, changes, &self.fields()).await?;
            commit(&generation, last).await?;
            *follower = Some(lookup);
            applied += entries.len();
            if (entries.len() as i64) < PAGE {
                return Ok(applied);
            }
        }
    }

    async fn changes(
        &self,
        store: &Store,
        entries: &[FeedEntry],
        lookup: &Lookup,
        before: Option<&Lookup>,
    ) -> Result<Vec<Change>, SearchError> {
        let fields = self.fields();
        let mut lineages = BTreeSet::new();
        let mut orgs = BTreeSet::new();
        let mut reindex_orgs = BTreeSet::new();
        let mut templates = BTreeSet::new();
        for entry in entries {
            let e = &entry.event;
            match e.kind.as_str() {
                "record" => {
                    lineages.insert(e.lineage.clone().unwrap_or_else(|| e.object_id.clone()));
                }
                "org" => {
                    orgs.insert(e.object_id.clone());
                }
                // An organisation's own catalogue items, or the template of a kind of
                // organisation: their names are in the records filed under them.
                "catalog" => match &e.org {
                    Some(org) => {
                        reindex_orgs.insert(org.clone());
                    }
                    None => {
                        templates.extend(OrgKind::parse(&e.object_id).ok());
                    }
                },
                _ => {}
            }
        }
        for kind in templates {
            // A node that has just started holds no earlier template to compare with.
            if before.is_none_or(|b| b.template_differs(lookup, kind)) {
                reindex_orgs.extend(lookup.of_kind(kind).into_iter().map(|c| c.to_string()));
            }
        }
        let mut out: Vec<Change> = Vec::new();
        for code in &orgs {
            let Ok(code) = OrgCode::parse(code) else { continue };
            let doc = lookup.org_doc(&code).map(|d| d.to_tantivy(&fields));
            out.push((DocKind::Org, code.to_string(), doc));
            if before.is_none_or(|b| b.placed_differently(lookup, &code)) {
                reindex_orgs.extend(lookup.subtree(&code).into_iter().map(|c| c.to_string()));
            }
        }
        let listed = store.db.listed_in_lineages(&lineages.iter().cloned().collect::<Vec<_>>()).await?;
        let mut by_lineage: BTreeMap<String, Option<TantivyDocument>> =
            lineages.into_iter().map(|l| (l, None)).collect();
        for (record, files) in with_files(store, listed).await? {
            let doc = lookup.record_doc(&record, &files).map(|d| d.to_tantivy(&fields));
            by_lineage.insert(record.lineage.to_string(), doc);
        }
        out.extend(by_lineage.into_iter().map(|(lineage, doc)| (DocKind::Record, lineage, doc)));
        for code in reindex_orgs {
            let Ok(code) = OrgCode::parse(&code) else { continue };
            let mut pages = ListedPages::new(Some(&code));
            while let Some(page) = pages.next(store).await? {
                for (record, files) in with_files(store, page).await? {
                    let doc = lookup.record_doc(&record, &files).map(|d| d.to_tantivy(&fields));
                    out.push((DocKind::Record, record.lineage.to_string(), doc));
                }
            }
        }
        Ok(out)
    }
}

/// Whether the batch changes organisations or catalogues, which the lookup holds.
fn touches_directory(entries: &[FeedEntry]) -> bool {
    entries.iter().any(|e| e.event.kind == "org" || e.event.kind == "catalog")
}

async fn write(
    generation: &Arc<Generation>,
    changes: Vec<Change>,
    fields: &crate::schema::Fields,
) -> Result<(), SearchError> {
    let fields = *fields;
    on_writer(generation, move |g| {
        let writer = g.writer.lock().unwrap_or_else(PoisonError::into_inner);
        for (kind, key, doc) in changes {
            writer.delete_term(key_term(&fields, kind, &key));
            if let Some(doc) = doc {
                writer.add_document(doc)?;
            }
        }
        Ok(())
    })
    .await
}
