//! Registering letters and acting on them: look up what core needs inside the write, let
//! core decide, write the row, its history, the audit entry and — when the public list
//! changed — the feed entry in one transaction. Every read on someone's behalf asks core's
//! `may_see` first.

use gongkai_core::access::{Actor, Role};
use gongkai_core::opinion::{
    decide, may_see, not_found, receive, Attachment, Change, Command, Context, NewOpinion, Opinion, OpinionAction,
    OpinionState, Submission,
};
use gongkai_core::org::OrgCode;
use gongkai_core::request::{TrackingCode, TRACKING_CODE_LEN};
use gongkai_core::time::china_date;
use gongkai_core::DomainError;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::events::{self, OpinionEvent};
use super::row;
use crate::feed::FeedEvent;
use crate::requests::{SubmissionKey, PUBLIC_ACTOR};
use crate::serials::{self, Series};
use crate::write::{Logged, WriteTx};
use crate::{new_id, q, Result, Store, StoreError};

/// The scope of the opinion box's idempotency keys.
const KEY_SCOPE: &str = "opinion";
/// Most letters a staff list shows at once.
const LIST_MAX: i64 = 500;

/// A registered letter and the tracking code to give the sender — the only time the code is
/// known in full, apart from a replayed submission within a day.
#[derive(Debug, Clone)]
pub struct Registered {
    pub opinion: Opinion,
    pub code: TrackingCode,
    /// The same submission came before (same key and content): nothing new was stored and
    /// this is the first one's answer.
    pub replayed: bool,
}

