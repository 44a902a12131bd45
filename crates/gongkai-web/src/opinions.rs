//! 意见箱和举报 on the web: sending a letter and following it by tracking code, shared by the
//! portal's pages and the API, and the public views of a letter — built field by field,
//! with nothing of the sender in them.

use chrono::NaiveDate;
use gongkai_core::opinion::{Attachment, Opinion};
use gongkai_store::opinions::{OpinionEvent, Registered};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::opinion_fields::OpinionFields;
use crate::requests::{submission_key, HistoryView};
use crate::upload::Staged;
use crate::AppState;

/// How a submission says it is a retry: the API's `Idempotency-Key` header over the
/// content sent, or the portal form's own key, which alone identifies one filling-in.
pub enum Retry<'a> {
    Header(&'a str),
    Form(&'a str),
}

/// Registers a letter from the public, with its file if it has one. Counted against the
/// address's limit once it is found well formed; the file is kept only for a letter that
/// names it.
pub async fn submit(
    state: &AppState,
    fields: &OpinionFields,
    file: Option<Staged>,
    retry: Option<Retry<'_>>,
    address: &str,
) -> Result<Registered, AppError> {
    let sha = file.as_ref().map(|f| f.sha256().to_owned());
    let key = match retry {
        Some(Retry::Header(key)) => {
            let content = serde_json::to_vec(fields).map_err(|e| AppError::internal("fingerprint", e))?;
            let content = [content.as_slice(), b"\n", sha.as_deref().unwrap_or("").as_bytes()].concat();
            Some(submission_key(key, "", &content)?)
        }
        Some(Retry::Form(key)) => Some(submission_key(key, "", key.as_bytes())?),
        None => None,
    };
    let mut submission = fields.submission()?;
    if let Some(f) = &file {
        submission = submission.with_attachment(Attachment::new(f.sha256(), f.name(), f.media_type(), f.size())?);
    }
    state.limits.submissions.take(address, state.store.clock.now())?;
    if let Some(f) = file {
        f.keep(state).await?;
    }
    let registered = state.store.register_opinion(submission, key.as_ref()).await;
    if let Some(sha) = sha {
        let named = registered.as_ref().is_ok_and(|r| r.opinion.attachment.as_ref().is_some_and(|a| a.sha256 == sha));
        if !named {
            if let Err(e) = state.store.discard_unused_blob(&sha).await {
                tracing::error!(error = %e, %sha, "removing an unused upload failed");
            }
        }
    }
    Ok(registered?)
}

/// The letter a tracking code opens, with its history. Codes that open nothing count
/// against the address's limit, malformed or not, and get the same answer.
pub async fn track(state: &AppState, code: &str, address: &str) -> Result<(Opinion, Vec<OpinionEvent>), AppError> {
    state.limits.code_misses.take(address, state.store.clock.now())?;
    let opinion = state.store.opinion_by_code(code).await?;
    state.limits.code_misses.give_back(address);
    let history = state.store.opinion_history(&opinion).await?;
    Ok((opinion, history))
}

/// The unit's name as the directory knows it (the code when it is gone).
pub async fn org_name(state: &AppState, code: &gongkai_core::org::OrgCode) -> Result<String, AppError> {
    let directory = state.directory.get(&state.store.db).await?;
    Ok(directory.org(code).map_or_else(|| code.to_string(), |o| o.name.clone()))
}

fn iso(day: NaiveDate) -> String {
    day.to_string()
}

/// 回执: what the sender keeps.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpinionReceipt {
    /// 来信编号，如 2026-00007；举报单独编号，如 JB2026-00003
    pub number: String,
    /// 查询码：凭此查询办理情况和答复，请妥善保存
    pub tracking_code: String,
    /// 受理单位编码
    pub org: String,
    pub org_name: String,
    pub category: &'static str,
    pub category_label: &'static str,
    /// 收到日期
    pub received_on: String,
    pub anonymous: bool,
    pub consent_to_publish: bool,
}

