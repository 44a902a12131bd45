//! 依申请公开 on the web: submitting an application and following it by tracking code,
//! shared by the portal's pages and the API, and the public views of a request — built
//! field by field, with nothing of the applicant in them.

use chrono::NaiveDate;
use gongkai_core::access::Actor;
use gongkai_core::calendar::Calendar;
use gongkai_core::request::InfoRequest;
use gongkai_store::requests::{NewFile, Registered, RequestEvent, RequestFile, SubmissionKey};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::error::AppError;
use crate::request_fields::RequestFields;
use crate::AppState;

/// An idempotency key is the client's own random string: long enough that nobody hits
/// another's by chance or by guessing.
const KEY_CHARS: std::ops::RangeInclusive<usize> = 16..=128;

/// Registers an application. The public's submissions count against their address's
/// limit; `key` with the same body answers with the first registration.
pub async fn submit(
    state: &AppState,
    registrar: Option<&Actor>,
    fields: &RequestFields,
    key: Option<(&str, &[u8])>,
    address: &str,
) -> Result<Registered, AppError> {
    let by = registrar.map_or("", |a| a.username.as_str());
    let key = key.map(|(key, body)| submission_key(key, by, body)).transpose()?;
    let application = fields.application(registrar.is_some())?;
    if registrar.is_none() {
        state.limits.submissions.take(address, state.store.clock.now())?;
    }
    Ok(state.store.register_request(registrar, application, key.as_ref()).await?)
}

/// An idempotency key as the client sent it, with the digest of who sent what under it:
/// the same key again with the same content is a retry, with other content a mistake.
pub(crate) fn submission_key(key: &str, by: &str, content: &[u8]) -> Result<SubmissionKey, AppError> {
    let key = key.trim();
    if !KEY_CHARS.contains(&key.len()) || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::BadRequest("invalid_idempotency_key", "幂等键应为16至128个可见ASCII字符".into()));
    }
    let fingerprint = hex::encode(Sha256::digest([by.as_bytes(), b"\n", content].concat()));
    Ok(SubmissionKey { key: key.to_owned(), fingerprint })
}

/// The request a tracking code opens, with its history. Codes that open nothing count
/// against the address's limit, malformed or not, and get the same answer.
pub async fn track(state: &AppState, code: &str, address: &str) -> Result<(InfoRequest, Vec<RequestEvent>), AppError> {
    state.limits.code_misses.take(address, state.store.clock.now())?;
    let request = state.store.request_by_code(code).await?;
    state.limits.code_misses.give_back(address);
    let history = state.store.request_history(&request).await?;
    Ok((request, history))
}

fn iso(day: NaiveDate) -> String {
    day.to_string()
}

/// 回执: what the applicant keeps.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptView {
    /// 申请编号，如 2026-00123（按受理单位和年度编号）
    pub number: String,
    /// 查询码：凭此查询办理进度，请妥善保存
    pub tracking_code: String,
    /// 受理单位编码
    pub org: String,
    pub org_name: String,
    /// 收到申请日期
    pub received_on: String,
    /// 答复期限（自收到之日起20个工作日，不含当日）
    pub due_on: Option<String>,
}

impl ReceiptView {
    pub fn of(registered: &Registered, org_name: &str, calendar: &Calendar) -> Self {
        let r = &registered.request;
        ReceiptView {
            number: r.number.to_string(),
            tracking_code: registered.code.grouped(),
            org: r.number.org.to_string(),
            org_name: org_name.to_owned(),
            received_on: iso(r.received_on),
            due_on: r.due_on(calendar).map(iso),
        }
    }
}

/// 办理进度: what anyone holding the tracking code sees. No name, contact, description or
/// staff member appears here.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusView {
    pub number: String,
    /// 当前承办单位
    pub org: String,
    pub org_name: String,
    /// received、correcting、accepted、consulting、answered、closed
    pub state: &'static str,
    pub state_label: &'static str,
    pub received_on: String,
    /// 答复期限；待补正期间为空（补正后重新计算）
    pub due_on: Option<String>,
    /// 待补正时：补正期限
    pub correction_due_on: Option<String>,
    /// 经批准延长的工作日数
    pub extended_days: Option<u32>,
    pub answer: Option<AnswerView>,
    /// 答复所附的政府信息（予以公开、部分公开的，答复后可下载）
    pub files: Vec<FileView>,
    pub history: Vec<HistoryView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FileView {
    pub id: String,
    pub name: String,
    pub size: i64,
    pub media_type: String,
}

