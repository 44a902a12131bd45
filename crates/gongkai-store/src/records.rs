//! Disclosure records: drafting, review, publication, new versions and withdrawal, each
//! step checked against the core rules inside one write transaction and audited.

use chrono::NaiveDate;
use gongkai_core::access::{Actor, Permission};
use gongkai_core::audit::object_hash;
use gongkai_core::catalog::{CatalogCode, CatalogItem, LeafRules};
use gongkai_core::org::{Org, OrgCode};
use gongkai_core::publicity::PublicityPeriod;
use gongkai_core::record::{transition, Action, RecordState, Stage};
use gongkai_core::DomainError;
use serde::Serialize;

use crate::audit::event;
use crate::{new_id, q, unix_now, Db, Result, StoreError, Tx};

pub(crate) const COLUMNS: &str = "id, lineage_id, version, previous_id, change_note, org_code, catalog_code, matter_id, stage, \
     title, summary, body_html, state, publicity_start, publicity_end, publish_at, published_at, author_id, reviewer_id, \
     reject_reason, withdraw_reason, withdrawn_at, created_at, updated_at";

/// One version of a disclosure record, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Record {
    pub id: String,
    /// All versions of one record share the lineage id (the first version's id).
    pub lineage_id: String,
    pub version: i64,
    pub previous_id: Option<String>,
    /// 更正说明 of a new version.
    pub change_note: Option<String>,
    pub org_code: String,
    pub catalog_code: String,
    /// 事项: records of one matter form a stage timeline.
    pub matter_id: Option<String>,
    pub stage: Option<String>,
    pub title: String,
    pub summary: Option<String>,
    /// Sanitised HTML.
    pub body_html: String,
    pub state: String,
    pub publicity_start: Option<String>,
    pub publicity_end: Option<String>,
    pub publish_at: Option<i64>,
    pub published_at: Option<i64>,
    pub author_id: String,
    pub reviewer_id: Option<String>,
    pub reject_reason: Option<String>,
    pub withdraw_reason: Option<String>,
    pub withdrawn_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Record {
    pub fn state(&self) -> Result<RecordState> {
        RecordState::parse(&self.state).map_err(|_| StoreError::Corrupt(format!("record {} state", self.id)))
    }

    pub fn stage(&self) -> Option<Stage> {
        self.stage.as_deref().and_then(|s| Stage::parse(s).ok())
    }

    pub fn org(&self) -> Result<OrgCode> {
        OrgCode::parse(&self.org_code).map_err(|_| StoreError::Corrupt(format!("record {} org", self.id)))
    }

    pub(crate) fn hash(&self) -> String {
        object_hash(self)
    }
}

/// A draft as submitted by an editor, already parsed into domain types.
#[derive(Debug, Clone)]
pub struct DraftInput {
    pub org: OrgCode,
    pub catalog: CatalogCode,
    pub title: String,
    pub summary: Option<String>,
    /// Already sanitised.
    pub body_html: String,
    pub stage: Option<Stage>,
    /// An existing matter of the same organisation to join.
    pub matter: Option<String>,
    pub publicity_start: Option<NaiveDate>,
    pub publicity_end: Option<NaiveDate>,
    pub publish_at: Option<i64>,
}

/// A line of a listing: enough to show a link with its context.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RecordSummary {
    pub id: String,
    pub title: String,
    pub org_code: String,
    pub org_name: String,
    pub catalog_code: String,
    pub state: String,
    pub stage: Option<String>,
    pub version: i64,
    pub published_at: Option<i64>,
    pub publicity_end: Option<String>,
    pub updated_at: i64,
}

const SUMMARY_COLUMNS: &str =
    "r.id, r.title, r.org_code, o.name AS org_name, r.catalog_code, r.state, r.stage, r.version, \
     r.published_at, r.publicity_end, r.updated_at";

pub(crate) fn not_found_error(id: &str) -> StoreError {
    DomainError::not_found("record_not_found", format!("记录“{id}”不存在")).into()
}

