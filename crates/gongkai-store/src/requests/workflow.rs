//! Registering requests and acting on them: look up what core needs inside the write,
//! let core decide, write the row, its history and the audit entry in one transaction.

use gongkai_core::access::{Actor, Role};
use gongkai_core::calendar::Calendar;
use gongkai_core::org::OrgCode;
use gongkai_core::request::{
    decide, receive, Application, Change, Command, Context, InfoRequest, NewRequest, RequestAction, RequestState,
    TrackingCode, TRACKING_CODE_LEN,
};
use gongkai_core::time::china_date;
use gongkai_core::DomainError;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::events::{self, RequestEvent};
use super::row;
use crate::db::Reader;
use crate::serials::{self, Series};
use crate::write::{Logged, WriteTx};
use crate::{new_id, q, Result, Store, StoreError};

/// Who registered an application the public sent, in the audit log and the history.
pub const PUBLIC_ACTOR: &str = "public";

/// A registered request and the tracking code to give the applicant — the only time the
/// code is known in full, apart from a replayed submission within a day.
#[derive(Debug, Clone)]
pub struct Registered {
    pub request: InfoRequest,
    pub code: TrackingCode,
    /// The same submission came before (same idempotency key and body): nothing new was
    /// stored and this is the first one's answer.
    pub replayed: bool,
}

/// An idempotency key with the digest of the submission it came with.
#[derive(Debug, Clone)]
pub struct SubmissionKey {
    pub key: String,
    pub fingerprint: String,
}

fn not_found() -> StoreError {
    DomainError::not_found("request_not_found", "申请不存在").into()
}

impl Store {
    /// Registers an application — from the public (`registrar` none) or recorded by the
    /// receiving unit's staff — with the next number of that unit and year.
    pub async fn register_request(
        &self,
        registrar: Option<&Actor>,
        application: Application,
        key: Option<&SubmissionKey>,
    ) -> Result<Registered> {
        let now = self.clock.now();
        let today = china_date(now);
        let actor = registrar.map_or(PUBLIC_ACTOR, |a| a.username.as_str());
        let mut w = self.db.write(actor, now).await?;
        if let Some(key) = key {
            if let Some(replay) = replayed(&mut w, key).await? {
                return Ok(replay);
            }
        }
        let org = crate::orgs::load(&mut w, &application.org)
            .await?
            .ok_or_else(|| DomainError::invalid("unknown_org", format!("单位编码“{}”不存在", application.org)))?;
        if org.closed_on.is_some() {
            return Err(DomainError::invalid("org_closed", format!("{}已撤销，不再受理申请", org.name)).into());
        }
        let calendar = crate::calendar::current(&mut w).await?;
        let year = application.number_year(today);
        let serial = serials::next(&mut w, Series::Request, &application.org, year).await?;
        let mut random = [0u8; TRACKING_CODE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut random);
        let code = TrackingCode::from_random(random);
        let new = NewRequest { id: new_id(), serial, tracking: code.digest() };
        let request = receive(application, registrar, today, new)?;
        row::insert(&mut w, &request, &calendar).await?;
        serials::count_taken(&mut w, Series::Request, &request.number.org, year, serial).await?;
        let detail = format!("收到申请{}（{}，{}）", request.number, request.channel.label(), request.received_on);
        let event = RequestEvent {
            at: now,
            day: request.received_on,
            action: RequestAction::Receive,
            actor: actor.to_owned(),
            detail: detail.clone(),
        };
        events::append(&mut w, &request.id, &event).await?;
        w.log(logged(RequestAction::Receive, None, &request, detail)).await?;
        if let Some(key) = key {
            let response = serde_json::json!({ "id": request.id, "code": code.grouped() }).to_string();
            w.execute(
                q("INSERT INTO submission_keys (scope, key, fingerprint, response, created_at) \
                   VALUES ('request', $1, $2, $3, $4)")
                .bind(key.key.as_str())
                .bind(key.fingerprint.as_str())
                .bind(response)
                .bind(now.timestamp()),
            )
            .await?;
        }
        w.commit().await?;
        Ok(Registered { request, code, replayed: false })
    }

    /// The request a tracking code opens. A malformed code is looked up like any other, so
    /// both take the same path and get the same answer.
    pub async fn request_by_code(&self, raw: &str) -> Result<InfoRequest> {
        // A malformed code is no code's normal form, so its digest matches nothing.
        let digest = match TrackingCode::parse(raw) {
            Ok(code) => code.digest(),
            Err(_) => hex::encode(Sha256::digest(raw.as_bytes())),
        };
        row::by_tracking(&mut &self.db, &digest).await?.ok_or_else(|| TrackingCode::unknown().into())
    }

    /// A request as its unit's staff, administrators and supervisors see it; to anyone
    /// else it does not exist.
    pub async fn request_for(&self, actor: &Actor, id: &str) -> Result<InfoRequest> {
        let request = row::load(&mut &self.db, id).await?.ok_or_else(not_found)?;
        if !actor.can_see(&request.org) {
            return Err(not_found());
        }
        Ok(request)
    }

