//! Search documents built from the store: a listed record with its organisation's and
//! catalogue's names and its attachments' text, and each organisation. Only what the
//! public sees in full is ever handed to the index.

use std::collections::HashMap;

use gongkai_core::catalog::{CatalogItem, Domain};
use gongkai_core::org::{Org, OrgCode, OrgKind};
use gongkai_core::record::{Record, Visibility};
use gongkai_store::attachments::Attachment;
use gongkai_store::{Store, StoreError};

use crate::document::{file_type, DocKind, SearchDoc, DOMAINS};
use crate::extract;

/// Organisations and catalogues as the documents need them, read once per batch.
#[derive(Debug, Default)]
pub struct Lookup {
    orgs: HashMap<OrgCode, Org>,
    templates: HashMap<(OrgKind, String), CatalogItem>,
    additions: HashMap<(OrgCode, String), CatalogItem>,
}

impl Lookup {
    pub async fn load(store: &Store) -> Result<Self, StoreError> {
        let orgs = store.db.orgs().await?.into_iter().map(|o| (o.code.clone(), o)).collect();
        let all = store.db.all_catalogs().await?;
        let templates = all.templates.into_iter().map(|(kind, i)| ((kind, i.code.as_str().to_owned()), i)).collect();
        let additions = all.additions.into_iter().map(|(org, i)| ((org, i.code.as_str().to_owned()), i)).collect();
        Ok(Lookup { orgs, templates, additions })
    }

    pub fn orgs(&self) -> impl Iterator<Item = &Org> {
        self.orgs.values()
    }

    /// Whether `code` has another name, parent or closing here than in `now`: then the
    /// documents of its records and of those below it carry stale names or places.
    pub fn placed_differently(&self, now: &Lookup, code: &OrgCode) -> bool {
        let place = |l: &Lookup| l.orgs.get(code).map(|o| (o.name.clone(), o.parent.clone(), o.closed_on));
        place(self) != place(now)
    }

    /// Whether the catalogue template of `kind` differs here from `now`: then the records
    /// of every organisation of that kind may carry stale catalogue names or domains.
    pub fn template_differs(&self, now: &Lookup, kind: OrgKind) -> bool {
        let items = |l: &Lookup| {
            let mut items: Vec<&CatalogItem> =
                l.templates.iter().filter(|((k, _), _)| *k == kind).map(|(_, i)| i).collect();
            items.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
            items.into_iter().cloned().collect::<Vec<_>>()
        };
        items(self) != items(now)
    }

    /// The organisations of `kind`.
    pub fn of_kind(&self, kind: OrgKind) -> Vec<OrgCode> {
        self.orgs.values().filter(|o| o.kind == kind).map(|o| o.code.clone()).collect()
    }

    /// `code` and every organisation below it.
    pub fn subtree(&self, code: &OrgCode) -> Vec<OrgCode> {
        self.orgs
            .values()
            .filter(|o| self.org_chain(&o.code).iter().any(|a| &a.code == code))
            .map(|o| o.code.clone())
            .collect()
    }

    /// The organisation and every one above it, nearest first.
    fn org_chain(&self, code: &OrgCode) -> Vec<&Org> {
        let mut chain = Vec::new();
        let mut next = self.orgs.get(code);
        while let Some(org) = next {
            if chain.len() > 64 || chain.iter().any(|o: &&Org| o.code == org.code) {
                break;
            }
            chain.push(org);
            next = org.parent.as_ref().and_then(|p| self.orgs.get(p));
        }
        chain
    }

    fn item(&self, org: &Org, code: &str) -> Option<&CatalogItem> {
        self.additions
            .get(&(org.code.clone(), code.to_owned()))
            .or_else(|| self.templates.get(&(org.kind, code.to_owned())))
    }

    /// The catalogue item and every level above it, nearest first.
    fn item_chain(&self, org: &Org, code: &str) -> Vec<&CatalogItem> {
        let mut chain = Vec::new();
        let mut next = self.item(org, code);
        while let Some(item) = next {
            if chain.len() > 16 {
                break;
            }
            chain.push(item);
            next = item.parent.as_ref().and_then(|p| self.item(org, p.as_str()));
        }
        chain
    }