impl Store {
    /// Registers a letter from the public with the next number of its unit, year and
    /// series. Its file, if any, is already in the attachment store.
    pub async fn register_opinion(&self, submission: Submission, key: Option<&SubmissionKey>) -> Result<Registered> {
        let now = self.clock.now();
        let today = china_date(now);
        let mut w = self.db.write(PUBLIC_ACTOR, now).await?;
        if let Some(key) = key {
            if let Some(replay) = replayed(&mut w, key).await? {
                return Ok(replay);
            }
        }
        let org = crate::orgs::load(&mut w, &submission.org)
            .await?
            .ok_or_else(|| DomainError::invalid("unknown_org", format!("单位编码“{}”不存在", submission.org)))?;
        if org.closed_on.is_some() {
            return Err(DomainError::invalid("org_closed", format!("{}已撤销，请选择其他单位", org.name)).into());
        }
        let series = if submission.counted_as_report() { Series::Report } else { Series::Opinion };
        let year = chrono::Datelike::year(&today);
        let serial = serials::next(&mut w, series, &submission.org, year).await?;
        let mut random = [0u8; TRACKING_CODE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut random);
        let code = TrackingCode::from_random(random);
        let opinion = receive(submission, today, NewOpinion { id: new_id(), serial, tracking: code.digest() });
        row::insert(&mut w, &opinion).await?;
        serials::count_taken(&mut w, series, &opinion.number.org, year, serial).await?;
        let detail = format!("收到{}{}", opinion.category.label(), opinion.number);
        let event =
            OpinionEvent { at: now, day: today, action: OpinionAction::Receive, actor: PUBLIC_ACTOR.into(), detail };
        events::append(&mut w, &opinion.id, &event).await?;
        w.log(logged(OpinionAction::Receive, None, &opinion, event.detail, false)).await?;
        if let Some(key) = key {
            let response = serde_json::json!({ "id": opinion.id, "code": code.grouped() }).to_string();
            w.execute(
                q("INSERT INTO submission_keys (scope, key, fingerprint, response, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(KEY_SCOPE)
                    .bind(key.key.as_str())
                    .bind(key.fingerprint.as_str())
                    .bind(response)
                    .bind(now.timestamp()),
            )
            .await?;
        }
        w.commit().await?;
        Ok(Registered { opinion, code, replayed: false })
    }

    /// The letter a tracking code opens. A malformed code is looked up like any other, so
    /// both take the same path and get the same answer.
    pub async fn opinion_by_code(&self, raw: &str) -> Result<Opinion> {
        let digest = match TrackingCode::parse(raw) {
            Ok(code) => code.digest(),
            Err(_) => hex::encode(Sha256::digest(raw.as_bytes())),
        };
        row::by_tracking(&mut &self.db, &digest).await?.ok_or_else(|| TrackingCode::unknown().into())
    }

    /// A letter as those who may know of it see it; to anyone else it does not exist.
    pub async fn opinion_for(&self, actor: &Actor, id: &str) -> Result<Opinion> {
        let opinion = row::load(&mut &self.db, id).await?.filter(|o| may_see(actor, o)).ok_or_else(not_found)?;
        Ok(opinion)
    }

    /// Everything that happened to a letter, in order.
    pub async fn opinion_history(&self, opinion: &Opinion) -> Result<Vec<OpinionEvent>> {
        events::of(&mut &self.db, &opinion.id).await
    }

    /// The letters not yet 办结 (or, with `all`, the first ones of every state) that `actor`
    /// may know of: of `org`, or — for administrators and supervisors, with `None` — of
    /// every unit.
    pub async fn opinions_in_hand(&self, actor: &Actor, org: Option<&OrgCode>, all: bool) -> Result<Vec<Opinion>> {
        let org = match org {
            Some(org) => Some(org),
            None if matches!(actor.role, Role::Admin | Role::Supervisor) => None,
            None => match &actor.org {
                Some(own) => Some(own),
                None => return Ok(Vec::new()),
            },
        };
        let states = if all { OpinionState::ALL } else { OpinionState::OPEN };
        let found = row::of_org(&mut &self.db, org, states, LIST_MAX).await?;
        Ok(found.into_iter().filter(|o| may_see(actor, o)).collect())
    }

    /// The public list of replies: `limit` of them after `offset`, the newest first, and how
    /// many there are in all.
    pub async fn published_opinions(
        &self,
        org: Option<&OrgCode>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Opinion>, i64)> {
        let (found, total) = row::published(&mut &self.db, org, limit, offset).await?;
        Ok((found.into_iter().filter(Opinion::is_public).collect(), total))
    }

    /// The file of a letter and its bytes, for those who may know of the letter.
    pub async fn opinion_attachment(&self, actor: &Actor, id: &str) -> Result<(Attachment, Vec<u8>)> {
        let opinion = self.opinion_for(actor, id).await?;
        let attachment =
            opinion.attachment.ok_or_else(|| DomainError::not_found("attachment_not_found", "该来信没有附件"))?;
        let files = self.files.clone();
        let sha = attachment.sha256.clone();
        let bytes = tokio::task::spawn_blocking(move || files.get(&sha))
            .await
            .map_err(std::io::Error::other)??
            .ok_or_else(|| StoreError::Corrupt(format!("bytes of the file of opinion {id}")))?;
        Ok((attachment, bytes))
    }

    /// Applies a staff command to a letter.
    pub async fn act_on_opinion(&self, actor: &Actor, id: &str, command: Command) -> Result<Opinion> {
        let now = self.clock.now();
        let mut w = self.db.write(&actor.username, now).await?;
        let opinion = row::load(&mut w, id).await?.filter(|o| may_see(actor, o)).ok_or_else(not_found)?;
        let hand_over_to = match &command {
            Command::HandOver { to } => match crate::users::account(&mut w, to).await {
                Ok(user) => Some(user.actor()?),
                Err(StoreError::Domain(_)) => None,
                Err(e) => return Err(e),
            },
            Command::Route { to } => {
                let org = crate::orgs::load(&mut w, to).await?;
                if org.is_none_or(|o| o.closed_on.is_some()) {
                    return Err(DomainError::invalid("unknown_org", format!("单位编码“{to}”不存在或已撤销")).into());
                }
                None
            }
            _ => None,
        };
        let series = if opinion.number.report { Series::Report } else { Series::Opinion };
        let route_serial = match &command {
            Command::Route { to } => Some(serials::next(&mut w, series, to, opinion.number.year).await?),
            _ => None,
        };
        let ctx = Context { today: china_date(now), hand_over_to: hand_over_to.as_ref(), route_serial };
        let change = decide(&opinion, &ctx, actor, command)?;
        if change.after.number != opinion.number {
            let n = &change.after.number;
            serials::count_taken(&mut w, series, &n.org, n.year, n.serial).await?;
        }
        write_change(&mut w, &change, &actor.username).await?;
        w.commit().await?;
        Ok(change.after)
    }
}

/// The first answer to a submission with the same key, if there was one; the same key with
/// other content is refused.
async fn replayed(w: &mut WriteTx, key: &SubmissionKey) -> Result<Option<Registered>> {
    let found: Option<(String, String)> = crate::db::Reader::fetch_optional(
        w,
        q("SELECT fingerprint, response FROM submission_keys WHERE scope = $1 AND key = $2")
            .bind(KEY_SCOPE)
            .bind(key.key.as_str()),
    )
    .await?;
    let Some((fingerprint, response)) = found else { return Ok(None) };
    if fingerprint != key.fingerprint {
        return Err(DomainError::conflict("idempotency_key_reused", "该幂等键已用于另一封来信，请换用新的键").into());
    }
    let corrupt = || StoreError::Corrupt("submission key response".into());
    let response: serde_json::Value = serde_json::from_str(&response).map_err(|_| corrupt())?;
    let (id, code) = (response["id"].as_str().ok_or_else(corrupt)?, response["code"].as_str().ok_or_else(corrupt)?);
    let opinion = row::load(w, id).await?.ok_or_else(corrupt)?;
    let code = TrackingCode::parse(code).map_err(|_| corrupt())?;
    Ok(Some(Registered { opinion, code, replayed: true }))
}

async fn write_change(w: &mut WriteTx, change: &Change, actor: &str) -> Result<()> {
    row::update(w, &change.after).await?;
    let event = OpinionEvent {
        at: w.now(),
        day: china_date(w.now()),
        action: change.action,
        actor: actor.to_owned(),
        detail: change.detail.clone(),
    };
    events::append(w, &change.after.id, &event).await?;
    w.log(logged(change.action, Some(&change.before), &change.after, change.detail.clone(), change.public)).await
}

/// The audit entry of a change to a letter, with a feed entry when the public list changed.
fn logged<'a>(
    action: OpinionAction,
    before: Option<&Opinion>,
    after: &'a Opinion,
    detail: String,
    public: bool,
) -> Logged<'a> {
    Logged {
        action: action.as_str(),
        object_kind: "opinion",
        object_id: &after.id,
        before: before.map(Opinion::fingerprint),
        after: Some(after.fingerprint()),
        detail,
        feed: public.then(|| FeedEvent::opinion(&after.id, &after.org)),
    }
}