    /// Everything that happened to a request, in order.
    pub async fn request_history(&self, request: &InfoRequest) -> Result<Vec<RequestEvent>> {
        events::of(&mut &self.db, &request.id).await
    }

    /// The requests still owed an answer, the soonest due first: of `org`, or — for
    /// administrators and supervisors, with `None` — of every unit.
    pub async fn open_requests(&self, actor: &Actor, org: Option<&OrgCode>) -> Result<Vec<InfoRequest>> {
        let org = match org {
            Some(org) if actor.can_see(org) => Some(org),
            Some(_) => return Ok(Vec::new()),
            None if matches!(actor.role, Role::Admin | Role::Supervisor) => None,
            None => match &actor.org {
                Some(own) => Some(own),
                None => return Ok(Vec::new()),
            },
        };
        row::of_org(&mut &self.db, org, RequestState::OPEN).await
    }

    /// Applies a staff command to a request.
    pub async fn act_on_request(&self, actor: &Actor, id: &str, command: Command) -> Result<InfoRequest> {
        let now = self.clock.now();
        let mut w = self.db.write(&actor.username, now).await?;
        let request = row::load(&mut w, id).await?.ok_or_else(not_found)?;
        if !actor.can_see(&request.org) {
            return Err(not_found());
        }
        let calendar = crate::calendar::current(&mut w).await?;
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
        let route_serial = match &command {
            Command::Route { to } => Some(serials::next(&mut w, Series::Request, to, request.number.year).await?),
            _ => None,
        };
        let ctx =
            Context { calendar: &calendar, today: china_date(now), hand_over_to: hand_over_to.as_ref(), route_serial };
        let change = decide(&request, &ctx, actor, command)?;
        if change.after.number != request.number {
            let n = &change.after.number;
            serials::count_taken(&mut w, Series::Request, &n.org, n.year, n.serial).await?;
        }
        write_change(&mut w, &change, &calendar, &actor.username).await?;
        w.commit().await?;
        Ok(change.after)
    }
}

impl Store {
    /// Closes requests whose correction period ran out without a corrected application
    /// (逾期不补正), as the system; returns how many. Safe on every node at once: core
    /// refuses a request another node has already closed.
    pub async fn lapse_due(&self) -> Result<usize> {
        let today = crate::records::epoch_day(self.clock.today());
        let due: Vec<(String,)> = self
            .db
            .fetch_all(
                q("SELECT id FROM info_requests WHERE state = $1 AND correction_due_day < $2 ORDER BY correction_due_day")
                    .bind(RequestState::Correcting.as_str())
                    .bind(today),
            )
            .await?;
        let system = Actor::system();
        let mut done = 0;
        for (id,) in &due {
            match self.act_on_request(&system, id, Command::Lapse).await {
                Ok(_) => done += 1,
                Err(StoreError::Domain(e)) if e.kind == gongkai_core::error::ErrorKind::Conflict => {}
                Err(e) => tracing::error!(request = %id, error = %e, "closing a lapsed request failed"),
            }
        }
        Ok(done)
    }
}

/// The first answer to a submission with the same key, if there was one; the same key with
/// another body is refused.
async fn replayed(w: &mut WriteTx, key: &SubmissionKey) -> Result<Option<Registered>> {
    let found: Option<(String, String)> = w
        .fetch_optional(
            q("SELECT fingerprint, response FROM submission_keys WHERE scope = 'request' AND key = $1")
                .bind(key.key.as_str()),
        )
        .await?;
    let Some((fingerprint, response)) = found else { return Ok(None) };
    if fingerprint != key.fingerprint {
        return Err(DomainError::conflict("idempotency_key_reused", "该幂等键已用于另一份申请，请换用新的键").into());
    }
    let corrupt = || StoreError::Corrupt("submission key response".into());
    let response: serde_json::Value = serde_json::from_str(&response).map_err(|_| corrupt())?;
    let (id, code) = (response["id"].as_str().ok_or_else(corrupt)?, response["code"].as_str().ok_or_else(corrupt)?);
    let request = row::load(w, id).await?.ok_or_else(corrupt)?;
    let code = TrackingCode::parse(code).map_err(|_| corrupt())?;
    Ok(Some(Registered { request, code, replayed: true }))
}

async fn write_change(w: &mut WriteTx, change: &Change, calendar: &Calendar, actor: &str) -> Result<()> {
    row::update(w, &change.after, calendar).await?;
    let event = RequestEvent {
        at: w.now(),
        day: china_date(w.now()),
        action: change.action,
        actor: actor.to_owned(),
        detail: change.detail.clone(),
    };
    events::append(w, &change.after.id, &event).await?;
    w.log(logged(change.action, Some(&change.before), &change.after, change.detail.clone())).await
}

/// The audit entry of a change to a request. Requests are not public content: no feed.
fn logged<'a>(
    action: RequestAction,
    before: Option<&InfoRequest>,
    after: &'a InfoRequest,
    detail: String,
) -> Logged<'a> {
    Logged {
        action: action.as_str(),
        object_kind: "request",
        object_id: &after.id,
        before: before.map(InfoRequest::fingerprint),
        after: Some(after.fingerprint()),
        detail,
        feed: None,
    }
}