    /// The document of a record the public sees in full, or `None` for any other.
    pub fn record_doc(&self, record: &Record, files: &[(Attachment, String)]) -> Option<SearchDoc> {
        if !record.is_listed() || record.visibility() != Visibility::Full {
            return None;
        }
        let orgs = self.org_chain(&record.org);
        let org = orgs.first()?;
        let items = self.item_chain(org, record.catalog.as_str());
        let mut content = String::new();
        if let Some(summary) = &record.summary {
            content.push_str(summary);
            content.push('\n');
        }
        content.push_str(&extract::html_text(&record.body_html));
        let mut file_types: Vec<&'static str> = Vec::new();
        for (file, text) in files {
            content.push('\n');
            content.push_str(&file.file_name);
            if !text.is_empty() {
                content.push('\n');
                content.push_str(text);
            }
            if let Some(t) = file_type(&file.media_type) {
                if !file_types.contains(&t) {
                    file_types.push(t);
                }
            }
        }
        let meta = [
            orgs.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(" "),
            items.iter().rev().map(|i| i.name.as_str()).collect::<Vec<_>>().join(" "),
            record.index_number.as_ref().map(|n| n.as_str().to_owned()).unwrap_or_default(),
            record.doc_number.clone().unwrap_or_default(),
            record.topic.label().to_owned(),
            record.effect.as_ref().map(|e| e.status.label().to_owned()).unwrap_or_default(),
        ]
        .join("\n");
        let domain = items.first().and_then(|i| i.rules.as_ref()).map(|r| match r.domain {
            Domain::Party => DOMAINS[0],
            Domain::Government => DOMAINS[1],
        });
        Some(SearchDoc {
            kind: DocKind::Record,
            key: record.lineage.to_string(),
            id: record.id.to_string(),
            title: record.title.clone(),
            content,
            meta,
            orgs: orgs.iter().map(|o| o.code.to_string()).collect(),
            catalogs: items.iter().map(|i| i.code.as_str().to_owned()).collect(),
            domain,
            published: record.published_at,
            until: record.publicity_end(),
            file_types,
        })
    }

    /// An open organisation's document: found by its name, in characters or pinyin.
    pub fn org_doc(&self, code: &OrgCode) -> Option<SearchDoc> {
        let chain = self.org_chain(code);
        let org = chain.first()?;
        if org.closed_on.is_some() {
            return None;
        }
        let contact = [org.address.as_deref(), org.phone.as_deref()].into_iter().flatten().collect::<Vec<_>>();
        Some(SearchDoc {
            kind: DocKind::Org,
            key: org.code.to_string(),
            id: org.code.to_string(),
            title: org.name.clone(),
            content: contact.join("\n"),
            meta: chain.iter().skip(1).map(|o| o.name.as_str()).collect::<Vec<_>>().join(" "),
            orgs: chain.iter().map(|o| o.code.to_string()).collect(),
            catalogs: vec![],
            domain: None,
            published: None,
            until: None,
            file_types: vec![],
        })
    }
}

/// Records read from the database at a time, building or following.
const PAGE: i64 = 1000;

/// The listed records of one organisation, or of all, a page at a time in id order.
pub struct ListedPages<'a> {
    org: Option<&'a OrgCode>,
    after: String,
    done: bool,
}

impl<'a> ListedPages<'a> {
    pub fn new(org: Option<&'a OrgCode>) -> Self {
        ListedPages { org, after: String::new(), done: false }
    }

    /// The next page, or `None` when all were read.
    pub async fn next(&mut self, store: &Store) -> Result<Option<Vec<Record>>, StoreError> {
        if self.done {
            return Ok(None);
        }
        let page = store.db.listed_after(self.org, &self.after, PAGE).await?;
        self.done = (page.len() as i64) < PAGE;
        match page.last() {
            Some(last) => self.after = last.id.to_string(),
            None => return Ok(None),
        }
        Ok(Some(page))
    }
}

/// Listed records with their attachments' text, ready for [`Lookup::record_doc`].
pub async fn with_files(
    store: &Store,
    records: Vec<Record>,
) -> Result<Vec<(Record, Vec<(Attachment, String)>)>, StoreError> {
    let ids: Vec<String> = records.iter().map(|r| r.id.to_string()).collect();
    let mut by_record: HashMap<String, Vec<Attachment>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for a in store.db.attachments_of(chunk).await? {
            by_record.entry(a.record_id.clone()).or_default().push(a);
        }
    }
    let mut out = Vec::with_capacity(records.len());
    for record in records {
        let files = by_record.remove(record.id.as_str()).unwrap_or_default();
        let mut texts = Vec::with_capacity(files.len());
        for file in files {
            let text = extract::attachment_text(store, &file).await;
            texts.push((file, text));
        }
        out.push((record, texts));
    }
    Ok(out)
}
