//! Loading records that were already published elsewhere (demo content, migrations from
//! old sites), and the organisations and templates they stand on: written straight into
//! their public state by the system account, each still audited and fed.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::access::{Actor, SYSTEM_USER};
use gongkai_core::catalog::{CatalogCode, CatalogItem};
use gongkai_core::org::{Org, OrgCode, OrgKind};
use gongkai_core::publicity::PublicityPeriod;
use gongkai_core::record::{
    index_year, Action, Decision, Effect, MatterId, NewMatter, Record, RecordId, RecordState, Stage, Topic, Withdrawal,
};
use gongkai_core::DomainError;

use super::workflow::logged;
use super::{insert_matter, row};
use crate::serials::Counters;
use crate::write::WriteTx;
use crate::{new_id, Result, Store};

/// A record as it stood when published. The caller vouches that `catalog` is a leaf of
/// `org`'s catalogue and that `personal_data` is what that leaf says.
#[derive(Debug, Clone)]
pub struct ImportRecord {
    pub org: OrgCode,
    pub catalog: CatalogCode,
    pub title: String,
    pub summary: Option<String>,
    pub body_html: String,
    /// 文号, 成文日期, 主题分类, 有效性; the 索引号 is given here, in the order of import.
    pub doc_number: Option<String>,
    pub written_on: NaiveDate,
    pub topic: Topic,
    pub effect: Option<Effect>,
    pub personal_data: bool,
    pub stage: Option<Stage>,
    pub matter: Option<MatterId>,
    pub publicity_start: Option<NaiveDate>,
    pub publicity_end: Option<NaiveDate>,
    pub published_at: DateTime<Utc>,
    /// `Published`, `Expired`, `Withdrawn` or `Superseded`.
    pub state: RecordState,
    pub withdraw_reason: Option<String>,
    /// For a later version: the version it replaces, and why.
    pub previous: Option<RecordId>,
    pub change_note: Option<String>,
}

/// A transaction of imports by the system account; commit to keep them. Records are
/// written many to a statement, a thousand records costing a few round trips.
pub struct ImportBatch {
    w: WriteTx,
    pending: Vec<Record>,
    serials: Counters,
}

/// Records written per statement: a few dozen values each, well under both backends' limits on
/// parameters.
const RECORDS_PER_STATEMENT: usize = 100;

impl Store {
    pub async fn import_batch(&self) -> Result<ImportBatch> {
        Ok(ImportBatch {
            w: self.db.write(SYSTEM_USER, self.clock.now()).await?,
            pending: Vec::new(),
            serials: Counters::default(),
        })
    }
}

impl ImportBatch {
    pub async fn org(&mut self, org: &Org, position: i64) -> Result<()> {
        crate::orgs::insert(&mut self.w, org, position).await
    }

    /// An item of the catalogue template that organisations of `kind` follow.
    pub async fn template_item(&mut self, kind: OrgKind, item: &CatalogItem) -> Result<()> {
        crate::catalog::insert(&mut self.w, crate::catalog::Owner::Template(kind), item).await
    }

    /// Opens a matter (事项) whose records form a stage timeline.
    pub async fn matter(&mut self, org: &OrgCode, title: &str) -> Result<MatterId> {
        let id = MatterId::parse(&new_id())?;
        insert_matter(&mut self.w, &NewMatter { id: id.clone(), org: org.clone(), title: title.to_owned() }).await?;
        Ok(id)
    }

    /// Writes one published record; returns its id.
    pub async fn record(&mut self, r: &ImportRecord) -> Result<RecordId> {
        if !RecordState::MAYBE_PUBLIC.contains(&r.state) {
            return Err(DomainError::invalid("invalid_state", "只能导入已公开的记录").into());
        }
        let id = RecordId::parse(&new_id())?;
        let (lineage, version, index_number) = match &r.previous {
            Some(prev) => {
                let previous = match self.pending.iter().find(|p| &p.id == prev) {
                    Some(previous) => previous.clone(),
                    None => row::load(&mut self.w, prev).await?.ok_or_else(|| super::not_found(prev))?,
                };
                (previous.lineage, previous.version + 1, previous.index_number)
            }
            None => {
                let year = index_year(r.published_at);
                let taken = self.serials.take(&mut self.w, &r.org, year).await?;
                (id.clone(), 1, Some(taken.number()))
            }
        };
        let publicity = r.publicity_start.map(|start| PublicityPeriod { start, end: r.publicity_end });
        let system = Actor::system();
        let record = Record {
            id,
            lineage,
            version,
            previous: r.previous.clone(),
            change_note: r.change_note.clone(),
            org: r.org.clone(),
            catalog: r.catalog.clone(),
            matter: r.matter.clone(),
            stage: r.stage,
            title: r.title.clone(),
            summary: r.summary.clone(),
            body_html: r.body_html.clone(),
            index_number,
            doc_number: r.doc_number.clone(),
            written_on: r.written_on,
            topic: r.topic,
            effect: r.effect,
            personal_data: r.personal_data,
            state: r.state,
            publicity,
            publish_at: None,
            published_at: Some(r.published_at),
            author: system.user_id.clone(),
            contributors: BTreeSet::from([system.user_id.clone()]),
            reviewer: Some(system.user_id),
            reject_reason: None,
            withdrawal: r
                .withdraw_reason
                .clone()
                .filter(|_| r.state == RecordState::Withdrawn)
                .map(|reason| Withdrawal { reason, at: r.published_at }),
            created_at: r.published_at,
            updated_at: r.published_at,
        };
        let decision = Decision::insert(record, Action::Import, r.title.clone());
        for change in &decision.changes {
            self.w.log(logged(change)).await?;
            self.pending.push(change.after.clone());
        }
        if self.pending.len() >= RECORDS_PER_STATEMENT {
            row::insert_many(&mut self.w, &std::mem::take(&mut self.pending)).await?;
        }
        Ok(decision.subject)
    }

    pub async fn commit(mut self) -> Result<()> {
        row::insert_many(&mut self.w, &self.pending).await?;
        self.serials.write(&mut self.w).await?;
        self.w.commit().await
    }
}