impl Db {
    /// A record as `viewer` may see it: public states for everyone, other states only for
    /// those who may see the organisation's unpublished work. Otherwise "not found".
    pub async fn record_for(&self, viewer: Option<&Actor>, id: &str) -> Result<Record> {
        let record: Record = self
            .fetch_optional(q(format!("SELECT {COLUMNS} FROM records WHERE id = $1")).bind(id))
            .await?
            .ok_or_else(|| not_found_error(id))?;
        let org = record.org()?;
        if record.state()?.is_public() || viewer.is_some_and(|a| a.can_see(&org)) {
            Ok(record)
        } else {
            Err(not_found_error(id))
        }
    }

    /// Every version of a record, oldest first.
    pub async fn versions(&self, lineage_id: &str) -> Result<Vec<Record>> {
        self.fetch_all(
            q(format!("SELECT {COLUMNS} FROM records WHERE lineage_id = $1 ORDER BY version")).bind(lineage_id),
        )
        .await
    }

    /// The public records of a matter, in stage order: its timeline.
    pub async fn timeline(&self, matter_id: &str) -> Result<Vec<RecordSummary>> {
        self.fetch_all(
            q(format!(
                "SELECT {SUMMARY_COLUMNS} FROM records r JOIN orgs o ON o.code = r.org_code
                 WHERE r.matter_id = $1 AND r.state IN ('published', 'expired', 'withdrawn')
                 ORDER BY CASE r.stage WHEN 'pre_decision' THEN 1 WHEN 'decision' THEN 2 WHEN 'execution' THEN 3
                          WHEN 'result' THEN 4 ELSE 5 END, r.published_at"
            ))
            .bind(matter_id),
        )
        .await
    }

    /// The newest published records across all organisations.
    pub async fn latest_published(&self, limit: i64) -> Result<Vec<RecordSummary>> {
        self.fetch_all(
            q(format!(
                "SELECT {SUMMARY_COLUMNS} FROM records r JOIN orgs o ON o.code = r.org_code
                 WHERE r.state = 'published' ORDER BY r.published_at DESC LIMIT $1"
            ))
            .bind(limit),
        )
        .await
    }

