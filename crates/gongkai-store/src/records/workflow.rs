//! Commands on records: load through the access guard, look up what core needs, let core
//! decide, then write what it decided — audited and fed — in one transaction.

use chrono::NaiveDate;
use gongkai_core::access::{sight, Actor, Sight};
use gongkai_core::catalog::CatalogItem;
use gongkai_core::org::OrgCode;
use gongkai_core::record::{
    decide, index_year, Change, Command, Context, Decision, MatterId, NewIds, NewMatter, Record, RecordId,
};
use gongkai_core::DomainError;

use super::row;
use crate::db::Reader;
use crate::feed::FeedEvent;
use crate::serials::Series;
use crate::write::{Logged, WriteTx};
use crate::{new_id, q, Result, Store};

pub(crate) fn not_found(id: &RecordId) -> crate::StoreError {
    DomainError::not_found("record_not_found", format!("记录“{id}”不存在")).into()
}

impl Store {
    /// A record and how much of it `viewer` (none for the public) may see; "not found"
    /// when they may not know it exists. Every surface reads records through here.
    pub async fn record_for(&self, viewer: Option<&Actor>, id: &RecordId) -> Result<(Record, Sight)> {
        let record = row::load(&mut &self.db, id).await?.ok_or_else(|| not_found(id))?;
        let seen = sight(viewer, &record)?;
        Ok((record, seen))
    }

    /// 起草: a new record, version 1.
    pub async fn create_record(&self, actor: &Actor, draft: gongkai_core::record::Draft) -> Result<Record> {
        self.apply(actor, None, Command::Create(draft)).await
    }

    /// Applies a command to an existing record on behalf of `actor`.
    pub async fn act(&self, actor: &Actor, id: &RecordId, command: Command) -> Result<Record> {
        self.apply(actor, Some(id), command).await
    }

    async fn apply(&self, actor: &Actor, id: Option<&RecordId>, command: Command) -> Result<Record> {
        let now = self.clock.now();
        let mut w = self.db.write(&actor.username, now).await?;
        let current = match id {
            Some(id) => {
                let record = row::load(&mut w, id).await?.ok_or_else(|| not_found(id))?;
                sight(Some(actor), &record)?;
                Some(record)
            }
            None => None,
        };
        let draft = match &command {
            Command::Create(d) | Command::Edit(d) => Some(d),
            _ => None,
        };
        let (leaf, org_closed_on) = match (draft, &current) {
            (Some(d), _) => leaf_of(&mut w, &d.org, d.catalog.as_str()).await?,
            (None, Some(r)) => (None, org_closed_on(&mut w, &r.org).await?),
            (None, None) => (None, None),
        };
        let matter_org = match draft.and_then(|d| d.matter.as_ref()) {
            Some(matter) => matter_org(&mut w, matter).await?,
            None => None,
        };
        let lineage = match &current {
            Some(r)
                if matches!(
                    command,
                    Command::Revise { .. } | Command::Approve | Command::PublishDue | Command::Withdraw { .. }
                ) =>
            {
                row::lineage(&mut w, &r.lineage).await?
            }
            _ => Vec::new(),
        };
        let next_index_serial = match (&current, &command) {
            (Some(r), Command::Approve | Command::PublishDue) if r.index_number.is_none() => {
                Some(crate::serials::next(&mut w, Series::Index, &r.org, index_year(now)).await?)
            }
            _ => None,
        };
        let context = Context {
            leaf: leaf.as_ref(),
            matter_org: matter_org.as_ref(),
            org_closed_on,
            lineage: &lineage,
            next_index_serial,
            ids: new_ids()?,
        };
        let decision = decide(current.as_ref(), &context, actor, command, now)?;
        write_decision(&mut w, &decision).await?;
        w.commit().await?;
        decision.result().cloned().ok_or_else(|| crate::StoreError::Corrupt("a decision without its subject".into()))
    }
}

/// Fresh ids for whatever a decision may create.
pub(crate) fn new_ids() -> Result<NewIds> {
    Ok(NewIds { record: RecordId::parse(&new_id())?, matter: MatterId::parse(&new_id())? })
}

/// The catalogue item `code` of the organisation `org`, which must exist, and the day the
/// organisation was closed, if it was.
async fn leaf_of(w: &mut WriteTx, org: &OrgCode, code: &str) -> Result<(Option<CatalogItem>, Option<NaiveDate>)> {
    let org = crate::orgs::load(w, org).await?.ok_or_else(|| {
        crate::StoreError::from(DomainError::invalid("unknown_org", format!("单位编码“{org}”不存在")))
    })?;
    Ok((crate::catalog::item(w, &org, code).await?, org.closed_on))
}

/// The day `org` was closed (撤销), if it was.
pub(crate) async fn org_closed_on(w: &mut WriteTx, org: &OrgCode) -> Result<Option<NaiveDate>> {
    Ok(crate::orgs::load(w, org).await?.and_then(|o| o.closed_on))
}

async fn matter_org(reader: &mut impl Reader, matter: &MatterId) -> Result<Option<OrgCode>> {
    let found: Option<(String,)> =
        reader.fetch_optional(q("SELECT org_code FROM matters WHERE id = $1").bind(matter.as_str())).await?;
    Ok(found.and_then(|(code,)| OrgCode::parse(&code).ok()))
}

/// Opens a matter (事项); its records, written in the same transaction, are audited.
pub(crate) async fn insert_matter(w: &mut WriteTx, matter: &NewMatter) -> Result<()> {
    let now = w.now().timestamp();
    w.execute(
        q("INSERT INTO matters (id, org_code, title, created_at) VALUES ($1, $2, $3, $4)")
            .bind(matter.id.as_str())
            .bind(matter.org.as_str())
            .bind(matter.title.as_str())
            .bind(now),
    )
    .await?;
    Ok(())
}

/// Writes a decision: the matter it opens, each record change with its audit entry and,
/// when the public could see it, its feed entry; attachments carried to a new version.
/// What the audit log and the feed record of one change to a record.
pub(crate) fn logged(change: &Change) -> Logged<'_> {
    Logged {
        action: change.action.as_str(),
        object_kind: "record",
        object_id: change.after.id.as_str(),
        before: change.before.as_ref().map(Record::fingerprint),
        after: Some(change.after.fingerprint()),
        detail: change.detail.clone(),
        feed: change.touches_public().then(|| FeedEvent::record(&change.after)),
    }
}

pub(crate) async fn write_decision(w: &mut WriteTx, decision: &Decision) -> Result<()> {
    if let Some(matter) = &decision.new_matter {
        insert_matter(w, matter).await?;
    }
    if let Some(taken) = &decision.new_index {
        crate::serials::count_taken(w, Series::Index, &taken.org, taken.year, taken.serial).await?;
    }
    for change in &decision.changes {
        match &change.before {
            None => row::insert(w, &change.after).await?,
            Some(before) => row::update(w, before, &change.after).await?,
        }
        w.log(logged(change)).await?;
    }
    if let Some((from, to)) = &decision.copy_attachments {
        crate::attachments::copy(w, from, to).await?;
    }
    Ok(())
}