impl OpinionReceipt {
    pub fn of(registered: &Registered, org_name: &str) -> Self {
        let o = &registered.opinion;
        OpinionReceipt {
            number: o.number.to_string(),
            tracking_code: registered.code.grouped(),
            org: o.org.to_string(),
            org_name: org_name.to_owned(),
            category: o.category.as_str(),
            category_label: o.category.label(),
            received_on: iso(o.received_on),
            anonymous: o.sender.is_none(),
            consent_to_publish: o.consent,
        }
    }
}

/// 答复
#[derive(Debug, Serialize, ToSchema)]
pub struct ReplyView {
    pub text: String,
    pub on: String,
}

/// 办理情况: what anyone holding the tracking code sees. No name, contact, letter text,
/// file or staff member appears here.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpinionStatus {
    pub number: String,
    /// 当前承办单位
    pub org: String,
    pub org_name: String,
    pub category: &'static str,
    pub category_label: &'static str,
    /// received、accepted、replied、closed
    pub state: &'static str,
    pub state_label: &'static str,
    pub received_on: String,
    pub consent_to_publish: bool,
    /// 答复是否已在答复公开栏公开
    pub published: bool,
    pub reply: Option<ReplyView>,
    pub closed_on: Option<String>,
    pub history: Vec<HistoryView>,
}

impl OpinionStatus {
    pub fn of(o: &Opinion, history: &[OpinionEvent], org_name: &str) -> Self {
        OpinionStatus {
            number: o.number.to_string(),
            org: o.org.to_string(),
            org_name: org_name.to_owned(),
            category: o.category.as_str(),
            category_label: o.category.label(),
            state: o.state.as_str(),
            state_label: o.state.label(),
            received_on: iso(o.received_on),
            consent_to_publish: o.consent,
            published: o.is_public(),
            reply: o.reply.as_ref().map(|r| ReplyView { text: r.text.clone(), on: iso(r.on) }),
            closed_on: o.closed_on.map(iso),
            history: history
                .iter()
                .filter(|e| e.action.is_public())
                .map(|e| HistoryView { day: iso(e.day), action: e.action.as_str(), label: e.action.label() })
                .collect(),
        }
    }
}

/// One letter of the public list of replies: published with its sender's consent, without
/// their name, contact or file.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicOpinion {
    pub number: String,
    /// 答复单位编码
    pub org: String,
    pub org_name: String,
    pub category: &'static str,
    pub category_label: &'static str,
    /// 来信内容
    pub text: String,
    /// 答复内容
    pub reply: String,
    pub received_on: String,
    pub replied_on: String,
}

impl PublicOpinion {
    /// `None` unless core says the letter is in the public list.
    pub fn of(o: &Opinion, org_name: &str) -> Option<Self> {
        let reply = o.reply.as_ref().filter(|_| o.is_public())?;
        Some(PublicOpinion {
            number: o.number.to_string(),
            org: o.org.to_string(),
            org_name: org_name.to_owned(),
            category: o.category.as_str(),
            category_label: o.category.label(),
            text: gongkai_core::fields::mask_contacts(&o.text),
            reply: gongkai_core::fields::mask_contacts(&reply.text),
            received_on: iso(o.received_on),
            replied_on: iso(reply.on),
        })
    }
}

/// A page of the public list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicOpinions {
    pub items: Vec<PublicOpinion>,
    /// 公开答复总数
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    /// 下一页的地址；已是最后一页时为 null
    pub next: Option<String>,
}

/// Letters on a page of the public list.
pub const PER_PAGE: u32 = 20;

/// Page `page` (from 1) of the public list, `per_page` letters a page, of one unit or of
/// all; the caller, who knows its own addresses, links the next page.
pub async fn public_page(
    state: &AppState,
    org: Option<&gongkai_core::org::OrgCode>,
    page: u32,
    per_page: u32,
) -> Result<PublicOpinions, AppError> {
    let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
    let (found, total) = state.store.published_opinions(org, i64::from(per_page), offset).await?;
    let directory = state.directory.get(&state.store.db).await?;
    let items = found
        .iter()
        .filter_map(|o| {
            let name = directory.org(&o.org).map_or_else(|| o.org.to_string(), |d| d.name.clone());
            PublicOpinion::of(o, &name)
        })
        .collect();
    Ok(PublicOpinions { items, total, page, per_page, next: None })
}