    /// An organisation's public records, newest first, optionally under one catalogue leaf.
    pub async fn org_published(
        &self,
        org: &OrgCode,
        catalog: Option<&CatalogCode>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<RecordSummary>> {
        let filter = if catalog.is_some() { "AND r.catalog_code = $4" } else { "" };
        let mut query = q(format!(
            "SELECT {SUMMARY_COLUMNS} FROM records r JOIN orgs o ON o.code = r.org_code
             WHERE r.org_code = $1 AND r.state = 'published' {filter}
             ORDER BY r.published_at DESC LIMIT $2 OFFSET $3"
        ))
        .bind(org.as_str())
        .bind(limit)
        .bind(offset);
        if let Some(c) = catalog {
            query = query.bind(c.as_str());
        }
        self.fetch_all(query).await
    }

    /// An organisation's work in progress for the back office, or every organisation's
    /// when `org` is `None` (admins, supervisors).
    pub async fn records_in(
        &self,
        org: Option<&OrgCode>,
        states: &[RecordState],
        limit: i64,
    ) -> Result<Vec<RecordSummary>> {
        let list = states.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ");
        let (filter, code) = match org {
            Some(o) => ("AND r.org_code = $2", Some(o.as_str())),
            None => ("", None),
        };
        let mut query = q(format!(
            "SELECT {SUMMARY_COLUMNS} FROM records r JOIN orgs o ON o.code = r.org_code
             WHERE r.state IN ({list}) {filter} ORDER BY r.updated_at DESC LIMIT $1"
        ))
        .bind(limit);
        if let Some(code) = code {
            query = query.bind(code);
        }
        self.fetch_all(query).await
    }

    pub async fn record_count(&self) -> Result<i64> {
        Ok(self.fetch_one::<(i64,)>(q("SELECT COUNT(*) FROM records")).await?.0)
    }

    /// Creates a draft; version 1 of a new lineage.
    pub async fn create_draft(&self, actor: &Actor, input: DraftInput) -> Result<Record> {
        let mut tx = self.write().await?;
        let org = tx.org(&input.org).await?.ok_or_else(|| unknown_org(&input.org))?;
        actor.authorize(Permission::Draft, &org.code)?;
        let rules = leaf_rules(&mut tx, &org, &input.catalog).await?;
        check_period(&rules, &input)?;
        let matter_id = match (&input.matter, input.stage) {
            (Some(id), _) => Some(tx.matter_of(&org, id).await?),
            (None, Some(_)) => Some(tx.create_matter(&org.code, &input.title).await?),
            (None, None) => None,
        };
        let id = new_id();
        let now = unix_now();
        tx.execute(
            q(format!("INSERT INTO records ({COLUMNS}) VALUES ($1, $1, 1, NULL, NULL, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10, $11,
                 NULL, $12, NULL, NULL, NULL, NULL, $13, $13)"))
            .bind(id.as_str())
            .bind(org.code.as_str())
            .bind(input.catalog.as_str())
            .bind(matter_id)
            .bind(input.stage.map(|s| s.as_str()))
            .bind(input.title.as_str())
            .bind(input.summary.clone())
            .bind(input.body_html.as_str())
            .bind(input.publicity_start.map(|d| d.to_string()))
            .bind(input.publicity_end.map(|d| d.to_string()))
            .bind(input.publish_at)
            .bind(actor.user_id.as_str())
            .bind(now),
        )
        .await?;
        let record = tx.record(&id).await?;
        tx.audit(event(&actor.username, "create", "record", &id, None, Some(record.hash()), record.title.clone()))
            .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Replaces the content of a draft or a rejected record.
    pub async fn update_draft(&self, actor: &Actor, id: &str, input: DraftInput) -> Result<Record> {
        let mut tx = self.write().await?;
        let before = tx.record_to_change(actor, id, Permission::Draft).await?;
        transition(before.state()?, Action::Edit)?;
        if input.org.as_str() != before.org_code {
            return Err(DomainError::invalid("org_cannot_change", "记录的发布单位不能修改").into());
        }
        let org = tx.org(&input.org).await?.ok_or_else(|| unknown_org(&input.org))?;
        let rules = leaf_rules(&mut tx, &org, &input.catalog).await?;
        check_period(&rules, &input)?;
        tx.execute(
            q("UPDATE records SET catalog_code = $1, stage = $2, title = $3, summary = $4, body_html = $5, publicity_start = $6,
                 publicity_end = $7, publish_at = $8, updated_at = $9 WHERE id = $10")
            .bind(input.catalog.as_str())
            .bind(input.stage.map(|s| s.as_str()))
            .bind(input.title.as_str())
            .bind(input.summary.clone())
            .bind(input.body_html.as_str())
            .bind(input.publicity_start.map(|d| d.to_string()))
            .bind(input.publicity_end.map(|d| d.to_string()))
            .bind(input.publish_at)
            .bind(unix_now())
            .bind(id),
        )
        .await?;
        let after = tx.record(id).await?;
        tx.audit(event(&actor.username, "edit", "record", id, Some(before.hash()), Some(after.hash()), "修改草稿"))
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    pub async fn submit(&self, actor: &Actor, id: &str) -> Result<Record> {
        let mut tx = self.write().await?;
        let record = tx.record_to_change(actor, id, Permission::Draft).await?;
        let after = tx.change_state(&actor.username, &record, Action::Submit, "", "提交审核").await?;
        tx.commit().await?;
        Ok(after)
    }

    /// 审核通过: then published at once, or scheduled when `publish_at` is still ahead.
    pub async fn approve(&self, actor: &Actor, id: &str) -> Result<Record> {
        let mut tx = self.write().await?;
        let record = tx.record_to_change(actor, id, Permission::ViewUnpublished).await?;
        actor.authorize_review(&record.org()?, &record.author_id)?;
        tx.execute(q("UPDATE records SET reviewer_id = $1 WHERE id = $2").bind(actor.user_id.as_str()).bind(id))
            .await?;
        let approved = tx.change_state(&actor.username, &record, Action::Approve, "", "审核通过").await?;
        let now = unix_now();
        let after = match approved.publish_at {
            Some(at) if at > now => {
                tx.change_state(&actor.username, &approved, Action::Schedule, "", "定时发布").await?
            }
            _ => tx.publish(&actor.username, &approved, now).await?,
        };
        tx.commit().await?;
        Ok(after)
    }

    pub async fn reject(&self, actor: &Actor, id: &str, reason: &str) -> Result<Record> {
        let mut tx = self.write().await?;
        let record = tx.record_to_change(actor, id, Permission::ViewUnpublished).await?;
        actor.authorize_review(&record.org()?, &record.author_id)?;
        tx.execute(
            q("UPDATE records SET reject_reason = $1, reviewer_id = $2 WHERE id = $3")
                .bind(reason)
                .bind(actor.user_id.as_str())
                .bind(id),
        )
        .await?;
        let after = tx.change_state(&actor.username, &record, Action::Reject, "", &format!("退回：{reason}")).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// 撤回: the record leaves the lists but keeps a notice page with the reason.
    pub async fn withdraw(&self, actor: &Actor, id: &str, reason: &str) -> Result<Record> {
        let mut tx = self.write().await?;
        let record = tx.record_to_change(actor, id, Permission::Withdraw).await?;
        transition(record.state()?, Action::Withdraw)?;
        tx.execute(
            q("UPDATE records SET withdraw_reason = $1, withdrawn_at = $2 WHERE id = $3")
                .bind(reason)
                .bind(unix_now())
                .bind(id),
        )
        .await?;
        let after = tx.change_state(&actor.username, &record, Action::Withdraw, "", &format!("撤回：{reason}")).await?;
        tx.feed("record", id).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// 更正: starts a new draft version of a published record, with a change note. The
    /// published version stays up until the new one is approved and supersedes it.
    pub async fn revise(&self, actor: &Actor, id: &str, change_note: &str) -> Result<Record> {
        let mut tx = self.write().await?;
        let current = tx.record_to_change(actor, id, Permission::Draft).await?;
        transition(current.state()?, Action::Revise)?;
        let open: Option<(String,)> = tx
            .fetch_optional(
                q("SELECT id FROM records WHERE lineage_id = $1 AND state IN ('draft', 'submitted', 'rejected', 'approved', 'scheduled')")
                    .bind(current.lineage_id.as_str()),
            )
            .await?;
        if let Some((open_id,)) = open {
            return Err(DomainError::conflict(
                "revision_in_progress",
                format!("该记录已有未发布的新版本（{open_id}）"),
            )
            .into());
        }
        let (latest,): (i64,) = tx
            .fetch_one(q("SELECT MAX(version) FROM records WHERE lineage_id = $1").bind(current.lineage_id.as_str()))
            .await?;
        let new_id = new_id();
        let now = unix_now();
        tx.execute(
            q(format!(
                "INSERT INTO records ({COLUMNS})
                 SELECT $1, lineage_id, $2, id, $3, org_code, catalog_code, matter_id, stage, title, summary, body_html, 'draft',
                        publicity_start, publicity_end, NULL, NULL, $4, NULL, NULL, NULL, NULL, $5, $5
                 FROM records WHERE id = $6"
            ))
            .bind(new_id.as_str())
            .bind(latest + 1)
            .bind(change_note)
            .bind(actor.user_id.as_str())
            .bind(now)
            .bind(id),
        )
        .await?;
        tx.execute(
            q("INSERT INTO attachments (id, record_id, sha256, file_name, media_type, size, created_at)
               SELECT id || '-v' || $1, $2, sha256, file_name, media_type, size, created_at FROM attachments WHERE record_id = $3")
            .bind(latest + 1)
            .bind(new_id.as_str())
            .bind(id),
        )
        .await?;
        let draft = tx.record(&new_id).await?;
        let detail = format!("第{}版：{change_note}", draft.version);
        tx.audit(event(&actor.username, "revise", "record", &new_id, Some(current.hash()), Some(draft.hash()), detail))
            .await?;
        tx.commit().await?;
        Ok(draft)
    }
}

impl Tx {
    pub async fn record(&mut self, id: &str) -> Result<Record> {
        self.fetch_optional(q(format!("SELECT {COLUMNS} FROM records WHERE id = $1")).bind(id))
            .await?
            .ok_or_else(|| not_found_error(id))
    }

    /// Loads a record to change: unknown records and other units' unpublished ones answer
    /// "not found"; visible but not permitted answers "forbidden".
    async fn record_to_change(&mut self, actor: &Actor, id: &str, permission: Permission) -> Result<Record> {
        let record = self.record(id).await?;
        let org = record.org()?;
        if !actor.can_see(&org) && !record.state()?.is_public() {
            return Err(not_found_error(id));
        }
        actor.authorize(permission, &org)?;
        Ok(record)
    }

    /// Applies `action` to `record` (with any extra `SET` clauses), audited.
    pub(crate) async fn change_state(
        &mut self,
        actor: &str,
        record: &Record,
        action: Action,
        extra_set: &str,
        detail: &str,
    ) -> Result<Record> {
        let to = transition(record.state()?, action)?;
        let touched = self
            .execute(
                q(format!("UPDATE records SET state = $1, updated_at = $2{extra_set} WHERE id = $3 AND state = $4"))
                    .bind(to.as_str())
                    .bind(unix_now())
                    .bind(record.id.as_str())
                    .bind(record.state.as_str()),
            )
            .await?;
        if touched != 1 {
            return Err(DomainError::conflict("concurrent_change", "记录已被他人修改，请刷新后重试").into());
        }
        let after = self.record(&record.id).await?;
        self.audit(event(
            actor,
            action.as_str(),
            "record",
            &record.id,
            Some(record.hash()),
            Some(after.hash()),
            detail,
        ))
        .await?;
        Ok(after)
    }

    /// Publishes an approved or scheduled record at `now`; its previous version, if any,
    /// becomes superseded.
    pub(crate) async fn publish(&mut self, actor: &str, record: &Record, now: i64) -> Result<Record> {
        let set = format!(", published_at = {now}");
        let published = self.change_state(actor, record, Action::Publish, &set, "发布").await?;
        self.feed("record", &record.id).await?;
        if let Some(previous_id) = &record.previous_id {
            let previous = self.record(previous_id).await?;
            if transition(previous.state()?, Action::Supersede).is_ok() {
                let detail = format!("被第{}版取代", record.version);
                self.change_state(actor, &previous, Action::Supersede, "", &detail).await?;
                self.feed("record", previous_id).await?;
            }
        }
        Ok(published)
    }

    async fn matter_of(&mut self, org: &Org, id: &str) -> Result<String> {
        let found: Option<(String,)> = self
            .fetch_optional(
                q("SELECT id FROM matters WHERE id = $1 AND org_code = $2").bind(id).bind(org.code.as_str()),
            )
            .await?;
        found
            .map(|(id,)| id)
            .ok_or_else(|| DomainError::invalid("unknown_matter", format!("事项“{id}”不存在或不属于本单位")).into())
    }

    /// Creates a matter (事项) whose records form a stage timeline.
    pub async fn create_matter(&mut self, org: &OrgCode, title: &str) -> Result<String> {
        let id = new_id();
        self.execute(
            q("INSERT INTO matters (id, org_code, title, created_at) VALUES ($1, $2, $3, $4)")
                .bind(id.as_str())
                .bind(org.as_str())
                .bind(title)
                .bind(unix_now()),
        )
        .await?;
        Ok(id)
    }
}

fn unknown_org(code: &OrgCode) -> StoreError {
    DomainError::invalid("unknown_org", format!("单位编码“{code}”不存在")).into()
}

/// The rules of the catalogue leaf a record is filed under.
async fn leaf_rules(tx: &mut Tx, org: &Org, code: &CatalogCode) -> Result<LeafRules> {
    let item: Option<CatalogItem> = tx.catalog_item(org, code).await?;
    let item = item.ok_or_else(|| {
        DomainError::invalid(
            "unknown_catalog_item",
            format!("“{}”的公开目录中没有编码为“{}”的事项", org.name, code.as_str()),
        )
    })?;
    item.rules.ok_or_else(|| {
        DomainError::invalid("catalog_item_not_leaf", format!("“{}”是目录分类，请选择其下的具体公开内容", item.name))
            .into()
    })
}

fn check_period(rules: &LeafRules, input: &DraftInput) -> Result<()> {
    if input.publicity_start.is_some() || input.publicity_end.is_some() {
        let start = input.publicity_start.unwrap_or_else(crate::china_today);
        PublicityPeriod::new(start, input.publicity_end, rules.time_class)?;
    }
    Ok(())
}