impl From<&RequestFile> for FileView {
    fn from(f: &RequestFile) -> Self {
        FileView { id: f.id.clone(), name: f.name.clone(), size: f.size, media_type: f.media_type.clone() }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerView {
    /// 办理结果代码，如 partly
    pub outcome: &'static str,
    /// 办理结果，如“部分公开”
    pub outcome_label: &'static str,
    /// 答复类别，如“不予公开”
    pub group_label: &'static str,
    pub on: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryView {
    pub day: String,
    pub action: &'static str,
    pub label: &'static str,
}

impl StatusView {
    /// `files` are those the applicant may have (`Store::released_files`).
    pub fn of(
        r: &InfoRequest,
        history: &[RequestEvent],
        files: &[RequestFile],
        org_name: &str,
        calendar: &Calendar,
    ) -> Self {
        StatusView {
            number: r.number.to_string(),
            org: r.org.to_string(),
            org_name: org_name.to_owned(),
            state: r.state.as_str(),
            state_label: r.state.label(),
            received_on: iso(r.received_on),
            due_on: r.due_on(calendar).map(iso),
            correction_due_on: r.correction.as_ref().filter(|c| c.corrected_on.is_none()).map(|c| iso(c.due_on)),
            extended_days: r.extension.as_ref().map(|e| e.granted_days()).filter(|d| *d > 0),
            answer: r.answer.as_ref().map(|a| AnswerView {
                outcome: a.outcome.as_str(),
                outcome_label: a.outcome.label(),
                group_label: a.outcome.group().label(),
                on: iso(a.on),
            }),
            files: files.iter().map(FileView::from).collect(),
            history: history
                .iter()
                .filter(|e| e.action.is_public())
                .map(|e| HistoryView { day: iso(e.day), action: e.action.as_str(), label: e.action.label() })
                .collect(),
        }
    }
}

/// Adds the `file` field of an upload (PDF, DOCX, XLSX, PNG or JPEG, as record
/// attachments) to the request's answer, after asking the store whether `actor` may; a
/// back-office form (`page`) sends its CSRF token first. A refused row leaves no bytes.
pub async fn add_file(
    state: &AppState,
    actor: &Actor,
    id: &str,
    mut multipart: axum::extract::Multipart,
    page: Option<&crate::auth::PageUser>,
) -> Result<RequestFile, AppError> {
    state.store.may_add_request_file(actor, id).await?;
    let limit = state.config.max_upload_bytes;
    let refused = |e| crate::upload::multipart_error(e, limit);
    let mut staged = None;
    let mut csrf_ok = page.is_none();
    while let Some(field) = multipart.next_field().await.map_err(refused)? {
        match (field.name(), page) {
            (Some("csrf"), Some(user)) => {
                user.check_csrf(&field.text().await.map_err(refused)?)?;
                csrf_ok = true;
            }
            (Some("file"), _) if csrf_ok => {
                crate::upload::one_file_only(&staged)?;
                staged = Some(crate::upload::stage(state, field).await?);
            }
            (Some("file"), _) => return Err(AppError::Csrf),
            _ => {}
        }
    }
    let staged = staged.ok_or_else(|| {
        AppError::Domain(gongkai_core::DomainError::invalid("missing_field", "请选择要上传的文件（字段名 file）"))
    })?;
    let (name, media_type, sha) = (staged.name().to_owned(), staged.media_type(), staged.sha256().to_owned());
    let size = i64::try_from(staged.size()).unwrap_or(i64::MAX);
    staged.keep(state).await?;
    let added = state.store.add_request_file(actor, id, NewFile { name: &name, media_type, size, sha256: &sha }).await;
    if added.is_err() {
        state.store.discard_unused_blob(&sha).await?;
    }
    Ok(added?)
}
